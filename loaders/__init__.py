"""Loaders: 政府信息公开工作年度报告 files → tidy pandas frames (facts, reports, checks).

    import loaders
    frames = loaders.load(["data/"])
    frames.facts, frames.reports, frames.checks
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from .cache import ParseCache
from .formats import read_source
from .frames import Frames
from .memory import choose_memory_pool
from .model import SourceText
from .report import read_report
from .sources import Progress, find_reports, load_files, read_file

__all__ = ["Frames", "load", "read_report", "source_text"]

choose_memory_pool()  # importing any part of loaders runs this first, before a frame is read


def load(paths: str | os.PathLike | Iterable[str | os.PathLike], progress: Progress | None = None,
         cache: bool | str | os.PathLike = True, workers: int | None = None) -> Frames:
    """Read report files and folders (recursively) into the facts, reports and checks frames.

    Every file appears in `reports`, read or not; nothing raises for a bad file. Parsed files are kept
    in the parse cache (`cache=True`: $NIANBAO_CACHE or ~/.cache/nianbao; a path; or False for none)
    and parsed in parallel across `workers` processes (default: every core) when there are many.
    `progress(done, total, source)` is called as files are read.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    store = None if cache is False else ParseCache(None if cache is True else cache)
    return load_files(find_reports(paths), paths, progress, store, workers)


def source_text(path: str | os.PathLike) -> SourceText:
    """A report file's text as the loaders read it: `raw_lines` to show, `lines` normalised, same numbering.

    Raises text.UnreadableText (with a reason for people) when the file cannot be read as a report
    (a pipe or device among them: only regular files are read).
    """
    return read_source(str(path), read_file(str(path)))
