"""Writing a document as text in each layout real reports come in, keeping where every value stands.

Row layouts put a table row on one line (tabs, ` | ` pipes with or without the outer pipes, markdown);
cell layouts put each cell on a line of its own (plainly, between blank lines, or ending in ` |`). The
style's variations (navigation text, headers over two lines, spaced labels, half-width brackets, kept
merged cells, trailing empty cells) are orthogonal to the layout.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from .document import MERGE, VALUE, Cell, Document, Table

ROW_LAYOUTS = ("tabs", "pipes", "pipes-bare", "pipes-leading", "pipes-closed", "markdown")
CELL_LAYOUTS = ("cells", "blank-cells", "cells-pipe")
PAGE_LAYOUTS = ("html", "browser", "glued")  # derived from the report's web page (loaders.samples.page)
#: The layouts a corpus mixes when none are named (data/sample-county was generated with these).
LAYOUTS = ROW_LAYOUTS + CELL_LAYOUTS
#: Every layout the loaders read back to its truth.
READ_LAYOUTS = LAYOUTS + ("html", "browser")
#: Every layout the generator writes.
ALL_LAYOUTS = ROW_LAYOUTS + CELL_LAYOUTS + PAGE_LAYOUTS
LAYOUT_NOTES = {
    "tabs": "tab-separated rows (like the seed report)",
    "pipes": "`a | b |` rows (a closing pipe, no opening one)",
    "pipes-bare": "`a | b` rows (no outer pipes)",
    "pipes-leading": "`| a | b` rows (an opening pipe, no closing one)",
    "pipes-closed": "`| a | b |` rows",
    "markdown": "markdown pipe tables with |---| rule rows, ## headings",
    "cells": "one cell per line",
    "blank-cells": "one cell per line, cells separated by blank lines",
    "cells-pipe": "one cell per line, each ending in ` |`, a `|` line opening each row",
    "html": "the report's web page (.html): tables with rowspan/colspan, each cell's text in a <p>",
    "browser": "select-all and copy of the page (innerText): one cell per line, a tab-only line between "
               "cells, blank lines between rows, an empty cell as a lone no-break space",
    "glued": "lxml text_content() of the page: a row's cells run together (64|0|2 → 'label6402')",
}


@dataclass(slots=True)
class Style:
    """How one report is written. Everything but `layout` is a variation a layout may or may not use."""

    layout: str = "pipes"
    nav: int = 0  # page text before the title: 0 none; 1 ends in 字体：大 中 小; 2 a breadcrumb; 3 ends in 分享到：
    split_headers: bool = False  # headers broken over two lines (本年新 / 制作数量)
    spaced: bool = False  # labels with spaces between characters (三、 本 年 度 办 理 结 果)
    halfwidth: bool = False  # (一) 1. instead of （一） 1． in table labels
    traditional: bool = False  # opencc s2t over the whole text
    encoding: str = "utf-8"  # utf-8, utf-8-sig, gbk, gb18030
    suffix: str = ".txt"
    merged: str = "none"  # merged cells: 'none' dropped, 'trailing' narrow rows padded, 'all' kept as empty cells
    tight_trailing: bool = False  # trailing empty cells as "||" rather than "| |"
    one_grid: bool = True  # section 二 as one grid with 第二十条 rows, or one table per block under a title line
    appeals_split: bool = False  # section 四 as three tables of five under their group titles
    relation: str = "勾稽"  # 勾稽关系 or 逻辑关系
    plus_sign: bool = False  # positive 本年增/减 written +3
    bar_line: bool = True  # cells-pipe: a line holding only "|" opens each row
    period: bool = True  # the narrative states the 统计期限
    title_form: int = 0  # which wording of the title
    county_in_title: bool = True
    gov_suffix: bool = False  # 青石镇人民政府 (街道办事处) in the title
    amount_in_cell: bool = False  # 采购总金额 unit written in the cell (12.5万元) rather than the header
    cell_paras: bool = True  # page layouts: each table cell's text in a <p> (else bare text in the <td>)
    one_line: bool = False  # page layouts: a page source without line breaks (glued: the report on one line)
    cell_lines_as_paras: bool = False  # page layouts: a split header's lines and a label's note in <p>s of their own

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def variations(self) -> list[str]:
        """The variations in force, as short words for the truth file."""
        out = []
        if self.nav:
            out.append(f"nav-{self.nav}")
        for name in ("split_headers", "spaced", "halfwidth", "traditional", "plus_sign", "amount_in_cell",
                     "appeals_split", "gov_suffix"):
            if getattr(self, name):
                out.append(name)
        if self.merged != "none":
            out.append(f"merged-{self.merged}")
        if not self.one_grid:
            out.append("block-tables")
        if self.relation != "勾稽":
            out.append("逻辑关系")
        if not self.period:
            out.append("no-period")
        if self.layout in PAGE_LAYOUTS:
            if not self.cell_paras:
                out.append("bare-cells")
            if self.one_line:
                out.append("one-line")
            if self.cell_lines_as_paras:
                out.append("cell-paragraphs")
        return out


Segment = tuple[str, object]  # (text, key): key is (metric, applicant) for a value's cell, else None
_HALFWIDTH = str.maketrans({"（": "(", "）": ")", "．": ".", "：": ":", "，": ","})


def number_text(value: float) -> str:
    """188 → '188', 0.5 → '0.5', 477.35 → '477.35' (never exponent notation)."""
    if float(value) == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


class Writer:
    """Text being written line by line, with each value cell's span (start, end) in the final text."""

    def __init__(self, convert=None):
        self.parts: list[str] = []
        self.length = 0
        self.spans: dict[tuple[str, str], tuple[int, int]] = {}
        self.convert = convert

    def line(self, segments: list[Segment] | str = "") -> None:
        convert = self.convert
        if isinstance(segments, str):
            text = (convert(segments) if convert else segments) + "\n"
            self.parts.append(text)
            self.length += len(text)
            return
        pos = self.length
        pieces = []
        spans = self.spans
        for text, key in segments:
            if convert:
                text = convert(text)
            if key is not None:
                spans[key] = (pos, pos + len(text))
            pieces.append(text)
            pos += len(text)
        pieces.append("\n")
        self.parts.append("".join(pieces))
        self.length = pos + 1

    def fill(self, skeleton: tuple, values: dict, style: "Style", units: dict) -> None:
        """Write a table skeleton (text pieces and value keys in turn), each key replaced by its value."""
        pos = self.length
        parts = self.parts
        spans = self.spans
        texts = _TEXTS
        for item in skeleton:
            if item.__class__ is str:
                parts.append(item)
                pos += len(item)
            else:
                value = values[item]
                if item[0] in _SIGNED_OR_AMOUNT:
                    text = value_text(item, value, style, units)
                else:
                    text = texts.get(value)
                    if text is None:
                        text = texts[value] = number_text(value)
                spans[item] = (pos, pos + len(text))
                parts.append(text)
                pos += len(text)
        self.length = pos

    def text(self) -> str:
        return "".join(self.parts)


