"""Readers for each file format a report comes in; each turns bytes into a SourceText."""
from __future__ import annotations

from pathlib import PurePath

from ..model import SourceText
from ..text import UnreadableText, read_text

#: File endings the loaders read, and the reader of each.
TEXT_SUFFIXES = (".txt", ".md")
REPORT_SUFFIXES = TEXT_SUFFIXES


def read_source(source: str, data: bytes) -> SourceText:
    """Bytes of a report file → SourceText, chosen by the file's ending (raises UnreadableText)."""
    suffix = PurePath(source).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text(data)
    raise UnreadableText("file.unsupported", f"不支持的文件格式“{suffix or '无扩展名'}”（支持：{'、'.join(REPORT_SUFFIXES)}）")
