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
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass, field
from itertools import islice

from .. import grammar
from ..model import Finding, SourceText
from ..text import UnreadableText, normalise
from .grid import Cell, Grid, Line, build_grid, is_number, join_fragments, render

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100  # real reports run to a few dozen pages; past this a file is refused unread
MAX_CHARS_PER_PAGE = 60_000
MAX_GRAPHICS_PER_PAGE = 20_000  # lines and boxes; a report page's tables have a few hundred
# vertical × horizontal rules of a page (after pdfplumber joins the pieces of each): the table finder's
# work grows with it, minutes for a 300 × 300 grid. Real report pages have at most ~800 (30 × 27).
MAX_RULE_CROSSINGS = 10_000
_MIN_TEXT_CHARS = 20  # fewer visible characters than this in the whole file: no text layer

_PAGE_NUMBER = re.compile(r"^[-—–－_·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－_·\s]*$"
                          r"|^[-—–－\s]*[-—–－]\s*\d{1,4}\s*[-—–－][-—–－\s]*$|^(?:page|Page)\s*\d+(?:\s*of\s*\d+)?$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．](?!\d)|"
                            r"第[一二三四五六七八九十\d]+[条章节部分]|附件|[#*])")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "：", ":")
_CJK_PUNCT = re.compile(r"[，。、；：！？,]")
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
@dataclass(slots=True)
class _Text:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class _Table:
    grid: Grid
    page: int
    top: float
    bottom: float
    xs: list[float] = field(default_factory=list)  # column boundaries (width + 1 of them)


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


def _cluster(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def _grid(found, chars, number: int, claimed: set[int]) -> _Table | None:
    """A pdfplumber table → a grid of its ruled cells (None = no table worth the name)."""
    boxes = [tuple(map(float, c)) for c in found.cells]
    if not boxes:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    placed: list[tuple[Cell, tuple[float, float, float, float]]] = []
    for x0, top, x1, bottom in boxes:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        placed.append((Cell("", r0, c0, r1 - r0, c1 - c0), (x0, top, x1, bottom)))
    grid = build_grid([p[0] for p in placed], n_rows, n_cols)
    # positions no ruled cell covers (a missing border): a cell of their own, so their text is kept
    for r in range(n_rows):
        for c in range(n_cols):
            if grid.slots[r][c] is None:
                cell = Cell("", r, c)
                grid.slots[r][c] = cell
                placed.append((cell, (xs[c], ys[r], xs[c + 1], ys[r + 1])))
    multi = [r for r, row in enumerate(grid.slots) if len({id(s) for s in row}) > 1]
    if not multi:
        return None  # one cell across every row: a frame around paragraphs, read as text
    first, last = multi[0], multi[-1]
    top, bottom = ys[first], ys[last + 1]
    # the characters of each cell, by the centre of each character
    texts: dict[int, list] = {}
    for i, ch in enumerate(chars):
        if i in claimed:
            continue
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (xs[0] - 1 <= cx <= xs[-1] + 1 and top - 1 <= cy <= bottom + 1):
            continue
        c = _bisect(xs, cx)
        r = _bisect(ys, cy)
        if r is None or c is None or not first <= r <= last:
            continue
        cell = grid.slots[r][c]
        texts.setdefault(id(cell), []).append(ch)
        claimed.add(i)
    for cell, _ in placed:
        cell.text = _cell_text(texts.get(id(cell), []))
    kept = Grid(grid.slots[first:last + 1], [number] * (last + 1 - first))
    _rebase(kept, first)  # rows outside the kept part are read as text
    return _Table(kept, number, top, bottom, list(xs))


def _rebase(grid: Grid, first: int) -> None:
    """Row numbers of a grid cut from a bigger one, counted from its first row."""
    seen: set[int] = set()
    for row in grid.slots:
        for cell in row:
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            if cell.row < first:
                cell.rowspan -= first - cell.row
                cell.row = first
            cell.row -= first
            cell.rowspan = min(cell.rowspan, len(grid.slots) - cell.row)


def _bisect(bounds: list[float], v: float) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] - 1 <= v <= bounds[i + 1] + 1 and (v < bounds[i + 1] or i == len(bounds) - 2):
            return i
    return None


def _cell_text(chars) -> str:
    """A cell's lines as one text; a number wrapped by a narrow column (4472 / 28) is one number again."""
    lines = [line.text for line in _lines(chars, 0)]
    if len(lines) > 1 and all(re.fullmatch(r"[\d.,]+", t) for t in lines) and is_number("".join(lines)):
        return "".join(lines)
    return join_fragments(lines)


