"""The year's total of proactively disclosed items, as the narrative states it.

Every count of disclosed items the prose states is read and sorted out: a count of information in
general, presented as the year's (主动公开, 全年/2022年, 共), is a candidate; a count of one kind of
document, a part of a breakdown, an approximate count, a count since an earlier year or of another
year never is. A count on a channel (通过门户网站…) is the total only when the year states no other
count and its breakdown adds up to it (the labelled reports leave a channel's bare count alone). Two
candidates that the breakdowns do not settle give no total and a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .prose import CJK, SENTENCE_END, Paragraph, Stated, paragraphs

_CHANNEL = re.compile(r"通过|网站|门户|网页|页面|微信|公众号|平台|栏目|专栏|公开栏|宣传栏|微博|报纸|媒体|网上|客户端|新媒体|政务网|政府网")
_ITEM_COUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\s*(余|多)?\s*(条|件|篇|份|个|项)")
# what every match of _ITEM_COUNT holds (its last digit and unit), found 5× faster: the pattern starts with a digit
_COUNT_HINT = re.compile(r"\d\s*(?:余|多)?\s*[条件篇份个项]")
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|:(?!\d)")  # "1,315条" keeps its comma, "数量:300条" its colon
_VERB = r"(?P<verb>(?:主动(?:向社会|向公众)?)?(?:公开|发布|公布|推送)(?:发布|公开)?)"
_NOUN = rf"(?P<mod>[{CJK}]{{0,10}}?)(?P<noun>政府信息|政务信息|信息)"
_AMOUNT_WORDS = r"(?:数|总数|总量|数量|条数|件数)?(?:为|达到?|共计?|合计|总计)?:?"
_LISTED = r"(?:(?:涉及|包括|涵盖)[^,;]{0,80}?等)?"  # 主动公开涉及领导分工、机构概况…等政务信息57条
_VERB_THEN_NOUN = re.compile(rf"{_VERB}(?:了|的)?{_LISTED}{_NOUN}{_AMOUNT_WORDS}$")
_NOUN_THEN_VERB = re.compile(rf"{_NOUN}(?:共计?)?{_VERB}{_AMOUNT_WORDS}$")
_VERB_THEN_NUMBER = re.compile(rf"{_VERB}(?:了)?(?:共计?|合计)?$")
_VERB_THEN_THING = re.compile(rf"{_VERB}[{CJK}]{{1,12}}$")  # 公开规范性文件3件: one kind of document
_NOUN_AFTER_NUMBER = re.compile(rf"^{_NOUN}")
_GENERAL_WORDS = ("", "各类", "各项", "相关", "有关", "各类的", "的")
_APPROXIMATE_BEFORE = re.compile(r"(?:近|约|逾|超过|超|大约|将近)$")
_APPROXIMATE_AFTER = re.compile(r"^(?:以上|左右)")
_SINCE_EARLIER = re.compile(r"以来|历年|至今|迄今|目前|当前|成立|自\d{4}年")
_UNTIL = re.compile(r"(?:截至|截止)(?:到)?(?:(\d{4})年)?(12月31日|12月底|年底|年末|底)?")
_PART_OF_YEAR = re.compile(r"\d{1,2}(?:月份?)?(?:至|到|-|—|~)(?!12月)\d{1,2}月|上半年|下半年|前三季度|[一二三四1-4]季度")
_LAST_YEAR = re.compile(r"(?:上年度?|上一年度?|去年|前年)(?:共|全年)?(?:主动)?(?:公开|发布|公布)")
_YEAR_WORD = re.compile(r"全年|本年|今年|当年|年度|(\d{4})年")
_TOTAL_WORD = re.compile(r"(?:共计?|合计|累计|总计)$")
_OUTSIDE = re.compile(r"申请|复议|诉讼|征集|意见|回应|解读")


@dataclass(frozen=True, slots=True)
class Count:
    """A count of disclosed items one clause states, with what the clause says about it."""

    value: float
    line: int
    sentence: int
    general: bool  # information in general (政府信息, 各类信息), not one kind of document
    proactive: bool  # the verb says 主动
    part: bool  # listed inside a breakdown (其中…, or with no verb of its own)
    channel: bool  # its statement names a channel
    presented: bool  # stated as the year's: 主动公开, 全年/2022年, 共/累计
    excluded: str  # why it can never be the total ("" when it can)
    cumulative: bool = False  # 累计 or 截至: a count up to a day, which may hold the year's count as a part


@dataclass(frozen=True, slots=True)
class ProactiveReading:
    """The total a report states (or None), and the readings left when two stay possible."""

    total: Stated | None
    ambiguous: tuple[Stated, ...] = ()


def proactive_total(lines: list[str], start: int, end: int, year: int | None = None,
                    body_names: tuple[str, ...] = ()) -> ProactiveReading:
    """The year's total of proactively disclosed items, as the prose states it (None when it does not).
    `body_names`: the reporting body's own names (青石县融媒体中心, 融媒体中心), never a channel it used."""
    counts = _promote_proactive_parts(_counts(lines, start, end, year, _own_names(body_names)))
    possible = [i for i, c in enumerate(counts) if c.general and not c.excluded and not c.part]
    candidates = [i for i in possible if counts[i].presented]
    plain = [i for i in candidates if not counts[i].channel]
    if plain:
        return _one_of(counts, plain)
    bare = [i for i in possible if not counts[i].channel]  # 我镇公开各类信息315条: the only count the year states
    if len(bare) == 1 and not _other_counts(counts, bare[0]):
        return ProactiveReading(_stated(counts[bare[0]]))
    if len({counts[i].value for i in candidates}) == 1 and not _other_counts(counts, candidates[0]) \
            and any(_adds_up(counts, i) for i in candidates):
        return ProactiveReading(_stated(counts[candidates[0]]))
    return ProactiveReading(None)


