"""Reading the tables of sections 二, 三 and 四 from the token stream, by the template's grammar.

Each row label takes the cells that follow it up to the next label (recover_rows); placement.py
puts a row's numbers into their columns, or says why it cannot.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import grammar
from .catalog import APPLICANT_IDS, metric
from .cells import BLANK, CUT, DASH, HEADING, NUMBER, PROSE, Token, row_line

CELL_KINDS = (NUMBER, BLANK, DASH, CUT)
ORPHAN = "orphan"  # a row of cells whose label the text lost


@dataclass(slots=True)
class Row:
    """One row of a table as the text shows it: its label and the cells after it."""

    key: str  # a metric id (section 三), a ProactiveRow key (section 二), or 'appeals' (section 四)
    section: str
    line: int
    label: str
    cells: list[Token] = field(default_factory=list)
    headers: frozenset = frozenset()  # header keys in force for this row (section 二)
    unit: str = ""  # unit stated by the header of the row's column (section 二)
    at_end: bool = False  # the text ended inside this row
    broken: bool = False  # words stand among its cells, so their positions prove nothing
    listed: int = 0  # it holds the numbers of this many rows listed after their labels (see unfold_listed_column)

    @property
    def numbers(self) -> list[Token]:
        return [c for c in self.cells if c.kind == NUMBER]


@dataclass(slots=True)
class Tables:
    """What the table reader found: rows in reading order and the sections the text shows."""

    rows: list[Row]
    headings: dict[str, int]  # section → line of its heading

    def forms(self) -> Counter:
        """Votes for the 2019 or 2021 form, from the headers of section 二's blocks (block 一 first)."""
        votes: Counter = Counter()
        for row in self.rows:
            if row.section == "二" and row.key in grammar.PROACTIVE_ROWS:
                form = header_form(row.headers)
                if form:
                    votes[form] += 10 if grammar.PROACTIVE_ROWS[row.key].block == "一" else 1
        return votes


def _full_width(row: Row) -> int:
    """How many numbers make this row whole (the least, where the form of its block is not known)."""
    if row.section == "三":
        return len(APPLICANT_IDS)
    if row.section == "四":
        return len(grammar.APPEAL_COLUMNS)
    variants = grammar.PROACTIVE_ROWS[row.key].variants if row.key in grammar.PROACTIVE_ROWS else {}
    form = header_form(row.headers)
    return len(variants[form]) if form in variants else 1


@lru_cache(maxsize=1024)  # asked for every cell of a row; the same few header sets in every report
def header_form(headers: frozenset) -> str:
    """The form ('2019' or '2021') a block's header keys name, '' when they name none or both."""
    forms = {grammar.HEADER_FORMS.get(h, "") for h in headers} - {""}
    return forms.pop() if len(forms) == 1 else ""


def recover_rows(tokens: list[Token]) -> Tables:
    """Group the token stream into table rows."""
    rows: list[Row] = []
    headings: dict[str, int] = {}
    pending: set[str] = set()  # headers seen since the last block heading or row
    pending_unit = ""
    block_headers: dict[str, tuple[frozenset, str]] = {}
    section = ""
    current: Row | None = None
    # Layout cells that are not data: in section 三, empty fields left of the first applicant column
    # (merged label cells); in section 四, the empty fields of its header lines (lines with words).
    data_field = 0  # field of the 自然人 column where the layout shows fields
    header_line = 0  # line of the last words in section 四

    def close() -> None:
        nonlocal current
        if current is not None:
            rows.append(current)
            current = None

    for i, tok in enumerate(tokens):
        kind = tok.kind
        if kind in CELL_KINDS:
            if tok.opens_line and current is not None and len(current.numbers) >= _full_width(current):
                # a full row is followed by a line of cells with no label of its own: it is not this row's
                close()
                current = Row(ORPHAN, section, tok.line, "")
            if current is not None and not (kind == BLANK and _is_layout_blank(tok, current, data_field, header_line)):
                current.cells.append(tok)
            continue
        if current is not None and current.key == "appeals":  # a line of words is a header line
            current.cells = [c for c in current.cells if not (c.kind == BLANK and row_line(c) == row_line(tok))]
            header_line = row_line(tok)
        if kind == PROSE:
            if tok.sentence:
                close()
            elif section == "三" and (current is None or len(current.numbers) >= _full_width(current)
                                      or _numbers_follow(tokens, i)):
                # words where a row label belongs: a label the grammar does not know (a typo, a label
                # garbled by extraction); its row is placed later by the template's row order
                close()
                current = Row(ORPHAN, section, tok.line, tok.text)
            elif current is not None and _stands_among_cells(tok, current):
                current.broken = True
            continue
        if kind == HEADING:
            close()
            section = tok.key
            headings.setdefault(section, tok.line)
            if section == "四":
                current = Row("appeals", "四", tok.line, tok.text)
            continue
        term = tok.term
        if term.kind == grammar.BLOCK:
            close()
            section, pending, pending_unit = "二", set(), ""
        elif term.kind == grammar.HEADER:
            if term.section == "四" or (section == "四" and term.key in ("h.total", "h.other")):
                if current is None or current.key != "appeals" or current.numbers:
                    close()
                    current = Row("appeals", "四", tok.line, tok.text)
                current.headers = current.headers | {term.key}
                section, header_line = "四", row_line(tok)
            else:
                close()
                if term.section == "二":
                    pending.add(term.key)
                    pending_unit = tok.unit or pending_unit
                elif term.key == "h.natural_person" and tok.delimited:
                    data_field = tok.field
        elif term.kind == grammar.GROUP:
            close()
            section = "三"
        else:  # a row label
            if current is not None and current.key == term.key and not current.cells:
                continue  # the same label again: a merged cell spread over two columns
            close()
            section = term.section
            current = Row(term.key, term.section, row_line(tok), tok.text)
            if term.section == "二":
                block = grammar.PROACTIVE_ROWS[term.key].block
                if pending:
                    block_headers[block] = (frozenset(pending), pending_unit)
                    pending, pending_unit = set(), ""
                current.headers, current.unit = block_headers.get(block, (frozenset(), ""))
    if current is not None:
        current.at_end = True
        close()
    return Tables(unfold_listed_column(rows), headings)


