"""A derived rate (views.INDICATORS): per year over the bodies in view, per report in a table, and one year's
ranking where the counts are large enough to rank."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders import views

from . import drill, figures
from .blocks import chart, csv_button, paged_table, too_many_bodies
from .cells import CANNOT_COMPUTE
from .safe import plain
from .state import View


def rate_table(table_frame: pd.DataFrame, indicator_id: str, key: str) -> None:
    """A rate per report with its counts, sorted by body and year (never by rate: small counts mislead)."""
    ind = views.INDICATORS[indicator_id]
    cols = [views.COL_ORG, views.COL_YEAR, ind.label, views.numerator_column(ind), views.denominator_column(ind),
            views.small_column(ind), views.COL_SOURCE]
    shown = table_frame.dropna(subset=[views.denominator_column(ind)])[cols]
    paged_table(shown, key=f"{key}_table")
    csv_button(shown, f"下载{ind.label}（CSV）", ind.label, key=f"{key}_csv")
    st.caption(f"分母不足 {views.MIN_RATE_BASE} 件的比率标为“样本少”，只列出不排名；分母为 0 时显示“{CANNOT_COMPUTE}”。")


def _indicators(current: View, indicator_id: str) -> pd.DataFrame:
    """One indicator per report in view (views.indicators)."""
    return views.rows_of_reports(current.loaded.indicators(indicator_id), drill.reports(current))


def rate_section(current: View, indicator_id: str, key: str) -> None:
    """A derived rate: per year over the bodies in view (with its counts), and per report in a table."""
    ind = views.INDICATORS[indicator_id]
    per_report = _indicators(current, indicator_id)
    by_year = views.indicator_by_year(per_report, indicator_id)
    st.caption(f"{ind.label} ＝ {ind.numerator_label} ÷ {ind.denominator_label}。只计两项都报告了的报告。")
    if by_year[ind.label].notna().sum() == 0:
        st.info(f"所选范围内没有可计算{ind.label}的报告（分母未报告或为 0）。")
        return
    chart(figures.rate_by_year(by_year, indicator_id, f"{ind.label}（所选单位合计，逐年）"), by_year,
          f"{ind.label}_逐年", key=f"{key}_by_year")
    _name_years_without_rate(current, by_year, ind)
    with st.expander(f"各单位各年度的{ind.label}及其件数", icon=":material/table:"):
        rate_table(per_report, indicator_id, key=key)


def _name_years_without_rate(current: View, by_year: pd.DataFrame, ind: views.Indicator) -> None:
    """Say which years of the view have no bar: the chart's year axis would silently skip them."""
    shown = set(by_year.loc[by_year[ind.label].notna(), views.COL_YEAR])
    years = [y for y in sorted(current.reports["year"].dropna().unique()) if y not in shown]
    if years:
        st.caption(f"{views.years_text(years)}：{ind.denominator_label}为 0 或未报告，无法计算{ind.label}，图中没有这些年度。")


def rate_ranking(current: View, indicator_id: str, year: int, key: str) -> None:
    """One year's rate per body, ranked only where it stands on enough cases; the others named with their counts."""
    ind = views.INDICATORS[indicator_id]
    per_report = _indicators(current, indicator_id)
    if too_many_bodies(current, per_report[views.COL_ORG], f"{year}年的{ind.label}排名"):
        return
    ranked, others = views.rate_ranking(per_report, indicator_id, year)
    if ranked.empty:
        st.info(f"{year}年没有{ind.denominator_label}达到 {views.MIN_RATE_BASE} 件的单位，不排名。")
    else:
        chart(figures.rate_ranking_bars(ranked, indicator_id, f"{year}年 各单位{ind.label}"), ranked,
              f"{ind.label}_{year}年排名", key=f"{key}_ranking")
    if len(others):
        st.caption(f"不参与排名（{ind.denominator_label}不足 {views.MIN_RATE_BASE} 件、为 0 或未报告，括号内为"
                   f"{ind.numerator_label}/{ind.denominator_label}）：" + "、".join(_counts_text(others, ind)))


def _counts_text(rows: pd.DataFrame, ind: views.Indicator) -> list[str]:
    """Each body with its counts, e.g. 东岗镇（1/3）, or 东岗镇（未报告） when a count is not reported."""
    def counts(n, d) -> str:
        return views.MISSING if pd.isna(n) or pd.isna(d) else f"{n:.10g}/{d:.10g}"

    num, den = rows[views.numerator_column(ind)], rows[views.denominator_column(ind)]
    return [f"{plain(org)}（{counts(n, d)}）" for org, n, d in zip(rows[views.COL_ORG], num, den)]
