"""HTML pages (saved government web pages) → SourceText.

- Bytes → text → tree (loaders.formats.html_tree): nothing executes and nothing is fetched; scripts,
  styles, forms' controls, embedded objects and hidden elements are dropped.
- The report body: the smallest element holding every section heading (一、总体情况 …) and every
  table of the template; navigation, headers, footers and side bars outside it are left out. The
  report's title is taken from just before that element when the element does not hold it.
- Tables: rowspan and colspan resolved into a grid (loaders.formats.grid). A table holding other
  tables, or cells of whole paragraphs, is page layout: its cells are read as ordinary content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import grammar
from ..model import SourceText
from ..text import UnreadableText, normalise
from .grid import Cell, Grid, Line, build_grid, join_fragments, render
from .html_tree import decode_html, parse, strip_unseen

MAX_HTML_BYTES = 10 * 1024 * 1024

_BLOCK = {"address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr",
          "li", "main", "menu", "ol", "p", "pre", "section", "summary", "ul", "caption", "html", "legend",
          "tbody", "thead", "tfoot", "tr", "td", "th", "table", "dir", "marquee", "noframes"}
_TITLE = re.compile(r"政府信息公开.{0,6}(?:年度报告|年报|工作报告)")
_META_LINE = re.compile(r"^(?:发文机关|发布机构|发布单位|信息来源|来源)\s*[:：]")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\\s*[\\r\\n]+\\s*(?=[{_CJK}])")  # a source line break inside Chinese text
_WS = re.compile(r"\s+")
_MAX_CELL_TEXT = 300  # characters: a cell longer than this holds page content, not a table value
_MAX_SPAN = {"colspan": 100, "rowspan": 2000}
MAX_CELLS = 30_000  # table cells in a page (a report has a few hundred)
MAX_GRID = 20_000  # grid positions of one table (表三 has about 300)
_TEMPLATE_TABLE = re.compile(r"申请人情况|自然人|第二十条|信息内容|行政复议|行政诉讼|本年新收|结转下年度")


def read_html(data: bytes) -> SourceText:
    """Bytes of a saved web page → SourceText (raises UnreadableText)."""
    if len(data) > MAX_HTML_BYTES:
        raise UnreadableText("file.too_large", f"网页文件大小 {len(data) / 1048576:.1f} MB，超过上限 "
                             f"{MAX_HTML_BYTES // 1048576} MB，未读取")
    text = decode_html(data)
    root = parse(text)
    title = page_title(root)
    strip_unseen(root)
    n_cells = sum(1 for _ in root.iter("td", "th"))
    if n_cells > MAX_CELLS:
        raise UnreadableText("file.too_large", f"网页含 {n_cells} 个表格单元格，超过上限 {MAX_CELLS}，不像年度报告，未读取")
    body = root.find("body")
    if body is None:
        body = root
    chosen = _report_body(body)
    try:
        blocks = _Walker().blocks(chosen)
    except RecursionError as e:  # each table inside a table's cell is read within the outer one
        raise UnreadableText("file.unreadable", "网页中的表格一层套一层，嵌套过深，无法读取") from e
    if chosen is not body:
        blocks = _title_before(body, chosen, blocks) + blocks
    head = "".join(b.text for b in blocks[:8] if isinstance(b, Line))
    if title and _TITLE.search(normalise(_WS.sub("", title))) and not _TITLE.search(normalise(_WS.sub("", head))):
        blocks.insert(0, Line(title))  # no title on the page itself: the browser tab's title
    if not any(isinstance(b, Grid) or b.text.strip() for b in blocks):
        raise UnreadableText("file.empty", "网页中没有正文文字")
    return render(blocks, "html")


# ---------------------------------------------------------------------------------------------
# tree → blocks
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Close:
    """Where the walk leaves an element: end its block, then go on with the text after it."""

    block: bool
    tail: str | None


class _Walker:
    """Walks an element in document order, turning block boundaries into lines and tables into grids."""

    def __init__(self) -> None:
        self.out: list[Line | Grid] = []
        self.parts: list[str] = []

    def blocks(self, el) -> list[Line | Grid]:
        """The blocks of an element's content (not of the text that follows it)."""
        if isinstance(el.tag, str) and el.tag.lower() == "table":
            self._table(el)
        else:
            self._walk_children(el)
        self._flush()
        return self.out

    def _flush(self) -> None:
        if self.parts:
            text = _WS.sub(" ", _CJK_BREAK.sub("", "".join(self.parts))).strip()
            if text:
                self.out.append(Line(text))
            self.parts = []

    def _text(self, s: str | None) -> None:
        if s:
            self.parts.append(s)

    def _walk(self, el) -> None:
        """An element and its content in document order, with a stack rather than recursion: a page
        may nest elements a thousand levels deep."""
        stack: list = [el]
        while stack:
            item = stack.pop()
            if isinstance(item, _Close):
                if item.block:
                    self._flush()
                self._text(item.tail)
                continue
            tag = item.tag.lower() if isinstance(item.tag, str) else ""
            if tag in ("br", "table", "pre"):
                self._flush()
                if tag == "table":
                    self._table(item)
                elif tag == "pre":
                    self.out.extend(Line(line) for line in "".join(item.itertext()).splitlines() if line.strip())
                self._text(item.tail)
                continue
            block = tag in _BLOCK
            if block:
                self._flush()
            self._text(item.text)
            stack.append(_Close(block, item.tail))
            stack.extend(reversed(item))

    def _table(self, table) -> None:
        rows = _rows(table)
        layout = _has_table(table) or any(
            len(_WS.sub("", "".join(c.itertext()))) > _MAX_CELL_TEXT or _holds_heading(c)
            for tr in rows for c in _cells(tr))
        if layout:
            for tr in rows:
                for c in _cells(tr):
                    self._walk_children(c)
            return
        cells: list[Cell] = []
        taken: set[tuple[int, int]] = set()
        n_cols = 0
        for r, tr in enumerate(rows):
            c = 0
            for td in _cells(tr):
                while (r, c) in taken:
                    c += 1
                colspan = _span(td, "colspan")
                rowspan = _span(td, "rowspan")
                if rowspan == 0 or rowspan > len(rows) - r:  # rowspan="0" (or too many): to the end of the table
                    rowspan = len(rows) - r
                if (c + colspan) * len(rows) > MAX_GRID:
                    raise UnreadableText("file.too_large", f"网页中的表格超过 {MAX_GRID} 格，不像年度报告的表格，未读取")
                cells.append(Cell(_cell_text(td), r, c, rowspan, colspan))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
                c += colspan
                n_cols = max(n_cols, c)
        if not cells:
            return
        n_cols = max([n_cols] + [c + 1 for _, c in taken])
        grid = build_grid(cells, len(rows), n_cols)
        if grid.width <= 1:  # a one-column table is a frame around paragraphs
            for tr in rows:
                for c in _cells(tr):
                    self._walk_children(c)
            return
        self.out.append(grid)

    def _walk_children(self, el) -> None:
        self._flush()
        self._text(el.text)
        for child in el:
            self._walk(child)
        self._flush()


