"""Automatic list numbers (一、 （一） 1.) of a .docx, which Word keeps out of the text: _Numbering reads
numbering.xml and the paragraph styles that carry a list, counts each list's levels in document order
and gives the number Word shows before a list paragraph, in its number format (Chinese counting,
letters, Roman numerals, circled or full-width digits).
"""
from __future__ import annotations

import re
from collections import defaultdict

from .parts import _attr, _child, _int, _local

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Works out the number Word shows before a list paragraph."""

    def __init__(self, numbering, styles) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style → (numId, ilvl)
        self.counters: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for el in root:
            name = _local(el)
            if name == "abstractNum":
                levels = {}
                for lvl in el:
                    if _local(lvl) != "lvl":
                        continue
                    ilvl = _int(_attr(lvl, "ilvl"))
                    start = _int(_attr(_child(lvl, "start"), "val"), 1)
                    fmt = _attr(_child(lvl, "numFmt"), "val", "decimal") or "decimal"
                    text = _attr(_child(lvl, "lvlText"), "val", "") or ""
                    levels[ilvl] = (start, fmt, text)
                self.levels[_attr(el, "abstractNumId") or ""] = levels
            elif name == "num":
                abstract = _attr(_child(el, "abstractNumId"), "val") or ""
                overrides = {}
                for ov in el:
                    if _local(ov) == "lvlOverride":
                        start = _child(ov, "startOverride")
                        if start is not None:
                            overrides[_int(_attr(ov, "ilvl"))] = _int(_attr(start, "val"), 1)
                self.nums[_attr(el, "numId") or ""] = (abstract, overrides)

    def _read_styles(self, root) -> None:
        for style in root:
            if _local(style) != "style":
                continue
            ppr = _child(style, "pPr")
            numpr = _child(ppr, "numPr") if ppr is not None else None
            if numpr is not None:
                num_id = _attr(_child(numpr, "numId"), "val")
                if num_id:
                    self.style_num[_attr(style, "styleId") or ""] = (num_id, _int(_attr(_child(numpr, "ilvl"), "val")))

    def prefix(self, ppr) -> str:
        if ppr is None or not self.nums:
            return ""
        numpr = _child(ppr, "numPr")
        num_id, ilvl = None, 0
        style = _attr(_child(ppr, "pStyle"), "val")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _attr(_child(numpr, "numId"), "val", num_id)
            ilvl = _int(_attr(_child(numpr, "ilvl"), "val"), ilvl)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels or not 0 <= ilvl < 9:
            return ""
        counters = self.counters[abstract]
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = max(counters[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def level_number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k] if counters[k] else levels[k][0]
            return _format_number(value, levels[k][1])

        return re.sub(r"%([1-9])", level_number, text)
