"""The reporting body: its name (a township's short name, its county), told apart from fragments and spam."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .prose import CJK, without_blanks

_TOWN_SUFFIX = ("街道", "镇", "乡", "苏木")
_OFFICE_SUFFIX = re.compile(r"(?:人民政府|办事处|政府)$")
_COUNTY_SUFFIX = re.compile(r"自治县|自治旗|县|区|旗|市")
_NOT_A_NAME = re.compile(r"^(?:我|全|本|各|该|此|每|乡|城|村|集|小|大)?(?:镇|乡|街道)$|^[我全本各该此每]")
_TOWN_WITH_OFFICE = re.compile(rf"([{CJK}]{{2,24}}?(?:镇|乡|街道|苏木))(?:人民政府|办事处|党政)")
# a name stands alone, or right after a date ("2021年青石镇…"): "2021年全镇" holds no name, not "年全镇"
_TOWN_BARE = re.compile(rf"(?:(?<=\d[年月日])|(?<![{CJK}\d]))([{CJK}]{{2,5}}(?:镇|乡|街道))(?=[{CJK}])")
_META_ORG = re.compile(rf"(?:发文机关|发布机构|发布单位|编制单位|信息来源|来源)\s*[:：]\s*([{CJK}]{{2,30}})")
_PLACE_OR_BODY = re.compile(r"镇|乡|街道|苏木|县|区|市|旗|局|委员会")
_DEPARTMENT = re.compile(
    rf"(?<![{CJK}])([{CJK}]{{1,8}}?(?:自治县|县|区|市|州|省)[{CJK}]{{2,14}}?"
    r"(?:局|委员会|办公室|服务中心|中心|管理处|管委会|馆|大队))(?=[^局委办中处会馆队])"
)


# a body's name ends in a word for a body (镇, 街道, 人民政府, 局, 办公室…), and holds no words of a sentence
_BODY_WORD = re.compile(r"(?:镇|乡|街道|街道办|办事处|政府|局|委员会|委|办公室|办|管委会|中心|苏木|区|县|市|旗|州|省|厅|处|所|站|院|署|馆|队|社|台|会)$")
_SENTENCE_WORDS = re.compile(r"的|了|领导|主管|负责|关于|根据|按照|向社会|^特|^现|^本报告|首页|当前位置")
# a township's own name is short: a longer run ending in 乡 or 街道 that holds a verb is a phrase (深入开展下乡),
# and so is any run that opens with one (依托镇便民服务中心, 充分利用镇政务微信公众号: the town's, not a name)
_VERBS = ("开展|推进|加强|落实|深入|做好|组织|进行|实施|推动|完善|召开|坚持|围绕|结合|积极|认真|全面|深化|宣传|培训|督查|"
          "走进|走访|覆盖|服务|利用|依托|借助|通过|充分|发挥|强化|提升|建立|健全")
_LONG_TOWN_PHRASE = re.compile(rf"^(?=[{CJK}]*(?:{_VERBS}))[{CJK}]{{4,}}(?:镇|乡|街道)$"
                               rf"|^(?:{_VERBS})[{CJK}]*(?:镇|乡|街道)$")


def is_body_name(name: str) -> bool:
    """Whether a phrase is a body's name (示例县青石镇人民政府), not a fragment of a sentence (主管领导为街道)."""
    return (len(name) >= 2 and bool(_BODY_WORD.search(name)) and not _SENTENCE_WORDS.search(name)
            and not _NOT_A_NAME.search(name) and not _SPAM.search(name))


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


def find_body(lines: list[str], title_name: str) -> Body:
    """The reporting body: from the title, else a publisher line naming a body, else the names the text
    gives itself (a county office that published a township's report is not the body), else none."""
    text = "\n".join(lines)
    compact = without_blanks(text)
    if is_body_name(title_name):
        return _body(compact, _full_form(compact, title_name))
    kind = _self_reference(compact)  # only the other witnesses need it (a scan of the whole text)
    publisher = _publisher(text)
    if publisher and _fits(publisher, kind):
        return _body(compact, _full_form(compact, publisher))
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
    for m in _CONTACT.finditer(compact):
        _vote(candidates, fulls, _full_form(compact, _own_office(m.group(1))), 4)
    for m in _DOCUMENT.finditer(compact) if kind else ():  # a document of its own only where the text says 我局…
        if _fits(m.group(1), kind):
            _vote(candidates, fulls, _full_form(compact, m.group(1)), 2)
    fitting = [org for org in candidates if _fits(fulls[org], kind)]
    if not fitting:
        return Body()
    org = max(fitting, key=lambda o: candidates[o])
    return _body(compact, fulls[org])


