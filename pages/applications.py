"""依申请公开: applications received and carried over; outcomes; applicant types; the share granted."""
import streamlit as st

from loaders import views
from pages.ui import blocks, panels, rates

COUNTS = ["apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward"]

# the metric groups this page draws: what its downloads hold
METRIC_GROUPS = ("apps",)

current = blocks.header("依申请公开", "收到和处理政府信息公开申请的情况：新收和结转的申请、办理结果、申请人类型，以及实质公开率。",
                        county_pick=True)
blocks.require_reports(current)


def outcomes(year: int) -> None:
    panels.parts_chart(current, views.OUTCOMES, year, f"{year}年 各单位申请办理结果", f"{year}年办理结果", "outcomes")
    st.caption("不予公开按理由分列；无法提供、不予处理为各小项之和；其他处理在2021年版模板中分三项，此处为三项之和"
               "（与2019年版的“其他处理”一行同一口径）。某类各小项都未报告时该类空缺，不按 0 计。")


def applicant_types(year: int) -> None:
    panels.parts_chart(current, views.APPLICANT_TYPES, year, f"{year}年 各单位本年新收申请的申请人类型",
                       f"{year}年申请人类型", "applicants")


st.subheader("申请数量")
chosen = panels.metric_picker("指标", COUNTS, key="apps_metric")
panels.metric_panel(current, chosen, key="apps")

st.subheader("某一年的办理结果、申请人类型和实质公开率")
year = blocks.year_picker(current, key="apps_year")
if year is not None:
    outcome_tab, applicant_tab, rate_tab = blocks.tabs(["办理结果", "申请人类型（本年新收）", "各单位实质公开率"],
                                                       key="apps_tabs")
    if outcome_tab.open:
        with outcome_tab:
            outcomes(year)
    if applicant_tab.open:
        with applicant_tab:
            applicant_types(year)
    if rate_tab.open:
        with rate_tab:
            rates.rate_ranking(current, "derived.substantive_rate", year, key="substantive_year")

st.subheader("实质公开率")
rates.rate_section(current, "derived.substantive_rate", key="substantive")

blocks.page_downloads(current, "依申请公开", heading="下载本页指标的数据（筛选后）", metric_groups=METRIC_GROUPS)
