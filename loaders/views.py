"""What the dashboard pages show, as pure pandas: selections, wide tables, derived rates, coverage.

Pages ask here for frames and only draw them. Nothing in this module knows Streamlit or plotly.
Every table meant for people carries Chinese headers (the `COL_*` names), and a value a report does
not show stays missing (NaN / <NA>) — never a 0. Every row that holds numbers keeps the file
(`来源文件`) and, for single values, the line (`行号`) it was read from.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .catalog import APPLICANT_LABELS, metric_label, metrics
from .frames import Frames
from .review.decisions import COL_LAST_YEAR, DECISION_COLUMNS
from .rules import RULES, SEVERITY_LABELS

# Chinese headers of the tables people see and download.
COL_ORG = "单位"
COL_COUNTY = "县（市、区）"
COL_YEAR = "年度"
COL_TEMPLATE = "模板"
COL_SOURCE = "来源文件"
COL_LINE = "行号"
COL_METRIC = "指标"
COL_APPLICANT = "申请人类型"
COL_VALUE = "数值"
COL_UNIT = "计量单位"
COL_SECTION = "部分"
COL_READING = "读取方式"
COL_STATUS = "读取情况"
COL_FINDINGS = "问题数"
COL_ERRORS = "错误数"
COL_COVERAGE = "报告情况"
COL_SEVERITY = "严重程度"
COL_RULE = "问题类型"
COL_MESSAGE = "说明"
COL_CATEGORY = "类别"
COL_COUNT = "件数"
COL_SHARE = "占比"
COL_PREVIOUS = "上年数值"
COL_CHANGE = "增减"
COL_TIMELINESS = "公开时限"
REVIEW_COLUMNS = DECISION_COLUMNS + [COL_LAST_YEAR]
LATE = "逾期"

TEMPLATE_LABELS = {"2019": "2019年版模板", "2021": "2021年版模板", "pre2019": "2019年以前格式", "": "未识别模板"}
STATUS_LABELS = {"ok": "已读取", "partial": "部分读取", "failed": "无法读取"}
READING_LABELS = {"table": "表格", "narrative": "正文", "glued": "表格（连写数字拆分）", "arithmetic": "表格（按表内合计推定）"}
COVERAGE_LABELS = {"ok": "已报告", "partial": "部分读取", "failed": "无法读取", "missing": "未报告"}
NO_ORG = "（未写明单位）"
MISSING = "未报告"

#: A rate over fewer cases than this is shown with its count and marked 样本少; it is never ranked.
MIN_RATE_BASE = 10
#: A report repeating at least this share of last year's narrative sentences is flagged.
REPEATED_SHARE_FLAG = 0.5

SECTION_TITLES = {"一": "一、总体情况", "二": "二、主动公开政府信息情况",
                  "三": "三、收到和处理政府信息公开申请情况", "四": "四、行政复议、行政诉讼情况"}

# Metrics of one template and the other template's nearest metric: never one series, said side by side.
COUNTERPARTS = {
    "rules.issued": "rules.new_made", "rules.in_force": "rules.total_published",
    "normative.issued": "normative.new_made", "normative.in_force": "normative.total_published",
    "fees.amount": "fees.items_prev",
}
COUNTERPARTS |= {v: k for k, v in COUNTERPARTS.items()}


# ---------------------------------------------------------------- selection

@dataclass(frozen=True)
class Selection:
    """What the sidebar picked; an empty tuple means "all"."""

    orgs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    """The values a selection can take in the loaded frames."""

    orgs: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)


def options(frames: Frames, roster: Iterable[str] = ()) -> Options:
    """Bodies (reports and roster, sorted), years and templates present in the loaded reports."""
    reports = frames.reports
    orgs = sorted(set(org_names(reports["org"])) | {r for r in roster if r})
    years = sorted(int(y) for y in reports["year"].dropna().unique())
    present = set(reports["template"].fillna("").unique())
    templates = [t for t in TEMPLATE_LABELS if t and t in present]
    return Options(orgs, years, templates)


def org_name(org: str) -> str:
    """The name shown for a body (a report that names none gets a placeholder, never an empty cell)."""
    return org if isinstance(org, str) and org.strip() else NO_ORG


def org_names(orgs: pd.Series) -> pd.Series:
    """`org_name` of every value, at column speed."""
    return orgs.fillna("").astype("str").where(~_names_no_body(orgs), NO_ORG)


def _names_no_body(orgs: pd.Series) -> pd.Series:
    return orgs.fillna("").astype("str").str.strip() == ""


def unknown_values(requested: Iterable, known: Iterable) -> list:
    """The requested values (e.g. from a shared link) that the loaded data does not have, in order."""
    known = set(known)
    return [v for v in requested if v not in known]


def _mask(df: pd.DataFrame, selection: Selection) -> pd.Series:
    keep = pd.Series(True, index=df.index)
    if selection.orgs:
        orgs = df["org"]
        chosen = orgs.isin(selection.orgs).fillna(False).astype(bool)
        if NO_ORG in selection.orgs:  # a report that names no body is listed under NO_ORG
            chosen |= _names_no_body(orgs)
        keep &= chosen
    if selection.years:
        keep &= df["year"].isin(selection.years).fillna(False).astype(bool)
    if selection.templates:
        keep &= df["template"].isin(selection.templates).fillna(False).astype(bool)
    return keep


def _filters(selection: Selection) -> bool:
    return bool(selection.orgs or selection.years or selection.templates)


def select_reports(reports: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The reports of the selection (the frame itself when nothing is filtered out)."""
    return reports[_mask(reports, selection)].reset_index(drop=True) if _filters(selection) else reports