def _promote_proactive_parts(counts: list[Count]) -> list[Count]:
    """制发/公开政府信息405条，其中主动公开140条; 累计公开3000条，其中2022年公开300条: the part is the year's
    count, not the whole."""
    out = list(counts)
    for i, whole in enumerate(counts):
        if whole.proactive and whole.general and not whole.cumulative:
            continue
        parts = _breakdown(counts, i)
        promoted = [k for k, p in enumerate(parts, start=i + 1)
                    if (p.general and p.proactive) or (whole.cumulative and whole.general and p.presented)]
        if promoted:
            out[i] = replace(whole, excluded="a whole with the year's part")
            for k in promoted:  # the part counts what its whole counts
                out[k] = replace(counts[k], part=False, general=True)
    return out


def _one_of(counts: list[Count], candidates: list[int]) -> ProactiveReading:
    """The candidates' one value, else the one whose breakdown adds up, else none and the readings."""
    values = list(dict.fromkeys(counts[i].value for i in candidates))
    if len(values) > 1:
        settled = list(dict.fromkeys(counts[i].value for i in candidates if _adds_up(counts, i)))
        if len(settled) != 1:  # else the one count that says 主动公开 (beside 共发布政务信息500条)
            settled = list(dict.fromkeys(counts[i].value for i in candidates if counts[i].proactive))
        if len(settled) != 1:
            firsts = tuple(_stated(next(counts[i] for i in candidates if counts[i].value == v)) for v in values)
            return ProactiveReading(None, firsts)
        values = settled
    return ProactiveReading(_stated(next(counts[i] for i in candidates if counts[i].value == values[0])))


def _stated(count: Count) -> Stated:
    return Stated("proactive.items_total", count.value, "条", count.line)


def _breakdown(counts: list[Count], whole: int) -> list[Count]:
    """The parts listed right after a count in its sentence (up to the next count that is not a part)."""
    parts = []
    for c in counts[whole + 1:]:
        if c.sentence != counts[whole].sentence or not c.part:
            break
        parts.append(c)
    return parts


def _adds_up(counts: list[Count], whole: int) -> bool:
    parts = _breakdown(counts, whole)
    return bool(parts) and sum(p.value for p in parts) == counts[whole].value


def _other_counts(counts: list[Count], candidate: int) -> list[Count]:
    """Counts of disclosed items other than the candidate, its restatements and its own breakdown."""
    own = _breakdown(counts, candidate)
    value = counts[candidate].value
    return [c for c in counts if c.value != value and not any(c is p for p in own)]


def _own_names(names: tuple[str, ...]) -> re.Pattern | None:
    """What to take out of a statement before looking for a channel: a body named after one (融媒体中心,
    a 平台 or 网站 of its own) says its name, not a channel, when it reports its own year."""
    named = sorted({n for n in names if n and _CHANNEL.search(n)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, named))) if named else None


def _counts(lines: list[str], start: int, end: int, year: int | None, own: re.Pattern | None) -> list[Count]:
    """Every count of disclosed items in the prose, in reading order."""
    out: list[Count] = []
    number = 0
    for paragraph in paragraphs(lines, start, end):
        offset = 0
        for sentence in SENTENCE_END.split(paragraph.text):
            if not sentence.startswith("其中"):  # "…300条。其中…" lists the parts in a sentence of its own
                number += 1
            if _COUNT_HINT.search(sentence):  # most sentences state no count: their clauses need no reading
                out.extend(_sentence_counts(sentence, _Place(paragraph, offset, number), out, year, own))
            offset += len(sentence) + 1
    return out


