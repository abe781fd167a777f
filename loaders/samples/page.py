"""A generated report as a web page, and the two texts people take from such pages.

The page is what published reports look like: a title, paragraphs, and the statutory tables as
<table> with rowspan/colspan where the form merges cells (each cell's text in a <p>, as pages saved
from word processors have it). From the same page, in Python:

- `html`: the page's source;
- `browser`: what select-all and copy gives (`document.body.innerText`): the innerText algorithm of
  the HTML standard for the elements the page uses (a <p> asks for two line breaks around it, other
  blocks for one, a tab between the cells of a row, a line break between rows, runs of breaks
  collapsed to their largest), so a row becomes one cell per line, a line holding only a tab between
  cells and blank lines between rows; an empty cell (&nbsp;) is a lone no-break space;
- `glued`: lxml's `text_content()` of the body (what crawlers' get_text() gives): every text node in
  order, nothing between cells, so a row's cells run together; a page whose source has no line
  breaks gives the whole report on one line.

tests/test_browser_layout.py checks the emulation against headless Chromium and the glued text
against lxml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import MERGE, TITLE, VALUE, Cell, Document, Table
from .layouts import PAGE_LAYOUTS, Style, cell_text, header_parts, value_text

_BLOCKS = frozenset({"body", "div", "h1", "h2", "table"})  # display: block (one required line break)
_VOID = frozenset({"br", "meta"})
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;"})
_SPACES = re.compile(r"[ \t\n\r\f]+")
_NOTE = re.compile(r"(?<=[^（(]{4})[（(][^（(]*[）)]$")  # a label's closing note: 部分公开（区分处理的…）
NBSP = "\xa0"


@dataclass(slots=True)
class Text:
    text: str
    key: tuple[str, str] | None = None  # the (metric, applicant) of a value's text


@dataclass(slots=True)
class Element:
    tag: str
    children: list = field(default_factory=list)  # Element or Text
    attrs: str = ""  # as written in the start tag, e.g. ' rowspan="3"'
    newline: bool = False  # a line break after its end tag in the page's source


class PageText:
    """A text taken from the page with each value's span (start, end) in it (the Writer's interface)."""

    def __init__(self, text: str, spans: dict):
        self._text = text
        self.spans = spans

    def text(self) -> str:
        return self._text


# ---------------------------------------------------------------------------------------------
# Document → page
# ---------------------------------------------------------------------------------------------
def build_page(doc: Document, style: Style, values: dict, units: dict, convert=None) -> Element:
    """The report's page: <html> with a <head> (charset, title) and the report in <body>."""
    conv = convert or (lambda s: s)
    lines = not style.one_line
    body = Element("body")
    title = ""
    for block in doc.blocks:
        if block.kind == "table":
            if block.table.title:
                body.children.append(_para("p", conv(block.table.title), lines))
            body.children.append(_table(block.table, style, values, units, conv, lines))
            continue
        tag = {"line": "div", "title": "h1", "heading": "h2"}.get(block.kind, "p")
        if block.kind == "title":
            title = conv(block.text)
        body.children.append(_para(tag, conv(block.text), lines))
    charset = "utf-8" if style.encoding.startswith("utf-8") else style.encoding
    head = Element("head", [Element("meta", attrs=f' charset="{charset}"', newline=True),
                            Element("title", [Text(title)], newline=True)], newline=True)
    return Element("html", [head, body], newline=True)


def _para(tag: str, text: str, newline: bool) -> Element:
    return Element(tag, [Text(_SPACES.sub(" ", text).strip())], newline=newline)


def _table(table: Table, style: Style, values: dict, units: dict, conv, lines: bool) -> Element:
    """A grid of the form as <table>: merged cells become rowspan/colspan (style.merged 'trailing'
    writes the padding at the end of narrow rows as empty cells instead, 'all' every merged cell)."""
    spans = _spans(table, style.merged)
    rows = []
    for r, row in enumerate(table.rows):
        tds = []
        for c, cell in enumerate(row):
            span = spans.get((r, c))
            if span is None:
                continue
            rowspan, colspan = span
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            tds.append(Element("td", _cell_content(cell, style, values, units, conv), attrs))
        rows.append(Element("tr", tds, newline=lines))
    return Element("table", [Element("tbody", rows)], ' border="1" cellspacing="0"', newline=lines)


