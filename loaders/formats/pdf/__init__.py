"""PDF files with a text layer → SourceText (pdfplumber, MIT).

- Refused before any page is read: a file that is not a PDF, an encrypted one, one of more than
  MAX_PAGES pages (the page tree is counted, not parsed). A PDF whose pages carry no text is a scan:
  file.scanned (扫描件，无文字层).
- Tables: pdfplumber's table finder on ruled lines. Merged cells (pdfplumber's None) are resolved
  from the cells' boxes into a grid (loaders.formats.grid); a "table" whose rows are all one cell
  wide is a frame around paragraphs and is read as text (so are such rows before or after a table's
  first and last row of several cells). A table that ends a page and one that starts the next page
  in the same place are one table (rows numbered on; where one page shows fewer column rules, both
  parts are put on the union of their columns); a merged label cut by the page break ("（四）无" /
  "法提供") is joined again.
- Text outside tables: characters grouped into lines by their vertical extent (so digits in another
  font size stay on their line), page numbers and running headers/footers dropped, and the lines of
  one paragraph, wrapped by the page width, joined into one line (a paragraph starts indented, or after
  a line that ends short of the margin or with 。！？；).
- `line` counts the lines so rendered over the whole document; every table cell's origin gives its
  page, table, row and cell, and every text line its page.

page.py turns one page's characters into text lines and its ruled tables into grids; flow.py puts the
pages' lines and tables in reading order (running headers and footers dropped, tables cut by a page
break joined, wrapped paragraphs rejoined). This module opens the file, refuses what is not a report's
PDF and reads each page within its limits.
"""
from __future__ import annotations

import io
import logging
from itertools import islice

from ...model import Finding, SourceText
from ...text import UnreadableText
from ..grid import render
from .flow import _drop_running_lines, _join_tables_across_pages, _reflow
from .page import _Table, _Text, _grid, _lines

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100  # real reports run to a few dozen pages; past this a file is refused unread
MAX_CHARS_PER_PAGE = 60_000
MAX_GRAPHICS_PER_PAGE = 20_000  # lines and boxes; a report page's tables have a few hundred
# vertical × horizontal rules of a page (after pdfplumber joins the pieces of each): the table finder's
# work grows with it, minutes for a 300 × 300 grid. Real report pages have at most ~800 (30 × 27).
MAX_RULE_CROSSINGS = 10_000
_MIN_TEXT_CHARS = 20  # fewer visible characters than this in the whole file: no text layer
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "join_tolerance": 3, "intersection_tolerance": 3}


def read_pdf(data: bytes) -> SourceText:
    """Bytes of a PDF → SourceText (raises UnreadableText)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the reviewer's business
    if len(data) > MAX_PDF_BYTES:
        raise UnreadableText("file.too_large", f"PDF 文件大小 {len(data) / 1048576:.1f} MB，超过上限 "
                             f"{MAX_PDF_BYTES // 1048576} MB，未读取")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableText("file.unreadable", "文件扩展名是 .pdf，但内容不是 PDF（缺少 %PDF 文件头），"
                                                "可能已损坏或是其他格式改了扩展名")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise UnreadableText("file.unreadable", "PDF 已加密，需要密码才能打开，无法读取") from e
    except PdfminerException as e:
        cause = e.args[0] if e.args else None
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableText("file.unreadable", "PDF 已加密，需要密码才能打开，无法读取") from e
        raise UnreadableText("file.unreadable", "PDF 文件已损坏或不完整（结构无法识别），无法读取") from e
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AttributeError, OSError) as e:
        raise UnreadableText("file.unreadable", "PDF 文件已损坏或不完整（结构无法识别），无法读取") from e
    try:
        n_pages = count_pages(pdf)
        try:
            pages = pdf.pages[:n_pages]  # pdfplumber reads each page's boxes and rotation here
        except Exception as e:
            raise UnreadableText("file.unreadable", "PDF 的页面设置已损坏（页面大小、裁切框或旋转角度无法识别），"
                                                    "无法读取") from e
        return _read(pages, n_pages)
    finally:
        _close(pdf)


def _close(pdf) -> None:
    try:
        pdf.close()
    except Exception:  # whatever was read is read; a file that will not close cleanly loses nothing
        pass


def count_pages(pdf) -> int:
    """Pages of a PDF, counted from its page tree without parsing any page (refuses past MAX_PAGES)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    try:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a broken page tree: count the pages instead
        declared = None
    if isinstance(declared, int) and declared > MAX_PAGES:
        raise _too_many(declared)
    try:
        counted = sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    except Exception as e:
        raise UnreadableText("file.unreadable", "PDF 页面结构已损坏，无法读取") from e
    if counted > MAX_PAGES:
        raise _too_many(declared if isinstance(declared, int) and declared > counted else counted, counted)
    if counted == 0:
        raise UnreadableText("file.empty", "PDF 中没有页面")
    return counted