def _lines(chars, number: int) -> list[_Text]:
    """Characters → lines: a character joins the line whose main band holds its vertical centre."""
    lines: list[list] = []
    bands: list[tuple[float, float, float]] = []  # (top, bottom, size) of each line's biggest character
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if not ch["text"].strip() and ch["text"] != " ":
            continue
        mid = (ch["top"] + ch["bottom"]) / 2
        size = ch["bottom"] - ch["top"]
        placed = False
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom, big = bands[i]
            if top - 0.5 <= mid <= bottom + 0.5:
                lines[i].append(ch)
                if size > big:
                    bands[i] = (ch["top"], ch["bottom"], size)
                placed = True
                break
        if not placed:
            lines.append([ch])
            bands.append((ch["top"], ch["bottom"], size))
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in line:
            if ch["text"] == " ":
                if text and not text.endswith(" "):
                    text += " "
                prev = ch
                continue
            gap = ch["x0"] - prev["x1"] if prev is not None else 0.0
            if prev is not None and prev["text"] != " " and gap > max(1.5, 0.25 * (ch["bottom"] - ch["top"])):
                if not text.endswith(" "):
                    text += " "
            text += ch["text"]
            prev = ch
        text = text.strip()
        if not text:
            continue
        visible = [c for c in line if c["text"].strip()]
        sizes = [c["bottom"] - c["top"] for c in visible]
        out.append(_Text(text, number, min(c["x0"] for c in visible), max(c["x1"] for c in visible),
                         min(c["top"] for c in visible), max(c["bottom"] for c in visible),
                         statistics.median(sizes) if sizes else 10.0))
    return out


