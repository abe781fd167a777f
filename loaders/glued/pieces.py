"""Finding a table's rows in text whose cells ran together: each row label and the digits after it.

A crawler's text of an HTML table keeps the labels and the digits but no separator between cells, often
the whole report on one line: "…一、本年新收政府信息公开申请数量640020470二、上年结转…". The template's
labels cut such a line into rows; the digits between a label and the next are the row's cells, the spaces
the text kept inside them are boundaries. Section headings found inside a line mark where its sections
start and end (characters, not lines).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import grammar

# A section heading inside a line: its number and its words (the table rows "一、本年新收" and "四、结转下年度"
# share the numbering, not the words).
_INLINE_HEADINGS = (
    ("一", r"一\s*[、.]\s*(?:总体情况|概述|基本情况|工作概况|总体概况)"),
    ("二", r"二\s*[、.]\s*主动公开政府信息(?:的)?情况"),
    ("三", r"三\s*[、.]\s*收到和处理政府信息公开申请(?:的)?情况"),
    ("四", r"四\s*[、.]\s*(?:因)?政府信息公开(?:申请)?(?:提起)?行政复议\W?[与和及]?(?:提起)?行政诉讼(?:的)?情况"),
    ("五", r"五\s*[、.]\s*(?:政府信息公开工作)?存在的?主要问题(?:及|和)(?:其)?改进(?:情况|措施)"),
    ("六", r"六\s*[、.]\s*其他需要报告的事项"),
)
_HEADING = re.compile("|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(_INLINE_HEADINGS)))
# the digits of a row: numbers with the spaces the text kept, then a unit written after them
_STRETCH = re.compile(r" *([+-]?\d+(?:\.\d+)?(?: *[+-]?\d+(?:\.\d+)?)*)( *万元| *元)?")
_RUN = re.compile(r"\S+")
_SPACES = re.compile(r" *")
_ITEM_END = re.compile(r"[.、](?!\d)")  # "2." after a row's digits: the number of the next row's label
_COUNTED = re.compile(r" *[件条项个次人份余多%]")  # "…申请数量12件": a sentence's count, not a row's cells
# words between section 四's last header and its digits ("…尚未审结总计0 0 0…")
_APPEALS_GAP = re.compile(r"(?: |总计)*")


@dataclass(frozen=True, slots=True)
class GluedRow:
    """A row label and the digits after it, on one line."""

    key: str  # metric id (section 三), a ProactiveRow key (section 二), 'appeals' (section 四)
    section: str
    line: int
    label: str
    runs: tuple[tuple[str, int], ...]  # (digits, offset in the line) of each run between spaces
    unit: str = ""  # the unit written after the digits, or stated by the header of the row's block
    form: str = ""  # section 二: the form ('2019' or '2021') its block's headers name, '' when unknown
    tight: bool = False  # the digits begin right after the label (or its note), with no space
    group: str = ""  # section 四 written as three tables of five: the one group (review, lit_direct…) it is

    @property
    def digits(self) -> int:
        return sum(ch.isdigit() for text, _ in self.runs for ch in text)

    @property
    def text(self) -> str:
        return " ".join(text for text, _ in self.runs)


@dataclass(slots=True)
class LineRows:
    """What one line shows: its rows and the sections whose headings stand in it (section → start, end)."""

    rows: list[GluedRow]
    headings: dict[str, tuple[int, int]]


def inline_headings(line: str) -> dict[str, tuple[int, int]]:
    """Section → characters (start, end) of its heading in a line (the first of each)."""
    found: dict[str, tuple[int, int]] = {}
    for m in _HEADING.finditer(line):
        found.setdefault(_INLINE_HEADINGS[int(m.lastgroup[1:])][0], (m.start(), m.end()))
    return found


@dataclass(slots=True)
class Context:
    """What the lines before tell a line: the form and unit section 二's block headers named, section 四's
    group titles since its last digits, and whether the line before ended in section 四's headers."""

    form: str = ""
    unit: str = ""
    groups: list[str] = field(default_factory=list)
    appeals_open: bool = False


#: The state a line is read in, Context's fields as a tuple (hashable): that of a report's first line.
FRESH: tuple = ("", "", (), False)


def line_reading(original: str, before: tuple = FRESH) -> tuple[tuple[GluedRow, ...], dict[str, tuple[int, int]], tuple]:
    """The rows of glued digits a line shows, at line 0 (rows with no digits after their label are left
    out), the section headings standing in it, and the state it leaves for the next line; `before` is the
    state the lines before left (the form and unit section 二's headers named, and so on: see Context).

    Labels are looked for with the spaces inside and around them set aside ("（ 七 ） 总 计"); a space
    between two digits stays, as the boundary it is. Offsets are the original line's."""
    context = Context(before[0], before[1], list(before[2]), before[3])
    shown = _line_rows(original, context)
    return tuple(shown.rows), shown.headings, (context.form, context.unit, tuple(context.groups), context.appeals_open)


