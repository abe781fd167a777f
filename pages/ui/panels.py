"""A metric's panels: by body and over the years, or per county past MAX_BODY_ROWS bodies; a breakdown's parts
as stacked bars; metrics that differ between templates, a tab each."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from loaders import views
from loaders.catalog import metric as catalog_metric
from loaders.catalog import metric_label

from . import drill, figures
from .blocks import NO_DATA, chart, tabs
from .state import View


def metric_picker(label: str, metric_ids: Sequence[str], key: str) -> str:
    """Choose one metric (shown by its Chinese label, with its template when only one has it)."""
    return st.selectbox(label, list(metric_ids), format_func=views.option_label, key=key, bind="query-params")


def unit_of(metric_id: str) -> str:
    """The unit a metric's axis shows."""
    return catalog_metric(metric_id).default_unit


def metric_panel(current: View, metric_id: str, key: str) -> None:
    """One metric for the bodies in view: by body (a bar per year) and over the years (a line per body); past
    MAX_BODY_ROWS bodies from several counties, by county and year (summed in DuckDB) and the yearly sum."""
    st.caption(views.comparability(metric_id))
    reports, counties = drill.reports(current), drill.counties(current)
    if views.rows_are_counties(views.distinct_bodies(reports["org"]), counties, drill.picked(current)):
        table = views.narrowed(current.all, current.selection, [metric_id], applicants=views.TOTALS)
        _county_panel(current, views.county_totals(table, reports, counties, metric_id), metric_id, key)
        return
    values = views.metric_values(drill.facts(current, [metric_id], applicants=views.TOTALS), [metric_id])
    if values[views.COL_VALUE].notna().sum() == 0:
        st.info(NO_DATA)
        return
    label, unit = metric_label(metric_id), unit_of(metric_id)
    by_org, over_years = tabs(["按单位对比", "逐年趋势"], key=f"{key}_view")
    if by_org.open:
        with by_org:
            by_body(current, values, metric_id, key)
    if over_years.open:
        with over_years:
            trend(current, values, label, unit, key)
    st.caption("图中空缺表示该单位当年未报告此项（不是 0）。鼠标悬停可见数值所在的文件和行号。")


def _county_panel(current: View, totals: pd.DataFrame, metric_id: str, key: str) -> None:
    """A metric per county and year (views.county_totals), and its sum per year."""
    if totals[views.COL_WITH_VALUE].sum() == 0:
        st.info(NO_DATA)
        return
    label, unit = metric_label(metric_id), unit_of(metric_id)
    bodies = len(views.distinct_bodies(drill.reports(current)["org"]))
    by_org, over_years = tabs(["按单位对比", "逐年趋势"], key=f"{key}_view")
    if by_org.open:
        with by_org:
            chart(figures.county_grid(totals, f"{label}（按县（市、区）、年度合计）", unit), totals, f"{label}_按县",
                  f"{key}_counties")
            st.caption(f"共 {bodies:,} 个单位，每格为该县当年报告了此项的报告之和，括号内为“报告了此项的报告/应有此项的报告”"
                       "份数；未报告的不按 0 计。在左侧选择县（市、区）可看该县的各个单位。")
    if over_years.open:
        with over_years:
            yearly_bars(views.yearly_sums(totals), label, unit, bodies, key)


def by_body(current: View, values: pd.DataFrame, metric_id: str, key: str) -> None:
    """A metric by body and year: bars for a few bodies, else a grid (grouped by county, a page of MAX_BODY_ROWS
    bodies at a time)."""
    label, unit, counties = metric_label(metric_id), unit_of(metric_id), drill.counties(current)
    orgs = values[views.COL_ORG].unique()
    if len(orgs) <= figures.MAX_BARS_BODIES:
        chart(figures.grouped_bars(values, f"{label}（按单位、年度）", unit), values, f"{label}_按单位", f"{key}_bars")
        return
    page = drill.page_picker(len(orgs), f"{key}_bodies_page", views.MAX_BODY_ROWS, what="个单位")
    shown = values[values[views.COL_ORG].isin(views.bodies_page(orgs, counties, page, views.MAX_BODY_ROWS))]
    chart(figures.value_grid(shown, f"{label}（按单位、年度）", unit, counties), values, f"{label}_按单位", f"{key}_bars")


def trend(current: View, values: pd.DataFrame, label: str, unit: str, key: str) -> None:
    """A metric over the years: a line per body, or (for many bodies) the yearly sum with its body count."""
    orgs = sorted(values[views.COL_ORG].unique())
    if len(orgs) <= figures.MAX_BARS_BODIES:
        grid = views.complete_years(values, orgs, current.years)
        chart(figures.trend_lines(grid, f"{label}（逐年）", unit), grid, f"{label}_逐年", f"{key}_lines")
        return
    yearly_bars(views.yearly_totals(values), label, unit, len(orgs), key)


def yearly_bars(totals: pd.DataFrame, label: str, unit: str, bodies: int, key: str) -> None:
    """A metric's yearly sum over the bodies that reported it (views.yearly_totals), for more bodies than lines."""
    chart(figures.yearly_total_bars(totals, f"{label}（逐年合计）", unit), totals, f"{label}_逐年合计", f"{key}_totals")
    st.caption(f"共 {bodies} 个单位，线条过多：这里显示各年报告了此项的单位的合计（括号内为单位数，各年可能不同）。"
               f"在左侧选择不超过 {figures.MAX_BARS_BODIES} 个单位，可看每个单位一条线。")


def template_panels(current: View, metric_ids: Sequence[str], key: str) -> None:
    """Metrics that differ between the templates, one tab per template (never one series), each with a picker."""
    groups = views.split_by_template(metric_ids)
    for i, (ids, tab) in enumerate(zip(groups.values(), tabs(list(groups), key=f"{key}_template"))):
        if tab.open:
            with tab:
                chosen = metric_picker("指标", ids, key=f"{key}_{i}")
                metric_panel(current, chosen, key=f"{key}_{i}")


def parts_chart(current: View, breakdown: views.Breakdown, year: int, title: str, name: str, key: str) -> None:
    """A breakdown's parts of one year per body as stacked bars, or a sentence when none is reported; per county
    (summed in DuckDB) when the year's reports come from too many bodies for a bar each (views.rows_are_counties)."""
    counties, pick = drill.counties(current), drill.picked(current)
    reports = drill.reports(current)
    of_year = reports[reports["year"] == year]
    if views.rows_are_counties(views.distinct_bodies(of_year["org"]), counties, pick):
        selection = replace(current.selection, years=(year,))
        table = views.narrowed(current.all, selection, breakdown.metrics, applicants=breakdown.applicants)
        by_county = views.county_parts(table, breakdown, of_year, counties)
        if not _has_counts(by_county):
            return
        chart(figures.stacked_bars(by_county, f"{title}（按县（市、区）合计）", x=views.COL_COUNTY), by_county,
              f"{name}_按县", key=f"{key}_counties")
        st.caption("单位较多，按县（市、区）合计（含报告份数：报告了该类的报告数）；在左侧选择县（市、区）可看各单位。")
        return
    parts = breakdown.per_report(drill.facts(current, breakdown.metrics, years=[year], applicants=breakdown.applicants))
    if _has_counts(parts):
        chart(figures.stacked_bars(parts, title), parts, name, key=key)


def _has_counts(parts: pd.DataFrame) -> bool:
    """Whether any part is reported; if none is, say so."""
    if parts[views.COL_COUNT].notna().sum() == 0:
        st.info(NO_DATA)
        return False
    return True
