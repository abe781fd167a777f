"""Tables whose cells ran together (text taken from HTML by lxml's text_content() or a crawler's get_text()).

pieces.py finds the rows by the template's labels, splits.py lists the ways their digits cut into cells,
solver.py and sections.py keep the cuts the table's own arithmetic allows. A table is read this way when
one of its rows shows that separators were lost (see _is_glued): then every row of that table, and every
row on a line with such a row, is read here (on lines without tabs or pipes); the token reader leaves
those rows alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .. import grammar
from ..catalog import metric
from ..model import Fact
from ..text import MAX_RECURRING_LINE
from .pieces import FRESH, GluedRow, line_reading
from .sections import APPEALS_WIDTH, APPS_WIDTH, Note, Reading, read_appeals, read_applications, read_proactive

FORCED, ARITHMETIC = "glued", "arithmetic"  # the `reading` of a value the text forces / the arithmetic settles


@dataclass(slots=True)
class GluedTables:
    """What the glued reader found: facts, findings, and where its tables and headings stand."""

    facts: list[Fact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    rows: list[GluedRow] = field(default_factory=list)  # the rows read here (their lines are the reader's)
    headings: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # section → (line, start, end) of
    # its heading inside a line
    lines: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> set[tuple[int, str]]:
        """(line, section) of the rows read here."""
        return {(r.line, r.section) for r in self.rows}

    def section_text(self, section: str) -> tuple[int, str] | None:
        """(line, words) of a section whose heading stands inside a line: its words up to the next heading
        of that line, or to the end of the line."""
        if section not in self.headings:
            return None
        line, start, end = self.headings[section]
        ends = [s for ln, s, _ in self.headings.values() if ln == line and s > start]
        return line, self.lines[line - 1][end: min(ends, default=len(self.lines[line - 1]))]


def read_glued(lines: list[str], ends_mid_text: bool = False) -> GluedTables:
    """The glued tables of a report's normalised lines (nothing when its tables are not glued).

    `ends_mid_text`: the text stops on a character, so digits that run to its end may have lost their
    last ones: that row is not read (a finding says so)."""
    shown: list[tuple[int, tuple[GluedRow, ...], dict]] = []  # (line, its rows, its headings) of lines with rows
    any_glued = False
    state = FRESH
    for number, line in enumerate(lines, start=1):
        if "\t" in line or "|" in line:
            state = FRESH
            continue
        short = len(line) <= MAX_RECURRING_LINE
        if not (_may_hold_rows(line) if short else _may_hold_rows.__wrapped__(line)):
            if state[3] and line.strip():  # section 四's header line is no longer the line before
                state = (*state[:3], False)
            continue
        rows, line_headings, state, glued_here = _read_line(line, state) if short else _read_line.__wrapped__(line, state)
        if rows:
            shown.append((number, rows, line_headings))
            any_glued = any_glued or glued_here
    if not any_glued:  # no row shows lost separators: the token reader reads every table
        return GluedTables(lines=lines)
    found = [replace(r, line=number) for number, rows, _ in shown for r in rows]
    headings = {number: line_headings for number, _, line_headings in shown}
    glued = [r for r in found if _is_glued(r)]
    sections, glued_lines = {r.section for r in glued}, {r.line for r in glued}
    rows = [r for r in found if r.section in sections or r.line in glued_lines]
    out = GluedTables(rows=rows, lines=lines)
    if ends_mid_text and rows and _runs_to_the_end(rows[-1], lines):
        cut = rows.pop()
        out.notes.append(Note("table.cut", f"文本在表{cut.section}「{cut.label}」行的数字“{cut.text[:60]}”处结束，"
                                           "数字可能不完整，该行未采用", cut.line, cut.key if cut.section == "三" else ""))
    for number in sorted({r.line for r in rows}):
        for section, (start, end) in headings[number].items():
            out.headings.setdefault(section, (number, start, end))
    _read(out, rows)
    return out


# Reports of one template share most of their lines: each is read once for each state the lines before leave.
@lru_cache(maxsize=65536)
def _read_line(line: str, state: tuple) -> tuple[tuple[GluedRow, ...], dict, tuple, bool]:
    """line_reading, and whether one of the line's rows shows lost separators."""
    rows, headings, after = line_reading(line, state)
    return rows, headings, after, any(_is_glued(r) for r in rows)