def _is_layout_blank(tok: Token, row: Row, data_field: int, header_line: int) -> bool:
    if row.section == "四":
        return row_line(tok) == header_line
    return row.section == "三" and row_line(tok) == row.line and tok.field < data_field


def _stands_among_cells(words: Token, row: Row) -> bool:
    """A cell of words where the row's numbers stand (not a header line of section 四, not the rest of
    the label's note, not the item number of the next label)."""
    if _ends_an_annotation(words.text) or _ITEM_NUMBER.fullmatch(words.text):
        return False
    if row.numbers:
        return True
    return row.section != "四" and words.delimited and row_line(words) != row.line


# an item number alone ("7.", "(四)"): the start of the next label, cut from its words
_ITEM_NUMBER = re.compile(r"\(?[0-9一二三四五六七八九十]{1,2}[).、]?")


def _ends_an_annotation(text: str) -> bool:
    """The rest of a label's note broken over lines: "不计其他情形)"."""
    return text.rstrip().endswith(")") and "(" not in text


def _numbers_follow(tokens: list[Token], i: int) -> bool:
    """The token after i is a number on the same line."""
    return i + 1 < len(tokens) and tokens[i + 1].kind == NUMBER and tokens[i + 1].line == tokens[i].line


def unfold_listed_column(rows: list[Row]) -> list[Row]:
    """Tables written as their row labels and then their numbers (text a PDF tool took from the table
    box by box: "行政处罚 / 行政强制 / 4119 / 195"). A one-column block of section 二 is dealt back to
    its rows in order — a column is listed top to bottom. A wider table is left unread (such tools list
    the columns in no certain order); its last row is marked, so the finding can say what the text shows.
    """
    for last, row in enumerate(rows):
        run = _listed_run(rows, last) if row.cells else None
        if run is None:
            continue
        if _full_width(row) == 1:
            for label_row, number in zip(run, row.numbers):
                label_row.cells = [number]
        else:
            row.listed = len(run)
    return rows


def _listed_run(rows: list[Row], last: int) -> list[Row] | None:
    """The label rows of one table whose numbers rows[last] holds, when they are listed after them."""
    row = rows[last]
    numbers, width = row.numbers, _full_width(row)
    # blank cells there are line breaks of the layout (paragraph gaps, page ends): such text drops empty cells
    if row.section not in ("二", "三") or len(numbers) % width or any(c.kind not in (NUMBER, BLANK) for c in row.cells):
        return None
    n = len(numbers) // width
    run = rows[last - n + 1: last + 1]
    if n < 2 or len(run) < n or any(r.numbers for r in run[:-1]) or not all(_same_table(r, row) for r in run):
        return None
    return run


def _same_table(row: Row, other: Row) -> bool:
    if row.section != other.section:
        return False
    if row.section == "三":
        return True
    proactive = grammar.PROACTIVE_ROWS
    return (row.key in proactive and other.key in proactive and proactive[row.key].block == proactive[other.key].block
            and _full_width(row) == _full_width(other))


def name_unknown_rows(rows: list[Row], template: str) -> list[Row]:
    """Section 三 rows whose label the grammar does not know, named by the template's row order.

    Such a row is given a name only when it shows all seven numbers and, of the rows of the form
    that have no numbers yet between the known rows around it (the one before included: its label
    may stand in a cell of its own), exactly one shares most of its characters with its label.
    Returns the rows so named.
    """
    order = {"2019": grammar.ROWS_2019, "2021": grammar.ROWS_2021}.get(template)
    if not order:
        return []
    unnamed = [i for i, row in enumerate(rows) if row.key == ORPHAN and row.section == "三" and row.label
               and len(row.numbers) == len(APPLICANT_IDS)]
    if not unnamed:  # as in most reports
        return []
    filled = {r.key for r in rows if r.section == "三" and r.numbers}
    named = []
    for i in unnamed:
        row = rows[i]
        before = [r.key for r in rows[:i] if r.section == "三" and r.key in order]
        after = [r.key for r in rows[i + 1:] if r.section == "三" and r.key in order]
        if not before or not after:
            continue
        span = order[order.index(before[-1]):order.index(after[0])]
        fitting = [k for k in span if k not in filled and k != "apps.other"
                   and _shares_most_characters(row.label, metric(k).row_zh)]
        if len(fitting) == 1:
            row.key = fitting[0]
            filled.add(fitting[0])
            named.append(row)
    return named


def _shares_most_characters(label: str, expected: str) -> bool:
    chars = {c for c in label if "\u4e00" <= c <= "\u9fff"}
    return len(chars) >= 3 and len(chars & set(expected)) >= 0.6 * len(chars)


def application_rows(rows: list[Row]) -> list[Row]:
    """Section 三's rows, with the 2021 form's （六）其他处理 group heading left out."""
    out = []
    for i, row in enumerate(rows):
        if row.key == "apps.other" and not row.numbers:
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            if nxt is not None and nxt.key.startswith("apps.other."):
                continue
        if row.section == "三":
            out.append(row)
    return out

