"""A generated report as the official form lays it out: title, sections, and the tables as grids.

Tables are grids of cells the way the form draws them: merged cells leave MERGE cells behind (a layout
decides whether they show as empty cells or vanish), headers know where they may break over two lines.
Row labels and headers are the official wording of each template (see loaders/grammar.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..catalog import APPLICANT_IDS
from ..grammar import APPEAL_GROUPS
from .figures import APPLICATION_ROWS

MERGE, LABEL, HEADER, VALUE, TITLE = "merge", "label", "header", "value", "title"


@dataclass(slots=True)
class Cell:
    text: str
    kind: str
    key: tuple[str, str] | None = None  # (metric, applicant) of a VALUE cell
    parts: tuple[str, str] | None = None  # where a header may break over two lines
    spaced: str | None = None  # the label written with spaces between its characters
    up: bool = False  # a MERGE cell that belongs to the cell above it (else to the cell on its left)


@dataclass(slots=True, eq=False)
class Table:
    section: str
    rows: list[list[Cell]]
    title: str = ""  # a line of its own above the table (### 第二十条第（一）项, ### 行政复议)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


@dataclass(slots=True)
class Block:
    kind: str  # 'line' (nav, dates), 'title', 'heading', 'para', 'table'
    text: str = ""
    section: str = ""
    table: Table | None = None


@dataclass(slots=True)
class Document:
    blocks: list[Block] = field(default_factory=list)


def _m(n: int = 1) -> list[Cell]:
    return [Cell("", MERGE) for _ in range(n)]


def _up(n: int = 1) -> list[Cell]:
    """Cells merged into the cell above (the form's headers and labels that span rows)."""
    return [Cell("", MERGE, up=True) for _ in range(n)]


def _h(text: str, parts: tuple[str, str] | None = None, spaced: str | None = None) -> Cell:
    return Cell(text, HEADER, parts=parts, spaced=spaced)


def _l(text: str, spaced: str | None = None) -> Cell:
    return Cell(text, LABEL, spaced=spaced)


def _v(metric: str, applicant: str = "") -> Cell:
    return Cell("", VALUE, key=(metric, applicant))


# ---------------------------------------------------------------------------------------------
# Section 二: one block per 第二十条 item
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class ProactiveBlock:
    title: str
    header: list[Cell]
    rows: list[list[Cell]]


def proactive_blocks(template: str, amount_header: str = "采购总金额") -> list[ProactiveBlock]:
    """Section 二's blocks on a template, with the official headers."""
    if template == "2019":
        change = _h("本年增/减", ("本年增/", "减"))
        prev = _h("上一年项目数量", ("上一年", "项目数量"))
        decisions = _h("处理决定数量", ("处理决定", "数量"))
        return [
            ProactiveBlock("第二十条第（一）项", [
                _h("信息内容"), _h("本年新制作数量", ("本年新", "制作数量")),
                _h("本年新公开数量", ("本年新", "公开数量")), _h("对外公开总数量", ("对外公开", "总数量"))],
                [[_l("规章")] + [_v(f"rules.{c}") for c in ("new_made", "new_published", "total_published")],
                 [_l("规范性文件")] + [_v(f"normative.{c}") for c in ("new_made", "new_published", "total_published")]]),
            ProactiveBlock("第二十条第（五）项", [_h("信息内容"), prev, change, decisions],
                           [[_l(label)] + [_v(f"{k}.{c}") for c in ("items_prev", "items_change", "decisions")]
                            for k, label in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))]),
            ProactiveBlock("第二十条第（六）项", [_h("信息内容"), prev, change, decisions],
                           [[_l(label)] + [_v(f"{k}.{c}") for c in ("items_prev", "items_change", "decisions")]
                            for k, label in (("penalty", "行政处罚"), ("enforcement", "行政强制"))]),
            ProactiveBlock("第二十条第（八）项", [_h("信息内容"), prev, change],
                           [[_l("行政事业性收费"), _v("fees.items_prev"), _v("fees.items_change")]]),
            ProactiveBlock("第二十条第（九）项", [_h("信息内容"), _h("采购项目数量", ("采购项目", "数量")),
                                          _h(amount_header)],
                           [[_l("政府集中采购"), _v("procurement.projects"), _v("procurement.amount")]]),
        ]
    decisions = _h("本年处理决定数量", ("本年处理决定", "数量"))
    return [
        ProactiveBlock("第二十条第（一）项", [
            _h("信息内容"), _h("本年制发件数", ("本年制发", "件数")), _h("本年废止件数", ("本年废止", "件数")),
            _h("现行有效件数", ("现行有效", "件数"))],
            [[_l("规章")] + [_v(f"rules.{c}") for c in ("issued", "abolished", "in_force")],
             [_l("行政规范性文件")] + [_v(f"normative.{c}") for c in ("issued", "abolished", "in_force")]]),
        ProactiveBlock("第二十条第（五）项", [_h("信息内容"), decisions], [[_l("行政许可"), _v("licensing.decisions")]]),
        ProactiveBlock("第二十条第（六）项", [_h("信息内容"), decisions],
                       [[_l("行政处罚"), _v("penalty.decisions")], [_l("行政强制"), _v("enforcement.decisions")]]),
        ProactiveBlock("第二十条第（八）项", [_h("信息内容"), _h("本年收费金额（单位：万元）", ("本年收费金额", "（单位：万元）"))],
                       [[_l("行政事业性收费"), _v("fees.amount")]]),
    ]


