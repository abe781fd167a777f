"""Loaders: 政府信息公开工作年度报告 files → tidy pandas frames (facts, reports, checks).

    import loaders
    frames = loaders.load(["data/"])
    frames.facts, frames.reports, frames.checks
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from pathlib import Path

from .formats import read_source
from .frames import Frames, build_frames
from .model import SourceText
from .report import read_report
from .sources import Progress, find_reports, finish, read_all

__all__ = ["Frames", "load", "read_report", "source_text"]


def load(paths: str | os.PathLike | Iterable[str | os.PathLike], progress: Progress | None = None) -> Frames:
    """Read report files and folders (recursively) into the facts, reports and checks frames.

    Every file appears in `reports`, read or not; nothing raises for a bad file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    reports = read_all(find_reports(paths), progress)
    return build_frames(finish(reports, paths))


def source_text(path: str | os.PathLike) -> SourceText:
    """A report file's text as the loaders read it: `raw_lines` to show, `lines` normalised, same numbering.

    Raises text.UnreadableText (with a reason for people) when the file cannot be read as a report.
    """
    return read_source(str(path), Path(path).read_bytes())
