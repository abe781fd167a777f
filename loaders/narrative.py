"""Reading the prose of a report: who reports, for which year, and the numbers stated in sentences."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .text import without_spaces

CJK = r"\u4e00-\u9fff"
_BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
_OPEN_BOOK_TITLE = re.compile(r"《[^》]*$")  # a cited title that runs on to the next line
_CLOSE_BOOK_TITLE = re.compile(r"^[^《]*》")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日.{0,24}?12\s*月\s*31\s*日")
_TITLE = re.compile(
    rf"(?:((?:19|20)\d\d)年度?)?([{CJK}()]{{2,40}}?)(?:((?:19|20)\d\d)年度?)?"
    r"政府信息公开(?:工作)?(?:((?:19|20)\d\d)年?)?(?:年度)?(?:工作)?(?:报告|年报)"
)
_TRAILING_WORDS = re.compile(r"(?:关于|的|之|发布|公布)+$")
_LEADING_VERBS = re.compile(r"^(?:现将|现予?公布|现面向社会公开|现就|现发布|特此发布|特发布|公布|发布|关于做好|关于|"
                            r"现对|根据|编制|做好|现|将)+")
_TOWN_SUFFIX = ("街道", "镇", "乡", "苏木")
_OFFICE_SUFFIX = re.compile(r"(?:人民政府|办事处|政府)$")
_COUNTY_SUFFIX = re.compile(r"自治县|自治旗|县|区|旗|市")
_NOT_A_NAME = re.compile(r"^(?:我|全|本|各|该|此|每|乡|城|村|集|小|大)?(?:镇|乡|街道)$|^[我全本各该此每]")
_TOWN_WITH_OFFICE = re.compile(rf"([{CJK}]{{2,24}}?(?:镇|乡|街道|苏木))(?:人民政府|办事处|党政)")
_TOWN_BARE = re.compile(rf"(?<![{CJK}])([{CJK}]{{2,5}}(?:镇|乡|街道))(?=[{CJK}])")
_DEPARTMENT = re.compile(
    rf"(?<![{CJK}])([{CJK}]{{1,8}}?(?:自治县|县|区|市|州|省)[{CJK}]{{2,14}}?"
    r"(?:局|委员会|办公室|服务中心|中心|管理处|管委会))(?=[^局委办中处会])"
)
_META_ORG = re.compile(rf"(?:发文机关|发布机构|信息来源|来源)\s*[:：]\s*([{CJK}]{{2,30}})")
_PLACE_OR_BODY = re.compile(r"镇|乡|街道|苏木|县|区|市|旗|局|委员会")
# links to other pages of the site ("上一篇：某镇2019年…年度报告"): never the report's own title or year
_PAGE_LINK = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关文章|相关链接|相关阅读|相关新闻|相关信息|推荐阅读)")


def without_page_links(lines: list[str]) -> list[str]:
    """The lines with the site's links to other pages blanked (line numbers unchanged)."""
    return ["" if _PAGE_LINK.match(line) else line for line in lines]


@dataclass(frozen=True, slots=True)
class Body:
    """The reporting body: its name as the loaders report it, and its county when the text names it."""

    org: str = ""
    county: str = ""
    full: str = ""


def split_name(full: str) -> Body:
    """某县某镇人民政府 → Body(org='某镇', county='某县'); a department or government keeps its name."""
    name = full.strip()
    if "人民政府" in name[:-4] and name.endswith(_TOWN_SUFFIX + ("办事处",)):
        head, _, name = name.rpartition("人民政府")  # 某区人民政府某街道办事处
        county_hint = head
    else:
        county_hint = ""
    short = _OFFICE_SUFFIX.sub("", name)
    if short.endswith("街道办"):
        short = short[:-1]
    if short.endswith(_TOWN_SUFFIX):
        county, town = _split_town(short)
        return Body(org=town, county=county or _last_county(county_hint), full=full)
    return Body(org=name, county=_last_county(_county_prefix(name)), full=full)


