"""The year's total of proactively disclosed items, as the narrative states it."""
from __future__ import annotations

import re

from .prose import SENTENCE_END, Stated, paragraphs

_CHANNEL = re.compile(r"通过|网站|门户|微信|公众号|平台|栏目|专栏|公开栏|宣传栏|微博|报纸|媒体|网上|客户端|政务新媒体|截至|累计|历年")
_PROACTIVE = re.compile(
    r"(?:主动)?公开(?:了)?[^。;,]{0,80}?(?:政府|政务)?信息(?:数|总数|总量|共计|共)?\s*(\d[\d,]*)\s*(?:条|件)(?!余)")


def proactive_total(lines: list[str], start: int, end: int) -> Stated | None:
    """The year's total of proactively disclosed items, as a sentence states it (not one channel's)."""
    for paragraph in paragraphs(lines, start, end):
        offset = 0
        for sentence in SENTENCE_END.split(paragraph.text):
            clauses = sentence.split(",") if "公开" in sentence else []
            for i, clause in enumerate(clauses):
                m = _PROACTIVE.search(clause)
                if not m or not ("主动公开" in clause or re.search(r"(?:年|全年|共)公开", clause)):
                    continue
                if not _CHANNEL.search("".join(_statement(clauses, i))):
                    at = offset + sum(len(c) + 1 for c in clauses[:i]) + m.start(1)
                    return Stated("proactive.items_total", float(m.group(1).replace(",", "")), "条",
                                  paragraph.line_at(at))
            offset += len(sentence) + 1
    return None


def _statement(clauses: list[str], i: int) -> list[str]:
    """A clause with the clauses before it that belong to the same statement (up to another count)."""
    out = [clauses[i]]
    for clause in reversed(clauses[:i]):
        if _COUNT.search(clause):
            break
        out.append(clause)
    return out


_COUNT = re.compile(r"\d+\s*(?:条|件|篇|个|次)")
