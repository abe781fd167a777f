"""Reading the glued rows of sections 二, 三 and 四: what the digits force, and what the table's own
arithmetic settles among the cuts the digits allow.

- Section 三: each row's six applicant cells add up to its 总计; per column 一 + 二 = （七）总计 + 四, and the
  outcome rows add up to （七）总计. Solved over the whole table (solver.py).
- Section 四: each of its three groups has four results and a total that is their sum.
- Section 二 has no identity within a row: only what the digits force is read.

A cell every cut of its row agrees on is read whatever the arithmetic says. When no choice of cuts makes
the table add up, only those cells are kept and the failing identity is a finding: never a repair.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import grammar
from ..catalog import APPLICANT_IDS, APPLICANT_LABELS, metric
from .pieces import GluedRow
from .solver import Equation, OverBudget, satisfiable, supported
from .splits import Cell, TooMany, cuts, forced_cells

APPS_WIDTH = len(APPLICANT_IDS)
APPEALS_WIDTH = len(grammar.APPEAL_COLUMNS)
SHOWN_CUTS = 4  # cuts a finding lists
SHOWN_DIGITS = 60  # characters of a row's digits a finding quotes


@dataclass(frozen=True, slots=True)
class Note:
    """A finding for the report: rule id, message, line, metric, applicant column."""

    rule: str
    message: str
    line: int
    metric: str = ""
    applicant: str = ""


@dataclass(slots=True)
class Reading:
    """One glued row read: a cell per column (None where unread) and which of them the arithmetic settled."""

    row: GluedRow
    columns: tuple[tuple[str, str], ...]  # (metric, applicant) of each column
    cells: list[Cell | None]
    inferred: list[bool]
    forced: list[Cell | None] = field(default_factory=list)
    cuts: list[tuple[Cell, ...]] | None = None  # cuts its own identity allows; None: too many to list
    count: int = 0  # cuts of its digits into its columns, arithmetic aside


def _shown(row: GluedRow) -> str:
    """The row's digits as a finding quotes them (a hostile run of thousands of digits is cut short)."""
    text = row.text
    return text if len(text) <= SHOWN_DIGITS else text[:SHOWN_DIGITS] + "…"


_GROUP_NAMES = {"review": "行政复议", "lit_direct": "行政诉讼·未经复议直接起诉", "lit_after_review": "行政诉讼·复议后起诉"}


def _cut_text(cut: tuple[Cell, ...]) -> str:
    return "|".join(c.text for c in cut)


def _cut_list(cut_list: list[tuple[Cell, ...]], count: int) -> str:
    shown = "、".join(_cut_text(c) for c in cut_list[:SHOWN_CUTS])
    return shown + (f" 等 {count} 种" if count > SHOWN_CUTS else "")


def _row_name(row: GluedRow) -> str:
    if row.section == "三":
        return f"表三「{metric(row.key).label}」行"
    if row.section == "四":
        return f"表四（{_GROUP_NAMES.get(row.group, '行政复议、行政诉讼')}）"
    return f"表二「{row.label}」行"


def _first_reading(row: GluedRow, columns, group: int, notes: list[Note]) -> Reading:
    """A row's forced cells and the cuts its own identity (groups of `group` cells) allows."""
    width = len(columns)
    forced, count = forced_cells(row.runs, width)
    reading = Reading(row, columns, list(forced), [False] * width, forced, [], count)
    if not count:
        notes.append(Note("cell.uncertain", f"{_row_name(row)}：数字“{_shown(row)}”无法拆成 {width} 格（每格一个不以 0 开头的数），"
                                            "未采用", row.line, _metric(row)))
        return reading
    if not group:
        return reading
    try:
        reading.cuts = cuts(row.runs, width, group)
    except TooMany:
        reading.cuts = None
        notes.append(Note("cell.uncertain", f"{_row_name(row)}：数字“{_shown(row)}”的拆法过多，仅读取各种拆法都相同的格",
                          row.line, _metric(row)))
    return reading


def _metric(row: GluedRow) -> str:
    return row.key if row.section == "三" else ""


def _settle(reading: Reading, cut_list: list[tuple[Cell, ...]]) -> None:
    """Take the cells all remaining cuts agree on (the forced ones stay as the text gives them)."""
    for col in range(len(reading.columns)):
        if reading.forced[col] is not None:
            continue
        values = {cut[col].value for cut in cut_list}
        if len(values) == 1:
            reading.cells[col] = cut_list[0][col]
            reading.inferred[col] = True


def _ambiguous_note(reading: Reading, remaining: list[tuple[Cell, ...]]) -> Note | None:
    if len(remaining) < 2 or all(c is not None for c in reading.cells):
        return None
    return Note("cell.uncertain", f"{_row_name(reading.row)}：数字“{_shown(reading.row)}”有 {len(remaining)} 种拆法"
                                  f"与表格的合计都相符（{_cut_list(remaining, len(remaining))}），未确定的格未采用",
                reading.row.line, _metric(reading.row))


