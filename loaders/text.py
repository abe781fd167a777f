"""Reading text files: bytes → decoded text → normalised lines (simplified, NFKC), line for line."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .model import SourceText

MAX_TEXT_BYTES = 10 * 1024 * 1024  # a report's text is well under 1 MB; past this it is not a report

# Radicals that NFKC leaves alone but PDF text layers use for ordinary characters.
_RADICALS = str.maketrans({
    "⻓": "长", "⻅": "见", "⻔": "门", "⻋": "车", "⻜": "飞", "⻢": "马", "⻚": "页", "⻛": "风",
    "⻘": "青", "⻝": "食", "⻄": "西", "⻩": "黄", "⻬": "齐", "⻰": "龙", "⻉": "贝", "⻆": "角",
    "⻈": "讠", "⻊": "足", "⻌": "辶", "⻏": "阝", "⻖": "阝", "⻗": "雨", "⻣": "骨", "⻥": "鱼",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00a0": " ", "\u3000": " ",
})
_RADICAL_CHARS = re.compile("[" + re.escape("".join(chr(c) for c in _RADICALS)) + "]")
# A pinyin gloss that converter-damaged pages put after a character: 數(shù)據 → 数据.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)"
)


class UnreadableText(Exception):
    """A file that cannot be read as text; `rule` is the finding it gives, the message says why."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode a text report: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK, Big5, else a detector.

    Raises UnreadableText for an empty file, a binary file or one in no encoding we can tell.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableText("file.too_large", f"文件大小 {len(data) / 1048576:.1f} MB，超过文本报告上限 "
                             f"{MAX_TEXT_BYTES // 1048576} MB，未读取")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    if not data.strip():
        raise UnreadableText("file.empty", "文件为空")
    if b"\x00" in data[:8192]:
        unmarked = _utf16_without_bom(data)
        if unmarked is not None:
            return unmarked
        raise UnreadableText("file.binary", "文件含二进制内容（不是 UTF-8、GBK 等文字编码的文本，也不是 UTF-16 "
                                            "编码的中文），不是文本报告")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes, Big5 ones too (as nonsense): of the two, the text with more of
    # a report's everyday characters is the right one
    readings = [Decoded(text, encoding) for encoding in ("gb18030", "big5")
                if (text := _decoded_or_none(data, encoding)) is not None and _looks_chinese(text)]
    if readings:
        return max(readings, key=lambda r: _everyday_characters(r.text))
    from charset_normalizer import from_bytes  # only for the rare file the fixed list cannot read

    best = from_bytes(data).best()
    if best is not None and _looks_chinese(str(best)):
        return Decoded(str(best), best.encoding)
    raise UnreadableText("file.encoding", "无法识别文件的文字编码（支持 UTF-8、GBK/GB18030、Big5）")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 saved without a byte-order mark (some Windows tools do): the byte order that decodes
    strictly to text with a report's everyday characters, or None (then the bytes are binary)."""
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _decoded_or_none(data, encoding)
        if text is not None and "\x00" not in text and _looks_chinese(text) and _everyday_characters(text) >= 5:
            return Decoded(text, encoding)
    return None


_CJK_RUN = re.compile("[\u4e00-\u9fff]+")
# characters every report uses, simplified and traditional
_EVERYDAY = frozenset("的年度政府信息公开開申请請件报報告工作情况況行机機关關")


def _decoded_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _everyday_characters(text: str) -> int:
    sample = text[:4000]
    return sum(sample.count(ch) for ch in _EVERYDAY)  # the same as testing every character, at C speed


def _looks_chinese(text: str) -> bool:
    sample = text[:4000]
    cjk = sum(map(len, _CJK_RUN.findall(sample)))  # runs, not a string per character: 3.6× faster
    return cjk >= max(4, len(sample.strip()) // 10)


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


# HTML left in text copied from a web page: inline tags (a <br> inside a cell) and entities.
_INLINE_TAG = re.compile(r"<\s*/?\s*(?:br|p|span|div|font|b|strong|em|i|u|td|th|tr|sup|sub)\b[^<>\n]*>", re.I)
_LINE_ENTITY = re.compile(r"&#(?:10|13|x0*[ad]);", re.I)


def _strip_markup(text: str) -> str:
    """Tags become spaces (a cell's words stay apart from its neighbours'), entities their characters."""
    if "<" in text:
        text = _INLINE_TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(_LINE_ENTITY.sub(" ", text))
    return text


# footnote marks: circled and superscript digits
_NOTE_MARKS = re.compile("[\u2460-\u2473\u00b9\u00b2\u00b3\u2070\u2074-\u2079]")


def normalise(text: str) -> str:
    """Traditional → simplified, full-width → ASCII (NFKC), radicals and zero-width marks mended,
    footnote marks (① ¹) made spaces, stray HTML tags and entities of copied web pages undone."""
    if _NOTE_MARKS.search(text):  # NFKC would make "180①" the number 1801
        text = _NOTE_MARKS.sub(" ", text)
    text = unicodedata.normalize("NFKC", _converter().convert(_strip_markup(text)))
    if _RADICAL_CHARS.search(text):  # translate() looks up every character: only when there is one to mend
        text = text.translate(_RADICALS)
    return _PINYIN_GLOSS.sub("", text) if "(" in text else text


# Reports of one template share most of their lines (94% of a generated county's lines are repeats), so
# per-line work is cached on the line. Only lines up to this many characters are cached (a template's lines
# are shorter; long ones, prose or a whole glued table, rarely recur), so 65,536 entries stay small whatever
# the reports. Hot loops test the length inline: a Python wrapper around the cache would cost more than a hit.
MAX_RECURRING_LINE = 400


@lru_cache(maxsize=65536)
def without_spaces(line: str) -> str:
    """The text with all whitespace removed: labels and headings are matched on it ("三、 本 年 度" reads
    as "三、本年度"). Cached: reports of one template share most lines."""
    return "".join(line.split())


@lru_cache(maxsize=65536)
def _normalised_line(line: str) -> str:
    # line by line, so that no conversion can move a line break
    return normalise(line)


def source_text(decoded_text: str, fmt: str = "text") -> SourceText:
    """Split a decoded text into raw and normalised lines (the same count, so line numbers agree)."""
    raw_lines = decoded_text.splitlines()
    if not raw_lines:
        raw_lines = [""]
    lines = [_normalised_line(line) if len(line) <= MAX_RECURRING_LINE else normalise(line) for line in raw_lines]
    # a closing pipe ends its cell as a line break does
    cut = bool(decoded_text) and not decoded_text[-1].isspace() and decoded_text[-1] != "|"
    page_ends = tuple(n for n, line in enumerate(decoded_text.splitlines(keepends=True), start=1)
                      if line.endswith("\x0c")) if "\x0c" in decoded_text else ()
    return SourceText(raw_lines=raw_lines, lines=lines, format=fmt, ends_mid_text=cut, page_ends=page_ends)


def read_text(data: bytes) -> SourceText:
    """Bytes of a .txt/.md report → SourceText (raises UnreadableText)."""
    return source_text(decode(data).text)