def _spans(table: Table, merged: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of every <td> → (rowspan, colspan): a cell takes the merged cells on its right, then
    the rows below whose cells under it all belong to the cell above. Merged cells left over stand as
    empty cells: with style.merged 'trailing' those that pad a row at its end, with 'all' every one
    (a page whose merged cells were split)."""
    rows = table.rows
    claimed: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        last = max((i for i, c in enumerate(row) if c.kind != MERGE), default=-1)
        limit = last + 1 if merged == "trailing" else len(row)
        for c, cell in enumerate(row):
            if (r, c) in claimed:
                continue
            if cell.kind == MERGE or merged == "all":
                out[(r, c)] = (1, 1)
                continue
            end = c + 1
            while end < limit and row[end].kind == MERGE and not row[end].up:
                end += 1
            down = r + 1
            while down < len(rows) and all(i < len(rows[down]) and rows[down][i].up for i in range(c, end)):
                down += 1
            claimed.update((rr, cc) for rr in range(r, down) for cc in range(c, end))
            out[(r, c)] = (down - r, end - c)
    return out


def _cell_content(cell: Cell, style: Style, values: dict, units: dict, conv) -> list:
    """A cell's text, in a <p> unless the style writes bare cells; a split header breaks with <br>, or
    (cell_lines_as_paras) puts each line in a <p> of its own, as it does a label's note in brackets."""
    if cell.kind == VALUE:
        return _in_para([Text(value_text(cell.key, values[cell.key], style, units), cell.key)], style)
    if cell.kind == MERGE:
        return _in_para([Text(NBSP)], style)
    if style.split_headers and cell.parts:
        lines = [conv(x) for x in header_parts(cell, style)]
    else:
        text = conv(cell_text(cell, style)) or NBSP
        note = _NOTE.search(text) if style.cell_lines_as_paras and style.cell_paras else None
        lines = [text[:note.start()], text[note.start():]] if note else [text]
    if style.cell_lines_as_paras and style.cell_paras and len(lines) == 2:
        return [Element("p", [Text(line)]) for line in lines]
    inner = [Text(lines[0])] + ([Element("br"), Text(lines[1])] if len(lines) == 2 else [])
    return _in_para([Element("strong", inner)] if cell.kind == TITLE else inner, style)


def _in_para(inner: list, style: Style) -> list:
    return [Element("p", inner)] if style.cell_paras else inner


# ---------------------------------------------------------------------------------------------
# Page → texts
# ---------------------------------------------------------------------------------------------
def source(page: Element) -> PageText:
    """The page's HTML source, with the span of each value's text in it."""
    parts: list[str] = ["<!DOCTYPE html>\n"]
    spans: dict = {}
    pos = [len(parts[0])]

    def put(s: str, key=None) -> None:
        if key is not None:
            spans[key] = (pos[0], pos[0] + len(s))
        parts.append(s)
        pos[0] += len(s)

    def walk(el: Element) -> None:
        put(f"<{el.tag}{el.attrs}>")
        if el.tag not in _VOID:
            for child in el.children:
                if isinstance(child, Text):
                    put(child.text.translate(_ESCAPES), child.key)
                else:
                    walk(child)
            put(f"</{el.tag}>")
        if el.newline:
            put("\n")

    walk(page)
    return PageText("".join(parts), spans)


def body_of(page: Element) -> Element:
    return next(c for c in page.children if isinstance(c, Element) and c.tag == "body")


def text_content(page: Element) -> PageText:
    """lxml's text_content() of the body: all text in order, and the line breaks of the source."""
    parts: list[str] = []
    spans: dict = {}
    pos = 0

    def walk(el: Element) -> None:
        nonlocal pos
        for child in el.children:
            if isinstance(child, Text):
                if child.key is not None:
                    spans[child.key] = (pos, pos + len(child.text))
                parts.append(child.text)
                pos += len(child.text)
            else:
                walk(child)
                if child.newline:
                    parts.append("\n")
                    pos += 1

    walk(body_of(page))
    return PageText("".join(parts), spans)


def inner_text(page: Element) -> PageText:
    """document.body.innerText by the HTML standard's algorithm: items are strings and required line
    break counts; leading and trailing counts go, a run of counts becomes its largest in line breaks."""
    items: list = []  # str, (str, key) or int
    _items(body_of(page), items, last=True)
    parts: list[str] = []
    spans: dict = {}
    pos = 0
    pending = 0
    for item in items:
        if isinstance(item, int):
            pending = max(pending, item)
            continue
        text, key = item if isinstance(item, tuple) else (item, None)
        if not text:
            continue
        if pending and parts:
            parts.append("\n" * pending)
            pos += pending
        pending = 0
        if key is not None:
            spans[key] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
    return PageText("".join(parts), spans)


def _items(el: Element, items: list, last: bool) -> None:
    """The innerText items of an element; `last`: it is the last cell of its row / row of its table."""
    tag = el.tag
    if tag == "br":
        items.append("\n")
        return
    count = 2 if tag == "p" else 1 if tag in _BLOCKS else 0
    if count:
        items.append(count)
    children = el.children
    for i, child in enumerate(children):
        if isinstance(child, Text):
            items.append((_SPACES.sub(" ", child.text), child.key))
        else:
            _items(child, items, last=i == len(children) - 1)
    if tag == "td" and not last:
        items.append("\t")
    elif tag == "tr" and not last:
        items.append("\n")
    if count:
        items.append(count)


def render_page(doc: Document, style: Style, values: dict, units: dict, convert=None) -> PageText:
    """The document in a page layout (html, browser, glued), with each value's span."""
    page = build_page(doc, style, values, units, convert)
    if style.layout == "html":
        return source(page)
    if style.layout == "browser":
        return inner_text(page)
    return text_content(page)


__all__ = ["Element", "PAGE_LAYOUTS", "PageText", "Text", "body_of", "build_page", "inner_text",
           "render_page", "source", "text_content"]