# ---------------------------------------------------------------------------------------------
# Section 三
# ---------------------------------------------------------------------------------------------
def read_applications(rows: list[GluedRow]) -> tuple[list[Reading], list[Note]]:
    """Section 三's glued rows, solved over the whole table."""
    notes: list[Note] = []
    readings: list[Reading] = []
    seen = set()
    for row in rows:
        if row.key in seen:
            continue
        seen.add(row.key)
        reading = _first_reading(row, tuple((row.key, a) for a in APPLICANT_IDS), APPS_WIDTH, notes)
        if reading.cuts == [] and reading.count and any(c is None for c in reading.forced):
            notes.append(Note("apps.row_total", f"{_row_name(row)}：数字“{_shown(row)}”无论怎样拆分，六类申请人之和都不等于总计；"
                                                "仅读取各种拆法都相同的格", row.line, row.key))
        readings.append(reading)
    usable = {i: r for i, r in enumerate(readings) if r.cuts}
    domains = {i: [tuple(c.value for c in cut) for cut in r.cuts] for i, r in usable.items()}
    equations = _application_equations({r.row.key: i for i, r in usable.items()})
    try:
        support = supported(domains, equations)
    except OverBudget:
        support = None
    if support is not None and any(not s for s in support.values()):
        notes.extend(_failing_identities(domains, equations, usable))
        return readings, notes
    for i, reading in usable.items():
        remaining = reading.cuts if support is None else [reading.cuts[j] for j in sorted(support[i])]
        _settle(reading, remaining)
        note = _ambiguous_note(reading, remaining)
        if note:
            notes.append(note)
    return readings, notes


def _application_equations(index: dict[str, int]) -> list[Equation]:
    """一 + 二 = （七）总计 + 四, and the outcome rows = （七）总计, per column, over the rows shown."""
    outcomes = [k for k in (grammar.ROWS_2021 if any(k.startswith("apps.other.") for k in index) else grammar.ROWS_2019)
                if k not in ("apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward")]
    equations = []
    balance = ("apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward")
    for col in range(APPS_WIDTH):
        if all(k in index for k in balance):
            equations.append(Equation(tuple((index[k], col, sign) for k, sign in zip(balance, (1, 1, -1, -1))),
                                      "apps.balance", col))
        if "apps.outcome_total" in index and all(k in index for k in outcomes):
            terms = tuple((index[k], col, 1) for k in outcomes) + ((index["apps.outcome_total"], col, -1),)
            equations.append(Equation(terms, "apps.outcome_total", col))
    return equations


def _failing_identities(domains, equations: list[Equation], usable: dict[int, Reading]) -> list[Note]:
    """The identities that no cut of the rows can make hold (those with an unsplit cell: the checks
    report the others, with their numbers), or one note that they cannot hold together."""
    notes = []
    failing = [eq for eq in equations if not _can_hold(domains, eq)]
    for eq in failing:
        if all(usable[r].forced[c] is not None for r, c, _ in eq.terms):
            continue
        what = "新收 + 上年结转 ≠ 办理结果总计 + 结转下年度" if eq.name == "apps.balance" else "各项办理结果之和 ≠ （七）总计"
        notes.append(Note(eq.name, f"表三{APPLICANT_LABELS[APPLICANT_IDS[eq.column]]}列：数字无论怎样拆分都是{what}；"
                                   "仅读取各种拆法都相同的格", usable[eq.terms[0][0]].row.line, "apps.outcome_total",
                          APPLICANT_IDS[eq.column]))
    if not failing:
        first = next(iter(usable.values()))
        notes.append(Note("apps.balance", "表三：各行数字的拆法无法同时满足勾稽关系与办理结果合计；仅读取各种拆法都相同的格",
                          first.row.line, "apps.outcome_total"))
    return notes


def _can_hold(domains, equation: Equation) -> bool:
    try:
        return satisfiable(domains, equation)
    except OverBudget:
        return True


# ---------------------------------------------------------------------------------------------
# Sections 四 and 二
# ---------------------------------------------------------------------------------------------
def read_appeals(row: GluedRow) -> tuple[Reading, list[Note]]:
    """Section 四's fifteen cells (three groups of four results and their total), or one group's five."""
    notes: list[Note] = []
    columns = [m for m in grammar.APPEAL_COLUMNS if not row.group or m.startswith(row.group + ".")]
    reading = _first_reading(row, tuple((m, "") for m in columns), 5, notes)
    if reading.cuts == [] and reading.count and any(c is None for c in reading.forced):
        notes.append(Note("appeals.total", f"{_row_name(row)}：数字“{_shown(row)}”无论怎样拆分，各组结果之和都不等于总计；"
                                           "仅读取各种拆法都相同的格", row.line))
    elif reading.cuts:
        _settle(reading, reading.cuts)
        note = _ambiguous_note(reading, reading.cuts)
        if note:
            notes.append(note)
    return reading, notes


def read_proactive(row: GluedRow) -> tuple[Reading | None, list[Note]]:
    """A section 二 row: only the cells every cut agrees on (its columns have no identity)."""
    variants = grammar.PROACTIVE_ROWS[row.key].variants
    columns = variants.get(row.form)
    if columns is None:
        fitting = {v for v in variants.values() if forced_cells(row.runs, len(v))[1]}
        columns = fitting.pop() if len(fitting) == 1 else None
    if columns is None:
        return None, [Note("cell.uncertain", f"{_row_name(row)}：数字“{_shown(row)}”，表头缺失，无法确定列数，未采用", row.line)]
    notes: list[Note] = []
    reading = _first_reading(row, tuple((m, "") for m in columns), 0, notes)
    if reading.count > 1:
        try:
            listed = cuts(row.runs, len(columns), limit=2000, most=SHOWN_CUTS)
        except TooMany:
            listed = []
        shown = f"（{_cut_list(listed, reading.count)}）" if listed else ""
        notes.append(Note("cell.uncertain", f"{_row_name(row)}：数字“{_shown(row)}”有 {reading.count} 种拆法{shown}，"
                                            "本表没有可用的合计关系，仅读取各种拆法都相同的格", row.line))
    return reading, notes
