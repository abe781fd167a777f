"""审核与通报: the year's review at a glance, the county's default deadline, and the documents to send:
整改清单 (Excel, CSV), each body's 通报 and the county's 通报 (Word), built from the confirmed problems."""
import pandas as pd
import streamlit as st

from loaders import views
from loaders.review import decisions as dec
from loaders.review import documents
from loaders.review.roster import parse_deadline
from pages.ui import blocks
from pages.ui.data import DEADLINE_KEY
from pages.ui.safe import plain

current = blocks.header("审核与通报", "按审核结论生成整改清单、各单位通报和全县通报。只有标为“确认问题”且报告内容未变的问题写入文件。"
                                 "在“数据质量”或“报告”页逐条审核问题。")


def deadline_setting() -> None:
    """The county's default deadline (roster.csv's deadline column wins for the bodies it lists)."""
    st.text_input("全县默认公开截止日（次年的月-日，如 01-31；roster.csv 中的 deadline 优先）",
                  value=st.session_state.get(DEADLINE_KEY, ""), key="deadline_input",
                  on_change=lambda: st.session_state.__setitem__(DEADLINE_KEY, st.session_state["deadline_input"].strip()))
    typed = st.session_state.get(DEADLINE_KEY, "")
    try:
        parse_deadline(typed)
    except ValueError as e:
        st.warning(f"{plain(str(e))}：未按默认截止日判断逾期。")
    if not typed and not any(e.deadline for e in current.loaded.roster_entries):
        st.caption("未设截止日：不判断是否逾期。")


def timeliness(year: int) -> None:
    reports = current.all.reports
    mine = reports[reports["year"] == year]
    st.subheader(f"{year}年报告公开时限")
    rows = pd.DataFrame({views.COL_ORG: views.org_names(mine["org"]), views.COL_TIMELINESS: mine["timeliness"],
                         "截止日期": mine["deadline"], "发布日期": mine["published"], "日期来源": mine["published_from"],
                         "落款日期": mine["signed"], views.COL_SOURCE: mine["source"]}).sort_values(views.COL_ORG)
    blocks.paged_table(rows, key="timeliness", what="份报告")
    blocks.csv_button(rows, f"下载{year}年报告公开时限（CSV）", f"{year}年报告公开时限", key="timeliness_csv")


def documents_of(year: int) -> None:
    decisions = current.loaded.decisions.all()
    checks = current.all.checks
    of_year = dec.with_decisions(checks[checks["year"] == year], current.all.reports, decisions)
    counts = of_year["review_state"].map(dec.STATE_LABELS).value_counts()
    st.subheader(f"{year}年审核进度")
    st.markdown("　".join(f"{label} **{int(counts.get(label, 0))}**" for label in dec.STATE_LABELS.values()))
    rows = documents.problem_rows(dec.only_confirmed(of_year))
    figures = documents.county_figures(current.all, rows, year, current.loaded.roster, current.loaded.coverage_cells)
    st.subheader("下载")
    st.caption(f"确认问题 {len(rows)} 项，涉及 {len(figures.with_problems)} 个单位；应报送 {len(figures.expected)} 个，"
               f"已报送 {len(figures.reported)} 个，逾期 {len(figures.late)} 个，未报送 {len(figures.missing)} 个。")
    left, middle, right = st.columns(3)
    with left:
        blocks.download("整改清单（Excel）", lambda: documents.rectification_xlsx(rows), f"整改清单-{year}.xlsx", "list_xlsx")
        blocks.download("整改清单（CSV）", lambda: documents.rectification_csv(rows), f"整改清单-{year}.csv", "list_csv")
    with middle:
        county = current.loaded.county
        blocks.download("全县通报（Word）", lambda: documents.county_notice(figures, county), f"通报-{county}-{year}.docx",
                        "county_notice")
    with right:
        if figures.with_problems:
            body = st.selectbox("单位", figures.with_problems, key="notice_body")
            blocks.download(f"{body}通报（Word）", lambda: documents.body_notice(body, year, rows, current.all.reports),
                            f"通报-{body}-{year}.docx", "body_notice")
        else:
            st.caption("没有确认问题的单位。")


deadline_setting()
year = blocks.year_picker(current, key="review_year")
if year is None:
    blocks.require_reports(current)
else:
    documents_of(year)
    timeliness(year)