def _too_many(n: int, counted: int | None = None) -> UnreadableText:
    shown = f"多于 {MAX_PAGES} 页" if counted is not None and n == counted else f"共 {n} 页"
    return UnreadableText("file.too_many_pages", f"PDF {shown}，页数上限为 {MAX_PAGES} 页（年度报告通常只有几页到几十页），"
                                                 "未读取；请确认文件是否为单份年度报告")


# ---------------------------------------------------------------------------------------------
# pages → items (text lines and table rows, in reading order)
# ---------------------------------------------------------------------------------------------
def _read(pdf_pages: list, n_pages: int) -> SourceText:
    """The pages' text lines and tables in reading order. Each page's work is bounded by counts
    (characters, drawn objects, rule crossings), never by a clock: a file always reads the same."""
    pages: list[tuple[list[_Text], list[_Table], float, float]] = []  # (lines, tables, width, height)
    visible = 0
    cid = 0
    skipped: list[Finding] = []
    for number, page in enumerate(pdf_pages, start=1):
        try:
            lines, tables, n_visible, n_cid = _read_page(page, number, skipped)
        except UnreadableText:
            raise
        except Exception as e:  # one broken page must not lose the others
            raise UnreadableText("file.unreadable", f"PDF 第 {number} 页无法解析（{type(e).__name__}）") from e
        finally:
            page.close()
        visible += n_visible
        cid += n_cid
        pages.append((lines, tables, float(page.width), float(page.height)))
    if visible < _MIN_TEXT_CHARS:
        raise UnreadableText("file.scanned", f"扫描件，无文字层：PDF 共 {n_pages} 页，没有可提取的文字"
                                             "（扫描或图片生成的 PDF），请提供带文字的 PDF、Word 或网页版本")
    if cid > visible / 2:
        raise UnreadableText("file.unreadable", "PDF 的文字无法解码（字体缺少字符映射，提取出的是乱码），"
                                                "请提供 Word 或网页版本")
    _drop_running_lines(pages)
    items = _join_tables_across_pages(pages)
    src = render(_reflow(items, pages), "pdf")
    src.findings.extend(skipped)
    return src


def _read_page(page, number: int, skipped: list[Finding]):
    page = page.dedupe_chars(tolerance=1)
    chars = [c for c in page.chars if c.get("text")]
    if len(chars) > MAX_CHARS_PER_PAGE:
        raise UnreadableText("file.too_large", f"PDF 第 {number} 页有 {len(chars)} 个字符，超过上限 "
                                               f"{MAX_CHARS_PER_PAGE}，不像年度报告，未读取")
    visible = sum(1 for c in chars if c["text"].strip())
    cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    tables: list[_Table] = []
    claimed: set[int] = set()
    graphics = sum(len(page.objects.get(kind, [])) for kind in ("line", "rect", "curve"))
    if visible and graphics <= MAX_GRAPHICS_PER_PAGE:  # past that, a drawing or map: its text is read as lines
        crossings = _rule_crossings(page)
        if crossings > MAX_RULE_CROSSINGS:
            skipped.append(Finding("pdf.table_skipped", f"PDF 第 {number} 页的表格线纵横交叉 {crossings} 处，超过上限 "
                                   f"{MAX_RULE_CROSSINGS}（年度报告的表格不到 1000 处），该页不按表格读取，"
                                   "其文字按行读取，数值可能无法对应到表格的行列"))
        else:
            for found in page.find_tables(_TABLE_SETTINGS):
                table = _grid(found, chars, number, claimed)
                if table is not None:
                    tables.append(table)
    rest = [c for i, c in enumerate(chars) if i not in claimed]
    return _lines(rest, number), tables, visible, cid


def _rule_crossings(page) -> int:
    """Vertical × horizontal rules of a page as pdfplumber's table finder joins them (cheap: no crossing
    is computed)."""
    from pdfplumber.table import TableSettings, merge_edges
    from pdfplumber.utils import filter_edges

    settings = TableSettings.resolve(_TABLE_SETTINGS)
    edges = merge_edges(filter_edges(page.edges, min_length=settings.edge_min_length_prefilter),
                        settings.snap_x_tolerance, settings.snap_y_tolerance, settings.join_x_tolerance,
                        settings.join_y_tolerance)
    edges = filter_edges(edges, min_length=settings.edge_min_length)
    vertical = sum(1 for e in edges if e["orientation"] == "v")
    return vertical * (len(edges) - vertical)
