"""年报看板: every township's 政府信息公开工作年度报告 side by side.

    streamlit run app.py                      # your reports folder (loaders.places), else the sample in data/
    streamlit run app.py -- --reports DIR     # or NIANBAO_REPORTS=DIR streamlit run app.py

This file registers the pages, reads the reports folder (cached) and draws the sidebar filters,
which every page shares; each page then draws from the filtered frames.
"""
import streamlit as st

from pages.ui import state

PAGES = [
    st.Page("pages/overview.py", title="总览", icon=":material/dashboard:", default=True),
    st.Page("pages/proactive.py", title="主动公开", icon=":material/campaign:"),
    st.Page("pages/licensing.py", title="许可与处罚", icon=":material/gavel:"),
    st.Page("pages/applications.py", title="依申请公开", icon=":material/inbox:"),
    st.Page("pages/appeals.py", title="复议与诉讼", icon=":material/balance:"),
    st.Page("pages/quality.py", title="数据质量", icon=":material/rule:"),
    st.Page("pages/report.py", title="报告", icon=":material/description:"),
    st.Page("pages/review.py", title="审核与通报", icon=":material/fact_check:"),
    st.Page("pages/builder.py", title="自定义报表", icon=":material/table_chart:"),
    st.Page("pages/upload.py", title="上传报告", icon=":material/upload_file:"),
]

st.set_page_config(page_title="年报看板", page_icon=":material/analytics:", layout="wide")
navigation = st.navigation(PAGES)
state.prepare()
navigation.run()