def _split_town(name: str) -> tuple[str, str]:
    """The last county-level place in a township's full name, and the township itself."""
    for m in reversed(list(_COUNTY_SUFFIX.finditer(name))):
        town = name[m.end():]
        stem = town[:-2] if town.endswith("街道") else town[:-1] if town.endswith(("镇", "乡")) else town[:-2]
        if len(stem) >= 1 and len(town) >= 2 and not _NOT_A_NAME.search(town):
            return _last_county(name[: m.end()]), town
    return "", name


def _last_county(text: str) -> str:
    """重庆市九龙坡区 → 九龙坡区: the lowest level of a chain of places."""
    matches = list(_COUNTY_SUFFIX.finditer(text))
    if not matches:
        return ""
    end = matches[-1].end()
    start = matches[-2].end() if len(matches) > 1 else 0
    part = text[start:end]
    return part if len(part) >= 2 else text[:end]


def _county_prefix(name: str) -> str:
    m = re.match(rf"([{CJK}]{{1,8}}?(?:自治县|县|区|旗|市))", name)
    return m.group(1) if m and len(name) > len(m.group(1)) + 1 else ""


def find_title(lines: list[str]) -> tuple[int, str, int | None]:
    """(line, body name, title year) of the report's title phrase; line 0 when there is none.

    The title may be broken over two lines ("…政府信息公开" / "工作年度报告"), and a cited document's
    title (《关于做好…年度报告…的通知》) is not the report's own.
    """
    compact = [without_spaces(line) for line in lines[:60]]
    compact = [_OPEN_BOOK_TITLE.sub("", _CLOSE_BOOK_TITLE.sub("", _BOOK_TITLE.sub("", line)))
               if "《" in line or "》" in line else line for line in compact]
    filled = [i for i, line in enumerate(compact) if line]
    for i, nxt in zip(filled, filled[1:] + [None]):  # a blank line may stand inside a broken title
        line = compact[i]
        candidates = [line]
        if nxt is not None and len(line) < 60 and not _TITLE.search(compact[nxt]):
            candidates.append(line + compact[nxt])  # never glue a line (navigation) onto a whole title
        for text in candidates:
            if "信息公开" not in text:
                continue
            for m in _TITLE.finditer(text):
                name = _TRAILING_WORDS.sub("", _LEADING_VERBS.sub("", m.group(2))).strip("()")
                year = m.group(1) or m.group(3) or m.group(4)
                if len(name) >= 2:
                    return i + 1, name, int(year) if year else None
    return 0, "", None


def find_body(lines: list[str], title_name: str) -> Body:
    """The reporting body: from the title, else the names the text gives itself, else none."""
    text = "\n".join(lines)
    compact = re.sub(r"[ \t]+", "", text)
    if title_name and not _NOT_A_NAME.search(title_name):
        body = split_name(title_name)
        return Body(body.org, body.county or _county_of(compact, body.org), body.full)
    meta = _META_ORG.search(text)  # spaces kept: the page's next field ("浏览次数") is not the name
    if meta and not _PLACE_OR_BODY.search(meta.group(1)):
        meta = None  # "来源：党政办公室" names an office, not the body
    candidates: Counter = Counter()
    fulls: dict[str, str] = {}
    for m in _TOWN_WITH_OFFICE.finditer(compact):
        name = m.group(1)
        _vote(candidates, fulls, name[1:] if name.startswith("由") and len(name) >= 4 else name, 3)  # 由某镇人民政府…编制
    for m in _TOWN_BARE.finditer(compact):
        _vote(candidates, fulls, m.group(1), 1)
    departments = Counter(m.group(1) for m in _DEPARTMENT.finditer(compact))
    for name, count in departments.items():
        if count >= 2:
            _vote(candidates, fulls, name, 2 * count)
    if meta:
        _vote(candidates, fulls, meta.group(1), 5)
    if not candidates:
        return Body()
    org = candidates.most_common(1)[0][0]
    body = split_name(fulls[org])
    county = body.county if body.county and not _SPAM.search(body.county) else _county_of(compact, body.org)
    return Body(body.org, county if not _SPAM.search(county) else "", body.full)


