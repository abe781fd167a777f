"""When a report was published, read from the file itself, and the date signed at its end (落款).

The best witness is the page the report was published on: its 发布时间 / 发布日期 / 时间 line (kept in a
saved page's text) or its meta tags. A PDF's or DOCX's own metadata says when the file was made, not
when it went out: it is taken only when nothing better exists, and `how` says so. The 落款 date is the
date the body signed the report; it is shown, never taken for the publication date.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date

FROM_PAGE = "页面发布日期"
FROM_META = "网页元数据"
FROM_FILE = "文件元数据（文件创建时间，非发布日期）"

_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_PAGE_LINE = re.compile(r"(?:发布时间|发布日期|发布于|公开日期|(?:^|\s)时间)\s*[:：]?\s*" + _DATE)
_META = re.compile(rb"<meta\b[^>]*?(?:name|property|itemprop)\s*=\s*[\"']?(?:pubdate|publishdate|publish_date|"
                   rb"article:published_time|datepublished|firstpublishedtime|publishtime)[\"']?[^>]*>", re.I)
_CONTENT = re.compile(rb"content\s*=\s*[\"']?\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", re.I)
_PDF_CREATED = re.compile(rb"/CreationDate\s*\(\s*D:(\d{4})(\d{2})(\d{2})")
_DOCX_CREATED = re.compile(r"<dcterms:created[^>]*>(\d{4})-(\d{2})-(\d{2})")
_SIGNED = re.compile(r"^\s*" + r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
#: How far into the text a page's date line stands (navigation text comes before the title).
HEAD_LINES = 40
#: How far from the end the 落款 stands.
TAIL_LINES = 8


def publication_date(lines: list[str], data: bytes, fmt: str) -> tuple[str, str]:
    """(ISO date, where it was read) of a report's publication; ("", "") when the file does not say."""
    for line in lines[:HEAD_LINES]:
        if not ("发布" in line or "时间" in line or "日期" in line):  # words every form of the line holds
            continue
        if (m := _PAGE_LINE.search(line)) and (day := _valid(*m.groups())):
            return day, FROM_PAGE
    if fmt == "html":
        for tag in _META.finditer(data[:200_000]):
            if (m := _CONTENT.search(tag.group(0))) and (day := _valid(*m.groups())):
                return day, FROM_META
    if fmt in ("pdf", "docx") and (day := _file_created(data, fmt)):
        return day, FROM_FILE
    return "", ""


def signed_date(lines: list[str]) -> str:
    """The date under the report's last lines (its 落款), as an ISO date; "" when there is none."""
    for line in reversed(lines[-TAIL_LINES:]):
        if (m := _SIGNED.match(line)) and (day := _valid(*m.groups())):
            return day
    return ""


def _file_created(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        m = _PDF_CREATED.search(data)
        return _valid(*m.groups()) if m else ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return ""
    m = _DOCX_CREATED.search(core)
    return _valid(*m.groups()) if m else ""


def _valid(year, month, day) -> str:
    """The ISO text of a real calendar date (of this century's range), else ""."""
    try:
        d = date(int(year), int(month), int(day))
    except ValueError:
        return ""
    return d.isoformat() if 2000 <= d.year <= 2100 else ""