class _Recorder:
    """Records a table's lines as a skeleton: runs of text, and the key of each value cell in between."""

    def __init__(self, convert=None):
        self.items: list = []
        self.convert = convert

    def _text(self, text: str) -> None:
        if self.convert:
            text = self.convert(text)
        if self.items and self.items[-1].__class__ is str:
            self.items[-1] += text
        else:
            self.items.append(text)

    def line(self, segments: list[Segment] | str = "") -> None:
        if isinstance(segments, str):
            self._text(segments + "\n")
            return
        for text, key in segments:
            if key is not None:
                self.items.append(key)
            else:
                self._text(text)
        self._text("\n")


_TABLE_STYLE = ("layout", "merged", "tight_trailing", "split_headers", "spaced", "halfwidth", "bar_line")


def _table_key(style: "Style") -> tuple:
    """The style settings a table's text depends on (settings the layout ignores set to their default)."""
    layout = style.layout
    merged = style.merged if layout in ("tabs", "pipes", "pipes-closed", "pipes-bare", "pipes-leading") else "none"
    tight = style.tight_trailing if layout in ("pipes", "pipes-closed", "cells-pipe") else False
    bar = style.bar_line if layout == "cells-pipe" else True
    return (layout, merged, tight, style.split_headers, style.spaced, style.halfwidth, bar)


@lru_cache(maxsize=None)
def _skeleton(table: Table, key: tuple, convert) -> tuple:
    """A table written in a style, its values left as keys (tables repeat: write each form once)."""
    style = Style(**dict(zip(_TABLE_STYLE, key)))
    recorder = _Recorder(convert)
    _table(recorder, table, style)
    return tuple(recorder.items)


def render(doc: Document, style: Style, values: dict, units: dict, convert=None) -> Writer:
    """Write the document in the style's layout; `values` fill the VALUE cells."""
    w = Writer(convert)
    gap = style.layout in ("markdown", "blank-cells")
    for block in doc.blocks:
        if block.kind == "line":
            w.line(block.text)
        elif block.kind == "title":
            w.line(("# " if style.layout == "markdown" else "") + block.text)
            if gap:
                w.line()
        elif block.kind == "heading":
            w.line(("## " if style.layout == "markdown" else "") + block.text)
            if gap:
                w.line()
        elif block.kind == "para":
            w.line(block.text)
            if gap:
                w.line()
        elif block.kind == "table":
            w.fill(_skeleton(block.table, _table_key(style), convert), values, style, units)
            if gap and style.layout == "markdown":
                w.line()
    return w


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------
_TEXTS: dict = {}  # number → its text, for the numbers tables repeat
_SIGNED_OR_AMOUNT = frozenset({"licensing.items_change", "other_services.items_change", "penalty.items_change",
                               "enforcement.items_change", "fees.items_change", "procurement.amount"})


def value_text(key: tuple[str, str], value: float, style: Style, units: dict) -> str:
    """A value as its cell shows it: 188, +3, -2, 0.35, 251000元, 12.5万元."""
    metric = key[0]
    text = number_text(value)
    if value > 0 and style.plus_sign and metric.endswith(".items_change"):
        return "+" + text
    if metric == "procurement.amount" and value and (style.amount_in_cell or units.get(metric) == "元"):
        return text + units.get(metric, "")
    return text


