"""Consistency checks: the template's own arithmetic (勾稽关系), the prose against the tables, and
the rules that tie one body's reports across years. One rule, one function; each adds findings."""
from __future__ import annotations

import re

import pandas as pd

from . import grammar, narrative
from .catalog import APPLICANT_IDS, APPLICANT_LABELS, metric
from .model import Fact, Report
from .review import copied

APPLICANT_PARTS = APPLICANT_IDS[:-1]
OUTCOMES_2019 = tuple(k for k in grammar.ROWS_2019 if k not in (
    "apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward"))
OUTCOMES_2021 = tuple(k for k in grammar.ROWS_2021 if k not in (
    "apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward"))


def _values(report: Report) -> dict[tuple[str, str], Fact]:
    return {(f.metric, f.applicant): f for f in report.facts}


def _fmt(x: float) -> str:
    return f"{x:g}"


def _col(applicant: str) -> str:
    return APPLICANT_LABELS[applicant]


def check_report(report: Report, lines: list[str], bounds: dict, inline5: tuple[int, str] | None = None) -> None:
    """All checks that need only one report (`inline5`: (line, words) of section 五 when its heading stands
    inside a line, as in text whose tables ran together)."""
    values = _values(report)
    check_balance(report, values)
    check_row_totals(report, values)
    check_outcome_totals(report, values)
    check_appeal_totals(report, values)
    check_negative(report)
    check_title_year(report)
    check_narrative(report, values, lines, bounds)
    check_section5(report, lines, bounds, inline5)


def check_balance(report: Report, values) -> None:
    """勾稽关系: 新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理, in each column."""
    for a in APPLICANT_IDS:
        parts = [values.get((m, a)) for m in
                 ("apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward")]
        if any(p is None for p in parts):  # `in` would compare facts field by field
            continue
        new, carried, done, forward = (p.value for p in parts)
        if new + carried != done + forward:
            report.find("apps.balance",
                        f"{_col(a)}列：新收 {_fmt(new)} + 上年结转 {_fmt(carried)} = {_fmt(new + carried)}，"
                        f"办理结果总计 {_fmt(done)} + 结转下年度 {_fmt(forward)} = {_fmt(done + forward)}",
                        parts[2].line, "apps.outcome_total", a)


# the keys each check sums, made once rather than for every report
_ROW_PARTS = {key: tuple((key, a) for a in APPLICANT_PARTS) for key in grammar.APPLICATION_ROWS}
_OUTCOME_PARTS = {outcomes: {a: tuple((k, a) for k in outcomes) for a in APPLICANT_IDS}
                  for outcomes in (OUTCOMES_2019, OUTCOMES_2021)}


def check_row_totals(report: Report, values) -> None:
    """Each row's 总计 = the sum of its six applicant columns."""
    for key, parts in _ROW_PARTS.items():
        found = _sum_mismatch(values, (key, "total"), parts, blanks_allowed=True)
        if found:
            total, s, blank = found
            shown = f"已填的 {6 - blank} 类申请人合计 {_fmt(s)}（另有 {blank} 格未填）" if blank else f"六类申请人合计 {_fmt(s)}"
            report.find("apps.row_total", f"{metric(key).label}：{shown}，总计列为 {_fmt(total.value)}", total.line, key)


def _sum_mismatch(values, total_key, part_keys, blanks_allowed: bool = False):
    """(total fact, sum of the parts shown, how many parts are not shown) when they disagree, else None.

    With parts not shown, only a sum already above the total disagrees for certain (counts are never
    negative), and only where `blanks_allowed`.
    """
    total = values.get(total_key)
    parts = [values.get(k) for k in part_keys]
    blank = sum(1 for p in parts if p is None)
    if total is None or (blank and not blanks_allowed) or blank == len(parts):
        return None
    s = sum(p.value for p in parts if p is not None)
    return (total, s, blank) if (s > total.value if blank else s != total.value) else None


def check_outcome_totals(report: Report, values) -> None:
    """（七）总计 = the sum of all outcome rows （一）…（六）, in each column."""
    has_2021 = any(f.metric.startswith("apps.other.") for f in report.facts)
    outcomes = OUTCOMES_2021 if has_2021 else OUTCOMES_2019
    for a, parts in _OUTCOME_PARTS[outcomes].items():
        found = _sum_mismatch(values, ("apps.outcome_total", a), parts)
        if found:
            total, s, _ = found
            report.find("apps.outcome_total",
                        f"{_col(a)}列：各项办理结果之和 {_fmt(s)}，（七）总计为 {_fmt(total.value)}",
                        total.line, "apps.outcome_total", a)


