"""Putting a row's numbers into their columns (place_row), by the template's grammar.

A row that shows as many numbers as it has columns is read in order; a row with fewer numbers is read
by position only when the layout shows every cell (blanks included) or the text ends inside it;
otherwise nothing of it is placed and a finding says so. Nothing is ever filled in. aligned_sections
tells, from a report's rows before its end, where a row cut by the end of the text may be read from its
left; row_columns names the (metric, applicant) of each column of a row. The rows come from tables.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import grammar
from .catalog import APPLICANT_IDS, metric
from .cells import BLANK, CUT, NUMBER, Token
from .model import Fact
from .tables import ORPHAN, Row, header_form


@dataclass(slots=True)
class Placed:
    """The facts one row gives, and why some of its numbers were not placed."""

    facts: list[Fact]
    doubt: str = ""  # rule id of a finding, '' when the row was read in full
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Alignment:
    """What a report's rows before its end show about its layout (see aligned_sections)."""

    sections: frozenset  # sections whose rows show exactly one cell per column where they show blanks
    drops_empty_cells: bool  # a whole row of cells on lines of their own showed fewer cells than columns


def aligned_sections(rows: list[Row], template: str) -> Alignment:
    """Where a row cut by the end of the text may be read from its left.

    Not in a table whose rows carry extra fields (merged label cells flattened unevenly), and not in
    cells on lines of their own when the report's layout drops empty cells (a whole row shows fewer
    cells than columns; the cells that are left have lost their places): there the first cells of a
    cut row prove nothing.
    """
    bad, drops = set(), False
    for row in rows:
        columns = row_columns(row, template) if row.key != ORPHAN else None
        if not columns or row.at_end or any(c.kind == CUT for c in row.cells):
            continue
        count = len(row.numbers)
        if count < len(columns) and len(row.cells) > len(columns):
            bad.add(row.section)
        elif count and len(row.cells) < len(columns) and not all(c.separated for c in row.cells):
            drops = True
    return Alignment(frozenset({"二", "三", "四"} - bad), drops)


def place_row(row: Row, template: str, aligned: bool = True, drops_empty_cells: bool = False) -> Placed:
    """Put a row's numbers into their columns, or say why they cannot be put there with certainty.

    `aligned`: the row's table shows one cell per column; `drops_empty_cells`: the report's layout
    leaves empty cells out where cells stand on lines of their own (see aligned_sections).
    """
    if row.key == ORPHAN:
        if row.numbers and row.label:
            return Placed([], "cell.uncertain", f"第 {row.line} 行的行名“{row.label}”不是模板中的行名，"
                                                f"其 {len(row.numbers)} 个数值无法确定属于哪一行")
        if row.numbers:
            return Placed([], "cell.uncertain", f"第 {row.line} 行的 {len(row.numbers)} 个数值没有行名，无法确定属于哪一行")
        return Placed([])
    columns = row_columns(row, template)
    if columns is None:
        if row.numbers:
            return Placed([], "cell.uncertain", f"{len(row.numbers)} 个数值，无法确定所属的列（表头缺失）")
        return Placed([])
    cells = row.cells
    cut = next((i for i, c in enumerate(cells) if c.kind == CUT), None)
    if cut is not None:
        cells = cells[:cut]
    if row.at_end:  # an empty field where the text stops may be the place of the cut, not an empty cell
        while cells and cells[-1].kind == BLANK:
            cells = cells[:-1]
    width = len(columns)
    shown = [c for c in cells if c.kind != BLANK]
    if len(shown) == width:  # every column has its cell: empty fields after the last are the line's end
        while cells[-1].kind == BLANK:
            cells = cells[:-1]
    numbers = [c for c in cells if c.kind == NUMBER]
    if len(numbers) == width and len(shown) == width and cut is None:
        return Placed(_facts(row, columns, numbers))
    if len(numbers) > width:
        listed = (f"：似为其上 {row.listed} 行的数值列在全部行名之后（PDF 转出的文本常见），各列次序无法确定"
                  if row.listed else "")
        return Placed([], "cell.excess", f"{len(numbers)} 个数值，多于 {width} 列{listed}，未采用")
    if row.broken and numbers:
        return Placed([], "cell.uncertain", f"数值之间夹有文字，显示 {len(numbers)} 个数值，无法确定各数值所在的列")
    ends_here = row.at_end or cut is not None
    # a row the text ends in is read from its left only where every cell shows its own bounds
    readable_cut = (aligned and ends_here and len(cells) < width and all(c.delimited for c in cells)
                    and (not drops_empty_cells or all(c.separated for c in cells)))
    if (len(cells) == width and (aligned or not ends_here)) or readable_cut:
        placed = [(col, c) for col, c in zip(columns, cells) if c.kind == NUMBER]
        facts = _facts(row, tuple(p[0] for p in placed), [p[1] for p in placed])
        if cut is not None or (row.at_end and len(cells) < width):
            return Placed(facts, "table.cut", f"文本在此行中断，仅读取前 {len(cells)} 格")
        return Placed(facts)
    if numbers:
        return Placed([], "cell.uncertain",
                      f"显示 {len(numbers)} 个数值、共 {len(cells)} 格，与 {width} 列对不上，无法确定各数值所在的列")
    return Placed([])


def row_columns(row: Row, template: str) -> tuple[tuple[str, str], ...] | None:
    """(metric, applicant) of each column of a row, in order; None when its columns cannot be told."""
    # section 三's columns are its key's whatever it shows; the others' may depend on how many numbers it shows
    count = 0 if row.section == "三" else sum(1 for c in row.cells if c.kind == NUMBER)
    return _columns(row.section, row.key, row.headers, count, template)


@lru_cache(maxsize=4096)  # every report asks again for the same few dozen rows' columns
def _columns(section: str, key: str, headers: frozenset, count: int, template: str):
    if section == "三":
        return tuple((key, a) for a in APPLICANT_IDS)
    if section == "四":
        groups = {grammar.APPEAL_GROUP_HEADERS[h] for h in headers if h in grammar.APPEAL_GROUP_HEADERS}
        if len(groups) == 1 and count <= 5:  # one group's table of its own (### 行政复议 …)
            group = groups.pop()
            return tuple((m, "") for m in grammar.APPEAL_COLUMNS if m.startswith(group + "."))
        return tuple((m, "") for m in grammar.APPEAL_COLUMNS)
    variants = grammar.PROACTIVE_ROWS[key].variants
    form = header_form(headers)
    if form in variants:
        return tuple((m, "") for m in variants[form])
    if len(set(variants.values())) == 1:  # both forms have the same columns
        return tuple((m, "") for m in next(iter(variants.values())))
    fitting = {v for v in variants.values() if len(v) == count}
    if len(fitting) == 1:
        return tuple((m, "") for m in fitting.pop())
    if len(fitting) > 1 and template in variants:  # both forms have this width: the report's form
        return tuple((m, "") for m in variants[template])
    return None


def _facts(row: Row, columns: tuple, numbers: list[Token]) -> list[Fact]:
    section = row.section
    return [Fact(metric_id, applicant, tok.value, tok.unit or unit, tok.line, section, field=tok.field)
            for (metric_id, applicant), unit, tok in zip(columns, _column_units(columns, row.unit), numbers)]


@lru_cache(maxsize=4096)  # the same few dozen columns in every report
def _column_units(columns: tuple, row_unit: str) -> tuple[str, ...]:
    """The unit of each column where its cell states none: the row's (amounts only), else the metric's."""
    return tuple((row_unit if metric_id in grammar.AMOUNT_METRICS else "") or metric(metric_id).default_unit
                 for metric_id, _ in columns)
