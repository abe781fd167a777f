"""Coverage (who reported which year) and the data-quality tables."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..catalog import APPLICANT_LABELS, metrics
from ..rules import RULES, SEVERITY_LABELS
from .labels import (
    COL_APPLICANT,
    COL_COUNTY, COL_COVERAGE, COL_ERRORS, COL_FINDINGS, COL_LINE, COL_MESSAGE, COL_METRIC, COL_ORG, COL_RULE,
    COL_SEVERITY, COL_SOURCE, COL_STATUS, COL_TEMPLATE, COL_TIMELINESS, COL_YEAR, COVERAGE_LABELS, LATE,
    REPEATED_SHARE_FLAG, REVIEW_COLUMNS, STATUS_LABELS, TEMPLATE_LABELS,
)
from .selection import mapped_once, org_names


def year_range(reports: pd.DataFrame, years: Sequence[int] = ()) -> list[int]:
    """The years a coverage grid spans: those chosen, else every year from the first report to the last."""
    if years:
        return sorted(int(y) for y in years)
    present = reports["year"].dropna()
    return list(range(int(present.min()), int(present.max()) + 1)) if len(present) else []


@dataclass(frozen=True)
class CoverageCells:
    """What a coverage grid needs of a load whatever its years: the report that stands for each body-year
    (views.coverage's columns but the status label), the bodies with a dated report and each body's county.
    A page works it out once per load; a filter change only lays the years and bodies chosen over it."""

    placed: pd.DataFrame
    bodies: frozenset[str]
    counties: dict[str, str]


def coverage_cells(reports: pd.DataFrame, checks: pd.DataFrame,
                   roster_counties: Mapping[str, str] | None = None) -> CoverageCells:
    """The CoverageCells of these reports and their findings (see `coverage` for the county rule)."""
    dated = reports[reports["year"].notna()]
    return CoverageCells(_best_report_per_cell(dated, checks), frozenset(org_names(dated["org"]).unique()),
                         body_counties(dated, roster_counties or {}))


def coverage(reports: pd.DataFrame, checks: pd.DataFrame, years: Sequence[int], roster: Iterable[str] = (),
             orgs: Sequence[str] = (), roster_counties: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per body × year: 县（市、区）, 报告情况 (已报告 / 部分读取 / 无法读取 / 未报告), 问题数, 错误数, 来源文件.

    A body's county is the one its reports name most often, else the roster's (`roster_counties`), else "".

    A body that reported in any year is expected in every year of `years` — also when `years` leaves its
    reports out, so that "who did not report in 2022" lists the bodies that skipped 2022. A roster lists
    bodies expected even if they never reported; `orgs` (when given) are exactly the bodies listed.
    Reports without a year cannot be placed and are left out (see `unplaced`).
    """
    return coverage_of(coverage_cells(reports, checks, roster_counties), years, roster, orgs)


def coverage_of(cells: CoverageCells, years: Sequence[int], roster: Iterable[str] = (),
                orgs: Sequence[str] = ()) -> pd.DataFrame:
    """`coverage` laid over a load's CoverageCells: the grid of these years and bodies."""
    expected = sorted(set(orgs) if orgs else cells.bodies | {r for r in roster if r})
    grid = pd.MultiIndex.from_product([expected, list(years)], names=[COL_ORG, COL_YEAR]).to_frame(index=False)
    grid[COL_YEAR] = grid[COL_YEAR].astype("Int64")
    out = grid.merge(cells.placed, on=[COL_ORG, COL_YEAR], how="left")
    out["status"] = out["status"].fillna("missing")
    out[COL_COVERAGE] = mapped_once(out["status"], COVERAGE_LABELS)
    for c in (COL_FINDINGS, COL_ERRORS, "报告份数"):
        out[c] = out[c].fillna(0).astype("Int64")
    out[COL_COUNTY] = mapped_once(out[COL_ORG], lambda org: cells.counties.get(org, ""))
    out[COL_TIMELINESS] = out[COL_TIMELINESS].fillna("")
    return out[[COL_ORG, COL_COUNTY, COL_YEAR, COL_COVERAGE, COL_FINDINGS, COL_ERRORS, "报告份数", COL_TIMELINESS,
                COL_SOURCE, "status"]]


def body_counties(reports: pd.DataFrame, roster_counties: Mapping[str, str]) -> dict[str, str]:
    """Each body's county: the one most of its reports name (a report may not name it), else the roster's."""
    named = pd.DataFrame({COL_ORG: org_names(reports["org"]), "county": reports["county"].fillna("").str.strip()})
    named = named[named["county"] != ""]
    # counted per (body, county) in one groupby: a value_counts per body took 1.3 s at 14,000 bodies, on every
    # rerun of a page; a stable sort keeps value_counts' tie rule (the county named first wins)
    counts = named.groupby([COL_ORG, "county"], sort=False, observed=True).size().reset_index(name="n")
    most = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(COL_ORG)
    return {**dict(roster_counties), **dict(zip(most[COL_ORG], most["county"]))}


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