def _rows(table) -> list:
    """The rows of a table (not of tables inside it), in document order."""
    out = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(tr for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr")
    return out


def _cells(tr) -> list:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _descendant_tables(table):
    for el in table.iter():
        if el is not table and isinstance(el.tag, str) and el.tag.lower() == "table":
            yield el


def _has_table(el) -> bool:
    return next(_descendant_tables(el), None) is not None


def _holds_heading(cell) -> bool:
    """A cell holding a section heading and more lines: page content, not a table value."""
    w = _Walker()
    w._walk_children(cell)
    lines = [b.text for b in w.out if isinstance(b, Line)]
    return len(lines) > 1 and any(len(t) <= 60 and grammar.section_heading(normalise(t)) for t in lines)


def _span(td, name: str) -> int:
    value = (td.get(name) or "1").strip()
    m = re.match(r"\d+", value)
    n = int(m.group()) if m else 1
    if n == 0 and name == "rowspan":
        return 0
    return max(1, min(n, _MAX_SPAN[name]))


def _cell_text(td) -> str:
    """A cell's text: its lines (paragraphs, <br>) joined without spaces between Chinese characters."""
    w = _Walker()
    w._walk_children(td)
    return join_fragments(b.text if isinstance(b, Line) else "" for b in w.out)


# ---------------------------------------------------------------------------------------------
# where the report is on the page
# ---------------------------------------------------------------------------------------------
def _report_body(body):
    """The smallest element holding every section heading and template table of the page."""
    anchors = []
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "table" and not _has_table(el):
            if _TEMPLATE_TABLE.search(normalise("".join(el.itertext()))):
                anchors.append(el)
        elif tag in _BLOCK or tag in ("span", "strong", "b", "font"):  # not links: a table of contents
            own = _own_text(el)
            if own and len(own) <= 60 and grammar.section_heading(normalise(own)):
                anchors.append(el)
    if len(anchors) < 2:
        return body
    common = _common_ancestor(anchors)
    return common if common is not None else body


def _own_text(el) -> str:
    """The text of an element up to its first block-level child (a heading's own words)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag.lower() in _BLOCK:
            break
        parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return _WS.sub(" ", "".join(parts)).strip()


def _common_ancestor(elements):
    paths = []
    for el in elements:
        chain = []
        while el is not None:
            chain.append(el)
            el = el.getparent()
        paths.append(list(reversed(chain)))
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _title_before(body, chosen, inner) -> list[Line]:
    """The report's title (and the publishing body's line) from just before the report body.

    A heading (h1-h3) or an element named as a title is preferred to other lines naming a report
    (a side bar listing other years' reports comes before the article on many sites)."""
    head = "".join(b.text for b in inner[:8] if isinstance(b, Line))
    if _TITLE.search(normalise(_WS.sub("", head))):
        return []
    titles: list[tuple[int, Line]] = []
    meta: list[Line] = []
    ancestors = list(chosen.iterancestors())
    for el in body.iter():
        if el is chosen:
            break
        if not isinstance(el.tag, str) or el.tag.lower() not in _BLOCK or el.tag.lower() in ("table", "tr", "tbody"):
            continue
        if any(el is a for a in ancestors):
            continue
        own = _own_text(el)
        if not own or len(own) > 120:
            continue
        if _TITLE.search(normalise(_WS.sub("", own))):
            named = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            rank = 2 if el.tag.lower() in ("h1", "h2", "h3") else 1 if ("title" in named or "bt" in named) else 0
            titles.append((rank, Line(own)))
        elif _META_LINE.match(normalise(own)) and len(own) <= 80:
            meta.append(Line(own))
    best = max(titles, key=lambda t: t[0])[0] if titles else None
    chosen_titles = [line for rank, line in titles if rank == best][-1:]
    return chosen_titles + meta[-1:]


def page_title(root) -> str:
    """The <title> of a page without the site's name after it (…年度报告_某县人民政府 → …年度报告)."""
    el = root.find(".//title")
    if el is None:
        return ""
    text = _WS.sub(" ", "".join(el.itertext())).strip()
    return re.split(r"\s*[_|｜—–-]+\s*", text)[0] if text else ""
