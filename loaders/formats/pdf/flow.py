"""The pages' items → one list of blocks in reading order: page numbers and repeated running headers
and footers dropped, a table cut by a page break continued as the same table (on the union of both
parts' columns where they differ, a merged label cut by the break joined again), and the lines of one
paragraph, wrapped by the page width, joined into one Line; tables come out as their grids.
"""
from __future__ import annotations

import re

from ... import grammar
from ...text import normalise
from ..grid import Cell, Line, build_grid, is_number, join_fragments
from .page import _Table, _Text, _cluster, _index

_PAGE_NUMBER = re.compile(r"^[-—–－_·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－_·\s]*$"
                          r"|^[-—–－\s]*[-—–－]\s*\d{1,4}\s*[-—–－][-—–－\s]*$|^(?:page|Page)\s*\d+(?:\s*of\s*\d+)?$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．](?!\d)|"
                            r"第[一二三四五六七八九十\d]+[条章节部分]|附件|[#*])")
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "：", ":")
_CJK_PUNCT = re.compile(r"[，。、；：！？,]")


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
