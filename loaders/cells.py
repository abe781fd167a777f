"""Recovering table cells from flattened text: lines → a stream of tokens, each with its line.

Whatever the flattening (tab rows, ` | ` rows, markdown tables, one cell per line, cells between
blank lines, space-separated rows), the stream is the same: grammar terms (row labels, headers),
numbers, blanks where the layout shows an empty cell, and prose. Separators only matter for telling
an empty cell from no cell at all; the table reader places numbers by the template's grammar.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import grammar
from .model import SourceText
from .pagecopy import copied_rows
from .text import MAX_RECURRING_LINE

# kinds of token
HEADING, TERM, NUMBER, BLANK, DASH, PROSE, CUT = "heading", "term", "number", "blank", "dash", "prose", "cut"

# a full stop after a cell's number ("4。") ends the cell's text, not its value
_NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|元|件|条|项|个|次)?[。;]?")
_DASH = re.compile(r"[—–\-/\\无－]+|——|/")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# page furniture of text taken from a PDF: "— 4 —", "- 4 -", "第 4 页 共 7 页", "4/7"
# (a dash on one side only is a number: "-3" is a decrease)
_PAGE_NUMBER = re.compile(r"^[—–\-－]\s*\d{1,3}\s*[—–\-－]$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d{1,3}\s*/\s*\d{1,3}$")
_SENTENCE = re.compile(r"[。;；!?]")
_MAX_CELL = 80  # characters: a longer piece of text is prose, never a table cell


@dataclass(slots=True)
class Token:
    kind: str
    line: int  # 1-based
    key: str = ""  # section number for HEADING, term key for TERM
    term: grammar.Term | None = None
    value: float = 0.0
    text: str = ""
    unit: str = ""
    field: int = 0  # 1-based field of the line (between tabs or pipes)
    sentence: bool = False  # PROSE that reads as a sentence, so it ends any table row
    opens_line: bool = False  # first token of a line of several filled cells (a tab or pipe row)
    delimited: bool = False  # a cell of its own, with separators showing where it starts and ends
    separated: bool = False  # on a line whose cells tabs or pipes separate (so its empty cells show)
    row_line: int = 0  # where the cells of a copied page's row stand on lines of their own: the row's first line


def row_line(tok: Token) -> int:
    """The line a token's row of separated cells begins on (its own line but in a copied page's table)."""
    return tok.row_line or tok.line


def tokenize(src: SourceText) -> list[Token]:
    """The token stream of a whole report, in reading order."""
    tokens: list[Token] = []
    per_line: list[tuple[int, list[Token], bool]] = []  # (line, its tokens, is a one-cell line)
    furniture = page_number_lines(src.lines, src.page_ends)
    for number, line in enumerate(src.lines, start=1):
        if number in furniture:
            per_line.append((number, [], True))
            continue
        shapes, single = _line_shapes(line) if len(line) <= MAX_RECURRING_LINE else _line_shapes.__wrapped__(line)
        if not shapes:  # a quarter of the lines: blank ones and table rules
            per_line.append((number, [], single))
            continue
        line_tokens = [Token(*shape) for shape in shapes]
        for tok in line_tokens:
            tok.line = number
        per_line.append((number, line_tokens, single))
    _copied_page_cells(per_line, src.lines)
    _add_blank_line_cells(per_line)
    _join_wrapped_labels(per_line)
    for _, line_tokens, _ in per_line:
        tokens.extend(line_tokens)
    if src.ends_mid_text:
        _mark_cut_number(tokens)
    return tokens


_BARE_NUMBER = re.compile(r"\s*\d{1,3}\s*")


def page_number_lines(lines: list[str], page_ends: tuple[int, ...]) -> set[int]:
    """Lines of text taken from a PDF that hold only the page's number, beside its page break.

    A bare number next to a form feed is a page number only when such numbers count the pages (the
    k-th page's is k plus one offset for all): a table cell that happens to end a page does not.
    """
    if not page_ends:
        return set()
    found = set()
    for side in (-1, 1):  # the line ending the page, or the first line of the next one
        marks = {}  # line → its number minus the page's index
        for k, end in enumerate(page_ends, start=1):
            n = end if side < 0 else end + 1
            while 0 < n <= len(lines) and not lines[n - 1].strip():
                n += side
            if 0 < n <= len(lines) and _BARE_NUMBER.fullmatch(lines[n - 1]):
                marks[n] = int(lines[n - 1]) - k - (side > 0)
        offsets = set(marks.values())
        if len(offsets) == 1 and (len(marks) >= 2 or offsets == {0}):
            found |= set(marks)
    return found


# Reports of one template share most of their lines (94% of the lines of a generated county are
# repeats), so each distinct line is read once: its tokens' fields in Token's order, line 0.
@lru_cache(maxsize=65536)
def _line_shapes(line: str) -> tuple[tuple[tuple, ...], bool]:
    tokens, single = _line_tokens(line, 0)
    return tuple((t.kind, 0, t.key, t.term, t.value, t.text, t.unit, t.field, t.sentence, t.opens_line, t.delimited,
                  t.separated) for t in tokens), single


def _line_tokens(line: str, number: int) -> tuple[list[Token], bool]:
    stripped = line.strip()
    if not stripped:
        return [], True
    section = grammar.section_heading(stripped)
    if section:
        return [Token(HEADING, number, key=section, text=stripped)], False
    if _MD_RULE.match(stripped) and not stripped.strip("|-: "):
        return [], False
    if _PAGE_NUMBER.match(stripped):
        return [], False
    fields = _fields(line)
    separated = "\t" in line or "|" in line
    tokens: list[Token] = []
    for index, text in fields:
        if text.strip():
            cell = _cell_tokens(text, number, index)
            if separated and len(cell) == 1:
                cell[0].delimited = True
            tokens.extend(cell)
        else:
            tokens.append(Token(BLANK, number, field=index, delimited=True))
    for tok in tokens:
        tok.separated = separated
    single = len(fields) == 1 and len(tokens) == 1 and not tokens[0].sentence
    if single:  # line breaks bound a cell that has a line of its own
        tokens[0].delimited = True
    if sum(1 for _, text in fields if text.strip()) > 1 and tokens:
        tokens[0].opens_line = True
    return tokens, single


def _fields(line: str) -> list[tuple[int, str]]:
    """The cells of one line with their 1-based field numbers; layout artefacts dropped.

    Tab rows: leading empty fields are the continuation of merged label cells, not empty data cells.
    Pipe rows: a leading and a trailing pipe open and close the row; they separate nothing.
    """
    if "\t" in line:
        parts = line.split("\t")
        first = next((i for i, p in enumerate(parts) if p.strip()), len(parts))
        return [(i + 1, p) for i, p in enumerate(parts) if i >= first]
    if "|" in line:
        parts = line.split("|")
        start = 1 if not parts[0].strip() else 0
        end = len(parts) - 1 if len(parts) > 1 and not parts[-1].strip() else len(parts)
        # fields are counted from the opening pipe, so "| |自然人|" and "\t自然人" put 自然人 in field 2
        return [(i + 1 - start, parts[i]) for i in range(start, end)]
    return [(1, line)]


def _cell_tokens(text: str, line: int, field: int) -> list[Token]:
    """The tokens of one cell: its words split into grammar terms, numbers and prose."""
    compact_len = len(text) - text.count(" ")
    if compact_len > _MAX_CELL:
        return [Token(PROSE, line, text=text.strip(), field=field, sentence=True)]
    return [Token(kind, line, key, term, value, word, unit, field, sentence)
            for kind, key, term, value, word, unit, sentence in _cell_shapes(text.strip())]


# A shape is a token without its place: (kind, key, term, value, text, unit, sentence). Tables repeat
# the same few cells ("0", "规章", "行政许可") thousands of times, so shapes are worked out once.
@lru_cache(maxsize=65536)
def _cell_shapes(text: str) -> tuple[tuple, ...]:
    shapes: list[tuple] = []
    depth = 0
    run: list[str] = []
    for word in text.split():
        if depth == 0:
            kind = _word_kind(word)
            if kind:
                if run:
                    shapes.extend(_words_shapes(run))
                    run = []
                shapes.append(_value_shape(kind, word))
                continue
        run.append(word)
        depth = max(0, depth + word.count("(") - word.count(")"))
    if run:
        shapes.extend(_words_shapes(run))
    if any(s[0] == PROSE and len(s[4]) >= 4 for s in shapes) and any(s[0] == NUMBER for s in shapes):
        if not _is_labelled_row(shapes):
            # numbers inside a sentence ("针对 2024 年工作中…") are prose, not table cells
            return ((PROSE, "", None, 0.0, text, "", _is_sentence(text)),)
    return tuple(_drop_numbering(shapes))


def _is_labelled_row(shapes: list[tuple]) -> bool:
    """Words the grammar does not know followed by a run of numbers (PDF text: "2.其他法律行政止公开
    0 0 0 0 0 0 0") are a table row with an unknown label, not a sentence."""
    tail = 0
    while tail < len(shapes) and shapes[-1 - tail][0] in (NUMBER, DASH):
        tail += 1
    head = shapes[: len(shapes) - tail]
    return (tail >= 3 and len(head) == 1 and head[0][0] == PROSE and not head[0][6]
            and len(head[0][4]) <= 30)


def _is_sentence(text: str) -> bool:
    return bool(_SENTENCE.search(text)) or len(text) > 30 or ("," in text and len(text) > 15)


def _word_kind(word: str) -> str:
    if _NUMBER.fullmatch(word):
        return NUMBER
    if _DASH.fullmatch(word):
        return DASH
    return ""


def _value_shape(kind: str, word: str) -> tuple:
    if kind == DASH:
        return (DASH, "", None, 0.0, word, "", False)
    m = _NUMBER.fullmatch(word)
    unit = m.group(2) if m.group(2) in ("万元", "元") else ""
    return (NUMBER, "", None, float(m.group(1).replace(",", "")), word, unit, False)


def _words_shapes(words: list[str]) -> list[tuple]:
    """Words between numbers: one label spaced out ("本 年 度 办 理 结 果") or several labels side by
    side ("结果维持 结果纠正 … 总计", header cells separated by spaces); the spaces decide only where
    reading the words as one run leaves text that is no label."""
    joined = _run_shapes("".join(words))
    if len(words) > 1 and joined[0][0] == PROSE:
        apart = [shape for word in words for shape in _run_shapes(word)]
        if all(shape[0] == TERM for shape in apart):
            return apart
    return joined


def _run_shapes(run: str) -> list[tuple]:
    """A run of text words: grammar terms when the run is made of them, else one prose shape."""
    unit = _stated_unit(run)
    clean = grammar.ANNOTATION.sub(" ", run).replace("其它", "其他")
    matches = list(grammar.TERM_PATTERN.finditer(clean))
    tail_number = None
    if matches:
        tail = clean[matches[-1].end():].strip()
        if tail and _NUMBER.fullmatch(tail):  # a label with its number and no space between: 行政许可97
            tail_number = _value_shape(NUMBER, tail)
            clean = clean[: matches[-1].end()]
    outside = "".join(clean[a:b] for a, b in _gaps(matches, len(clean)))
    if not matches or len(grammar.residual(outside)) > 1:
        return [(PROSE, "", None, 0.0, run, "", _is_sentence(run))]
    shapes = []
    for m in matches:
        term = grammar.term_of(m)
        shapes.append((TERM, term.key, term, 0.0, m.group(), unit, False))
    if tail_number:
        shapes.append(tail_number)
    return shapes


def _gaps(matches, length: int):
    start = 0
    for m in matches:
        yield start, m.start()
        start = m.end()
    yield start, length


def _stated_unit(run: str) -> str:
    if "万元" in run:
        return "万元"
    if re.search(r"[(:：]元\)?|\(元", run):
        return "元"
    return ""


def _drop_numbering(shapes: list[tuple]) -> list[tuple]:
    """A bare item number written apart from its label ("1 属于国家秘密") is numbering, not a cell."""
    out = []
    for i, shape in enumerate(shapes):
        nxt = shapes[i + 1] if i + 1 < len(shapes) else None
        if (shape[0] == NUMBER and nxt is not None and nxt[0] == TERM and nxt[2].section == "三"
                and shape[4].isdigit() and 1 <= shape[3] <= 8):
            continue
        out.append(shape)
    return out


def _copied_page_cells(per_line: list[tuple[int, list[Token], bool]], lines: list[str]) -> None:
    """A copied web page's rows (loaders.pagecopy) read as tab rows: each cell its field, an empty cell a
    BLANK of its own, every token its row's first line (row_line); its lines leave the count of
    blank-line gaps alone, since the tab lines, not the gaps, show the empty cells."""
    for row in copied_rows(lines, lambda i: _continues_a_cell(per_line[i][1])):
        start = per_line[row.start][0]
        filled = 0
        first: Token | None = None
        for number, indices in enumerate(row.cells, start=1):
            toks = [t for i in indices for t in per_line[i][1]]
            if not toks:
                blank = Token(BLANK, per_line[indices[-1]][0], field=number, delimited=True)
                per_line[indices[-1]][1].append(blank)
                toks = [blank]
            else:
                filled += 1
                if len(toks) == 1:
                    toks[0].delimited = True
                for tok in (t for i in indices[1:] for t in per_line[i][1]):
                    tok.sentence = False  # more of its cell: it ends no row
            for tok in toks:
                tok.field, tok.separated, tok.row_line = number, True, start
            first = first or toks[0]
        if first is not None and filled > 1:
            first.opens_line = True
        for i in {i for indices in row.cells for i in indices}:
            number, toks, _ = per_line[i]
            per_line[i] = (number, toks, False)


def _continues_a_cell(toks: list[Token]) -> bool:
    """Words that can only be more of the cell above: no label, heading or sentence, or a note in
    brackets (a label's "(区分处理的,只计这一情形,不计其他情形)" in a paragraph of its own)."""
    return bool(toks) and all(t.kind == PROSE and (not t.sentence or t.text[0] == "(" and t.text[-1] == ")")
                              for t in toks)


def _add_blank_line_cells(per_line: list[tuple[int, list[Token], bool]]) -> None:
    """In one-cell-per-line layouts, an empty cell survives only as extra line breaks.

    The usual gap between two cells (one line break, or two where cells are separated by blank lines)
    is read off the report itself. Where cells are separated by blank lines, an empty cell is either
    one more line break or a paragraph of its own (as many breaks as the usual gap): an odd extra gap
    anywhere shows the first; where every extra gap is a whole number of usual gaps, each empty cell
    is taken as one gap, and its blanks do not show where a row cut by the end of the text stops.
    """
    cells = [(n, toks) for n, toks, single in per_line if single and toks]
    gaps = Counter(b[0] - a[0] for a, b in zip(cells, cells[1:]) if a[1][0].kind == NUMBER)
    if sum(gaps.values()) < 3:
        return
    base = gaps.most_common(1)[0][0]
    empties = [(a, b[0] - a[0] - base) for a, b in zip(cells, cells[1:])
               if b[0] - a[0] > base and a[1][0].kind in (NUMBER, DASH, TERM) and _between_is_empty(per_line, a[0], b[0])]
    paragraphs = base > 1 and all(extra % base == 0 for _, extra in empties)
    unit = base if paragraphs else 1
    for (line, toks), extra in empties:
        toks.extend(Token(BLANK, line, field=1, delimited=not paragraphs) for _ in range(extra // unit))


def _between_is_empty(per_line, first: int, last: int) -> bool:
    return all(not toks for _, toks, _ in per_line[first:last - 1])


def _join_wrapped_labels(per_line: list[tuple[int, list[Token], bool]]) -> None:
    """A label wrapped over two lines ("其他对外管理" / "服务事项") is one label: two pieces of words that
    are no label each but make grammar terms together are joined on the first line."""
    previous: list[Token] = []
    gap = 0
    for _, toks, _ in per_line:
        if not toks:
            gap += 1
            continue
        if previous and gap <= 1 and _is_words(previous[-1]) and _is_words(toks[0]):
            head, tail = previous[-1], toks[0]
            joined = _cell_shapes(head.text + tail.text)
            if joined and all(shape[0] in (TERM, NUMBER) for shape in joined) and joined[0][0] == TERM:
                previous[-1:] = [Token(kind, head.line, key, term, value, word, unit, head.field, sentence,
                                       head.opens_line, head.delimited, head.separated, head.row_line)
                                 for kind, key, term, value, word, unit, sentence in joined]
                del toks[0]
        previous, gap = (toks, 0) if toks else (previous, gap + 1)


def _is_words(tok: Token) -> bool:
    return tok.kind == PROSE and not tok.sentence


def _mark_cut_number(tokens: list[Token]) -> None:
    """A text that stops right after a digit may have lost the rest of that number: drop it."""
    if tokens and tokens[-1].kind == NUMBER:
        tokens[-1].kind = CUT
