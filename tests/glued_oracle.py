"""A brute-force oracle for tables whose cells ran together, independent of loaders.glued.

It lists every split of every row (a cell is a number written without a leading zero; a space is a
boundary), keeps the splits that satisfy the row's own identity, then tries every combination of the
rows' splits against the column identities. A cell is settled when every split of its row agrees on it,
or when every combination that satisfies all the equations does; a row with a cell left open is
ambiguous. Slow on purpose: it is the definition the solver must meet.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from loaders.catalog import APPLICANT_IDS, metrics
from loaders.grammar import ROWS_2019, ROWS_2021

_CELL = re.compile(r"[+-]?(?:0|[1-9]\d*)(?:\.\d+)?")
COMBINATIONS = 200_000  # past this many combinations a table is left undecided (counted by the tests)


@dataclass
class ShownRow:
    """A table row as the generated text shows it: its section, its cells' keys, its digits."""

    section: str
    keys: list[tuple[str, str]]
    digits: str


def rows_of(text: str, spans: dict) -> list[ShownRow]:
    """The glued rows of a generated text, from where the generator put each value: values with nothing
    but spaces between them are one row (a label or a line break ends it)."""
    runs: list[list] = []
    for key, (start, end) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        if key[0] == "proactive.items_total":
            continue
        if runs and not text[runs[-1][2]:start].strip(" "):
            runs[-1][0].append(key)
            runs[-1][2] = end
        else:
            runs.append([[key], start, end])
    return [ShownRow(metrics()[keys[0][0]].section, keys, text[start:end]) for keys, start, end in runs]


def splits(digits: str, width: int) -> list[tuple[float, ...]]:
    """Every split of a row's text into `width` cells."""
    runs = digits.split()
    out: list[tuple[float, ...]] = []

    def cut_run(run: str, start: int, cells: list[str], rest: list[str]) -> None:
        if start == len(run):
            walk(rest, cells)
            return
        for end in range(start + 1, len(run) + 1):
            piece = run[start:end]
            if _CELL.fullmatch(piece):
                cells.append(piece)
                cut_run(run, end, cells, rest)
                cells.pop()

    def walk(rest: list[str], cells: list[str]) -> None:
        if len(cells) > width:
            return
        if not rest:
            if len(cells) == width:
                out.append(tuple(float(c) for c in cells))
            return
        cut_run(rest[0], 0, cells, rest[1:])

    walk(runs, [])
    return out


def _row_total_holds(cells: tuple[float, ...], group: int) -> bool:
    return all(abs(sum(cells[i:i + group - 1]) - cells[i + group - 1]) < 1e-9 for i in range(0, len(cells), group))


@dataclass
class OracleRow:
    section: str
    keys: list[tuple[str, str]]
    digits: str
    candidates: list[tuple[float, ...]] = field(default_factory=list)  # splits its own identity keeps
    all_count: int = 0
    settled: dict[tuple[str, str], float] = field(default_factory=dict)
    ambiguous: bool = False


@dataclass
class Verdict:
    rows: list[OracleRow]
    undecided: bool = False  # too many combinations to try

    @property
    def settled(self) -> dict[tuple[str, str], float]:
        return {k: v for r in self.rows for k, v in r.settled.items()}


def judge(shown_rows) -> Verdict:
    """The oracle's reading of a report's glued rows (each with .section, .keys and .digits)."""
    rows = []
    for shown in shown_rows:
        row = OracleRow(shown.section, list(shown.keys), shown.digits)
        every = splits(row.digits, len(row.keys))
        row.all_count = len(every)
        _agree(row, every)
        group = {"三": 7, "四": 5}.get(row.section, 0)
        row.candidates = [c for c in every if _row_total_holds(c, group)] if group else every
        rows.append(row)
    verdict = Verdict(rows)
    for row in rows:
        if row.section == "四" and row.candidates:
            _agree(row, row.candidates)
    apps = [r for r in rows if r.section == "三"]
    if apps and all(r.candidates for r in apps):
        supported = _joint(apps)
        if supported is None:
            verdict.undecided = True
        elif all(supported):
            for row, cands in zip(apps, supported):
                _agree(row, cands)
    return verdict


def _agree(row: OracleRow, cands: list[tuple[float, ...]]) -> None:
    """Settle the columns all candidates agree on; mark the row ambiguous when one stays open."""
    if not cands:
        return
    for col, key in enumerate(row.keys):
        values = {c[col] for c in cands}
        if len(values) == 1:
            row.settled[key] = values.pop()
    row.ambiguous = len(row.settled) < len(row.keys) and len(cands) > 1


def _joint(apps: list[OracleRow]) -> list[list[tuple[float, ...]]] | None:
    """For each row, the candidates that some combination satisfying every column equation uses."""
    index = {r.keys[0][0]: i for i, r in enumerate(apps)}
    form = ROWS_2021 if any(k.startswith("apps.other.") for k in index) else ROWS_2019
    ends = ("apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward")
    outcomes = [k for k in form if k not in ends]
    open_rows = [i for i, r in enumerate(apps) if len(r.candidates) > 1]
    total = 1
    for i in open_rows:
        total *= len(apps[i].candidates)
        if total > COMBINATIONS:
            return None
    used: list[set] = [set() for _ in apps]
    for choice in itertools.product(*(range(len(apps[i].candidates)) for i in open_rows)):
        pick = {i: 0 for i in range(len(apps))} | dict(zip(open_rows, choice))
        value = {k: apps[i].candidates[pick[i]] for k, i in index.items()}
        if _holds(value, ends, outcomes):
            for i, j in pick.items():
                used[i].add(j)
    return [[apps[i].candidates[j] for j in sorted(used[i])] for i in range(len(apps))]


def _holds(value: dict, ends, outcomes) -> bool:
    for col in range(len(APPLICANT_IDS)):
        if all(k in value for k in ends):
            new, carried, done, forward = (value[k][col] for k in ends)
            if abs(new + carried - done - forward) > 1e-9:
                return False
        if "apps.outcome_total" in value and all(k in value for k in outcomes):
            if abs(sum(value[k][col] for k in outcomes) - value["apps.outcome_total"][col]) > 1e-9:
                return False
    return True