def _body(compact: str, name: str) -> Body:
    body = split_name(name)
    county = body.county if body.county and not _SPAM.search(body.county) else _county_of(compact, body.org)
    return Body(body.org, county if not _SPAM.search(county) else "", body.full)


_PORTAL = re.compile(r"网站|网$|门户|平台|客户端|公众号")


def _publisher(text: str) -> str:
    """The body a publisher line names (发布机构：…, 来源：…, 编制单位：…), not a portal or an office of it."""
    for m in _META_ORG.finditer(text):  # spaces kept: the page's next field ("浏览次数") is not the name
        name = m.group(1)
        if is_body_name(name) and _PLACE_OR_BODY.search(name) and not _PORTAL.search(name):
            return name  # "来源：党政办公室" names an office, not the body
    return ""


# how the text names itself: 我镇, 本街道, 我局, 我办
_SELF = re.compile(r"(?:我|本)(镇|乡|街道|局|办|委)(?![\u4e00-\u9fff]{0,1}(?:长|领导|干部))")
_SELF_WORDS = {"镇": ("镇", "镇人民政府", "镇政府"), "乡": ("乡", "乡人民政府", "乡政府"),
               "街道": ("街道", "办事处", "街道办"), "局": ("局",), "办": ("办公室", "办"), "委": ("委员会", "委")}


def _self_reference(compact: str) -> str:
    """The kind of body the text calls itself (镇 for 我镇/本镇…), when it does so at least twice."""
    kinds = Counter(m.group(1) for m in _SELF.finditer(compact))
    if not kinds:
        return ""
    kind, count = kinds.most_common(1)[0]
    return kind if count >= 2 else ""


def _fits(name: str, kind: str) -> bool:
    """Whether a name is of the kind the text calls itself (a 我镇 report is not a county office's)."""
    return not kind or name.endswith(_SELF_WORDS[kind])


# a body names itself where it gives its contact office or issues its own documents
_CONTACT = re.compile(rf"(?:请与|请联系|联系单位[:：])([{CJK}]{{4,30}}?)联系")
_DOCUMENT = re.compile(rf"《([{CJK}]{{4,30}}?)关于")
_SHORT_FORM = re.compile(r"^(?:区|县|市|实验区|新区|开发区|高新区)")
_NOT_IN_A_PLACE_NAME = re.compile(r".*[与请在和由向对经按为及是的了将把被从经以]")


def _own_office(name: str) -> str:
    """请与某局办公室联系 names 某局 (a bureau's own office); 某管委会办公室 and 某政府办公室 are bodies."""
    head = name.removesuffix("办公室")
    return head if head != name and head.endswith(("局", "委员会", "中心")) else name


def _full_form(compact: str, name: str) -> str:
    """区财政金融局 → 某某实验区财政金融局: a name the text shortens, written out as the text gives it."""
    if not _SHORT_FORM.match(name):
        return name
    places: Counter = Counter()
    for run in _runs_before(compact, name):
        place = _NOT_IN_A_PLACE_NAME.sub("", run)
        if len(place) >= 2:
            places[place] += 1
    return places.most_common(1)[0][0] + name if places else name


# words that mirrored spam pages put into place names ("新葡京博彩官网区人民政府…")
_SPAM = re.compile(r"博彩|官网|娱乐城|彩票|赌|棋牌|威廉希尔|新葡京|明升|真人|葡京|金沙|皇冠")


def _vote(candidates: Counter, fulls: dict, name: str, weight: int) -> None:
    body = split_name(name)
    if _SPAM.search(body.county):
        body = Body(body.org, "", body.full)
    if not is_body_name(name) or not body.org or _NOT_A_NAME.search(body.org) or len(body.org) < 2 \
            or _LONG_TOWN_PHRASE.search(body.org):
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

