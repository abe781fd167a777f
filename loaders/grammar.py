"""The statutory templates' grammar: section headings, row labels, column headers and their order.

This is the vocabulary the table reader walks with. Labels are matched on text with whitespace
removed (so 三、 本 年 度 办 理 结 果 reads as 三、本年度办理结果) and with annotations in brackets set
aside (规范性文件(指各行政机关印发的有正式文号的文件) reads as 规范性文件).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as _sre  # noqa: PLC2701 (the parser's own opcodes, to read term patterns)
from re._parser import parse as _sre_parse  # noqa: PLC2701

from .catalog import APPLICANT_IDS
from .text import without_spaces

# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------
SECTION_NAMES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
_SECTION_KEYWORDS = (
    ("二", re.compile(r"主动公开政府信息(?:的)?(?:情况|$)")),
    ("三", re.compile(r"收到和处理|处理政府信息公开申请")),
    ("四", re.compile(r"行政复议|行政诉讼")),
    ("五", re.compile(r"存在的?主要问题|存在(?:的)?问题|问题及改进|改进(?:情况|措施)$")),
    ("六", re.compile(r"其他需要报告|需要报告的事项")),
    ("一", re.compile(r"^(?:总体情况|概述|基本情况|工作概况|总体概况|工作基本情况)")),
)
_HEADING = re.compile(r"^[#*>\s|]*(?:第)?([一二三四五六七八九十])\s*[、.,]\s*(.+?)[\s|*#]*$")


# A heading numbered otherwise (（二）, 2., 第二部分) or not at all must give the section's full name.
_FULL_NAMES = tuple((number, re.compile(pattern)) for number, pattern in (
    ("二", r"主动公开政府信息(?:的)?情况"),
    ("三", r"收到和处理政府信息公开申请(?:的)?情况"),
    ("四", r"政府信息公开行政复议\W?行政诉讼(?:的)?情况"),
    ("五", r"存在的?主要问题及(?:其)?改进情况"),
    ("六", r"其他需要报告的事项"),
))
_OTHER_NUMBERING = re.compile(r"^[#*>\s|]*(?:第[一二三四五六七八九十]部分|\([一二三四五六七八九十]\)|[1-9]\s*[、.])?\s*(.+?)[\s|*#:]*$")


def section_heading(line: str) -> str | None:
    """The section (一 … 六) a line heads, or None.

    Sections are told by their words, not their numbers: some reports number their own narrative
    sections and then restart at 一 for the tables.
    """
    m = _HEADING.match(line)
    if not m:
        return _fully_named_section(line)
    rest = without_spaces(m.group(2))
    if len(rest) > 40 or "。" in rest:
        return None
    for number, pattern in _SECTION_KEYWORDS:
        if pattern.search(rest):
            return number
    # a heading cut by the end of an excerpt ("三、收到") still marks where its section starts
    if len(rest) >= 2 and SECTION_NAMES.get(m.group(1), "").startswith(rest) and m.group(1) != "一":
        return m.group(1)
    return None


def _fully_named_section(line: str) -> str | None:
    if len(line) > 60 or ("情况" not in line and "事项" not in line):  # cheap test first: every line comes here
        return None
    m = _OTHER_NUMBERING.match(line)
    if not m or len(line) > 60:
        return None
    rest = without_spaces(m.group(1))
    return next((number for number, pattern in _FULL_NAMES if pattern.fullmatch(rest)), None)


# ---------------------------------------------------------------------------------------------
# Section 二: blocks of 第二十条, their rows and column variants
# ---------------------------------------------------------------------------------------------
BLOCK_HEADING = re.compile(r"第二十条第\(?([一五六八九])\)?项")


@dataclass(frozen=True, slots=True)
class ProactiveRow:
    """A row of section 二: its block of 第二十条 and its columns on each form of the block."""

    key: str
    block: str
    label: str
    variants: dict  # variant name → metric ids in column order


_ROWS_2 = (
    ProactiveRow("rules", "一", "规章", {
        "2019": ("rules.new_made", "rules.new_published", "rules.total_published"),
        "2021": ("rules.issued", "rules.abolished", "rules.in_force")}),
    ProactiveRow("normative", "一", "行政规范性文件", {
        "2019": ("normative.new_made", "normative.new_published", "normative.total_published"),
        "2021": ("normative.issued", "normative.abolished", "normative.in_force")}),
    ProactiveRow("licensing", "五", "行政许可", {
        "2019": ("licensing.items_prev", "licensing.items_change", "licensing.decisions"),
        "2021": ("licensing.decisions",)}),
    ProactiveRow("other_services", "五", "其他对外管理服务事项", {
        "2019": ("other_services.items_prev", "other_services.items_change", "other_services.decisions"),
        "2021": ("other_services.decisions",)}),
    ProactiveRow("penalty", "六", "行政处罚", {
        "2019": ("penalty.items_prev", "penalty.items_change", "penalty.decisions"),
        "2021": ("penalty.decisions",)}),
    ProactiveRow("enforcement", "六", "行政强制", {
        "2019": ("enforcement.items_prev", "enforcement.items_change", "enforcement.decisions"),
        "2021": ("enforcement.decisions",)}),
    ProactiveRow("fees", "八", "行政事业性收费", {
        "2019": ("fees.items_prev", "fees.items_change"),
        "2021": ("fees.amount",)}),
    ProactiveRow("procurement", "九", "政府集中采购", {
        "2019": ("procurement.projects", "procurement.amount"),
        "2021": ("procurement.projects", "procurement.amount")}),
)
PROACTIVE_ROWS: dict[str, ProactiveRow] = {r.key: r for r in _ROWS_2}
#: Section 二's rows in template order (2019 has all eight; 2021 drops other_services and procurement).
PROACTIVE_ORDER: tuple[str, ...] = tuple(r.key for r in _ROWS_2)
AMOUNT_METRICS = frozenset({"fees.amount", "procurement.amount"})

# Header words of section 二 and the form of the block they point to ('' = either form).
_HEADERS_2 = {
    "h.issued": ("本年制发件数|本年制发|制发件数", "2021"),
    "h.abolished": ("本年废止件数|本年废止|废止件数", "2021"),
    "h.in_force": ("现行有效件数|现行有效件?", "2021"),
    "h.new_made": ("本年新制作数量|本年新制作|新制作数量", "2019"),
    "h.new_published": ("本年新公开数量|新公开数量", "2019"),
    "h.total_published": ("对外公开总数量|对外公开总数?", "2019"),
    "h.items_prev": ("上一年项目数量|上一年项目|上年项目数量", "2019"),
    "h.items_change": (r"本年增[/\\、]?减?|增[/\\、]减", "2019"),
    "h.new_cut": ("本年新", "2019"),
    "h.decisions_2021": ("本年处理决定数量|本年处理决定", "2021"),
    "h.decisions": ("处理决定数量|处理决定", ""),
    "h.fee_amount": ("本年收费金额|收费金额", "2021"),
    "h.proc_projects": ("采购项目数量|采购数量|采购项目", ""),
    "h.proc_amount": ("采购总金额|采购金额", ""),
    "h.info": ("信息内容", ""),
}
HEADER_FORMS = {key: form for key, (_, form) in _HEADERS_2.items()}

# ---------------------------------------------------------------------------------------------
# Section 三: the application table
# ---------------------------------------------------------------------------------------------
_ROWS_3 = (
    ("apps.new_received", r"本年新收(?:政府信息公开|信息公开)?(?:申请)?(?:数量|件数|数)?"),
    ("apps.carried_over", r"上年结转(?:政府信息公开|信息公开)?(?:申请)?(?:数量|件数|数)?"),
    ("apps.disclosed", r"(?<!不)予以公开"),
    ("apps.partial", r"部分公开"),
    ("apps.denied.state_secret", r"(?:属于)?国家秘密"),
    ("apps.denied.law_prohibited", r"(?:其他)?法律行政法规禁止公开"),
    ("apps.denied.security_stability", r"危及\W?三安全一稳定\W?"),
    ("apps.denied.third_party", r"保护第三方合法权益"),
    ("apps.denied.internal_affairs", r"(?:属于)?三类内部事务(?:信息)?"),
    ("apps.denied.process_info", r"(?:属于)?四类过程性(?:信息)?"),
    ("apps.denied.enforcement_file", r"(?:属于)?行政执法案卷"),
    ("apps.denied.admin_query", r"(?:属于)?行政查询事项"),
    ("apps.unavailable.not_held", r"(?:本机关)?不掌握(?:相关)?(?:政府)?信息"),
    ("apps.unavailable.needs_creation", r"没有现成信息(?:需要另行制作)?|需要另行制作"),
    ("apps.unavailable.unclear", r"补正后申请内容仍不明确"),
    ("apps.rejected.petition", r"信访举报投诉类申请|信访举报投诉"),
    ("apps.rejected.duplicate", r"重复申请"),
    ("apps.rejected.publication", r"要求提供公开出版物"),
    ("apps.rejected.excessive", r"无正当理由大量反复申请"),
    ("apps.rejected.reconfirm", r"要求行政机关确认或重新出具已获取信息|要求行政机关确认或重新出具"),
    ("apps.other.no_correction", r"(?:申请人)?(?:无正当理由)?逾期不补正(?:\W?行政机关不再处理其政府信息公开申请)?"),
    ("apps.other.unpaid_fee",
     r"(?:申请人)?(?:逾期未按收费通知要求)?缴纳费用(?:\W?行政机关不再处理其政府信息公开申请)?|逾期未按收费通知"),
    ("apps.other.other", r"(?<![\u4e00-\u9fff\d])3[.、]?其他(?![\u4e00-\u9fff])"),
    ("apps.other", r"(?:\(六\))?其他处理"),
    ("apps.outcome_total", r"\(七\)总计|(?<![\u4e00-\u9fff])七\)?总计"),
    ("apps.carried_forward", r"结转下年度(?:继续办理)?"),
)
#: The rows of section 三 in template order (apps.other is the 2019 form's single （六） row, and the
#: 2021 form's group heading over its three rows).
APPLICATION_ROWS: tuple[str, ...] = tuple(key for key, _ in _ROWS_3)
ROWS_2021 = tuple(k for k in APPLICATION_ROWS if k != "apps.other")
ROWS_2019 = tuple(k for k in APPLICATION_ROWS if not k.startswith("apps.other."))
_GROUPS_3 = {
    "g.results": r"本年度办理结果",
    "g.denied": r"不予公开",
    "g.unavailable": r"无法提供",
    "g.rejected": r"不予处理",
}
_HEADERS_3 = {
    "h.applicant": r"申请人情况",
    "h.natural_person": r"自然人",
    "h.legal_person": r"法人或其他组织",
    "h.commercial": r"商业企业",
    "h.research": r"科研机构",
    "h.social_org": r"社会公益组织",
    "h.legal_service": r"法律服务机构",
    "h.balance": r"(?:勾稽|逻辑)关系",
    "h.other": r"(?<![\u4e00-\u9fff])其他(?![\u4e00-\u9fff])",
    "h.total": r"(?<![\u4e00-\u9fff])总计(?![\u4e00-\u9fff])",
}
APPLICANT_COLUMNS = APPLICANT_IDS

# ---------------------------------------------------------------------------------------------
# Section 四: one row of fifteen cells
# ---------------------------------------------------------------------------------------------
APPEAL_COLUMNS: tuple[str, ...] = tuple(
    f"{group}.{col}"
    for group in ("review", "lit_direct", "lit_after_review")
    for col in ("upheld", "corrected", "other", "pending", "total")
)
APPEAL_GROUPS = ("review", "lit_direct", "lit_after_review")
_HEADERS_4 = {
    "h4.review": r"行政复议",
    "h4.litigation": r"行政诉讼",
    "h4.upheld": r"结果维持",
    "h4.corrected": r"结果纠正",
    "h4.other": r"其他结果",
    "h4.pending": r"尚未审结",
    "h4.direct": r"未经复议直接起诉",
    "h4.after_review": r"复议后起诉",
}

# ---------------------------------------------------------------------------------------------
# One scanner for all of them
# ---------------------------------------------------------------------------------------------
ROW, GROUP, HEADER, BLOCK = "row", "group", "header", "block"


@dataclass(frozen=True, slots=True)
class Term:
    """A word of the grammar: what it is (ROW, GROUP, HEADER, BLOCK), its key and its section."""

    kind: str
    key: str
    section: str


_TERMS: list[tuple[Term, str]] = [(Term(BLOCK, "block", "二"), r"第二十条第\(?[一五六八九]\)?项")]
_TERMS += [(Term(ROW, key, "三"), pattern) for key, pattern in _ROWS_3]
_TERMS += [(Term(ROW, "rules", "二"), r"规章")]
_TERMS += [(Term(ROW, "normative", "二"), r"(?:行政)?规范性文件")]
_TERMS += [(Term(ROW, "other_services", "二"), r"其他对外管理服务事项")]
_TERMS += [(Term(ROW, "licensing", "二"), r"行政许可(?!证)")]
_TERMS += [(Term(ROW, "penalty", "二"), r"行政处罚")]
_TERMS += [(Term(ROW, "enforcement", "二"), r"行政强制")]
_TERMS += [(Term(ROW, "fees", "二"), r"行政事业性收费")]
_TERMS += [(Term(ROW, "procurement", "二"), r"政府集中采购")]
_TERMS += [(Term(HEADER, key, "四"), pattern) for key, pattern in _HEADERS_4.items()]
_TERMS += [(Term(GROUP, key, "三"), pattern) for key, pattern in _GROUPS_3.items()]
_TERMS += [(Term(HEADER, key, "二"), pattern) for key, (pattern, _) in _HEADERS_2.items()]
_TERMS += [(Term(HEADER, key, "三"), pattern) for key, pattern in _HEADERS_3.items()]

TERMS: tuple[Term, ...] = tuple(t for t, _ in _TERMS)


def _first_characters(items, start: int = 0) -> tuple[set[str] | None, bool]:
    """The characters a match of a parsed regex (from items[start]) can begin with, and whether it can
    match empty; None when the pattern is beyond this small reading (then no guard is built)."""
    firsts: set[str] = set()
    for op, arg in list(items)[start:]:
        if op is _sre.LITERAL:
            return firsts | {chr(arg)}, False
        if op is _sre.IN and all(o is _sre.LITERAL for o, _ in arg):
            return firsts | {chr(a) for _, a in arg}, False
        if op is _sre.SUBPATTERN:
            branches, least = [arg[3]], 1
        elif op is _sre.BRANCH:
            branches, least = arg[1], 1
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            branches, least = [arg[2]], arg[0]
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):  # look-arounds consume nothing
            continue
        else:
            return None, False
        empty = False
        for branch in branches:
            chars, can_be_empty = _first_characters(branch)
            if chars is None:
                return None, False
            firsts |= chars
            empty |= can_be_empty
        if least and not empty:
            return firsts, False
    return firsts, True


def _term_pattern() -> re.Pattern:
    """All terms as one pattern. Python tries every alternative at every position of a text; a guard on
    the characters a term can begin with skips most positions at once (5× faster on prose cells). The
    alternatives carry no groups: the regex engine skips an alternative at a glance when its first
    character differs, but not when a group stands before it (named groups made prose 7–10× slower).
    term_of tells which term a match is."""
    alternatives = "|".join(f"(?:{p})" for _, p in _TERMS)
    chars, can_be_empty = _first_characters(_sre_parse(alternatives))
    if chars is None or can_be_empty:
        return re.compile(alternatives)
    return re.compile(f"(?=[{re.escape(''.join(sorted(chars)))}])(?:{alternatives})")


TERM_PATTERN = _term_pattern()
_EACH_TERM = tuple(re.compile(p) for _, p in _TERMS)


def _terms_by_first_character() -> dict[str, tuple[int, ...]]:
    """Character → the terms (indexes, in order) a match beginning with it can be; a term whose first
    characters this reading cannot tell is listed under every character."""
    firsts = [_first_characters(_sre_parse(p)) for _, p in _TERMS]
    known = set().union(*(chars for chars, empty in firsts if chars is not None and not empty))
    return {c: tuple(i for i, (chars, empty) in enumerate(firsts) if chars is None or empty or c in chars)
            for c in known}


_TERMS_STARTING = _terms_by_first_character()
_ALL_TERMS = tuple(range(len(_TERMS)))


def term_of(match: re.Match) -> Term:
    """The term a TERM_PATTERN match is: the first term, in the pattern's order, that matches where the
    match starts — the alternative the pattern took, as nothing follows it."""
    text, start = match.string, match.start()
    return next(TERMS[i] for i in _TERMS_STARTING.get(text[start], _ALL_TERMS) if _EACH_TERM[i].match(text, start))


# Text the scanner may leave around terms without the text ceasing to be a table cell:
# numbering (一、 (三) 1. 2、), punctuation, and a few words tables put beside their labels.
_FILLER = re.compile(r"[一二三四五六七八九十]、|\([一二三四五六七八九十]\)|[一二三四五六七八九十]\)|\d+[.、]|"
                     r"[\W_\d]|申请数量|数量|情况|件数|单位|万元|元|件|项|个")
# Brackets holding an explanation: (指2018年事项数), (区分处理的，只计这一情形…) — possibly cut.
# (未经复议直接起诉) and (复议后起诉) name a group of section 四 and are kept.
ANNOTATION = re.compile(r"\((?!未经复议|复议后)[^()]{2,}\)|\((?!未经复议|复议后)[^()]{2,}$|[\[【][^\]】]*[\]】]?")
APPEAL_GROUP_HEADERS = {"h4.review": "review", "h4.direct": "lit_direct", "h4.after_review": "lit_after_review"}


def residual(text: str) -> str:
    """What is left of a text once grammar fillers are removed (used to tell a label from prose)."""
    return _FILLER.sub("", text)
