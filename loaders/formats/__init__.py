"""Readers for each file format a report comes in; each turns bytes into a SourceText.

The file's ending chooses the reader; its first bytes must agree (a .pdf that is not a PDF, a .docx
that is an old .doc or not a zip, an .html that is really a PDF each get their own reason).
"""
from __future__ import annotations

from pathlib import PurePath

from ..model import SourceText
from ..text import UnreadableText, read_text

#: File endings the loaders read, by reader.
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
REPORT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES

#: Formats people send that the loaders do not read, and what to do instead.
_ADVICE = {
    ".doc": "旧版 Word 文件（.doc）不支持，请在 Word/WPS 中另存为 .docx 或 PDF 后上传",
    ".wps": "WPS 文字文件（.wps）不支持，请另存为 .docx 或 PDF 后上传",
    ".rtf": "RTF 文件不支持，请另存为 .docx 或 PDF 后上传",
    ".ofd": "OFD 版式文件不支持，请提供 PDF、DOCX 或网页版本",
    ".xls": "表格文件不是年度报告全文，请提供报告的 PDF、DOCX 或网页",
    ".xlsx": "表格文件不是年度报告全文，请提供报告的 PDF、DOCX 或网页",
    ".jpg": "图片没有文字层，无法读取数值，请提供带文字的 PDF、DOCX 或网页",
    ".jpeg": "图片没有文字层，无法读取数值，请提供带文字的 PDF、DOCX 或网页",
    ".png": "图片没有文字层，无法读取数值，请提供带文字的 PDF、DOCX 或网页",
    ".zip": "压缩包请先解压，再上传其中的报告文件",
    ".rar": "压缩包请先解压，再上传其中的报告文件",
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_source(source: str, data: bytes) -> SourceText:
    """Bytes of a report file → SourceText, chosen by the file's ending (raises UnreadableText)."""
    suffix = PurePath(source).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text(data)
    if not data.strip():
        raise UnreadableText("file.empty", "文件为空")
    if suffix in HTML_SUFFIXES:
        _not_other_format(data, "网页")
        from .html import read_html

        return read_html(data)
    if suffix in DOCX_SUFFIXES:
        from .docx import read_docx

        return read_docx(data)
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf

        return read_pdf(data)
    supported = "、".join(REPORT_SUFFIXES)
    advice = _ADVICE.get(suffix)
    if advice:
        raise UnreadableText("file.unsupported", f"{advice}（支持：{supported}）")
    raise UnreadableText("file.unsupported", f"不支持的文件格式“{suffix or '无扩展名'}”（支持：{supported}）")


def sniff(data: bytes) -> str:
    """What the first bytes say a file is: 'pdf', 'zip', 'ole' (old Office), 'png', 'jpeg' or ''."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return ""


_KIND_NAMES = {"pdf": "PDF 文件", "zip": "压缩包（如 .docx/.zip）", "ole": "旧版 Office 文件（如 .doc）",
               "png": "PNG 图片", "jpeg": "JPEG 图片"}


def _not_other_format(data: bytes, expected: str) -> None:
    kind = sniff(data)
    if kind:
        raise UnreadableText("file.unreadable", f"文件扩展名是{expected}，但内容是{_KIND_NAMES[kind]}，"
                                                f"请改正扩展名后重新上传")
