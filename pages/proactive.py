"""主动公开: proactive items per body and year; rules and normative documents; fees and procurement."""
import streamlit as st

from pages.ui import blocks, panels

DOCUMENTS = ["normative.issued", "normative.abolished", "normative.in_force", "rules.issued", "rules.abolished",
             "rules.in_force", "normative.new_made", "normative.new_published", "normative.total_published",
             "rules.new_made", "rules.new_published", "rules.total_published"]
FEES_AND_PROCUREMENT = ["fees.amount", "fees.items_prev", "fees.items_change", "procurement.projects",
                        "procurement.amount"]

# the metric groups this page draws: what its downloads hold
METRIC_GROUPS = ("proactive", "normative", "rules", "fees", "procurement")

current = blocks.header("主动公开", "各单位各年度主动公开的政府信息，以及规章、规范性文件的制发、废止和现行有效情况。",
                        county_pick=True)
blocks.require_reports(current)

st.subheader("主动公开政府信息条数")
panels.metric_panel(current, "proactive.items_total", key="items")

st.subheader("规章和规范性文件")
st.caption("2019年版模板填“本年新制作/新公开/对外公开总数量”，2021年版模板填“本年制发/废止/现行有效件数”：口径不同，按模板分开显示。")
panels.template_panels(current, DOCUMENTS, key="docs")

st.subheader("行政事业性收费和政府集中采购")
panels.template_panels(current, FEES_AND_PROCUREMENT, key="fees")

blocks.page_downloads(current, "主动公开", heading="下载本页指标的数据（筛选后）", metric_groups=METRIC_GROUPS)
