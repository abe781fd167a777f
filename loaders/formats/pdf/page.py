"""One PDF page → items: its characters grouped into text lines (_Text), a character joining the line
whose main band holds its vertical centre, and its ruled tables into grids (_Table): pdfplumber's cell
boxes put on the grid of their clustered edges (a position no box covers is a cell of its own), each
character given to the cell holding its centre, and rows of one cell across the table before its first
or after its last row of several cells left to be read as text.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..grid import Cell, Grid, build_grid, is_number, join_fragments


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
