"""Province → county → body: how much detail a grid shows, county totals, and tables shown a page at a time.

A county's few dozen bodies fit one body × year grid; a province's thousands do not. Past MAX_BODY_ROWS
bodies from several counties the rows are counties (each cell the sum of the values reported, with how
many of the county's reports it holds), and a county pick narrows the rows to that county's bodies.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalog import metrics
from ..dataset import FACTS, FactTable
from .breakdowns import Breakdown
from .coverage import NO_COUNTY
from .labels import NO_ORG, COL_CATEGORY, COL_COUNT, COL_COUNTY, COL_ORG, COL_VALUE, COL_YEAR
from .selection import BLANK_ORG, org_names

#: Bodies a grid draws one row each; past this many (from several counties) its rows are counties.
MAX_BODY_ROWS = 50
#: Rows of a long table shown at a time (a page picker turns the pages; the download holds every row).
PAGE_ROWS = 50
COL_TOTAL = "合计"
COL_WITH_VALUE = "含报告份数"  # reports whose value the total sums
COL_REPORTS = "报告份数"  # reports of the county and year (of a template that has the metric)
COL_HOLDS = "所含报告"  # "n/m 份报告"


@dataclass(frozen=True)
class CountyPick:
    """The county a page narrows to, beside the sidebar's Selection ("" = every county)."""

    county: str = ""


def county_of(counties: Mapping[str, str], orgs: Iterable[str]) -> list[str]:
    """The county of each body (NO_COUNTY for a body no report or roster places)."""
    if isinstance(orgs, (pd.Index, pd.Series, pd.api.extensions.ExtensionArray, np.ndarray)):
        orgs = orgs.tolist()  # stepping through Arrow strings one by one costs ten times the lookups
    return [counties.get(org) or NO_COUNTY for org in orgs]


def _counties_of(counties: Mapping[str, str], orgs: pd.Series) -> np.ndarray:
    """county_of for a column of many rows: each distinct body looked up once (no Python step per row: at
    100,000 reports a chart's rows are hundreds of thousands)."""
    codes, distinct = pd.factorize(orgs)
    # code -1 (a gap) takes the last entry: no body, no county
    return np.array(county_of(counties, distinct) + [NO_COUNTY], dtype=object)[codes]


def county_choices(counties: Mapping[str, str], orgs: Iterable[str]) -> list[str]:
    """The counties these bodies belong to, sorted (NO_COUNTY last): what a county picker offers."""
    return in_list_order(county_of(counties, orgs))


def in_list_order(county_names: Iterable[str]) -> list[str]:
    """Distinct counties by name, NO_COUNTY (bodies no report or roster places) last."""
    named = set(county_names)
    return sorted(named - {NO_COUNTY}) + ([NO_COUNTY] if NO_COUNTY in named else [])


def rows_are_counties(orgs: Iterable[str], counties: Mapping[str, str], pick: CountyPick = CountyPick()) -> bool:
    """Whether a grid of these bodies has a row per county: more than MAX_BODY_ROWS bodies from more than one
    county, and no county picked (a county's bodies are drawn body by body, a page of them at a time)."""
    # the distinct bodies first (`orgs` may be a column of every row), kept an Index: a set of Arrow strings
    # steps through each of a province's 14,000 bodies in Python
    bodies = pd.Index(orgs).unique()
    return not pick.county and len(bodies) > MAX_BODY_ROWS and len(county_choices(counties, bodies)) > 1


def in_county(frame: pd.DataFrame, counties: Mapping[str, str], pick: CountyPick,
              org_column: str = COL_ORG) -> pd.DataFrame:
    """The rows of `frame` whose body belongs to the picked county (the frame itself when none is picked).

    `org_column` names the bodies: COL_ORG in views' frames, "org" in the loaders' facts and reports."""
    if not pick.county:
        return frame
    names = frame[org_column]
    # each distinct name placed once, the rows matched by a hash lookup: a county per row of 500,000 facts
    # (or Series.isin over Arrow strings) took a third of a second on every rerun
    distinct = pd.Index(names.unique())
    shown = org_names(pd.Series(distinct, dtype="object")) if org_column == "org" else distinct
    kept = distinct[[county == pick.county for county in county_of(counties, shown)]]
    return frame[kept.get_indexer(names) >= 0].reset_index(drop=True)