def check_appeal_totals(report: Report, values) -> None:
    """Section 四: each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    names = {"review": "行政复议", "lit_direct": "行政诉讼（未经复议直接起诉）", "lit_after_review": "行政诉讼（复议后起诉）"}
    for group, name in names.items():
        keys = [(f"{group}.{c}", "") for c in ("upheld", "corrected", "other", "pending")]
        found = _sum_mismatch(values, (f"{group}.total", ""), keys)
        if found:
            total, s, _ = found
            parts = [values[k] for k in keys]
            report.find("appeals.total",
                        f"{name}：维持 {_fmt(parts[0].value)} + 纠正 {_fmt(parts[1].value)} + 其他 {_fmt(parts[2].value)}"
                        f" + 尚未审结 {_fmt(parts[3].value)} = {_fmt(s)}，总计为 {_fmt(total.value)}",
                        total.line, f"{group}.total")


def check_negative(report: Report) -> None:
    """A count below zero (only the 本年增/减 columns may be negative)."""
    for f in report.facts:
        if f.value < 0 and not f.metric.endswith(".items_change"):
            report.find("value.negative", f"{metric(f.metric).label}为负数 {_fmt(f.value)}", f.line, f.metric,
                        f.applicant)


def check_title_year(report: Report) -> None:
    if report.title_year and report.year and report.title_year != report.year:
        report.find("report.title_year", f"标题写 {report.title_year} 年，统计期限为 {report.year} 年；按 {report.year} 年计")


def check_narrative(report: Report, values, lines: list[str], bounds: dict) -> None:
    """The prose against the tables: no applications said while some were received; fees."""
    end = bounds.get("二", (len(lines), 0))[0] if "二" in bounds else len(lines)
    line = narrative.says_no_applications(lines, max(end, bounds["一"][1]))
    received = [f for a in APPLICANT_IDS if (f := values.get(("apps.new_received", a))) and f.value > 0]
    if line and received:
        report.find("narrative.no_applications",
                    f"正文第 {line} 行称未收到政府信息公开申请，表三新收申请为 {_fmt(max(f.value for f in received))}",
                    line, "apps.new_received")
    no_fee_line, charged = narrative.fee_statements(lines)
    fee = values.get(("fees.amount", ""))
    if no_fee_line and charged:
        report.find("narrative.fees", f"正文第 {no_fee_line} 行称未收费，第 {charged.line} 行又称收取处理费 "
                                      f"{_fmt(charged.value)}{charged.unit}", charged.line)
    elif no_fee_line and fee and fee.value > 0 and re.search("行政事业性|收费", lines[no_fee_line - 1]) \
            and "信息公开" not in lines[no_fee_line - 1]:
        report.find("narrative.fees", f"正文第 {no_fee_line} 行称未收费，表二行政事业性收费为 {_fmt(fee.value)}{fee.unit}",
                    fee.line, "fees.amount")


def check_section5(report: Report, lines: list[str], bounds: dict, inline: tuple[int, str] | None = None) -> None:
    """Section 五 (problems and improvements) left empty or a bare 无."""
    if inline is not None:  # the heading and the section's words on one line: line bounds would see nothing
        start, text = inline[0] - 1, inline[1]
    elif "五" not in bounds:
        return
    else:
        start, end = bounds["五"]
        text = "".join(lines[start + 1: end])
    body = re.sub(r"[\s\W_]", "", text)
    if len(body) < 6 or re.fullmatch(r"(?:暂)?无|没有|无。?", body):
        report.find("section5.empty", f"第五部分“存在的主要问题及改进情况”{'为空' if not body else '仅写“' + body + '”'}",
                    start + 1)


# ---------------------------------------------------------------------------------------------
# Across reports (on the frames of one load, so they scale to thousands of reports)
# ---------------------------------------------------------------------------------------------
REPEATED_TEXT_SHARE = 0.5
#: A finding between reports: its report's source, then Finding's fields.
ACROSS_FIELDS = ["source", "rule", "message", "line", "metric", "applicant"]
ACROSS_METRICS = ("apps.carried_over", "apps.carried_forward", "rules.in_force", "rules.issued",
                   "rules.abolished", "normative.in_force", "normative.issued", "normative.abolished")


def check_across(reports: pd.DataFrame, facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Findings between reports, and each report's share of narrative repeated from the year before.

    `reports`: one row per file (source, key, org, year, status, sha256, sentences); `facts`: parsed
    fact rows by key. Returns (findings with ACROSS_FIELDS; shares by row).
    """
    usable = reports[(reports["status"] != "failed") & reports["org"].fillna("").ne("") & reports["year"].notna()]
    # once, and only the columns the checks below read: they pick from these few rows
    facts = facts.loc[facts["metric"].isin(list(ACROSS_METRICS)), ["key", "metric", "applicant", "value", "line"]]
    found: list[tuple] = []
    _duplicates(usable, found)
    pairs = _previous_year_pairs(usable)
    _carry_over(pairs, facts, found)
    _in_force(pairs, facts, found)
    found += copied.copied_findings(usable)
    shares = {}
    for source, year, source_prev, mine, theirs in zip(pairs["source"], pairs["year"], pairs["source_prev"],
                                                        pairs["sentences"], pairs["sentences_prev"]):
        share = repeated_share(mine, theirs)
        shares[source] = share
        if share is not None and share >= REPEATED_TEXT_SHARE:
            found.append((source, "xyear.repeated_text",
                          f"正文 {share:.0%} 的句子与 {year - 1} 年报告相同（{source_prev}）", None, "", ""))
    return pd.DataFrame(found, columns=ACROSS_FIELDS), reports["source"].map(shares)


