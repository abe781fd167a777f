"""数据质量: every finding (filter by rule and severity, open its report), missing reports, copied text."""
import streamlit as st

from loaders import views
from loaders.rules import SEVERITY_LABELS
from pages.ui import blocks, review

# Widths that fit a 1024 px window with the sidebar open, the message (what a reviewer reads) wrapped on up to
# three lines; the metric, file and line are left to the CSV and to the 报告 page a selected row opens (at that
# line), the reviewer, opinion and last year's decision to the CSV and the 审核问题 panel below.
FINDING_WIDTHS = {views.COL_SEVERITY: 56, views.COL_ORG: 72, views.COL_YEAR: 48, views.COL_RULE: 130,
                  views.COL_MESSAGE: 260, "审核结论": 72}
MISSING_WIDTHS = {views.COL_ORG: 120, "未报送年数": 100, "未报送年度": "large"}


def _columns(widths: dict) -> dict:
    return {column: st.column_config.Column(width=width) for column, width in widths.items()}


current = blocks.header("数据质量", "读取报告时发现的问题、未报送的报告，以及大量重复上一年内容的报告。选中表格中的一行即可打开对应报告。")
checks = current.frames.checks


def findings() -> None:
    st.subheader(f"发现的问题（{len(checks)} 项）")
    if current.frames.reports.empty:
        st.info("所选范围内没有报告。请在左侧调整单位、年度或模板。")
        return
    if checks.empty:
        st.success("所选范围内的报告没有发现问题。")
        return
    blocks.table(views.finding_counts(checks), key="finding_counts")
    rules = sorted(checks["rule"].unique(), key=views.rule_title)
    left, right = st.columns([3, 1])
    chosen_rules = left.multiselect("问题类型", rules, format_func=views.rule_title, key="rule", bind="query-params",
                                    select_all=False, placeholder="全部问题类型")
    present = set(checks["severity"].unique())
    severities = [s for s in SEVERITY_LABELS if s in present]
    chosen_severities = right.multiselect("严重程度", severities, format_func=SEVERITY_LABELS.get, key="sev",
                                          bind="query-params", select_all=False, placeholder="全部")
    decided = review.state_filter(review.with_decisions(current, checks), key="review_state")
    ordered = views.in_reading_order(views.filter_findings(decided, chosen_rules, chosen_severities))
    rows = views.findings_table(ordered)
    paged = blocks.paged_table(rows, key="findings", what="项", on_select="rerun", selection_mode="single-row",
                               row_height=blocks.WRAPPED_ROW_HEIGHT,
                               height=blocks.fitted_height(min(len(rows), views.PAGE_ROWS), 620,
                                                           blocks.WRAPPED_ROW_HEIGHT),
                               column_config=_columns(FINDING_WIDTHS), column_order=list(FINDING_WIDTHS))
    blocks.csv_button(rows, "下载问题清单（CSV）", "问题清单", key="findings_csv")
    blocks.open_finding_on_select(paged.event, paged.rows)
    # the findings of the table's page: a list of every finding of a province (tens of thousands) would be
    # rebuilt and sent on every rerun, and nobody picks from it
    review.decision_panel(current, views.page_of(ordered, paged.page), key="quality_review",
                          hint="列出上面问题表当前页的问题；翻页即可审核其余问题。")


def missing() -> None:
    st.subheader("未报送的报告")
    cov = views.coverage_of(current.loaded.coverage_cells, current.years, current.loaded.roster,
                            current.selection.orgs)
    gaps = views.missing_by_body(cov)
    roster_note = "已按报告文件夹中的 roster.csv 加入应报送单位。" if current.loaded.roster else \
        "报告文件夹中没有 roster.csv：从未报送过的单位无法列出。"
    st.caption(f"报送过任一年度报告的单位，在 {views.years_text(current.years)} 每年都应有报告。{roster_note}")
    if gaps.empty:
        st.success("所选单位在所选年度都有报告。")
    else:
        st.markdown(f"共 {int(gaps['未报送年数'].sum())} 份报告未报送，涉及 {len(gaps)} 个单位：")
        blocks.paged_table(gaps, key="gaps", what="个单位", column_config=_columns(MISSING_WIDTHS),
                           column_order=list(MISSING_WIDTHS))
        blocks.csv_button(views.missing_reports(cov), "下载未报送清单（CSV，每份一行）", "未报送清单", key="gaps_csv")
    unplaced = views.unplaced(current.frames.reports)
    if len(unplaced):
        st.markdown("**无法确定单位或年度的报告**（不在上面的清单和总览网格中）")
        paged = blocks.paged_table(unplaced, key="unplaced", what="份报告", on_select="rerun",
                                   selection_mode="single-row")
        blocks.open_report_on_select(paged.event, paged.rows)


def unreadable() -> None:
    failed = current.frames.reports[current.frames.reports["status"] == "failed"]
    if failed.empty:
        return
    st.subheader(f"无法读取的文件（{len(failed)} 份）")
    rows = views.report_list(failed)
    paged = blocks.paged_table(rows, key="failed", what="份报告", on_select="rerun", selection_mode="single-row")
    blocks.open_report_on_select(paged.event, paged.rows)


def repeated() -> None:
    st.subheader("正文重复上一年报告")
    rows = views.repeated_text(current.frames.reports)
    st.caption(f"“与上一年重复比例”是本报告正文（一、五、六部分）中与同一单位上一年报告相同的句子所占比例；"
               f"达到 {views.REPEATED_SHARE_FLAG:.0%} 的标为“大量重复”。没有上一年报告的不计算。")
    if rows.empty:
        st.info("所选范围内没有可比较的上一年报告。")
        return
    paged = blocks.paged_table(rows, key="repeated", what="份报告", on_select="rerun", selection_mode="single-row",
                               height=blocks.fitted_height(min(len(rows), views.PAGE_ROWS), 360))
    blocks.csv_button(rows, "下载重复比例（CSV）", "正文重复比例", key="repeated_csv")
    blocks.open_report_on_select(paged.event, paged.rows)


findings()
missing()
unreadable()
repeated()
blocks.page_downloads(current, "数据质量")
