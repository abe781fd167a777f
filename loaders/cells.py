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

from . import grammar
from .model import SourceText

# kinds of token
HEADING, TERM, NUMBER, BLANK, DASH, PROSE, CUT = "heading", "term", "number", "blank", "dash", "prose", "cut"

_NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|元|件|条|项|个|次)?")
_DASH = re.compile(r"[—–\-/\\无－]+|——|/")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# page furniture of text taken from a PDF: "— 4 —", "- 4 -", "第 4 页 共 7 页", "4/7"
_PAGE_NUMBER = re.compile(r"^[—–\-－\s]*\d{1,3}[—–\-－\s]*$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d{1,3}\s*/\s*\d{1,3}$")
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


def tokenize(src: SourceText) -> list[Token]:
    """The token stream of a whole report, in reading order."""
    tokens: list[Token] = []
    per_line: list[tuple[int, list[Token], bool]] = []  # (line, its tokens, is a one-cell line)
    for number, line in enumerate(src.lines, start=1):
        line_tokens, single = _line_tokens(line, number)
        per_line.append((number, line_tokens, single))
    _add_blank_line_cells(per_line)
    for _, line_tokens, _ in per_line:
        tokens.extend(line_tokens)
    if src.ends_mid_text:
        _mark_cut_number(tokens)
    return tokens


def _line_tokens(line: str, number: int) -> tuple[list[Token], bool]:
    stripped = line.strip()
    if not stripped:
        return [], True
    section = grammar.section_heading(stripped)
    if section:
        return [Token(HEADING, number, key=section, text=stripped)], False
    if _MD_RULE.match(stripped) and not stripped.strip("|-: "):
        return [], False
    if _PAGE_NUMBER.match(stripped) and ("—" in stripped or "-" in stripped or "页" in stripped or "/" in stripped):
        return [], False
    fields = _fields(line)
    tokens: list[Token] = []
    for index, text in fields:
        if text.strip():
            tokens.extend(_cell_tokens(text, number, index))
        else:
            tokens.append(Token(BLANK, number, field=index))
    single = len(fields) == 1 and len(tokens) == 1 and not tokens[0].sentence
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
        return [(i + 1, parts[i]) for i in range(start, end)]
    return [(1, line)]


def _cell_tokens(text: str, line: int, field: int) -> list[Token]:
    """The tokens of one cell: its words split into grammar terms, numbers and prose."""
    compact_len = len(text) - text.count(" ")
    if compact_len > _MAX_CELL:
        return [Token(PROSE, line, text=text.strip(), field=field, sentence=True)]
    tokens: list[Token] = []
    depth = 0
    run: list[str] = []
    for word in text.split():
        if depth == 0:
            kind = _word_kind(word)
            if kind:
                if run:
                    tokens.extend(_run_tokens("".join(run), line, field))
                    run = []
                tokens.append(_value_token(kind, word, line, field))
                continue
        run.append(word)
        depth = max(0, depth + word.count("(") - word.count(")"))
    if run:
        tokens.extend(_run_tokens("".join(run), line, field))
    if any(t.kind == PROSE and len(t.text) >= 4 for t in tokens) and any(t.kind == NUMBER for t in tokens):
        # numbers inside a sentence ("针对 2024 年工作中…") are prose, not table cells
        stripped = text.strip()
        return [Token(PROSE, line, text=stripped, field=field, sentence=_is_sentence(stripped))]
    return _drop_numbering(tokens)


def _is_sentence(text: str) -> bool:
    return bool(_SENTENCE.search(text)) or len(text) > 30 or ("," in text and len(text) > 15)


def _word_kind(word: str) -> str:
    if _NUMBER.fullmatch(word):
        return NUMBER
    if _DASH.fullmatch(word):
        return DASH
    return ""


def _value_token(kind: str, word: str, line: int, field: int) -> Token:
    if kind == DASH:
        return Token(DASH, line, text=word, field=field)
    m = _NUMBER.fullmatch(word)
    return Token(NUMBER, line, value=float(m.group(1).replace(",", "")), text=word,
                 unit=m.group(2) if m.group(2) in ("万元", "元") else "", field=field)


def _run_tokens(run: str, line: int, field: int) -> list[Token]:
    """A run of text words: grammar terms when the run is made of them, else one PROSE token."""
    unit = _stated_unit(run)
    clean = grammar.ANNOTATION.sub(" ", run).replace("其它", "其他")
    matches = list(grammar.TERM_PATTERN.finditer(clean))
    tail_number = None
    if matches:
        tail = clean[matches[-1].end():].strip()
        m = _NUMBER.fullmatch(tail) if tail else None
        if m:  # a label with its number and no space between: 行政许可97
            tail_number = _value_token(NUMBER, tail, line, field)
            clean = clean[: matches[-1].end()]
    outside = "".join(clean[a:b] for a, b in _gaps(matches, len(clean)))
    if not matches or len(grammar.residual(outside)) > 1:
        return [Token(PROSE, line, text=run, field=field, sentence=_is_sentence(run))]
    tokens = []
    for m in matches:
        term = grammar.TERMS[int(m.lastgroup[1:])]
        tokens.append(Token(TERM, line, key=term.key, term=term, text=m.group(), unit=unit, field=field))
    if tail_number:
        tokens.append(tail_number)
    return tokens


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


def _drop_numbering(tokens: list[Token]) -> list[Token]:
    """A bare item number written apart from its label ("1 属于国家秘密") is numbering, not a cell."""
    out = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (tok.kind == NUMBER and nxt is not None and nxt.kind == TERM and nxt.term.section == "三"
                and tok.text.isdigit() and 1 <= tok.value <= 8):
            continue
        out.append(tok)
    return out


def _add_blank_line_cells(per_line: list[tuple[int, list[Token], bool]]) -> None:
    """In one-cell-per-line layouts, an empty cell survives only as an extra line break.

    The usual gap between two cells (one line break, or two where cells are separated by blank lines)
    is read off the report itself; each line break beyond it after a label or a number is an empty cell.
    """
    cells = [(n, toks) for n, toks, single in per_line if single and toks]
    gaps = Counter(b[0] - a[0] for a, b in zip(cells, cells[1:]) if a[1][0].kind == NUMBER)
    if sum(gaps.values()) < 3:
        return
    base = gaps.most_common(1)[0][0]
    for a, b in zip(cells, cells[1:]):
        extra = b[0] - a[0] - base
        if extra > 0 and a[1][0].kind in (NUMBER, DASH, TERM) and _between_is_empty(per_line, a[0], b[0]):
            a[1].extend(Token(BLANK, a[0], field=1) for _ in range(extra))


def _between_is_empty(per_line, first: int, last: int) -> bool:
    return all(not toks for _, toks, _ in per_line[first:last - 1])


def _mark_cut_number(tokens: list[Token]) -> None:
    """A text that stops right after a digit may have lost the rest of that number: drop it."""
    if tokens and tokens[-1].kind == NUMBER:
        tokens[-1].kind = CUT