def cell_text(cell: Cell, style: Style) -> str:
    """A label's or header's text in the style (value cells are filled in later)."""
    if cell.kind == VALUE or cell.kind == MERGE:
        return ""
    text = cell.spaced if style.spaced and cell.spaced else cell.text
    if style.halfwidth:
        text = text.translate(_HALFWIDTH)
    return text


def header_parts(cell: Cell, style: Style) -> tuple[str, str]:
    """A header's two lines where it breaks (本年新 / 制作数量), in the style's brackets."""
    first, second = cell.parts
    if style.halfwidth:
        return first.translate(_HALFWIDTH), second.translate(_HALFWIDTH)
    return first, second


def _visible(row: list[Cell], merged: str) -> list[Cell]:
    """The cells a layout shows of a grid row (merged cells dropped, kept at the end, or all kept)."""
    if merged == "all":
        return row
    last = max((i for i, c in enumerate(row) if c.kind != MERGE), default=-1)
    if merged == "trailing":
        return [c for i, c in enumerate(row) if c.kind != MERGE or i > last]
    return [c for c in row if c.kind != MERGE]


def _split_rows(row: list[Cell], style: Style) -> list[list[tuple[str, Cell]]]:
    """A row as one line of (text, cell), or two where headers break over two lines."""
    texts = [(cell_text(c, style), c) for c in row]
    if not (style.split_headers and any(c.parts for c in row)):
        return [texts]
    half = (lambda x: x.translate(_HALFWIDTH)) if style.halfwidth else (lambda x: x)
    first = [((half(c.parts[0]) if c.parts else t), c) for t, c in texts]
    second = [((half(c.parts[1]) if c.parts else ""), c) for t, c in texts]
    return [first, second]


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------
def _table(w, table: Table, style: Style) -> None:
    if table.title:
        w.line(("### " if style.layout == "markdown" else "") + table.title)
    if style.layout in ROW_LAYOUTS:
        merged = "all" if style.layout == "markdown" else style.merged
        if style.layout in ("pipes-bare", "pipes-leading") and merged == "trailing":
            merged = "none"  # without a closing pipe, empty cells at the end of a row do not show
        width = table.width
        for i, row in enumerate(table.rows):
            cells = _visible(row, merged)
            for line in _split_rows(cells, style):
                w.line(_row_line(line, style, width))
            if style.layout == "markdown" and i == 0:
                w.line("|" + "---|" * width)
    else:
        for row in table.rows:
            _cell_lines(w, _visible(row, "trailing" if style.layout == "cells-pipe" else "none"), style)


def _row_line(line: list[tuple[str, Cell]], style: Style, width: int) -> list[Segment]:
    """One row on one line: cells joined by the layout's separator; value cells carry their key."""
    layout = style.layout
    if layout == "markdown":
        line = line + [("", None)] * (width - len(line))
    # trailing empty cells (kept merged cells at the end of a narrow row)
    body = list(line)
    trailing = 0
    if layout in ("pipes", "pipes-closed"):
        while body and body[-1][1] is not None and body[-1][1].kind == MERGE and len(body) > 1:
            body.pop()
            trailing += 1
    sep = "\t" if layout == "tabs" else " | "
    out: list[Segment] = []
    if layout in ("pipes-closed", "pipes-leading", "markdown"):
        out.append(("| ", None))
    for i, (text, cell) in enumerate(body):
        if i:
            out.append((sep, None))
        out.append((text, cell.key if cell is not None and cell.kind == VALUE else None))
    if layout in ("pipes", "pipes-closed", "markdown"):
        out.append((" |", None))
    if trailing:
        out.append(("|" * trailing if style.tight_trailing else " |" * trailing, None))
    return out


def _cell_lines(w, row: list[Cell], style: Style) -> None:
    """Each cell on a line of its own (cells-pipe: ending in " |", a "|" line opening the row)."""
    layout = style.layout
    shown = [c for c in row if c.kind != MERGE]
    trailing = len(row) - len(shown)
    if layout == "cells-pipe" and style.bar_line:
        w.line("|")
    for i, cell in enumerate(shown):
        text = cell_text(cell, style)
        if style.split_headers and cell.parts:
            text = "\n".join(header_parts(cell, style))
        key = cell.key if cell.kind == VALUE else None
        if layout == "cells-pipe":
            end = " |"
            if i == len(shown) - 1 and trailing:
                end += "|" * trailing if style.tight_trailing else " |" * trailing
            w.line([(text, key), (end, None)])
        else:
            w.line([(text, key)])
            if layout == "blank-cells":
                w.line()


@lru_cache(maxsize=200_000)
def _s2t(text: str) -> str:
    return _s2t_converter().convert(text)


@lru_cache(maxsize=1)
def _s2t_converter():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """Simplified → traditional characters (cached: tables repeat the same labels thousands of times)."""
    return _s2t(text)
