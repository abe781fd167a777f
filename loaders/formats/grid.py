"""What the HTML, DOCX and PDF readers share: text lines and table grids → one SourceText.

A reader turns its file into a list of blocks in reading order: `Line` (a paragraph, or a line of a
PDF page) and `Grid` (a table with merged cells resolved into grid positions). `render` turns the
blocks into the lines the text parser reads:

- a `Line` is one line;
- each table row is one line of its grid cells joined by " | " and closed by a final " |", so that
  every row has exactly as many fields as the grid has columns (field 1 = the first column) and a
  trailing empty cell survives the parser's rule that a trailing pipe only closes the row;
- a merged cell puts its text in every position it covers, except a number, which stands in its
  first position only (the others stay empty), so a number is never read twice or in two columns;
- a row that is a single cell across the whole grid (a block heading such as 第二十条第（一）项, or
  a paragraph a table frame happens to enclose) is a plain line: it has no columns;
- `origins` says where each cell came from: (line, field) → CellOrigin(page, table, row, cell).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import CellOrigin, SourceText
from ..text import normalise

#: Closes every table row line (see the module docstring); one place to change it.
ROW_CLOSER = " |"
FIELD_SEPARATOR = " | "

_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}\u2010-\u2027\u2030-\u205e]")  # CJK, full-width forms, dashes and quotes
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|元|件|条|项|个|次|%)?")
# characters that would end a line or make a field where there is none
_LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass(slots=True)
class Line:
    """A line of text outside tables."""

    text: str
    page: int = 0  # 1-based PDF page where the line starts; 0 where the format has no pages


@dataclass(slots=True)
class Cell:
    """One cell of a table: its text and the grid positions it covers."""

    text: str
    row: int  # 0-based top grid row
    col: int  # 0-based left grid column
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Grid:
    """A table as a full grid: `slots[r][c]` is the cell covering position (r, c) (None: no cell there)."""

    slots: list[list[Cell | None]]
    pages: list[int] = field(default_factory=list)  # page of each row (PDF); empty otherwise

    @property
    def width(self) -> int:
        return len(self.slots[0]) if self.slots else 0


def build_grid(cells: list[Cell], n_rows: int, n_cols: int, pages: list[int] | None = None) -> Grid:
    """Cells with positions and spans → a Grid (a later cell never overwrites an earlier one)."""
    slots: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for cell in cells:
        for r in range(cell.row, min(cell.row + cell.rowspan, n_rows)):
            for c in range(cell.col, min(cell.col + cell.colspan, n_cols)):
                if slots[r][c] is None:
                    slots[r][c] = cell
    return Grid(slots, list(pages or []))


def drop_unused_columns(grid: Grid) -> Grid:
    """Merge grid columns that no row with text tells apart (e.g. the invisible spacer row Word puts
    under a table whose rows do not line up): a column exists only where some cell edge makes it."""
    width = grid.width
    if width <= 1:
        return grid
    needed = [True] * width  # needed[k]: column k starts at a cell edge of some row with text
    for k in range(1, width):
        needed[k] = any(row[k - 1] is not row[k] for row in grid.slots
                        if any(s is not None and s.text.strip() for s in row))
    if all(needed):
        return grid
    new_index, n = [], -1
    for k in range(width):
        n += needed[k]
        new_index.append(n)
    seen: set[int] = set()
    for row in grid.slots:
        for cell in row:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                last = min(cell.col + cell.colspan, width) - 1
                cell.col, cell.colspan = new_index[cell.col], new_index[last] - new_index[cell.col] + 1
    slots = [[row[k] for k in range(width) if needed[k]] for row in grid.slots]
    return Grid(slots, grid.pages)


def is_number(text: str) -> bool:
    """A cell that holds a number (such a cell is never spread over the positions it merges)."""
    return bool(_NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip()))


def clean(text: str) -> str:
    """One line of text: no line breaks, runs of spaces made one, no spaces at the ends."""
    return _SPACES.sub(" ", _LINE_BREAKS.sub(" ", text)).strip()


def join_fragments(parts) -> str:
    """Pieces of one cell or paragraph (its lines) → one text: no space between Chinese characters
    (商业\\n企业 → 商业企业), one space between other pieces (3\\n0 → "3 0")."""
    out = ""
    for part in parts:
        part = clean(part)
        if not part:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(part[0])):
            out += " "
        out += part
    return out


def cell_field(text: str) -> str:
    """A cell's text made safe as one field of a ` | ` row: no pipes, tabs or line breaks inside."""
    return clean(text.replace("|", "¦").replace("｜", "¦").replace("\t", " "))


def render(blocks: list[Line | Grid], fmt: str) -> SourceText:
    """Blocks in reading order → SourceText with origins for every table cell."""
    raw: list[str] = []
    origins: dict[tuple[int, int], CellOrigin] = {}
    table_no = 0
    for block in blocks:
        if isinstance(block, Line):
            text = clean(block.text) if fmt != "docx" else _clean_keep_tabs(block.text)
            if not text:
                continue
            raw.append(text)
            if block.page:
                origins[(len(raw), 0)] = origins[(len(raw), 1)] = CellOrigin(page=block.page)
            continue
        if not block.slots or not any(any(s is not None and s.text.strip() for s in row) for row in block.slots):
            continue
        table_no += 1
        block = drop_unused_columns(block)
        for r, row in enumerate(block.slots):
            page = block.pages[r] if r < len(block.pages) else 0
            fields = []
            for c, slot in enumerate(row):
                if slot is None:
                    fields.append("")
                elif slot.row == r and slot.col == c or not is_number(slot.text):
                    fields.append(cell_field(slot.text))
                else:
                    fields.append("")
            if not any(fields):
                continue
            ids = {id(s) for s in row}
            if len(ids) == 1 and row[0] is not None:  # one cell across the whole row: a plain line
                raw.append(fields[0])
                origins[(len(raw), 1)] = CellOrigin(page, table_no, r + 1, 1)
                continue
            raw.append(FIELD_SEPARATOR.join(fields) + ROW_CLOSER)
            for c in range(len(fields)):
                origins[(len(raw), c + 1)] = CellOrigin(page, table_no, r + 1, c + 1)
    if not raw:
        raw = [""]
    lines = normalise("\n".join(raw)).split("\n")
    if len(lines) != len(raw):  # a conversion that moved a line break: line by line instead
        lines = [normalise(line) for line in raw]
    return SourceText(raw_lines=raw, lines=lines, format=fmt, origins=origins, structured=True)


def _clean_keep_tabs(text: str) -> str:
    """A DOCX paragraph keeps its tabs (a tab-separated row typed in Word reads as one)."""
    parts = [clean(p) for p in _LINE_BREAKS.sub(" ", text).split("\t")]
    while parts and not parts[-1]:
        parts.pop()
    while parts and not parts[0]:
        parts.pop(0)
    return "\t".join(parts)