def _line_rows(original: str, context: Context) -> LineRows:
    # rows at line 0: line_reading's rows are shared by every line of that text
    line, index = _compact(original)
    headings = inline_headings(line)
    starts = sorted((start, section) for section, (start, _) in headings.items())
    rows: list[GluedRow] = []
    block_form, block_start, block_unit = context.form, 0, context.unit
    groups = context.groups  # section 四's groups whose titles stand since its last digits
    resume, last_term = 0, None
    if context.appeals_open and line.strip():
        context.appeals_open = False
        stretch = _stretch(line, 0)
        if stretch and not line[stretch[2]:].strip():  # the digits of section 四 on a line of their own
            group = groups[0] if len(set(groups)) == 1 else ""
            rows.append(GluedRow("appeals", "四", 0, "", stretch[0], stretch[1], group=group))
            groups.clear()
            return _in_original(LineRows(rows, headings), index, original)
    for m in grammar.TERM_PATTERN.finditer(line):
        if m.start() < resume:
            continue
        term = grammar.term_of(m)
        last_term = (term, m.end())
        section = _section_at(starts, m.start()) or term.section
        if term.kind == grammar.BLOCK:
            block_form, block_start, block_unit = "", m.end(), ""
            continue
        if term.kind == grammar.HEADER and term.section == "二":
            block_form = grammar.HEADER_FORMS.get(term.key) or block_form
            continue
        if term.kind == grammar.HEADER and term.section == "四" and section == "四":
            if term.key in grammar.APPEAL_GROUP_HEADERS:
                groups.append(grammar.APPEAL_GROUP_HEADERS[term.key])
            gap = _APPEALS_GAP.match(line, m.end()).end()
            stretch = _stretch(line, gap)
            if stretch:
                group = groups[0] if len(set(groups)) == 1 else ""
                rows.append(GluedRow("appeals", "四", 0, m.group(), stretch[0], stretch[1], group=group))
                resume = stretch[2]
                groups.clear()
            continue
        key = _row_key(term, rows, line, m.start())
        if key is None or (starts and section != term.section):
            continue
        start = _after_label(line, m.end())
        stretch = _stretch(line, start)
        if not stretch:
            continue
        runs, unit, end = stretch
        tight = runs[0][1] == start and original[index[start] - 1] != " "
        if term.section == "二":
            unit = unit or _stated_unit(line[block_start:m.start()]) or block_unit
            rows.append(GluedRow(key, "二", 0, m.group(), runs, unit, block_form, tight))
        else:
            rows.append(GluedRow(key, "三", 0, m.group(), runs, unit, tight=tight))
        resume = end
    context.form, context.unit = block_form, _stated_unit(line[block_start:]) or block_unit
    context.appeals_open = (last_term is not None and last_term[0].kind == grammar.HEADER and last_term[0].section == "四"
                            and not line[last_term[1]:].replace("总计", "").strip())
    return _in_original(LineRows(rows, headings), index, original)


def _compact(line: str) -> tuple[str, list[int]]:
    """The line without the spaces that do not stand between two digits, and for each of its characters
    (and its end) the offset in the line."""
    keep = [i for i in range(len(line)) if line[i] != " " or _between_digits(line, i)]
    return "".join(line[i] for i in keep), keep + [len(line)]


def _between_digits(line: str, i: int) -> bool:
    """Whether the space at i is one of spaces with a digit before them and a digit or sign after."""
    before, after = i, i
    while before > 0 and line[before - 1] == " ":
        before -= 1
    while after < len(line) and line[after] == " ":
        after += 1
    return before > 0 and line[before - 1].isdigit() and after < len(line) and (line[after].isdigit()
                                                                               or line[after] in "+-")


def _in_original(shown: LineRows, index: list[int], original: str) -> LineRows:
    """Rows and headings found in the compacted line, at their places in the original line."""
    rows = [replace(r, runs=tuple((text, index[offset]) for text, offset in r.runs)) for r in shown.rows]
    headings = {s: (index[a], index[b - 1] + 1) for s, (a, b) in shown.headings.items()}
    return LineRows(rows, headings)


def _section_at(starts: list[tuple[int, str]], offset: int) -> str:
    section = ""
    for start, name in starts:
        if start > offset:
            break
        section = name
    return section


def _row_key(term: grammar.Term, rows: list[GluedRow], line: str, start: int) -> str | None:
    """The row a term names, or None. "3.其他" after 缴纳费用 is the 2021 form's third （六） row: its item
    number stands right after the digits before it, so the grammar reads only the header word 其他."""
    if term.kind == grammar.ROW:
        return term.key
    if (term.key == "h.other" and rows and rows[-1].key == "apps.other.unpaid_fee"
            and start >= 2 and line[start - 1] in ".、" and line[start - 2] == "3"):
        return "apps.other.other"
    return None


def _after_label(line: str, end: int) -> int:
    """Where a row's digits may begin: after its label's note in brackets and the spaces around it."""
    end = _SPACES.match(line, end).end()
    note = grammar.ANNOTATION.match(line, end)
    if note and note.group().endswith(")"):
        end = _SPACES.match(line, note.end()).end()
    return end


def _stretch(line: str, start: int) -> tuple[tuple[tuple[str, int], ...], str, int] | None:
    """(runs, unit, end) of the digits starting at `start`; the next label's item number is not theirs."""
    m = _STRETCH.match(line, start)
    if not m or _COUNTED.match(line, m.end()):
        return None
    text, begin, unit = m.group(1), m.start(1), (m.group(2) or "").strip()
    if not unit and _ITEM_END.match(line, m.end(1)) and text[-1] in "123456789":
        text = text[:-1].rstrip()
    if not text:
        return None
    runs = tuple((r.group(), begin + r.start()) for r in _RUN.finditer(text))
    return runs, unit, begin + len(text)


def _stated_unit(text: str) -> str:
    if "万元" in text:
        return "万元"
    return "元" if re.search(r"[(:：]元\)?|\(元", text) else ""