# words that mirrored spam pages put into place names ("新葡京博彩官网区人民政府…")
_SPAM = re.compile(r"博彩|官网|娱乐城|彩票|赌|棋牌|威廉希尔|新葡京|明升|真人|葡京|金沙|皇冠")


def _vote(candidates: Counter, fulls: dict, name: str, weight: int) -> None:
    body = split_name(name)
    if _SPAM.search(body.county):
        body = Body(body.org, "", body.full)
    if not body.org or _NOT_A_NAME.search(body.org) or len(body.org) < 2 or _SPAM.search(body.org):
        return
    candidates[body.org] += weight
    if body.org not in fulls or len(name) > len(fulls[body.org]):
        fulls[body.org] = name


def _county_of(text: str, org: str) -> str:
    """The county the text puts in front of the body's name (惠来县仙庵镇 → 惠来县), if any."""
    if not org or _COUNTY_SUFFIX.search(org[:-1] if org.endswith("区") else org):
        return ""
    counts: Counter = Counter()
    for run in _runs_before(text, org):
        suffix = None
        for s in _COUNTY_SUFFIX.finditer(run):
            suffix = s
        if suffix is None or suffix.end() != len(run):
            continue
        for start in range(max(0, len(run) - 7), len(run) - 1):
            counts[run[start:]] += 1
    if not counts:
        return ""
    best = max(counts.values())
    choice = max((c for c, n in counts.items() if n == best), key=len)
    return _last_county(choice)


_CJK_RUN_TO_END = re.compile(rf"[{CJK}]{{1,10}}$")


def _runs_before(text: str, org: str):
    """The Chinese characters (up to 10) right before each mention of `org`, mentions apart."""
    floor = 0
    while (at := text.find(org, floor)) >= 0:
        m = _CJK_RUN_TO_END.search(text, max(floor, at - 10), at)
        if m:
            yield m.group()
        floor = at + len(org)


def find_year(lines: list[str], narrative_end: int) -> tuple[int | None, str]:
    """The year the data covers, and how it was found ('period', 'title' or 'text')."""
    head = "\n".join(lines[: max(narrative_end, 1)])
    m = _PERIOD.search(re.sub(r"[ \t]+", "", head)) or _PERIOD.search(re.sub(r"[ \t]+", "", "\n".join(lines)))
    if m:
        return int(m.group(1)), "period"
    return None, ""


def years_in_text(lines: list[str]) -> Counter:
    """How often each plausible year is named in a text (dates and cited document titles left out)."""
    counts: Counter = Counter()
    for line in lines:
        text = _BOOK_TITLE.sub("", line)
        for m in _YEAR.finditer(text):
            counts[int(m.group(1))] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Numbers stated in sentences
# ---------------------------------------------------------------------------------------------
_CHANNEL = re.compile(r"通过|网站|门户|微信|公众号|平台|栏目|专栏|公开栏|宣传栏|微博|报纸|媒体|网上|客户端|政务新媒体|截至|累计|历年")
_PROACTIVE = re.compile(
    r"(?:主动)?公开(?:了)?[^。;,]{0,80}?(?:政府|政务)?信息(?:数|总数|总量|共计|共)?\s*(\d[\d,]*)\s*(?:条|件)(?!余)")
_SENTENCE_END = re.compile(r"[。;!?]")


@dataclass(frozen=True, slots=True)
class Stated:
    """A number a sentence states for a metric."""

    metric: str
    value: float
    unit: str
    line: int


def proactive_total(lines: list[str], start: int, end: int) -> Stated | None:
    """The year's total of proactively disclosed items, as a sentence states it (not one channel's)."""
    for paragraph in paragraphs(lines, start, end):
        offset = 0
        for sentence in _SENTENCE_END.split(paragraph.text):
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


def _statement(clauses: list[str], i: int) -> list[str]:
    """A clause with the clauses before it that belong to the same statement (up to another count)."""
    out = [clauses[i]]
    for clause in reversed(clauses[:i]):
        if _COUNT.search(clause):
            break
        out.append(clause)
    return out


_COUNT = re.compile(r"\d+\s*(?:条|件|篇|个|次)")


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
        if len(line) < 8 or "|" in line:
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