# ---------------------------------------------------------------------------------------------
# across pages
# ---------------------------------------------------------------------------------------------
def _drop_running_lines(pages) -> None:
    """Page numbers, and headers or footers repeated on most pages, are not the report's text.

    Only the top two and bottom two lines of a page, in its top or bottom eighth and beyond every
    table of the page, are candidates (a lone number inside the page is a value, not a page number)."""
    def candidates(lines, tables, height):
        ordered = sorted(lines, key=lambda t: t.top)
        top_edge = min((t.top for t in tables), default=height)
        bottom_edge = max((t.bottom for t in tables), default=0.0)
        head = [t for t in ordered[:2] if t.bottom < 0.125 * height and t.bottom <= top_edge]
        foot = [t for t in ordered[-2:] if t.top > 0.875 * height and t.top >= bottom_edge]
        return head + [t for t in foot if t not in head]

    repeated: dict[str, int] = {}
    for lines, tables, _, height in pages:
        for t in candidates(lines, tables, height):
            key = re.sub(r"\d+", "#", t.text)
            repeated[key] = repeated.get(key, 0) + 1
    n = len(pages)
    for lines, tables, _, height in pages:
        drop = set()
        for t in candidates(lines, tables, height):
            if _PAGE_NUMBER.match(normalise(t.text)):
                drop.add(id(t))
            elif n >= 3 and len(t.text) <= 60 and repeated.get(re.sub(r"\d+", "#", t.text), 0) >= max(3, n // 2 + 1):
                drop.add(id(t))
        lines[:] = [t for t in lines if id(t) not in drop]


def _join_tables_across_pages(pages) -> list:
    """Items of every page in reading order; a table cut by a page break continues as the same table."""
    items: list = []
    for lines, tables, _, _ in pages:
        page_items: list[tuple[float, int, object]] = [(t.top, 0, t) for t in lines]
        page_items += [(t.top, 1, t) for t in tables]
        page_items.sort(key=lambda x: (x[0], x[1]))
        for _, _, item in page_items:
            prev = items[-1] if items else None
            if (isinstance(item, _Table) and isinstance(prev, _Table) and prev.grid.pages[-1] == item.page - 1
                    and item is page_items[0][2] and _same_columns(prev, item)):
                _continue_table(prev, item)
                continue
            items.append(item)
    return items


def _same_columns(a: _Table, b: _Table) -> bool:
    """Do two tables (end of one page, top of the next) stand in the same columns? If their grids
    differ (a page shows fewer column rules, e.g. no row there splits the label columns), both are
    put on the union of their column boundaries."""
    if abs(a.xs[0] - b.xs[0]) > 15 or abs(a.xs[-1] - b.xs[-1]) > 15:
        return False
    if a.grid.width == b.grid.width:
        return True
    shift = a.xs[0] - b.xs[0]
    union = _cluster(a.xs + [x + shift for x in b.xs], tolerance=3)
    a_map = [_index(union, x) for x in a.xs]
    b_map = [_index(union, x + shift) for x in b.xs]
    if len(set(a_map)) != len(a_map) or len(set(b_map)) != len(b_map):
        return False
    _regrid(a, a_map, len(union) - 1)
    _regrid(b, b_map, len(union) - 1)
    a.xs = union
    b.xs = [x - shift for x in union]
    return True


def _regrid(t: _Table, column_map: list[int], width: int) -> None:
    cells: list[Cell] = []
    seen: set[int] = set()
    for row in t.grid.slots:
        for cell in row:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                cells.append(cell)
    for cell in cells:
        c0, c1 = column_map[cell.col], column_map[min(cell.col + cell.colspan, len(column_map) - 1)]
        cell.col, cell.colspan = c0, max(1, c1 - c0)
    grid = build_grid(cells, len(t.grid.slots), width, t.grid.pages)
    for r, row in enumerate(grid.slots):
        for c in range(width):
            if row[c] is None:
                row[c] = Cell("", r, c)
    t.grid = grid


def _continue_table(prev: _Table, nxt: _Table) -> None:
    """Append the rows of `nxt` (the top of the next page) to `prev`, mending labels cut by the break."""
    last_row = prev.grid.slots[-1]
    first_row = nxt.grid.slots[0]
    offset = len(prev.grid.slots)
    for c in range(prev.grid.width):
        a, b = last_row[c], first_row[c]
        if a is None or b is None or a is b:
            continue
        if (a.col, a.colspan) != (b.col, b.colspan) or c != a.col:
            continue
        if is_number(a.text) or is_number(b.text) or (a.rowspan == 1 and b.rowspan == 1):
            continue
        if b.text and (b.text == a.text or a.text.endswith(b.text)):
            merged = a.text
        else:
            merged = join_fragments([a.text, b.text])
        a.text = b.text = merged
    seen: set[int] = set()
    for row in nxt.grid.slots:
        for cell in row:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                cell.row += offset
    prev.grid.slots.extend(nxt.grid.slots)
    prev.grid.pages.extend(nxt.grid.pages)
    prev.bottom = nxt.bottom


# ---------------------------------------------------------------------------------------------
# paragraphs
# ---------------------------------------------------------------------------------------------
def _reflow(items: list, pages) -> list:
    """Join the lines of a paragraph wrapped by the page width into one line."""
    edges = {}
    for number, (lines, _, width, _) in enumerate(pages, start=1):
        long = [t for t in lines if len(t.text) >= 12]
        if long:
            rights = sorted(t.x1 for t in long)
            lefts = sorted(t.x0 for t in long)
            edges[number] = (lefts[int(0.1 * (len(lefts) - 1))], rights[int(0.9 * (len(rights) - 1))])
        else:
            edges[number] = (0.0, width)
    out: list = []
    current: list[_Text] = []

    def flush() -> None:
        if current:
            out.append(Line(join_fragments(t.text for t in current), current[0].page))
            current.clear()

    for item in items:
        if isinstance(item, _Table):
            flush()
            out.append(item.grid)
            continue
        if current and _continues(current[-1], item, edges):
            current.append(item)
            continue
        flush()
        current.append(item)
    flush()
    return out


def _continues(a: _Text, b: _Text, edges) -> bool:
    """Does line b carry on the paragraph of line a (a wrapped at the right margin)?"""
    if b.page not in (a.page, a.page + 1):
        return False
    left_a, right_a = edges[a.page]
    left_b, _ = edges[b.page]
    size = max(a.size, b.size, 1.0)
    if a.x1 < right_a - 1.2 * size:  # a ends short of the margin: its paragraph ends there
        return False
    if b.x0 > left_b + 0.6 * size:  # b is indented: a new paragraph
        return False
    if abs(a.size - b.size) > 0.2 * size:
        return False
    if b.page == a.page and b.top - a.bottom > 1.5 * size:  # a gap wider than a line
        return False
    if a.text.rstrip().endswith(_SENTENCE_END) or len(a.text) < 12:
        return False
    if _HEADING_START.match(b.text) or grammar.section_heading(normalise(b.text)):
        return False
    if not _CJK_PUNCT.search(a.text) and len(re.findall(r"(?<!\S)[-+]?\d[\d,.]*(?!\S)", a.text)) >= 2:
        return False  # a row of numbers (a table without ruled lines), not prose
    return True
