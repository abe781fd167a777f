"""A report's own text for the 报告 page: read once per file version, shown as numbered plain lines.

The text is only ever shown as plain text (st.code), never as HTML or Markdown: a report is data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

import loaders
from loaders.text import UnreadableText

MARK = "▶"


@dataclass
class ReportText:
    """The lines people read (`raw_lines` of the loaders), or why there are none."""

    lines: list[str] = field(default_factory=list)
    problem: str = ""


def text_of(path: Path) -> ReportText:
    """The report's lines as the loaders number them (cached until the file changes)."""
    try:
        stat = path.stat()
    except OSError as e:
        return ReportText(problem=f"无法打开文件：{e.strerror or type(e).__name__}")
    return _read(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


@st.cache_data(show_spinner=False, max_entries=64)
def _read(path: str, size: int, mtime_ns: int, inode: int, ctime_ns: int) -> ReportText:
    """Keyed by what changes with the file, even edited in place keeping its size and mtime."""
    try:
        return ReportText(list(loaders.source_text(path).raw_lines))
    except UnreadableText as e:
        return ReportText(problem=str(e))
    except OSError as e:
        return ReportText(problem=f"无法打开文件：{e.strerror or type(e).__name__}")


def numbered(lines: list[str], first: int, last: int, mark: int | None = None) -> str:
    """Lines first..last (1-based, clipped) with their numbers, the line `mark` pointed at by ▶."""
    first, last = max(1, first), min(len(lines), last)
    width = len(str(last))
    return "\n".join(f"{MARK if n == mark else ' '}{n:>{width}} │ {lines[n - 1]}" for n in range(first, last + 1))