def _duplicates(usable: pd.DataFrame, found: list) -> None:
    """Two reports for the same body and year (the same report saved twice, or in two formats)."""
    dup = usable[usable.duplicated(["org", "year"], keep=False)]
    for (org, year), group in dup.groupby(["org", "year"], sort=False):
        same = group["sha256"].nunique() == 1
        sources = group["source"].tolist()
        for source in sources:
            others = [s for s in sources[:4] if s != source][:3]
            more = f"等 {len(sources) - 1} 份" if len(sources) > 4 else ""
            found.append((source, "report.duplicate",
                          f"{org} {year} 年还有另一份报告：{'、'.join(others)}{more}{'（内容相同）' if same else ''}",
                          None, "", ""))


def _previous_year_pairs(usable: pd.DataFrame) -> pd.DataFrame:
    """Each report beside the (first) report of the same body for the year before."""
    first = usable.drop_duplicates(["org", "year"])[["org", "year", "key", "source", "sentences"]]
    previous = first.assign(year=first["year"] + 1)
    return usable[["org", "year", "key", "source", "sentences"]].merge(
        previous, on=["org", "year"], suffixes=("", "_prev"))


def _metric_values(facts: pd.DataFrame, metric_id: str) -> pd.DataFrame:
    return facts.loc[facts["metric"] == metric_id, ["key", "applicant", "value", "line"]]


def _carry_over(pairs: pd.DataFrame, facts: pd.DataFrame, found: list) -> None:
    """上年结转 (year) = 结转下年度继续办理 (year − 1), in each applicant column."""
    now = _metric_values(facts, "apps.carried_over")
    before = _metric_values(facts, "apps.carried_forward").drop(columns="line").rename(
        columns={"key": "key_prev", "value": "value_prev"})
    both = pairs[["key", "key_prev", "source", "source_prev", "year"]].merge(now, on="key").merge(
        before, on=["key_prev", "applicant"])
    for r in both[both["value"] != both["value_prev"]].itertuples(index=False):
        found.append((r.source, "xyear.carry_over",
                      f"{_col(r.applicant)}列：本年上年结转 {_fmt(r.value)}，{r.year - 1} 年报告结转下年度 "
                      f"{_fmt(r.value_prev)}（{r.source_prev}）", r.line, "apps.carried_over", r.applicant))


def _in_force(pairs: pd.DataFrame, facts: pd.DataFrame, found: list) -> None:
    """现行有效件数 (year) = 现行有效件数 (year − 1) + 本年制发 − 本年废止 (2021 template)."""
    for kind, name in (("rules", "规章"), ("normative", "行政规范性文件")):
        parts = {c: _metric_values(facts, f"{kind}.{c}").drop_duplicates("key").set_index("key")
                 for c in ("in_force", "issued", "abolished")}
        wide = pd.DataFrame({"in_force": parts["in_force"]["value"], "line": parts["in_force"]["line"],
                             "issued": parts["issued"]["value"], "abolished": parts["abolished"]["value"]}).dropna()
        if wide.empty:
            continue
        prev = parts["in_force"][["value"]].rename(columns={"value": "prev"})
        both = pairs.merge(wide, left_on="key", right_index=True).merge(prev, left_on="key_prev", right_index=True)
        both = both.assign(expected=both["prev"] + both["issued"] - both["abolished"])
        for r in both[both["expected"] != both["in_force"]].itertuples(index=False):
            found.append((r.source, "xyear.in_force",
                          f"{name}：{r.year - 1} 年现行有效 {_fmt(r.prev)} + 本年制发 {_fmt(r.issued)} − 本年废止 "
                          f"{_fmt(r.abolished)} = {_fmt(r.expected)}，本年现行有效为 {_fmt(r.in_force)}",
                          r.line, f"{kind}.in_force", ""))


def sentence_hashes(text: str) -> list[int]:
    """Stable hashes of a narrative's sentences (years and numbers aside), for the repeated-text check."""
    return copied.hashes_of(re.split(r"[。;!?\n]", text), 12)


def repeated_share(mine, theirs) -> float | None:
    """The share of a narrative's sentences found word for word in another's (None for a short text)."""
    if mine is None or theirs is None or len(mine) < 3 or len(theirs) == 0:
        return None
    mine, theirs = set(mine), set(theirs)
    return len(mine & theirs) / len(mine)