def county_totals(table: FactTable, reports: pd.DataFrame, counties: Mapping[str, str],
                  metric_id: str) -> pd.DataFrame:
    """One metric's values (`table`: its facts of the selection, 总计 column for a per-applicant one) summed per
    county and year in DuckDB: 县（市、区）, 年度, 合计, 含报告份数, 报告份数, 所含报告 ("n/m 份报告").

    A body's value counts once a year (its first value in the load's order, as metric_values and yearly_totals
    take it). m is the county's bodies with a report that year on a template that has the metric, n those whose
    report shows a value: a report that does not is left out of the sum, never counted as 0, and a county-year
    where none does has no total.
    """
    placed = pd.DataFrame({"org": list(counties), "county": list(counties.values())}, dtype="object")
    known = metrics().get(metric_id)
    templates = list(known.templates) if known is not None else None
    body = f"CASE WHEN regexp_matches(coalesce(org, ''), '{BLANK_ORG}') THEN ? ELSE org END"
    county = "coalesce(nullif(b.county, ''), ?)"
    on_template = "" if templates is None else f" AND template IN ({', '.join('?' * len(templates))})"
    out = table.query(f"""
        WITH per_body AS (
            SELECT {body} AS body, year, first(value ORDER BY _file, _row) AS value
            FROM {FACTS} WHERE metric = ? AND value IS NOT NULL AND NOT isnan(value) AND year IS NOT NULL
            GROUP BY 1, 2),
        summed AS (
            SELECT {county} AS county, p.year, sum(p.value) AS total, count(*) AS with_value
            FROM per_body p LEFT JOIN body_counties b ON p.body = b.org GROUP BY 1, 2),
        expected AS (  -- the reports that could show the metric: those on a template that has it
            SELECT {county} AS county, r.year, count(DISTINCT r.body) AS reports
            FROM (SELECT {body} AS body, year FROM reports_in_view WHERE year IS NOT NULL{on_template}) r
            LEFT JOIN body_counties b ON r.body = b.org GROUP BY 1, 2)
        SELECT coalesce(s.county, e.county) AS county, coalesce(s.year, e.year) AS year, s.total,
               coalesce(s.with_value, 0) AS with_value, coalesce(e.reports, 0) AS reports
        FROM summed s FULL OUTER JOIN expected e ON s.county = e.county AND s.year = e.year""",
                      [NO_ORG, metric_id, NO_COUNTY, NO_COUNTY, NO_ORG, *(templates or [])],
                      tables={"body_counties": placed, "reports_in_view": reports[["org", "year", "template"]]})
    out = pd.DataFrame({COL_COUNTY: out["county"].astype("object"), COL_YEAR: out["year"].astype("Int64"),
                        COL_TOTAL: out["total"].astype("float64"), COL_WITH_VALUE: out["with_value"].astype("int64"),
                        COL_REPORTS: out["reports"].astype("int64")})
    # a body may report a value in a year whose report the frame lacks (a copy): m is never below n
    out[COL_REPORTS] = out[[COL_REPORTS, COL_WITH_VALUE]].max(axis=1)
    out[COL_HOLDS] = [f"{n}/{m} 份报告" for n, m in zip(out[COL_WITH_VALUE], out[COL_REPORTS])]
    rank = {c: i for i, c in enumerate(in_list_order(out[COL_COUNTY]))}
    out = out.assign(_rank=out[COL_COUNTY].map(rank)).sort_values(["_rank", COL_YEAR])
    return out[[COL_COUNTY, COL_YEAR, COL_TOTAL, COL_WITH_VALUE, COL_REPORTS, COL_HOLDS]].reset_index(drop=True)


def yearly_sums(totals: pd.DataFrame) -> pd.DataFrame:
    """County totals (county_totals) summed per year, as views.yearly_totals gives them from values: 年度, 合计
    (over the bodies that reported a value), 报告单位数 — a year no body reported a value has no row."""
    shown = totals[totals[COL_WITH_VALUE] > 0]
    out = shown.groupby(COL_YEAR).agg(**{COL_TOTAL: (COL_TOTAL, "sum"), "报告单位数": (COL_WITH_VALUE, "sum")})
    return out.reset_index()


