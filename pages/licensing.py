"""许可与处罚: licensing, penalty and enforcement decisions per body and year; a ranking; change on last year."""
import streamlit as st

from loaders import views
from loaders.catalog import metric_label
from pages.ui import blocks, drill, figures, panels
from pages.ui.safe import plain

DECISIONS = ["licensing.decisions", "penalty.decisions", "enforcement.decisions"]
ITEMS_2019 = ["licensing.items_prev", "licensing.items_change", "penalty.items_prev", "penalty.items_change",
              "enforcement.items_prev", "enforcement.items_change", "other_services.items_prev",
              "other_services.items_change", "other_services.decisions"]

# the metric groups this page draws: what its downloads hold
METRIC_GROUPS = ("licensing", "penalty", "enforcement", "other_services")

current = blocks.header("许可与处罚", "行政许可、行政处罚、行政强制的处理决定数量：各单位逐年对比、某一年的排名，以及与上一年相比的变化。",
                        county_pick=True)
blocks.require_reports(current)


def ranking(metric_id: str, year: int) -> None:
    label, unit = metric_label(metric_id), panels.unit_of(metric_id)
    values = views.metric_values(drill.facts(current, [metric_id], applicants=views.TOTALS), [metric_id])
    if blocks.too_many_bodies(current, _bodies(), f"{year}年的排名"):
        return
    ranked, missing = views.ranking(values, year, _bodies())
    if ranked.empty:
        st.info(blocks.NO_DATA)
    else:
        blocks.chart(figures.ranking_bars(ranked, f"{year}年 {label} 排名", unit), ranked, f"{label}_{year}年排名",
                     key="ranking")
    if missing:
        st.caption(f"{year}年未报告此项（不参与排名）：{'、'.join(plain(m) for m in missing)}")


def change(metric_id: str, year: int) -> None:
    label, unit = metric_label(metric_id), panels.unit_of(metric_id)
    # the previous year counts even when the year filter leaves it out
    if blocks.too_many_bodies(current, _bodies(), "与上一年相比的增减"):
        return
    every_year = drill.facts(current, [metric_id], years=(), applicants=views.TOTALS)
    changes = views.change_from_previous_year(views.metric_values(every_year, [metric_id]))
    changes = changes[changes[views.COL_YEAR] == year]
    if changes[views.COL_CHANGE].notna().sum() == 0:
        st.info(f"没有单位同时报告了 {year - 1} 年和 {year} 年的此项数据。")
    else:
        blocks.chart(figures.change_bars(changes, f"{year}年 {label} 比上一年增减", unit), changes,
                     f"{label}_{year}年增减", key="change")
    without = views.without_value(changes, views.COL_CHANGE, _bodies())
    if without:
        st.caption(f"{year - 1}年或{year}年未报告此项、无法计算增减（图中没有柱）：{'、'.join(plain(m) for m in without)}")
    st.caption("上一年的数值不受年度筛选限制。")


def _bodies() -> list[str]:
    """The bodies of the reports in view (each is expected in a ranking or a comparison)."""
    return list(views.distinct_bodies(drill.reports(current)["org"]))


st.subheader("处理决定数量")
chosen = panels.metric_picker("指标", DECISIONS, key="lic_metric")
panels.metric_panel(current, chosen, key="decisions")

st.subheader(f"{metric_label(chosen)}：某一年的排名和变化")
year = blocks.year_picker(current, key="lic_year")
if year is not None:
    rank_tab, change_tab = blocks.tabs(["排名", "与上一年相比"], key="lic_tabs")
    if rank_tab.open:
        with rank_tab:
            ranking(chosen, year)
    if change_tab.open:
        with change_tab:
            change(chosen, year)

st.subheader("事项数量（仅2019年版模板）")
panels.template_panels(current, ITEMS_2019, key="items2019")

blocks.page_downloads(current, "许可与处罚", heading="下载本页指标的数据（筛选后）", metric_groups=METRIC_GROUPS)
