"""Prose helpers: paragraphs of wrapped lines, and numbers sections 二 and the fee sentences state."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import without_spaces

CJK = r"\u4e00-\u9fff"
SENTENCE_END = re.compile(r"[。;!?]")


def without_blanks(text: str) -> str:
    """The text without its spaces and tabs (line breaks kept): 20× faster than re.sub(r"[ \t]+", "", text)."""
    return text.replace(" ", "").replace("\t", "")


@dataclass(frozen=True, slots=True)
class Stated:
    """A number a sentence states for a metric."""

    metric: str
    value: float
    unit: str
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Prose lines joined where a line was wrapped mid-sentence (PDF text), spaces removed."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, 1-based line) of each line joined

    def line_at(self, offset: int) -> int:
        """The 1-based line of the character at `offset`."""
        return max((line for start, line in self.starts if start <= offset), default=self.starts[0][1])


_ENDS_SENTENCE = re.compile(r"[。;!?:]$")


def paragraphs(lines: list[str], start: int, end: int) -> list[Paragraph]:
    """The prose of lines start..end as paragraphs: a line that stops mid-sentence runs on into the next."""
    out: list[Paragraph] = []
    text, starts = "", []
    for number in range(start, min(end, len(lines))):
        line = without_spaces(lines[number])
        if not line or "|" in line:
            if text:
                out.append(Paragraph(text, tuple(starts)))
            text, starts = "", []
            continue
        starts.append((len(text), number + 1))
        text += line
        if _ENDS_SENTENCE.search(line) or len(line) < 10:
            out.append(Paragraph(text, tuple(starts)))
            text, starts = "", []
    if text:
        out.append(Paragraph(text, tuple(starts)))
    return out


_SECTION2_SENTENCES = (
    ("licensing.decisions", re.compile(r"行政许可[^。;,0-9]{0,12}?(\d[\d,]*)\s*(?:件|个|起|项)")),
    ("penalty.decisions", re.compile(r"行政处罚[^。;,0-9]{0,12}?(\d[\d,]*)\s*(?:件|个|起)")),
    ("enforcement.decisions", re.compile(r"行政强制[^。;,0-9]{0,12}?(\d[\d,]*)\s*(?:件|个|起)")),
    ("fees.amount", re.compile(r"行政事业性收?费[^。;,0-9]{0,12}?(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")),
)


def section2_sentences(lines: list[str], start: int, end: int) -> list[Stated]:
    """Numbers of section 二 that its prose states plainly (行政许可办件量3361件 …)."""
    found: dict[str, Stated] = {}
    for number in range(start, min(end, len(lines))):
        line = without_spaces(lines[number])
        if len(line) < 8 or "|" in line or "行政" not in line:  # every pattern begins with 行政
            continue
        for metric_id, pattern in _SECTION2_SENTENCES:
            m = pattern.search(line)
            if m and metric_id not in found:
                unit = m.group(2) if m.lastindex and m.lastindex >= 2 else "件"
                found[metric_id] = Stated(metric_id, float(m.group(1).replace(",", "")), unit, number + 1)
    return list(found.values())


# "未收到…行政复议、行政诉讼的申请" is about appeals, not applications for information: 复议/诉讼 end the gap
_NO_APPLICATIONS = re.compile(r"(?:未|没有|无)(?:收到|接到|受理)[^。;,复诉]{0,20}?(?:公开)?申请|没有依申请公开[^。]{0,10}事项")


def says_no_applications(lines: list[str], end: int) -> int:
    """The line of a sentence saying no application was received (0 when none says so)."""
    for number, line in enumerate(lines[:end], start=1):
        if "申请" in line and _NO_APPLICATIONS.search(without_spaces(line)):
            return number
    return 0


_NO_FEE = re.compile(r"未(?:收取|发生)[^。;,]{0,12}?(?:费用|收费|处理费)|没有收取[^。;,]{0,12}?费|不收取[^。;,]{0,8}费")
_FEE_CHARGED = re.compile(r"收取[^。;,]{0,10}?(?:信息处理费|处理费)[^。;,]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元)")


def fee_statements(lines: list[str]) -> tuple[int, Stated | None]:
    """(line saying no fee was charged, the disclosure fee a sentence says was charged)."""
    no_fee = 0
    charged = None
    for number, line in enumerate(lines, start=1):
        if "费" not in line:
            continue
        text = without_spaces(line)
        if not no_fee and _NO_FEE.search(text):
            no_fee = number
        m = _FEE_CHARGED.search(text)
        if m and charged is None and float(m.group(1)) > 0:
            charged = Stated("fees.disclosure", float(m.group(1)), m.group(2), number)
    return no_fee, charged