def _runs_to_the_end(row: GluedRow, lines: list[str]) -> bool:
    text, offset = row.runs[-1]
    return (row.line == max((n for n, line in enumerate(lines, 1) if line.strip()), default=0)
            and offset + len(text) == len(lines[row.line - 1].rstrip()))


@lru_cache(maxsize=65536)
def _may_hold_rows(line: str) -> bool:
    """A cheap test before the labels are looked for: the last characters of a label right before digits
    (or a line of digits, section 四's), or header words that may name the next line's block."""
    return bool(_LABEL_THEN_DIGITS.search(line)) or any(w in line for w in _HEADER_HINTS)


# how the template's row labels end (their notes in brackets aside), then digits
_LABEL_THEN_DIGITS = re.compile(r"(?:数量|公开|秘密|稳定|权益|信息|案卷|事项|制作|明确|申请|出版物|其他|总\s?计|办理|处理|年度|结转|规章|文件|许可|"
                                r"服务|处罚|强制|收费|采购|审结|\))[\s”\"]*[+-]?\d|^\s*\d[\d ]*$")
_HEADER_HINTS = ("本年", "数量", "金额", "结果", "总计", "信息内容", "行政复议", "行政诉讼", "起诉")


def _width(row: GluedRow) -> int:
    if row.section == "三":
        return APPS_WIDTH
    if row.section == "四":
        return APPEALS_WIDTH // len(grammar.APPEAL_GROUPS) if row.group else APPEALS_WIDTH
    variants = grammar.PROACTIVE_ROWS[row.key].variants
    return len(variants[row.form]) if row.form in variants else max(len(v) for v in variants.values())


def _is_glued(row: GluedRow) -> bool:
    """Fewer numbers than cells but digits enough for every cell, and one number that cannot be one: it
    begins with 0 ("0000000", "021"), or holds a digit for every cell of a row of seven or more (no count of
    applications runs to seven digits), or of any row when it follows its label with no space ("规章000").
    A text that only dropped its blank cells ("规范性文件 417" of 417 | | ) shows none of these."""
    width = _width(row)
    if not len(row.runs) < width <= row.digits:
        return False
    if any(_ZERO_LED.match(text) for text, _ in row.runs):
        return True
    longest = max(sum(ch.isdigit() for ch in text) for text, _ in row.runs)
    return longest >= width and (width >= APPS_WIDTH or row.tight or row.section == "四") and width > 1


_ZERO_LED = re.compile(r"[+-]?0\d")


def _read(out: GluedTables, rows: list[GluedRow]) -> None:
    readings: list[Reading] = []
    apps = [r for r in rows if r.section == "三"]
    if apps:
        got, notes = read_applications(apps)
        readings += got
        out.notes += notes
    for row in rows:
        if row.section == "四":
            reading, notes = read_appeals(row)
        elif row.section == "二":
            reading, notes = read_proactive(row)
        else:
            continue
        readings += [reading] if reading else []
        out.notes += notes
    for reading in readings:
        out.facts += _facts(reading)


def _facts(reading: Reading) -> list[Fact]:
    row = reading.row
    facts = []
    for (metric_id, applicant), cell, inferred in zip(reading.columns, reading.cells, reading.inferred):
        if cell is None:
            continue
        unit = row.unit if metric_id in grammar.AMOUNT_METRICS and row.unit else metric(metric_id).default_unit
        facts.append(Fact(metric_id, applicant, cell.value, unit, row.line, row.section,
                          reading=ARITHMETIC if inferred else FORCED, char_start=cell.start, char_end=cell.end))
    return facts