@lru_cache(maxsize=64)
def proactive_tables(template: str, one_grid: bool, amount_header: str = "采购总金额") -> list[Table]:
    """Section 二 as one grid (block titles as rows, narrow rows padded) or one small table per block.
    (Tables hold no figures, only where they go: they are shared between reports and never changed.)"""
    blocks = proactive_blocks(template, amount_header)
    if not one_grid:
        return [Table("二", [b.header] + b.rows, title=b.title) for b in blocks]
    width = max(len(b.header) for b in blocks)
    rows: list[list[Cell]] = []
    for b in blocks:
        rows.append([Cell(b.title, TITLE)] + _m(width - 1))
        for row in [b.header] + b.rows:
            rows.append(row + _m(width - len(row)))
    return [Table("二", rows)]


# ---------------------------------------------------------------------------------------------
# Section 三: the application table (3 label columns + 7 applicant columns)
# ---------------------------------------------------------------------------------------------
_ROW_LABELS = {
    "apps.new_received": "一、本年新收政府信息公开申请数量",
    "apps.carried_over": "二、上年结转政府信息公开申请数量",
    "apps.disclosed": "（一）予以公开",
    "apps.partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "apps.denied.state_secret": "1．属于国家秘密",
    "apps.denied.law_prohibited": "2．其他法律行政法规禁止公开",
    "apps.denied.security_stability": "3．危及“三安全一稳定”",
    "apps.denied.third_party": "4．保护第三方合法权益",
    "apps.denied.internal_affairs": "5．属于三类内部事务信息",
    "apps.denied.process_info": "6．属于四类过程性信息",
    "apps.denied.enforcement_file": "7．属于行政执法案卷",
    "apps.denied.admin_query": "8．属于行政查询事项",
    "apps.unavailable.not_held": "1．本机关不掌握相关政府信息",
    "apps.unavailable.needs_creation": "2．没有现成信息需要另行制作",
    "apps.unavailable.unclear": "3．补正后申请内容仍不明确",
    "apps.rejected.petition": "1．信访举报投诉类申请",
    "apps.rejected.duplicate": "2．重复申请",
    "apps.rejected.publication": "3．要求提供公开出版物",
    "apps.rejected.excessive": "4．无正当理由大量反复申请",
    "apps.rejected.reconfirm": "5．要求行政机关确认或重新出具已获取信息",
    "apps.other": "（六）其他处理",
    "apps.other.no_correction": "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "apps.other.unpaid_fee": "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "apps.other.other": "3．其他",
    "apps.outcome_total": "（七）总计",
    "apps.carried_forward": "四、结转下年度继续办理",
}
_GROUP_LABELS = {"apps.denied": "（三）不予公开", "apps.unavailable": "（四）无法提供", "apps.rejected": "（五）不予处理",
                 "apps.other": "（六）其他处理"}
