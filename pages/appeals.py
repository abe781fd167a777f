"""复议与诉讼: administrative review and litigation over disclosure: counts, results and correction rates."""
import streamlit as st

from loaders import views
from pages.ui import blocks, panels, rates

TOTALS = ["review.total", "lit_direct.total", "lit_after_review.total"]

# the metric groups this page draws: what its downloads hold
METRIC_GROUPS = ("review", "lit_direct", "lit_after_review")

current = blocks.header("复议与诉讼", "因政府信息公开引起的行政复议、行政诉讼：件数、结果（维持、纠正、其他、尚未审结）和纠错率。",
                        county_pick=True)
blocks.require_reports(current)

st.subheader("件数")
chosen = panels.metric_picker("指标", TOTALS, key="appeal_metric")
panels.metric_panel(current, chosen, key="appeals")

st.subheader("某一年的结果")
year = blocks.year_picker(current, key="appeal_year")
if year is not None:
    group_tabs = blocks.tabs([name for _, name in views.APPEAL_GROUPS], key="appeal_tabs")
    for (group, name), tab in zip(views.APPEAL_GROUPS, group_tabs):
        if tab.open:
            with tab:
                panels.parts_chart(current, views.appeal_breakdown(group), year, f"{year}年 {name}结果",
                                   f"{year}年{name}结果", f"results_{group}")

st.subheader("复议纠错率")
rates.rate_section(current, "derived.review_correction_rate", key="review_rate")
st.subheader("诉讼纠错率")
rates.rate_section(current, "derived.litigation_correction_rate", key="litigation_rate")

blocks.page_downloads(current, "复议与诉讼", heading="下载本页指标的数据（筛选后）", metric_groups=METRIC_GROUPS)
