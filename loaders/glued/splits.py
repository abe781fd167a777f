"""The ways a row's digits can be cut into its cells, when the text lost the separators between them.

A row's digits come as runs: the spaces (or signs) the text kept are boundaries no cell crosses. A cell
is an integer or a decimal written without a leading zero ("0" and "0.5" are cells, "05" is not); a sign
(+3, -2 in the 本年增/减 column) opens a cell. `forced_cells` says which cells every cut agrees on
(no arithmetic involved); `cuts` lists the cuts, optionally only those whose groups add up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# a piece: a part of a run no cell boundary is known inside, except that a sign opens a cell
_PIECE = re.compile(r"[+-]?[\d.]+")
MAX_CELL = 16  # characters of one cell: no count or amount of a report is longer (a longer run is many cells)
_COUNT_CAP = 10 ** 6


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a cut: its value and the characters it stands on (offsets into the line)."""

    value: float
    start: int
    end: int
    text: str
    digits: int = 0  # digits before the decimal point


class TooMany(Exception):
    """The enumeration went past its bound: the row has too many cuts to list them all."""


def pieces(runs: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """(text, offset) of the pieces of runs given as (text, offset): runs split before each sign."""
    out = []
    for text, offset in runs:
        out.extend((m.group(), offset + m.start()) for m in _PIECE.finditer(text))
    return tuple(out)


@lru_cache(maxsize=4096)
def _is_cell(text: str) -> bool:
    body = text.lstrip("+-")
    if not body or body.count(".") > 1 or body.startswith(".") or body.endswith("."):
        return False
    whole = body.split(".")[0]
    return not (len(whole) > 1 and whole[0] == "0")


def _ends(text: str, start: int, first: bool) -> list[int]:
    """Where a cell beginning at `start` of a piece may end (exclusive); a sign only opens a piece."""
    if not first and text[start] in "+-":
        return []
    return [end for end in range(start + 1, min(len(text), start + MAX_CELL) + 1) if _is_cell(text[start:end])]


def _graph(pieces_: tuple[tuple[str, int], ...]) -> dict[tuple[int, int], list[tuple[tuple[int, int], Cell]]]:
    """From each place, the cells that may start there and the place after each."""
    graph: dict = {}
    for i, (text, offset) in enumerate(pieces_):
        for j in range(len(text)):
            steps = []
            for end in _ends(text, j, j == 0):
                after = (i, end) if end < len(text) else (i + 1, 0)
                raw = text[j:end]
                steps.append((after, Cell(float(raw), offset + j, offset + end, raw, _digit_count(raw))))
            graph[(i, j)] = steps
    return graph


def forced_cells(runs: tuple[tuple[str, int], ...], width: int) -> tuple[list[Cell | None], int]:
    """(the cell of each column whose value every cut agrees on, else None; how many cuts there are,
    capped at 10**6).

    Counted by dynamic programming over places, so no cut is listed: this holds for any length.
    """
    ps = pieces(runs)
    if not ps or sum(len(text) for text, _ in ps) > width * MAX_CELL:
        return [None] * width, 0
    graph = _graph(ps)
    end = (len(ps), 0)

    @lru_cache(maxsize=None)
    def ways(place: tuple[int, int], k: int) -> int:
        """Cuts of the text from `place` on into k cells."""
        if place == end:
            return 1 if k == 0 else 0
        if k == 0:
            return 0
        return min(sum(ways(after, k - 1) for after, _ in graph[place]), _COUNT_CAP)

    count = ways((0, 0), width)
    columns: list[set] = [set() for _ in range(width)]
    frontier = {(0, 0)} if count else set()
    for k in range(width):
        nxt = set()
        for place in frontier:
            for after, cell in graph.get(place, ()):
                if ways(after, width - k - 1):
                    columns[k].add(cell)
                    nxt.add(after)
        frontier = nxt
    return [_agreed(c) for c in columns], count


def _agreed(cells: set[Cell]) -> Cell | None:
    """The cell when every cut gives the column one value (its characters: all the places it may stand on)."""
    if not cells or len({c.value for c in cells}) > 1:
        return None
    if len(cells) == 1:
        return next(iter(cells))
    first = min(cells, key=lambda c: c.start)
    return Cell(first.value, first.start, max(c.end for c in cells), first.text, first.digits)


def cuts(runs: tuple[tuple[str, int], ...], width: int, group: int = 0, limit: int = 20000,
         most: int = 0) -> list[tuple[Cell, ...]]:
    """The cuts of runs into `width` cells, in a fixed order; with `group`, only those whose every group of
    `group` cells ends in the sum of the cells before it (总计 = the applicants; a review's 总计 = its four
    results). Stops at `most` cuts when given; raises TooMany past `limit` steps of the search.

    In a group, no part is larger than its total (counts are not negative): the search tries each length
    of the total in turn, and a part with more digits, or parts adding up past that length, end a branch.
    """
    ps = pieces(runs)
    if not ps or sum(len(text) for text, _ in ps) > width * MAX_CELL:
        return []
    graph = _graph(ps)
    end = (len(ps), 0)
    found: list[tuple[Cell, ...]] = []
    steps = 0
    digits_left = _digits_after(ps)

    def walk(place: tuple[int, int], cells: list[Cell], length: int, total: float, target: float | None) -> None:
        """`length`: digits of the current group's total; `total`: the sum of the group's parts so far;
        `target`: the group's total when it is known (the last group's is the last digits of the text)."""
        nonlocal steps
        steps += 1
        if steps > limit:
            raise TooMany
        if most and len(found) >= most:
            return
        if len(cells) == width:
            if place == end:
                found.append(tuple(cells))
            return
        left = width - len(cells)
        if place == end or digits_left[place] < left:
            return
        position = len(cells) % group if group else -1
        if position == 0 and not length:
            for size in range(1, digits_left[place] - left + 2):
                known = _last_cell(ps, size) if left == group else None
                if left == group and (known is None or not _parts_fit(digits_left[place] - size, group - 1, size)):
                    continue
                walk(place, cells, size, 0.0, known)
            return
        for after, cell in graph[place]:  # shortest cell first: its digits and value only grow
            if group:
                size = cell.digits
                if position == group - 1:
                    if size != length or abs(cell.value - total) > 1e-9:
                        continue
                    cells.append(cell)
                    walk(after, cells, 0, 0.0, None)
                    cells.pop()
                    continue
                now = total + cell.value
                if size > length or now >= 10 ** length or (target is not None and now > target):
                    break
                if cell.value < 0:
                    continue
                if target is not None and not _can_reach(target - now, digits_left.get(after, 0) - length,
                                                         group - 2 - position, length):
                    continue
            cells.append(cell)
            walk(after, cells, length, total + cell.value, target)
            cells.pop()

    walk((0, 0), [], 0, 0.0, None)
    return found


def _last_cell(ps: tuple[tuple[str, int], ...], size: int) -> float | None:
    """The value of the text's last `size` digits as one cell, or None when they cannot be one."""
    text = ps[-1][0]
    tail = text[-size:]
    if len(text) < size or not tail.isdigit() or (size > 1 and tail[0] == "0"):
        return None
    return float(tail)


def _can_reach(need: float, digits: int, parts: int, longest: int) -> bool:
    """Whether `parts` cells of at most `longest` digits, on `digits` digits, may add up to `need`: the
    largest such sum has one cell as long as the others leave it and single digits for the rest."""
    if not _parts_fit(digits, parts, longest):
        return False
    if parts == 0:
        return need == 0
    return need < 10 ** min(longest, digits - parts + 1) + 9 * (parts - 1)


def _parts_fit(digits: int, parts: int, longest: int) -> bool:
    """Whether `digits` digits can make `parts` cells of at most `longest` digits each."""
    return parts <= digits <= parts * longest


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text.split(".")[0])


def _digits_after(ps: tuple[tuple[str, int], ...]) -> dict[tuple[int, int], int]:
    """For each place, how many cells at most can still start there or after (one per digit)."""
    left: dict[tuple[int, int], int] = {}
    count = 0
    for i in range(len(ps) - 1, -1, -1):
        text = ps[i][0]
        for j in range(len(text) - 1, -1, -1):
            count += text[j].isdigit()
            left[(i, j)] = count
    return left
