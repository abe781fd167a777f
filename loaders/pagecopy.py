"""The table rows of a web page copied from a browser (select all, copy: `document.body.innerText`).

A table cell that holds a paragraph puts its text on lines of its own; between two cells of a row
stands a line holding only a tab (one tab per cell boundary, so two tabs enclose a cell with no text);
an empty cell (&nbsp;) is a lone space; a header broken with <br> goes on over the next line
(本年新 / 制作数量); rows are apart by runs of blank lines. The tab lines are what tell the cells of
one row from the next row: this module finds the rows from the lines alone, and cells.py gives each
cell its field in its row, as a tab row gives it.

    a          cell 1 of a row
    (blank)
    <tab>      the next cell of the same row follows
    (blank)
    b          cell 2
    (4 blanks) the row ends: the next line is not after a tab line
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

_TABS_ONLY = re.compile(r"^[ ]*\t[\t ]*$")
MIN_TAB_LINES = 3  # fewer lines of only tabs are chance, not a copied page


@dataclass(slots=True)
class CopiedRow:
    """A row of a copied table: the 0-based index of the line it begins on, and its cells, each the
    indices of its lines (a cell with no text: the tab line that ends it, or its lone-space line)."""

    start: int
    cells: list[list[int]] = field(default_factory=list)


def is_tab_line(line: str) -> bool:
    return bool(_TABS_ONLY.match(line))


def copied_rows(lines: list[str], joins: Callable[[int], bool] = lambda i: False) -> list[CopiedRow]:
    """The rows of two or more cells that tab lines join (none unless the text has such lines).

    A cell goes on over a line right below it (a <br>) within a row, and over the next paragraph
    where `joins(i)` says line i can only be more of a cell (words that are no label, heading or
    sentence: 制作数量, a label's note in brackets); a paragraph after one blank line is otherwise the
    next block, and more blank lines end the row."""
    if sum(1 for line in lines if "\t" in line and is_tab_line(line)) < MIN_TAB_LINES:
        return []
    rows: list[CopiedRow] = []
    row: CopiedRow | None = None
    cell: list[int] = []
    after_tab, blanks = False, 0

    def close() -> None:
        if row is not None and len(row.cells) + bool(cell) >= 2:
            if cell:
                row.cells.append(cell)
            rows.append(row)

    for i, line in enumerate(lines):
        if "\t" in line and is_tab_line(line):
            if row is None:
                row = CopiedRow(cell[0] if cell else i)
            row.cells.append(cell or [i])
            row.cells.extend([i] for _ in range(line.count("\t") - 1))
            cell, after_tab, blanks = [], True, 0
        elif not line:
            blanks += 1
        else:
            if after_tab and blanks >= 2:  # the row ended in an empty cell without a paragraph
                row.cells.append([i - blanks - 1])
                close()
                row, cell = None, [i]
            elif after_tab or (cell and (blanks == 0 and row is not None or blanks <= 1 and joins(i))):
                cell.append(i)
            else:
                close()
                row, cell = None, [i]
            after_tab, blanks = False, 0
    close()
    return rows