def select_checks(checks: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The findings of these reports."""
    # a hash lookup: Series.isin over Arrow strings converts every value to Python first (~30× slower)
    chosen = pd.Index(reports["source"].unique()).get_indexer(checks["source"]) >= 0
    return checks[chosen].reset_index(drop=True)


def select(frames: Frames, selection: Selection) -> Frames:
    """The frames restricted to the selection (checks follow their reports' template); the frames
    themselves when nothing is filtered out, so a full view copies nothing."""
    if not _filters(selection):
        return frames
    reports = select_reports(frames.reports, selection)
    facts = frames.facts[_mask(frames.facts, selection)].reset_index(drop=True)
    return Frames(facts, reports, select_checks(frames.checks, reports))


def one_report(frames: Frames, source: str) -> Frames:
    """The frames of one report file."""
    return Frames(*(df[df["source"] == source].reset_index(drop=True)
                    for df in (frames.facts, frames.reports, frames.checks)))


# ---------------------------------------------------------------- values of metrics

def metric_values(facts: pd.DataFrame, metric_ids: Sequence[str], applicant: str = "total") -> pd.DataFrame:
    """One row per report and metric: 单位, 年度, 模板, 指标, 数值, 计量单位, 来源文件, 行号 (Chinese headers).

    Per-applicant metrics give the `applicant` column (总计 by default). Only values the reports show.
    """
    rows = facts[facts["metric"].isin(metric_ids)]
    per_applicant = rows["metric"].map({m.id: m.per_applicant for m in metrics().values()}).fillna(False)
    rows = rows[~per_applicant.astype(bool) | (rows["applicant"] == applicant)]
    out = pd.DataFrame({
        COL_ORG: org_names(rows["org"]),
        COL_YEAR: rows["year"].astype("Int64"),
        COL_TEMPLATE: rows["template"].map(TEMPLATE_LABELS),
        COL_METRIC: rows["metric"].map(metric_label),
        COL_VALUE: rows["value"].astype("float64"),
        COL_UNIT: rows["unit"],
        COL_SOURCE: rows["source"],
        COL_LINE: rows["line"].astype("Int64"),
    })
    order = {m: i for i, m in enumerate(metric_ids)}
    out["_order"] = rows["metric"].map(order)
    return (out.sort_values(["_order", COL_ORG, COL_YEAR], kind="stable").drop(columns="_order")
            .drop_duplicates([COL_ORG, COL_YEAR, COL_METRIC, COL_SOURCE]).reset_index(drop=True))


def complete_years(values: pd.DataFrame, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Values with a row for every body × year × metric, NaN where no report shows one (gaps in a line)."""
    metric_names = list(dict.fromkeys(values[COL_METRIC])) if len(values) else []
    grid = pd.MultiIndex.from_product([metric_names, list(orgs), list(years)], names=[COL_METRIC, COL_ORG, COL_YEAR])
    frame = grid.to_frame(index=False)
    frame[COL_YEAR] = frame[COL_YEAR].astype("Int64")
    return frame.merge(values, on=[COL_METRIC, COL_ORG, COL_YEAR], how="left")[values.columns]


def yearly_totals(values: pd.DataFrame) -> pd.DataFrame:
    """Per year: the sum over the bodies that reported a value (合计) and how many did (报告单位数)."""
    shown = values.dropna(subset=[COL_VALUE]).drop_duplicates([COL_ORG, COL_YEAR, COL_METRIC])
    out = shown.groupby(COL_YEAR).agg(**{"合计": (COL_VALUE, "sum"), "报告单位数": (COL_ORG, "nunique")})
    return out.reset_index()


def change_from_previous_year(values: pd.DataFrame) -> pd.DataFrame:
    """Each body's value beside its previous year's: 上年数值, 增减, 增减率 (missing when either is missing)."""
    prev = values[[COL_ORG, COL_METRIC, COL_YEAR, COL_VALUE]].copy()
    prev[COL_YEAR] = prev[COL_YEAR] + 1
    prev = prev.drop_duplicates([COL_ORG, COL_METRIC, COL_YEAR]).rename(columns={COL_VALUE: COL_PREVIOUS})
    out = values.merge(prev, on=[COL_ORG, COL_METRIC, COL_YEAR], how="left")
    out[COL_CHANGE] = out[COL_VALUE] - out[COL_PREVIOUS]
    base = out[COL_PREVIOUS].where(out[COL_PREVIOUS] != 0)
    out["增减率"] = out[COL_CHANGE] / base
    return out


def without_value(frame: pd.DataFrame, column: str, orgs: Iterable[str]) -> list[str]:
    """The bodies among `orgs` that have no value in `column` of `frame` — to be named beside a chart
    that cannot draw them (sorted)."""
    shown = set(frame.loc[frame[column].notna(), COL_ORG])
    return sorted(set(orgs) - shown)


def ranking(values: pd.DataFrame, year: int, orgs: Iterable[str] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Bodies ranked by value in one year (名次 1 = largest), and the bodies with no value that year.

    The bodies expected are those of `values` in any year, and `orgs`.
    """
    of_year = values[values[COL_YEAR] == year]
    shown = of_year.dropna(subset=[COL_VALUE]).sort_values([COL_VALUE, COL_ORG], ascending=[False, True])
    shown = shown.drop_duplicates(COL_ORG).reset_index(drop=True)
    shown.insert(0, "名次", shown[COL_VALUE].rank(method="min", ascending=False).astype("Int64"))
    missing = sorted((set(values[COL_ORG]) | set(orgs)) - set(shown[COL_ORG]))
    return shown, missing


# ---------------------------------------------------------------- tables for download

def tidy_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with Chinese headers, one number a row, each with its file and line."""
    return pd.DataFrame({
        COL_ORG: org_names(facts["org"]),
        COL_COUNTY: facts["county"],
        COL_YEAR: facts["year"].astype("Int64"),
        COL_TEMPLATE: facts["template"].map(TEMPLATE_LABELS),
        COL_SECTION: facts["section"],
        COL_METRIC: facts["metric_label"],
        COL_APPLICANT: facts["applicant_label"],
        COL_VALUE: facts["value"].astype("float64"),
        COL_UNIT: facts["unit"],
        COL_READING: facts["reading"].map(READING_LABELS).fillna(facts["reading"]),
        COL_SOURCE: facts["source"],
        COL_LINE: facts["line"].astype("Int64"),
    }).reset_index(drop=True)


def _header(metric_id: str, applicant: str) -> str:
    label = metric_label(metric_id)
    m = metrics().get(metric_id)
    if m is not None and m.per_applicant and applicant != "total":
        return f"{label}·{APPLICANT_LABELS.get(applicant, applicant)}"
    return label


def wide_table(facts: pd.DataFrame, reports: pd.DataFrame | None = None, metric_ids: Sequence[str] | None = None,
               applicants: Sequence[str] = ("total",)) -> pd.DataFrame:
    """One row per report (a body's year), one column per metric with Chinese headers; empty where not shown.

    Columns: 单位, 县（市、区）, 年度, 模板, 来源文件, then the metrics in catalog order (or in the order
    given). Per-applicant metrics give one column per applicant type asked for (总计 alone by default).
    `reports` adds a row for a report with no numbers, so that it is visibly empty rather than absent.
    """
    present = set(facts["metric"].unique())
    wanted = list(metric_ids) if metric_ids is not None else [m for m in metrics() if m in present]
    rows = facts[facts["metric"].isin(wanted)]
    rows = rows[(rows["applicant"].fillna("") == "") | rows["applicant"].isin(applicants)]
    columns = [(m, a) for m in wanted
               for a in (applicants if metrics().get(m) and metrics()[m].per_applicant else ("",))]
    ident = _report_identity(facts, reports)
    values = (rows.assign(col=list(zip(rows["metric"], rows["applicant"].fillna(""))))
              .drop_duplicates(["source", "col"])
              .pivot(index="source", columns="col", values="value"))
    values = values.reindex(columns=columns)
    values.columns = [_header(m, a) for m, a in columns]
    out = ident.join(values, on=COL_SOURCE)
    for c in out.columns[len(ident.columns):]:
        out[c] = out[c].astype("float64")
    return out.reset_index(drop=True)


def _report_identity(facts: pd.DataFrame, reports: pd.DataFrame | None) -> pd.DataFrame:
    base = reports if reports is not None else facts.drop_duplicates("source")
    ident = pd.DataFrame({
        COL_ORG: org_names(base["org"]),
        COL_COUNTY: base["county"],
        COL_YEAR: base["year"].astype("Int64"),
        COL_TEMPLATE: base["template"].fillna("").map(TEMPLATE_LABELS),
        COL_SOURCE: base["source"],
    }).drop_duplicates(COL_SOURCE)
    return ident.sort_values([COL_ORG, COL_YEAR, COL_SOURCE], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- derived indicators

@dataclass(frozen=True)
class Indicator:
    """A derived rate: numerator metrics over denominator metrics (per-applicant ones at 总计)."""

    id: str
    label: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    numerator_label: str
    denominator_label: str


INDICATORS: dict[str, Indicator] = {i.id: i for i in (
    Indicator("derived.substantive_rate", "实质公开率", ("apps.disclosed", "apps.partial"), ("apps.outcome_total",),
              "予以公开＋部分公开", "办理结果总计"),
    Indicator("derived.review_correction_rate", "复议纠错率", ("review.corrected",), ("review.total",),
              "复议结果纠正", "复议总计"),
    Indicator("derived.litigation_correction_rate", "诉讼纠错率", ("lit_direct.corrected", "lit_after_review.corrected"),
              ("lit_direct.total", "lit_after_review.total"), "诉讼结果纠正", "诉讼总计"),
)}


def _sum_metrics(facts: pd.DataFrame, metric_ids: Sequence[str]) -> pd.Series:
    """Per report, the sum of the metrics (总计 column for per-applicant ones); NaN unless all are shown."""
    rows = facts[facts["metric"].isin(metric_ids) & facts["applicant"].fillna("").isin(["", "total"])]
    per = rows.drop_duplicates(["source", "metric"]).pivot(index="source", columns="metric", values="value")
    per = per.reindex(columns=list(metric_ids))
    return per.sum(axis=1, min_count=len(metric_ids)).where(per.notna().all(axis=1))


def indicators(facts: pd.DataFrame, reports: pd.DataFrame | None = None,
               which: Sequence[str] | None = None) -> pd.DataFrame:
    """Per report: each indicator's numerator, denominator and rate (missing when not computable).

    Columns per indicator: `<label>`, `<label>·分子（…）`, `<label>·分母（…）`, and `<label>·样本少`
    (是 when the denominator is under MIN_RATE_BASE: the rate is shown, never ranked).
    """
    out = _report_identity(facts, reports)
    for ind in (INDICATORS[i] for i in (which or INDICATORS)):
        num = _sum_metrics(facts, ind.numerator)
        den = _sum_metrics(facts, ind.denominator)
        n = out[COL_SOURCE].map(num).astype("float64")
        d = out[COL_SOURCE].map(den).astype("float64")
        out[ind.label] = (n / d.where(d > 0)).astype("float64")
        out[numerator_column(ind)] = n
        out[denominator_column(ind)] = d
        out[small_column(ind)] = _small_flag(d)
    return out


def numerator_column(ind: Indicator) -> str:
    """Header of an indicator's numerator column."""
    return f"{ind.label}·分子（{ind.numerator_label}）"


def denominator_column(ind: Indicator) -> str:
    """Header of an indicator's denominator column."""
    return f"{ind.label}·分母（{ind.denominator_label}）"


def small_column(ind: Indicator) -> str:
    """Header of the column that marks a rate over too few cases."""
    return f"{ind.label}·样本少"


def indicator_by_year(table: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """An indicator over all selected bodies per year: the summed counts, the rate, and reports counted."""
    ind = INDICATORS[indicator_id]
    num, den = numerator_column(ind), denominator_column(ind)
    both = table.dropna(subset=[num, den])
    out = both.groupby(COL_YEAR).agg(**{num: (num, "sum"), den: (den, "sum"), "报告数": (COL_SOURCE, "nunique")})
    out[ind.label] = out[num] / out[den].where(out[den] > 0)
    out[small_column(ind)] = _small_flag(out[den])
    return out.reset_index()


def _small_flag(base: pd.Series) -> pd.Series:
    """是 where the count under a rate is too small to compare, 否 where it is enough, missing without a count."""
    return (base < MIN_RATE_BASE).map({True: "是", False: "否"}).where(base.notna()).astype("str")


def rankable(table: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Rows whose rate stands on enough cases to be compared (MIN_RATE_BASE or more), highest first."""
    ind = INDICATORS[indicator_id]
    ok = table[table[small_column(ind)].eq("否") & table[ind.label].notna()]
    return ok.sort_values([ind.label, COL_ORG], ascending=[False, True]).reset_index(drop=True)


def rate_ranking(table: pd.DataFrame, indicator_id: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One year's rates per report (`indicators` rows): those with enough cases ranked (名次 1 = highest),
    and the rest — too few cases, a count of 0 or not reported — by body, never ranked."""
    ind = INDICATORS[indicator_id]
    of_year = table[table[COL_YEAR] == year]
    ranked = rankable(of_year, indicator_id)
    ranked.insert(0, "名次", ranked[ind.label].rank(method="min", ascending=False).astype("Int64"))
    others = of_year[~of_year[COL_SOURCE].isin(ranked[COL_SOURCE])].sort_values(COL_ORG, kind="stable")
    return ranked, others.reset_index(drop=True)


# ---------------------------------------------------------------- breakdowns of one table

OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("apps.disclosed",)),
    ("部分公开", ("apps.partial",)),
    *((metric_label(m), (m,)) for m in metrics() if m.startswith("apps.denied.")),
    ("无法提供", tuple(m for m in metrics() if m.startswith("apps.unavailable."))),
    ("不予处理", tuple(m for m in metrics() if m.startswith("apps.rejected."))),
    # 2019 has one 其他处理 row; 2021 splits it in three: their sum is the same row of the table
    ("其他处理", ("apps.other", "apps.other.no_correction", "apps.other.unpaid_fee", "apps.other.other")),
)


def outcome_breakdown(facts: pd.DataFrame) -> pd.DataFrame:
    """Per report and outcome group (予以公开 … 其他处理; 不予公开 by reason): 件数 (总计 column).

    A group is missing for a report that shows none of its rows — not 0.
    """
    group_of = {m: name for name, ids in OUTCOME_GROUPS for m in ids}
    rows = facts[(facts["applicant"].fillna("") == "total") & facts["metric"].isin(group_of)]
    summed = (rows.assign(**{COL_CATEGORY: rows["metric"].map(group_of)})
              .groupby(["source", COL_CATEGORY])["value"].sum(min_count=1))
    out = summed.rename(COL_COUNT).reset_index().rename(columns={"source": COL_SOURCE})
    return _with_identity(out, facts, [name for name, _ in OUTCOME_GROUPS])


def applicant_breakdown(facts: pd.DataFrame, metric_id: str = "apps.new_received") -> pd.DataFrame:
    """Per report and applicant type (without 总计): 件数 of one per-applicant metric."""
    rows = facts[(facts["metric"] == metric_id) & (facts["applicant"].fillna("") != "")
                 & (facts["applicant"] != "total")]
    out = pd.DataFrame({COL_SOURCE: rows["source"], COL_CATEGORY: rows["applicant"].map(APPLICANT_LABELS),
                        COL_COUNT: rows["value"].astype("float64"), COL_LINE: rows["line"].astype("Int64")})
    order = [a for a in APPLICANT_LABELS.values() if a != "总计"]
    return _with_identity(out.drop_duplicates([COL_SOURCE, COL_CATEGORY]), facts, order)


APPEAL_GROUPS = (("review", "行政复议"), ("lit_direct", "行政诉讼·未经复议直接起诉"), ("lit_after_review", "行政诉讼·复议后起诉"))
APPEAL_RESULTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))


def appeal_results(facts: pd.DataFrame, group: str = "review") -> pd.DataFrame:
    """Per report: the results of one group of section 四 (结果维持 … 尚未审结) as 件数."""
    ids = {f"{group}.{key}": name for key, name in APPEAL_RESULTS}
    rows = facts[facts["metric"].isin(ids)]
    out = pd.DataFrame({COL_SOURCE: rows["source"], COL_CATEGORY: rows["metric"].map(ids),
                        COL_COUNT: rows["value"].astype("float64"), COL_LINE: rows["line"].astype("Int64")})
    return _with_identity(out.drop_duplicates([COL_SOURCE, COL_CATEGORY]), facts, list(ids.values()))


def _with_identity(parts: pd.DataFrame, facts: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    ident = _report_identity(facts, None)
    out = ident.merge(parts, on=COL_SOURCE, how="inner")
    out[COL_CATEGORY] = pd.Categorical(out[COL_CATEGORY], categories=order, ordered=True)
    out = out.sort_values([COL_ORG, COL_YEAR, COL_CATEGORY], kind="stable")
    out[COL_CATEGORY] = out[COL_CATEGORY].astype("str")
    head = [COL_ORG, COL_YEAR, COL_TEMPLATE, COL_CATEGORY, COL_COUNT]
    return out[head + [c for c in out.columns if c not in head and c != COL_COUNTY]].reset_index(drop=True)


# ---------------------------------------------------------------- comparability across templates

def comparability(metric_id: str) -> str:
    """A sentence saying whether a metric's series can run across the 2019 and 2021 templates."""
    m = metrics().get(metric_id)
    if m is None:
        return ""
    forms = [t for t in ("2019", "2021") if t in m.templates]
    if len(forms) == 2:
        return f"「{m.label}」在2019年版和2021年版模板中口径相同，可跨年度比较。"
    form = forms[0] if forms else "pre2019"
    text = f"「{m.label}」只在{TEMPLATE_LABELS[form]}中出现，只显示按该模板填报的年度。"
    other = COUNTERPARTS.get(metric_id)
    if other:
        text += f"另一版模板的相近指标「{metric_label(other)}」口径不同，分开显示，不连成一条序列。"
    return text


def comparable(metric_id: str) -> bool:
    """True when the metric is the same in the 2019 and 2021 templates."""
    m = metrics().get(metric_id)
    return bool(m) and {"2019", "2021"} <= set(m.templates)


def split_by_template(metric_ids: Sequence[str]) -> dict[str, list[str]]:
    """Metrics grouped as series may run: 两版通用 (both templates), then 2021年版 only, 2019年版 only."""
    groups: dict[str, list[str]] = {"两版模板通用": [], "仅2021年版模板": [], "仅2019年版模板": []}
    for mid in metric_ids:
        m = metrics()[mid]
        if comparable(mid):
            groups["两版模板通用"].append(mid)
        elif "2019" in m.templates:
            groups["仅2019年版模板"].append(mid)
        else:
            groups["仅2021年版模板"].append(mid)
    return {k: v for k, v in groups.items() if v}


def metric_groups() -> dict[str, list[str]]:
    """Metric ids grouped as the template groups them (section, then table item), in catalog order."""
    groups: dict[str, list[str]] = {}
    for m in metrics().values():
        groups.setdefault(group_title(m.section, m.table_item), []).append(m.id)
    return groups


def group_title(section: str, table_item: str) -> str:
    """Chinese title of a catalog group, e.g. 二、主动公开政府信息情况 · 第二十条第（五）项."""
    item = table_item.split("（一行")[0].strip()
    title = SECTION_TITLES.get(section, section)
    return f"{title} · {item}" if item and not title.startswith(item) else title


def section_metrics() -> dict[str, list[str]]:
    """Metric ids by section of the report (一 … 四), in catalog order — the builder's pickers."""
    out: dict[str, list[str]] = {}
    for m in metrics().values():
        out.setdefault(SECTION_TITLES.get(m.section, m.section), []).append(m.id)
    return out


def picker_label(metric_id: str) -> str:
    """A metric's label in the builder: its table item first where the section has several (第二十条第（五）项 …)."""
    m = metrics().get(metric_id)
    label = option_label(metric_id)
    if m is not None and m.section == "二" and m.table_item:
        return f"{m.table_item.replace('第二十条', '')} {label}"
    return label


def option_label(metric_id: str) -> str:
    """A metric's label for a picker, with the template it belongs to when only one has it."""
    if metric_id in INDICATORS:
        return INDICATORS[metric_id].label
    m = metrics()[metric_id]
    if comparable(metric_id) or not m.templates:
        return m.label
    only = "2019" if "2019" in m.templates else m.templates[0]
    return f"{m.label}（仅{TEMPLATE_LABELS.get(only, only)}）"


# ---------------------------------------------------------------- the report builder

OPERATORS = {">": lambda s, v: s > v, "≥": lambda s, v: s >= v, "<": lambda s, v: s < v,
             "≤": lambda s, v: s <= v, "=": lambda s, v: s == v}


@dataclass(frozen=True)
class Condition:
    """A numeric filter of the builder: rows whose `column` compares with `value` (missing never passes)."""

    column: str
    operator: str
    value: float


def build_table(facts: pd.DataFrame, reports: pd.DataFrame, metric_ids: Sequence[str],
                applicants: Sequence[str] = ("total",), conditions: Sequence[Condition] = ()) -> pd.DataFrame:
    """The builder's table: one row per report, the chosen metrics and derived indicators, filtered.

    Derived indicators (ids in INDICATORS) bring their rate and its count; a condition on a column
    drops rows where the column is missing (an unknown value neither passes nor fails silently as 0).
    """
    plain = [m for m in metric_ids if m in metrics()]
    derived = [m for m in metric_ids if m in INDICATORS]
    table = wide_table(facts, reports, plain, applicants)
    if derived:
        rates = indicators(facts, reports, derived).drop(columns=[COL_ORG, COL_COUNTY, COL_YEAR, COL_TEMPLATE])
        table = table.merge(rates, on=COL_SOURCE, how="left")
    return apply_conditions(table, conditions)


def apply_conditions(table: pd.DataFrame, conditions: Sequence[Condition]) -> pd.DataFrame:
    """The rows of a builder table that meet every condition (a row whose value is missing meets none)."""
    for cond in conditions:
        if cond.column in table and cond.operator in OPERATORS:
            column = pd.to_numeric(table[cond.column], errors="coerce")
            table = table[OPERATORS[cond.operator](column, cond.value).fillna(False).astype(bool)]
    return table.reset_index(drop=True)


def value_columns(table: pd.DataFrame) -> list[str]:
    """The numeric columns of a wide or builder table (not identity, not the 样本少 flags)."""
    ident = {COL_ORG, COL_COUNTY, COL_YEAR, COL_TEMPLATE, COL_SOURCE}
    return [c for c in table.columns if c not in ident and not c.endswith("·样本少")
            and pd.api.types.is_numeric_dtype(table[c])]


def long_table(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A wide table's chosen columns as rows of 单位, 年度, 模板, 指标, 数值, 来源文件 (missing kept)."""
    keep = [COL_ORG, COL_YEAR, COL_TEMPLATE, COL_SOURCE]
    out = table.melt(id_vars=keep, value_vars=list(columns), var_name=COL_METRIC, value_name=COL_VALUE)
    out[COL_VALUE] = out[COL_VALUE].astype("float64")
    return out[[COL_ORG, COL_YEAR, COL_TEMPLATE, COL_METRIC, COL_VALUE, COL_SOURCE]]


# ---------------------------------------------------------------- coverage and data quality

def year_range(reports: pd.DataFrame, years: Sequence[int] = ()) -> list[int]:
    """The years a coverage grid spans: those chosen, else every year from the first report to the last."""
    if years:
        return sorted(int(y) for y in years)
    present = reports["year"].dropna()
    return list(range(int(present.min()), int(present.max()) + 1)) if len(present) else []


def coverage(reports: pd.DataFrame, checks: pd.DataFrame, years: Sequence[int], roster: Iterable[str] = (),
             orgs: Sequence[str] = (), roster_counties: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per body × year: 县（市、区）, 报告情况 (已报告 / 部分读取 / 无法读取 / 未报告), 问题数, 错误数, 来源文件.

    A body's county is the one its reports name most often, else the roster's (`roster_counties`), else "".

    A body that reported in any year is expected in every year of `years` — also when `years` leaves its
    reports out, so that "who did not report in 2022" lists the bodies that skipped 2022. A roster lists
    bodies expected even if they never reported; `orgs` (when given) are exactly the bodies listed.
    Reports without a year cannot be placed and are left out (see `unplaced`).
    """
    dated = reports[reports["year"].notna()]
    expected = sorted(set(orgs) if orgs else set(org_names(dated["org"])) | {r for r in roster if r})
    in_range = dated[dated["year"].isin(years)]
    grid = pd.MultiIndex.from_product([expected, list(years)], names=[COL_ORG, COL_YEAR]).to_frame(index=False)
    grid[COL_YEAR] = grid[COL_YEAR].astype("Int64")
    placed = _best_report_per_cell(in_range, checks)
    out = grid.merge(placed, on=[COL_ORG, COL_YEAR], how="left")
    out["status"] = out["status"].fillna("missing")
    out[COL_COVERAGE] = out["status"].map(COVERAGE_LABELS)
    for c in (COL_FINDINGS, COL_ERRORS, "报告份数"):
        out[c] = out[c].fillna(0).astype("Int64")
    counties = body_counties(dated, roster_counties or {})
    out[COL_COUNTY] = [counties.get(org, "") for org in out[COL_ORG]]
    out[COL_TIMELINESS] = out[COL_TIMELINESS].fillna("")
    return out[[COL_ORG, COL_COUNTY, COL_YEAR, COL_COVERAGE, COL_FINDINGS, COL_ERRORS, "报告份数", COL_TIMELINESS,
                COL_SOURCE, "status"]]


def body_counties(reports: pd.DataFrame, roster_counties: Mapping[str, str]) -> dict[str, str]:
    """Each body's county: the one most of its reports name (a report may not name it), else the roster's."""
    named = pd.DataFrame({COL_ORG: org_names(reports["org"]), "county": reports["county"].fillna("").str.strip()})
    named = named[named["county"] != ""]
    most = named.groupby(COL_ORG)["county"].agg(lambda c: c.value_counts().index[0]).to_dict()
    return {**dict(roster_counties), **most}


NO_COUNTY = "（未写明县（市、区））"


def county_groups(cov: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The coverage rows by county, when the load holds several (those naming none last, as NO_COUNTY);
    one group named "" when it holds one county or none: a report from another county is then seen
    apart instead of merging silently into the county of the folder."""
    named = sorted(c for c in cov[COL_COUNTY].unique() if c)
    if len(named) <= 1:
        return [("", cov)]
    groups = [(county, cov[cov[COL_COUNTY] == county]) for county in named]
    unnamed = cov[cov[COL_COUNTY] == ""]
    return groups + ([(NO_COUNTY, unnamed)] if len(unnamed) else [])


def _best_report_per_cell(reports: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """The report that stands for each body-year (the best read one when there are several)."""
    errors = checks[checks["severity"] == "error"]["source"].value_counts()
    rank = {"ok": 0, "partial": 1, "failed": 2}
    frame = pd.DataFrame({
        COL_ORG: org_names(reports["org"]), COL_YEAR: reports["year"].astype("Int64"),
        COL_SOURCE: reports["source"], "status": reports["status"],
        COL_FINDINGS: reports["findings"].astype("Int64"),
        COL_ERRORS: reports["source"].map(errors).fillna(0).astype("Int64"),
        # 按时 / 逾期 / 发布日期未知 once the evaluators' checks ran (loaders.review.evaluate)
        COL_TIMELINESS: reports["timeliness"] if "timeliness" in reports else "",
    })
    frame["_rank"] = frame["status"].map(rank).fillna(3)
    frame["报告份数"] = frame.groupby([COL_ORG, COL_YEAR])[COL_SOURCE].transform("count").astype("Int64")
    best = frame.sort_values(["_rank", COL_SOURCE]).drop_duplicates([COL_ORG, COL_YEAR])
    return best.drop(columns="_rank")


def coverage_cell_text(cov: pd.DataFrame) -> pd.Series:
    """What each coverage grid cell says: its status, the findings in brackets, a late report's 逾期 and
    the copies, e.g. 已报告(3), 已报告(1)·逾期, 部分读取(2)·2份.

    Half-width brackets: full-width ones made every year column ~15 px wider, which pushed a county's
    last years out of sight at a 1024 px window."""
    findings = cov[COL_FINDINGS].fillna(0).astype("int64")
    copies = cov["报告份数"].fillna(0).astype("int64")
    text = cov[COL_COVERAGE].astype(object)
    text = text.where(findings == 0, text + "(" + findings.astype(str) + ")")
    if COL_TIMELINESS in cov:
        text = text.where(cov[COL_TIMELINESS] != LATE, text + "·" + LATE)
    return text.where(copies <= 1, text + "·" + copies.astype(str) + "份")


def coverage_grid(cov: pd.DataFrame) -> pd.DataFrame:
    """The coverage rows as a grid: one row per body, one column per year, each cell's text."""
    if cov.empty:
        return pd.DataFrame(columns=[COL_ORG])
    text = cov.assign(cell=coverage_cell_text(cov))
    grid = text.pivot(index=COL_ORG, columns=COL_YEAR, values="cell")
    grid.columns = [f"{int(y)}年" for y in grid.columns]
    return grid.reset_index()


def missing_reports(cov: pd.DataFrame) -> pd.DataFrame:
    """Body-years of the grid with no report at all (未报告)."""
    return cov[cov["status"] == "missing"][[COL_ORG, COL_YEAR]].reset_index(drop=True)


def missing_by_body(cov: pd.DataFrame) -> pd.DataFrame:
    """The missing body-years one row per body: 单位, 未报送年度 (e.g. 2019年、2020年), 未报送年数 (most first)."""
    gaps = missing_reports(cov)
    out = (gaps.groupby(COL_ORG, sort=True)[COL_YEAR]
           .agg(**{"未报送年度": lambda ys: "、".join(f"{int(y)}年" for y in sorted(ys)), "未报送年数": "size"})
           .reset_index())
    return out.sort_values(["未报送年数", COL_ORG], ascending=[False, True], kind="stable").reset_index(drop=True)


def years_text(years: Sequence[int]) -> str:
    """Years as a sentence says them: 2019—2025年 for a run, else 2019年、2022年."""
    ys = sorted(int(y) for y in years)
    if not ys:
        return ""
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}—{ys[-1]}年"
    return "、".join(f"{y}年" for y in ys)


def unplaced(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports that no grid cell can hold: no year read, or no body named."""
    rows = reports[reports["year"].isna() | (reports["org"].fillna("").str.strip() == "")]
    return report_list(rows)


def report_list(reports: pd.DataFrame) -> pd.DataFrame:
    """Reports as people read a list of them: 单位, 年度, 模板, 读取情况, 数值个数, 问题数, 说明, 来源文件."""
    return pd.DataFrame({
        COL_ORG: org_names(reports["org"]), COL_YEAR: reports["year"].astype("Int64"),
        COL_TEMPLATE: reports["template"].fillna("").map(TEMPLATE_LABELS),
        COL_STATUS: reports["status"].map(STATUS_LABELS), "数值个数": reports["facts"].astype("Int64"),
        COL_FINDINGS: reports["findings"].astype("Int64"), COL_MESSAGE: reports["message"],
        COL_SOURCE: reports["source"],
    }).reset_index(drop=True)


def findings_table(checks: pd.DataFrame, rules: Sequence[str] = (), severities: Sequence[str] = ()) -> pd.DataFrame:
    """Findings with Chinese headers, filtered by rule ids and severities (empty = all); the review
    columns (审核结论 … 上年审核) follow when the findings carry them."""
    rows = in_reading_order(filter_findings(checks, rules, severities))
    table = pd.DataFrame({
        COL_SEVERITY: rows["severity"].map(SEVERITY_LABELS), COL_ORG: org_names(rows["org"]),
        COL_YEAR: rows["year"].astype("Int64"), COL_RULE: rows["title"].fillna(rows["rule"].map(rule_title)),
        COL_MESSAGE: rows["message"], COL_METRIC: rows["metric"].fillna("").map(_known_label),
        COL_APPLICANT: rows["applicant"].fillna("").map(lambda a: APPLICANT_LABELS.get(a, "")),
        COL_SOURCE: rows["source"], COL_LINE: rows["line"].astype("Int64"),
    })
    decided = [c for c in REVIEW_COLUMNS if c in rows]  # the reviewers' decisions, when joined on (review.decisions)
    return pd.concat([table, rows[decided]], axis=1).reset_index(drop=True)


def in_reading_order(checks: pd.DataFrame) -> pd.DataFrame:
    """Findings errors first, then by body, year and file (the order of every findings table)."""
    order = {"error": 0, "warning": 1, "info": 2}
    return checks.iloc[checks.assign(_o=checks["severity"].map(order))
                       .reset_index(drop=True).sort_values(["_o", "org", "year", "source"], kind="stable").index]


def filter_findings(checks: pd.DataFrame, rules: Sequence[str] = (), severities: Sequence[str] = ()) -> pd.DataFrame:
    """The findings of these rule ids and severities (empty = all)."""
    if rules:
        checks = checks[checks["rule"].isin(rules)]
    if severities:
        checks = checks[checks["severity"].isin(severities)]
    return checks


def _known_label(metric_id: str) -> str:
    """A metric's Chinese label; empty for an id the catalog does not know (never a raw id on screen)."""
    m = metrics().get(metric_id)
    return m.label if m else ""


def rule_title(rule_id: str) -> str:
    """The Chinese title of a finding's rule (the id itself only for a rule the registry lacks)."""
    r = RULES.get(rule_id)
    return r.title if r else rule_id


def finding_counts(checks: pd.DataFrame) -> pd.DataFrame:
    """How many findings of each rule: 问题类型, 严重程度, 问题数, 涉及报告数 (most first)."""
    if checks.empty:
        return pd.DataFrame(columns=[COL_RULE, COL_SEVERITY, COL_FINDINGS, "涉及报告数"])
    grouped = (checks.groupby(["rule", "severity"])
               .agg(n=("source", "size"), reports=("source", "nunique")).reset_index())
    out = pd.DataFrame({COL_RULE: grouped["rule"].map(rule_title),
                        COL_SEVERITY: grouped["severity"].map(SEVERITY_LABELS),
                        COL_FINDINGS: grouped["n"], "涉及报告数": grouped["reports"]})
    return out.sort_values(COL_FINDINGS, ascending=False).reset_index(drop=True)


def repeated_text(reports: pd.DataFrame, threshold: float = REPEATED_SHARE_FLAG) -> pd.DataFrame:
    """Reports whose narrative repeats the same body's previous report: share, flag, file (highest first).

    Reports where the share cannot be computed (no previous report) are left out.
    """
    rows = reports.dropna(subset=["repeated_share"])
    out = pd.DataFrame({
        COL_ORG: org_names(rows["org"]), COL_YEAR: rows["year"].astype("Int64"),
        "与上一年重复比例": rows["repeated_share"].astype("float64"),
        "是否标记": (rows["repeated_share"] >= threshold).map({True: "大量重复", False: ""}),
        COL_SOURCE: rows["source"],
    })
    return out.sort_values(["与上一年重复比例", COL_ORG], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------- headline figures

HEADLINE_METRICS = (("主动公开信息", "proactive.items_total", "条"), ("行政许可决定", "licensing.decisions", "件"),
                    ("行政处罚决定", "penalty.decisions", "件"), ("新收申请", "apps.new_received", "件"))


@dataclass(frozen=True)
class Headline:
    """One headline figure: its value (None when no report shows it) and how many reports it sums."""

    label: str
    value: float | None
    unit: str
    reports: int
    of_reports: int


def headline_values(facts: pd.DataFrame) -> pd.DataFrame:
    """The headline metrics of every report: one row per source, one column per metric id (NaN where the
    report does not show it). Worked out once per load, so a filter change only sums rows of it."""
    ids = [mid for _, mid, _ in HEADLINE_METRICS]
    rows = facts[facts["metric"].isin(ids) & facts["applicant"].fillna("").isin(["", "total"])]
    rows = rows.drop_duplicates(["source", "metric"])
    return rows.pivot(index="source", columns="metric", values="value").reindex(columns=ids).astype("float64")


def headline(reports: pd.DataFrame, checks: pd.DataFrame, values: pd.DataFrame) -> list[Headline]:
    """The overview's figures for the selected reports and their findings: counts of reports, bodies,
    years, findings, and the headline metrics summed from `values` (see `headline_values`)."""
    n = len(reports)
    out = [Headline("报告", n, "份", n, n),
           Headline("单位", org_names(reports["org"]).nunique(), "个", n, n),
           Headline("年度", reports["year"].dropna().nunique(), "个", n, n)]
    chosen = values.reindex(reports["source"].drop_duplicates())
    for label, mid, unit in HEADLINE_METRICS:
        shown = chosen[mid].dropna()
        out.append(Headline(label, float(shown.sum()) if len(shown) else None, unit, len(shown), n))
    out.append(Headline("发现问题", len(checks), "项", n, n))
    return out