_TOP_ROWS = ("apps.new_received", "apps.carried_over", "apps.carried_forward")
RESULTS = "三、本年度办理结果"


def spaced_chars(text: str) -> str:
    """三、本年度办理结果 → 三、 本 年 度 办 理 结 果 (the way some pages space out a narrow cell)."""
    head, sep, rest = text.partition("、")
    if not sep:
        return " ".join(text)
    return head + sep + " " + " ".join(rest)


def _numbered(label: str) -> Cell:
    """A label whose numbering may be set apart by a space: （一） 予以公开, 1． 属于国家秘密."""
    for mark in ("）", "．"):
        head, sep, rest = label.partition(mark)
        if sep and len(head) <= 2:
            return _l(label, spaced=head + sep + " " + rest)
    return _l(label)


@lru_cache(maxsize=16)
def application_table(template: str, relation: str = "勾稽") -> Table:
    rows: list[list[Cell]] = [
        [_h(f"（本列数据的{relation}关系为：第一项加第二项之和，等于第三项加第四项之和）")] + _m(2)
        + [_h("申请人情况")] + _m(6),
        _up(3) + [_h("自然人", spaced="自 然 人"), _h("法人或其他组织")] + _m(4) + [_h("总计", spaced="总 计")],
        _up(4) + [_h("商业企业", ("商业", "企业"), "商业 企业"), _h("科研机构", ("科研", "机构"), "科研 机构"),
                 _h("社会公益组织", ("社会公益", "组织"), "社会 公益 组织"),
                 _h("法律服务机构", ("法律服务", "机构"), "法律 服务 机构"), _h("其他", spaced="其 他")] + _up(1),
    ]
    first_result = True
    group_seen: set[str] = set()
    for key in APPLICATION_ROWS[template]:
        values = [_v(key, a) for a in APPLICANT_IDS]
        if key in _TOP_ROWS:
            rows.append([_l(_ROW_LABELS[key])] + _m(2) + values)
            continue
        lead = [_l(RESULTS, spaced=spaced_chars(RESULTS))] if first_result else _up(1)
        first_result = False
        group = key.rsplit(".", 1)[0] if key.count(".") == 2 else ""
        if group:
            if group not in group_seen:
                group_seen.add(group)
                middle = [_numbered(_GROUP_LABELS[group])]
            else:
                middle = _up(1)
            rows.append(lead + middle + [_numbered(_ROW_LABELS[key])] + values)
        else:
            rows.append(lead + [_numbered(_ROW_LABELS[key])] + _m(1) + values)
    return Table("三", rows)


# ---------------------------------------------------------------------------------------------
# Section 四: one row of fifteen cells, or three tables of five
# ---------------------------------------------------------------------------------------------
_RESULT_HEADERS = (("结果维持", ("结果", "维持")), ("结果纠正", ("结果", "纠正")), ("其他结果", ("其他", "结果")),
                   ("尚未审结", ("尚未", "审结")), ("总计", None))
_COLS = ("upheld", "corrected", "other", "pending", "total")
GROUP_TITLES = {"review": "行政复议", "lit_direct": "行政诉讼（未经复议直接起诉）", "lit_after_review": "行政诉讼（复议后起诉）"}


@lru_cache(maxsize=4)
def appeal_tables(split: bool) -> list[Table]:
    results = [_h(t, p) for t, p in _RESULT_HEADERS]
    if split:
        return [Table("四", [[_h(t, p) for t, p in _RESULT_HEADERS], [_v(f"{g}.{c}") for c in _COLS]],
                      title=GROUP_TITLES[g]) for g in APPEAL_GROUPS]
    rows = [
        [_h("行政复议")] + _m(4) + [_h("行政诉讼")] + _m(9),
        results + [_h("未经复议直接起诉")] + _m(4) + [_h("复议后起诉")] + _m(4),
        _up(5) + [_h(t, p) for t, p in _RESULT_HEADERS] + [_h(t, p) for t, p in _RESULT_HEADERS],
        [_v(f"{g}.{c}") for g in APPEAL_GROUPS for c in _COLS],
    ]
    return [Table("四", rows)]
