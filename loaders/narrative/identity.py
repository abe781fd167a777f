"""The report's title (the body it names, its year) and the year the data covers."""
from __future__ import annotations

import re
from collections import Counter

from ..text import without_spaces
from .bodies import is_body_name
from .prose import CJK, without_blanks

_BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
_OPEN_BOOK_TITLE = re.compile(r"《[^》]*$")  # a cited title that runs on to the next line
_CLOSE_BOOK_TITLE = re.compile(r"^[^《]*》")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")
_YEAR_END = re.compile(r"(?:截至|截止)(?:到)?((?:19|20)\d\d)年12月31日")  # 截止2023年12月31日: the data's year
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日.{0,24}?12\s*月\s*31\s*日")
_TITLE = re.compile(
    rf"(?:((?:19|20)\d\d)年度?)?([{CJK}()]{{2,40}}?)(?:((?:19|20)\d\d)年度?)?"
    r"政府信息公开(?:工作)?(?:((?:19|20)\d\d)年?)?(?:年度)?(?:工作)?(?:报告|年报)"
)
# 首页政务公开政府信息公开某局 → 某局; 某县政府办公室关于公布某镇…: the office publishing it is not the body
_BREADCRUMB = re.compile(r"^.*(?:首页|当前位置|信息公开|关于(?:公布|发布|印发|公开)?)")
_TRAILING_WORDS = re.compile(r"(?:关于|的|之|发布|公布)+$")
_LEADING_VERBS = re.compile(r"^(?:现将|现予?公布|现面向社会公开|现就|现发布|特此发布|特发布|公布|发布|关于做好|关于|"
                            r"现对|根据|编制|做好|现|将)+")
# links to other pages of the site ("上一篇：某镇2019年…年度报告"): never the report's own title or year
_PAGE_LINK = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关文章|相关链接|相关阅读|相关新闻|相关信息|推荐阅读)")


def without_page_links(lines: list[str]) -> list[str]:
    """The lines with the site's links to other pages blanked (line numbers unchanged)."""
    return ["" if _PAGE_LINK.match(line) else line for line in lines]


def find_title(lines: list[str]) -> tuple[int, str, int | None]:
    """(line, body name, title year) of the report's title phrase; line 0 when there is none.

    The title may be broken over two lines ("…政府信息公开" / "工作年度报告"), and a cited document's
    title (《关于做好…年度报告…的通知》) is not the report's own.
    """
    compact = [without_spaces(line) for line in lines[:60]]
    compact = [_OPEN_BOOK_TITLE.sub("", _CLOSE_BOOK_TITLE.sub("", _BOOK_TITLE.sub("", line)))
               if "《" in line or "》" in line else line for line in compact]
    filled = [i for i, line in enumerate(compact) if line]
    nameless: tuple[int, str, int | None] = (0, "", None)
    for k, i in enumerate(filled):  # a blank line may stand inside a broken title
        nxt = filled[k + 1] if k + 1 < len(filled) else None
        line = compact[i]
        candidates = [line]
        if nxt is not None and len(line) < 60 and not _TITLE.search(compact[nxt]):
            candidates.append(line + compact[nxt])  # never glue a line (navigation) onto a whole title
        for text in candidates:
            if "信息公开" not in text:
                continue
            for m in _TITLE.finditer(text):
                name = _TRAILING_WORDS.sub("", _LEADING_VERBS.sub("", _BREADCRUMB.sub("", m.group(2)))).strip("()")
                year = m.group(1) or m.group(3) or m.group(4)
                if is_body_name(name):
                    return i + 1, name, int(year) if year else None
                beside = _body_line([compact[j] for j in filled[max(0, k - 1): k + 2] if j != i])
                if beside:  # "2021年度政府信息公开工作年度报告" with the body on the line below (or above)
                    return i + 1, beside, int(year) if year else None
                if not nameless[0]:
                    nameless = (i + 1, "", int(year) if year else None)
    return nameless


_NAME_CHARS = re.compile(rf"[{CJK}()]+")


def _body_line(lines: list[str]) -> str:
    """A line that is nothing but a body's name (the title's body written on a line of its own)."""
    return next((line for line in lines if len(line) <= 30 and _NAME_CHARS.fullmatch(line) and is_body_name(line)), "")


def find_year(lines: list[str], narrative_end: int) -> tuple[int | None, str]:
    """The year the data covers, and how it was found: its 统计期限 ('period'), else 截至 a year's end ('year end')."""
    head = without_blanks("\n".join(lines[: max(narrative_end, 1)]))
    whole = None  # the whole text, written out only when the narrative does not say
    for pattern, how in ((_PERIOD, "period"), (_YEAR_END, "year end")):
        m = pattern.search(head)
        if m is None:
            whole = without_blanks("\n".join(lines)) if whole is None else whole
            m = pattern.search(whole)
        if m:
            return int(m.group(1)), how
    return None, ""


def years_in_text(lines: list[str]) -> Counter:
    """How often each plausible year is named in a text (dates and cited document titles left out)."""
    counts: Counter = Counter()
    for line in lines:
        text = _BOOK_TITLE.sub("", line)
        for m in _YEAR.finditer(text):
            counts[int(m.group(1))] += 1
    return counts