@dataclass(frozen=True, slots=True)
class _Place:
    paragraph: Paragraph
    offset: int  # of the sentence in the paragraph's text
    sentence: int


def _sentence_counts(sentence: str, place: _Place, before_it: list[Count], year: int | None,
                     own: re.Pattern | None) -> list[Count]:
    out: list[Count] = []
    earlier = [c for c in before_it if c.sentence == place.sentence]
    at = 0
    statement = ""  # the text since the last count: it belongs to the next count's statement
    listing = False  # a 其中 has been seen after a count of this sentence
    for clause in _CLAUSE_BREAK.split(sentence):
        taken = 0  # where the clause's text not yet given to a count starts
        for m in _ITEM_COUNT.finditer(clause):
            if _OUTSIDE.search(clause[: m.start()].rpartition("、")[2]):  # 依申请公开177条, 收到申请1件
                continue
            listing = listing or ("其中" in clause[: m.start()] and bool(earlier or out))
            line = place.paragraph.line_at(place.offset + at + m.start(1))
            count = _count(m, clause, statement + clause[taken: m.end()], year,
                           _Seen(line, place.sentence, listing, bool(earlier or out)), own)
            if count is not None:
                out.append(count)
                statement, taken = "", m.end()
        statement += clause[taken:] + ","
        at += len(clause) + 1
    return out


@dataclass(frozen=True, slots=True)
class _Seen:
    line: int
    sentence: int
    listing: bool  # after a 其中 that follows a count
    follows_count: bool  # another count stands before it in its sentence


def _count(m: re.Match, clause: str, statement: str, year: int | None, seen: _Seen,
           own: re.Pattern | None) -> Count | None:
    """What one number of a clause counts, or None when it counts no disclosed items."""
    before, rest, unit = clause[: m.start()], clause[m.end():], m.group(3)
    words = _VERB_THEN_NOUN.search(before) or _NOUN_THEN_VERB.search(before)
    verb_first = _VERB_THEN_NUMBER.search(before)
    noun_after = _NOUN_AFTER_NUMBER.match(rest)
    if words:
        verb, mod, noun = words.group("verb"), words.group("mod"), words.group("noun")
    elif verb_first and noun_after:
        verb, mod, noun = verb_first.group("verb"), noun_after.group("mod"), noun_after.group("noun")
    elif verb_first or (thing := _VERB_THEN_THING.search(before)):
        verb, mod, noun = (verb_first or thing).group("verb"), "", ""
    elif before.endswith("信息") or seen.listing:  # 机构职能类信息2条; 其中门户网站150条、政务微信60条
        verb, mod, noun = "", "", ""
    else:
        return None
    if unit in ("个", "项") and not verb:
        return None
    the_rest = "其他" in before.rpartition("、")[2]  # 其他应主动公开的政府信息21条: the last part of a breakdown
    general = bool(noun) and unit in ("条", "件", "篇") and _general(mod, noun) and not the_rest
    total_word = bool(verb) and bool(_TOTAL_WORD.search(before[: before.rfind(verb)]))
    presented = "主动" in verb or total_word or bool(_YEAR_WORD.search(statement))
    part = seen.listing or the_rest or (not verb and seen.follows_count)
    channel = bool(_CHANNEL.search(own.sub("", statement) if own else statement))
    return Count(float(m.group(1).replace(",", "")), seen.line, seen.sentence, general, "主动" in verb, part,
                 channel, presented, _never(m, before, rest, statement, year),
                 cumulative=bool(re.search(r"累计|截至|截止", statement)))


def _general(mod: str, noun: str) -> bool:
    """政府信息, 各类信息, 某局政府信息: information in general; 公文类政府信息, 财政信息: one kind."""
    if mod in _GENERAL_WORDS:
        return True
    return noun != "信息" and not (mod.endswith("类") or "其他" in mod or "文件" in mod)


def _never(m: re.Match, before: str, rest: str, statement: str, year: int | None) -> str:
    """Why a count can never be the year's total ("" when it can)."""
    if m.group(2) or _APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_AFTER.match(rest):
        return "approximate"
    if _SINCE_EARLIER.search(statement):
        return "since an earlier year"
    if _PART_OF_YEAR.search(statement):
        return "part of the year"
    if _LAST_YEAR.search(statement):
        return "another year"
    for until in _UNTIL.finditer(statement):
        named = until.group(1)
        if not until.group(2) or (named and year and int(named) != year):
            return "until a day that is not the end of the year"
    years = {int(y) for y in re.findall(r"(\d{4})年", statement) if 1990 < int(y) < 2100}
    if year and years and year not in years:
        return "another year"
    if "累计" in statement and not _YEAR_WORD.search(statement) and not _UNTIL.search(statement):
        return "since an earlier year"
    return ""