def page_count(rows: int, per_page: int = PAGE_ROWS) -> int:
    """How many pages `rows` rows take (one page for an empty table)."""
    return max(1, -(-rows // per_page))


def page_of(frame: pd.DataFrame, page: int, per_page: int = PAGE_ROWS) -> pd.DataFrame:
    """Rows of page `page` (1 = the first; a page past the last gives the last), numbered from 0 again."""
    last = page_count(len(frame), per_page)
    start = (min(max(page, 1), last) - 1) * per_page
    return frame.iloc[start:start + per_page].reset_index(drop=True)


def bodies_page(orgs: Iterable[str], counties: Mapping[str, str], page: int,
                per_page: int = MAX_BODY_ROWS) -> list[str]:
    """The bodies of one page of a body × year grid, in the grid's order (by county, then name)."""
    bodies = set(orgs)
    rank = {c: i for i, c in enumerate(county_choices(counties, bodies))}
    ordered = sorted(bodies, key=lambda org: (rank[counties.get(org) or NO_COUNTY], org))
    return list(page_of(pd.DataFrame({COL_ORG: ordered}), page, per_page)[COL_ORG])


def county_parts(table: FactTable, breakdown: Breakdown, reports: pd.DataFrame,
                 counties: Mapping[str, str]) -> pd.DataFrame:
    """A breakdown's parts summed per county in DuckDB (a province's hundreds of thousands of facts never reach
    pandas): 县（市、区）, 类别, 件数, 含报告份数 — each report's part as `breakdown.per_report` takes it, summed
    over the county's reports that show it; a county where none does has no 件数 for it. In the categories'
    order, then the counties' (by name, NO_COUNTY last). `reports` (their bodies) place the facts' bodies."""
    parts = pd.DataFrame(breakdown.parts, columns=["metric", "applicant", "category"]).assign(
        rank=lambda f: f["category"].map({c: i for i, c in enumerate(breakdown.categories)}))
    orgs = reports["org"].drop_duplicates()
    placed = pd.DataFrame({"org": orgs.astype("object"), "county": _counties_of(counties, org_names(orgs))})
    part = "first(f.value ORDER BY f._file, f._row)" if breakdown.first else "sum(f.value)"
    out = table.query(f"""
        WITH per_report AS (
            SELECT f.source, any_value(f.org) AS org, p.category, any_value(p.rank) AS rank, {part} AS part
            FROM {FACTS} f JOIN part_categories p ON f.metric = p.metric AND coalesce(f.applicant, '') = p.applicant
            GROUP BY f.source, p.category)
        SELECT coalesce(b.county, ?) AS county, r.category, any_value(r.rank) AS rank, sum(r.part) AS count,
               count(r.part) AS with_value
        FROM per_report r LEFT JOIN body_counties b ON r.org IS NOT DISTINCT FROM b.org
        GROUP BY 1, 2""", [NO_COUNTY], tables={"part_categories": parts, "body_counties": placed})
    rank = {c: i for i, c in enumerate(in_list_order(out["county"]))}
    out = out.assign(_c=out["county"].map(rank)).sort_values(["rank", "_c"])
    return pd.DataFrame({COL_COUNTY: out["county"].astype("str"), COL_CATEGORY: out["category"].astype("str"),
                         COL_COUNT: out["count"].astype("float64"),
                         COL_WITH_VALUE: out["with_value"].astype("int64")}).reset_index(drop=True)


def coverage_by_county(cov: pd.DataFrame) -> pd.DataFrame:
    """The coverage rows (views.coverage) one row per county: 县（市、区）, 单位数, then per year "n/m" — n of
    the county's m expected bodies have a report that year (read or not); a year no body reported says 0/m."""
    # counties as categories and bodies as codes: grouping the 10,000 body-years of 10,000 reports by their strings took 40 ms a rerun
    rows = pd.DataFrame({COL_COUNTY: pd.Categorical(cov[COL_COUNTY].replace("", NO_COUNTY)), COL_YEAR: cov[COL_YEAR],
                         COL_ORG: pd.factorize(cov[COL_ORG])[0], "_reported": cov["status"] != "missing"})
    per_year = rows.groupby([COL_COUNTY, COL_YEAR], observed=True).agg(n=("_reported", "sum"), m=(COL_ORG, "nunique"))
    text = (per_year["n"].astype("int64").astype(str) + "/" + per_year["m"].astype(str)).unstack(COL_YEAR)
    text.columns = [f"{int(y)}年" for y in text.columns]
    bodies = rows.groupby(COL_COUNTY, observed=True)[COL_ORG].nunique().rename("单位数")
    out = pd.concat([bodies, text], axis=1)
    out.index = out.index.astype(str)
    out = out.reindex(in_list_order(out.index))
    return out.rename_axis(COL_COUNTY).reset_index()
