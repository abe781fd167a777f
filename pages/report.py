"""报告: one report's numbers laid out as the official tables beside its text; a number leads to its line."""
from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from loaders import views
from loaders.layout import official_tables
from pages.ui import blocks, drill, review, sources
from pages.ui.safe import plain

LINE_KEY = blocks.REPORT_LINE_KEY
REPORT_KEY = "report"
BODY_KEY = "report_body"
CONTEXT_LINES = 6
MAX_TABLE_HEIGHT = 560
# 表三's applicant columns in two characters, so that the table fits beside the text (full name on hover)
SHORT_HEADERS = {"商业企业": "商业", "科研机构": "科研", "社会公益组织": "公益", "法律服务机构": "法律", "其他组织": "其他"}

current = blocks.header("报告", "一份报告的数值按官方表格排列，右侧是报告原文。点击表格中的数值、正文数值或问题，右侧即显示它所在的行。")
_INDEX_KEY = "_nianbao_report_index"  # (the reports frame, each report by source, labels, list order): once per load
_SHOWN_KEY = "_nianbao_report_shown"  # the report the last run showed: a link to another one picks its body


def _labels(reports: pd.DataFrame) -> dict[str, str]:
    """What the chooser shows for each report (worked out for all at once: a province lists 100,000)."""
    years = [f"{int(y)}年" if pd.notna(y) else "年度不明" for y in reports["year"]]
    names = [PurePath(s).name for s in reports["source"]]  # the folders are the URL's business
    return {s: f"{o} · {y} · {n}" for s, o, y, n in zip(reports["source"], views.org_names(reports["org"]), years, names)}


def _index(reports: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], pd.Series, pd.Series]:
    """Each report by source, the chooser's label of each, the sources by body and year, and the body of each
    of those — worked out once per load, not on every rerun (a province's 100,000 reports took a third of a second)."""
    known = st.session_state.get(_INDEX_KEY)
    if known is None or known[0] is not reports:
        every = reports.drop_duplicates("source")
        ordered = views.report_list(reports).sort_values([views.COL_ORG, views.COL_YEAR])
        known = (reports, every.set_index("source"), _labels(every), ordered[views.COL_SOURCE].reset_index(drop=True),
                 ordered[views.COL_ORG].reset_index(drop=True))
        st.session_state[_INDEX_KEY] = known
    return known[1:]


by_source, LABELS, IN_LIST_ORDER, BODY_IN_LIST = _index(current.all.reports)


def _label(source: str) -> str:
    return LABELS[source]


def _choices() -> list[str]:
    """The reports of the selection (by body and year) — of one body when there are more than drill.MAX_LISTED_REPORTS —
    and the one a link asks for if it is elsewhere."""
    # the load's order kept for the reports in view: sorting the selection anew took 15 ms at 10,000 reports
    in_view = views.of_reports(IN_LIST_ORDER, current.frames.reports)
    asked = st.query_params.get(REPORT_KEY)
    if asked and asked not in LABELS:
        st.warning(f"链接中的报告「{plain(asked)}」不在已读取的报告中，请从下面的列表中选择。", icon="🔗")
        asked = None
    if in_view.sum() <= drill.MAX_LISTED_REPORTS:
        listed = IN_LIST_ORDER[in_view].tolist()
    else:
        body = _body_picker(BODY_IN_LIST[in_view], asked)
        listed = IN_LIST_ORDER[in_view & (BODY_IN_LIST == body).to_numpy()].tolist()
        if asked and _body_of(asked) != body:  # another body was picked: the link's report is not among its own
            asked = None
    if asked and asked not in listed:
        listed.insert(0, asked)
    return listed


def _body_of(source: str) -> str:
    return views.org_name(by_source.loc[source, "org"])


def _body_picker(bodies: pd.Series, asked: str | None) -> str:
    """The 单位 whose reports the chooser lists: the one of the report a link or a click asks for, else kept."""
    names = list(pd.unique(bodies))
    wanted = _body_of(asked) if asked else None
    if wanted and wanted not in names:  # a link to a report outside the selection
        names.insert(0, wanted)
    if wanted and st.session_state.get(_SHOWN_KEY) != asked:
        st.session_state[BODY_KEY] = wanted
    if st.session_state.get(BODY_KEY) not in names:
        st.session_state.pop(BODY_KEY, None)
    return st.selectbox("单位", names, key=BODY_KEY, on_change=_reset_line,
                        help=f"所选报告超过 {drill.MAX_LISTED_REPORTS:,} 份：先选单位，再选该单位的报告。")


def _reset_line() -> None:
    st.session_state.pop(LINE_KEY, None)
    st.session_state.pop(blocks.REPORT_FINDING_KEY, None)


def _jump(line) -> None:
    """Remember the line to show, with the report it belongs to (the one in the URL)."""
    if line is not None and not pd.isna(line):
        st.session_state[LINE_KEY] = (st.query_params.get(REPORT_KEY), int(line))
        st.session_state.pop(blocks.REPORT_FINDING_KEY, None)  # the line is now the reviewer's own choice


def _line_of(source: str) -> int | None:
    """The line chosen in this report, if any."""
    remembered = st.session_state.get(LINE_KEY)
    return remembered[1] if remembered and remembered[0] == source else None


def _jump_from_cell(key: str, lines: pd.DataFrame) -> None:
    cells = st.session_state[key].selection.get("cells", [])
    if cells:
        row, column = cells[0]
        _jump(lines.iloc[row][column])


def _jump_from_row(key: str, frame: pd.DataFrame) -> None:
    row = blocks.selected_row(st.session_state[key])
    if row is not None and row < len(frame):
        _jump(frame.iloc[row][views.COL_LINE])


def summary(report: pd.Series) -> None:
    """One line on how the report was read (status, template, numbers, findings) and the loaders' note."""
    template = views.TEMPLATE_LABELS.get(report["template"] or "", report["template"])
    status = views.STATUS_LABELS.get(report["status"], report["status"])
    st.caption(f"{status} · {template} · 读取 {int(report['facts'])} 个数值 · 发现 {int(report['findings'])} 项问题"
               + (f" ｜ {plain(report['message'])}" if report["message"] and report["status"] != "ok" else ""))
    st.caption(f"发布日期：{report['published'] + '（' + report['published_from'] + '）' if report['published'] else '未知'}"
               + (f" · 落款日期：{report['signed']}（落款不是发布日期）" if report["signed"] else "")
               + (f" · 公开时限：{report['timeliness']}" if report.get("timeliness") else ""))


def tables(facts: pd.DataFrame, template: str, checks: pd.DataFrame) -> None:
    """The official tables, the numbers read from the text, and the findings, one tab each."""
    official = official_tables(facts, template)
    narrative = facts[facts["reading"] == "narrative"]
    names = [t.title.split(" ")[0] for t in official]
    grouped = list(dict.fromkeys(names))
    tabs = st.tabs(grouped + ["正文中的数值", "发现的问题"], key="tab", bind="query-params")
    for name, tab in zip(grouped, tabs):
        if tab.open:
            with tab:
                for i, table in enumerate(official):
                    if names[i] == name:
                        _official_table(table, key=f"official_{i}")
                st.caption("空白表示报告中没有这个数（未报告，不是 0）。点击数值，右侧显示它在原文中的行。")
    if tabs[-2].open:
        with tabs[-2]:
            narrative_values(narrative)
    if tabs[-1].open:
        with tabs[-1]:
            findings(checks)


def _official_table(table, key: str) -> None:
    st.markdown(f"**{table.title}**")
    shown = table.frame.style.format(lambda v: f"{v:.10g}")
    # placeholder: a cell the report leaves empty stays empty, as in the printed table (not "None")
    st.dataframe(shown, width="stretch", key=key, on_select=lambda: _jump_from_cell(key, table.lines),
                 selection_mode="single-cell", column_config=_compact(table.frame), placeholder="",
                 height=blocks.fitted_height(len(table.frame), MAX_TABLE_HEIGHT))
    if any(c in SHORT_HEADERS for c in table.frame.columns):
        st.caption("列：" + "、".join(table.frame.columns))


def narrative_values(narrative: pd.DataFrame) -> None:
    if narrative.empty:
        st.info("没有从正文中读取数值。")
        return
    rows = views.tidy_table(narrative)[[views.COL_METRIC, views.COL_VALUE, views.COL_UNIT, views.COL_LINE]]
    blocks.table(rows, key="narrative_facts", on_select=lambda: _jump_from_row("narrative_facts", rows),
                 selection_mode="single-row")


def _compact(frame: pd.DataFrame) -> dict:
    """Column widths that fit an official table beside the source text on a laptop (full names on hover)."""
    wide = len(frame.columns) > 5
    config = {"_index": st.column_config.Column(width=230 if wide else "medium")}
    for column in frame.columns:
        config[column] = st.column_config.Column(SHORT_HEADERS.get(column, column) if wide else column, help=column,
                                                 width=52 if wide else "small")
    return config


def findings(checks: pd.DataFrame) -> None:
    if checks.empty:
        st.success("没有发现问题。")
        return
    decided = review.with_decisions(current, checks)
    rows = views.findings_table(decided)[[views.COL_SEVERITY, views.COL_RULE, views.COL_MESSAGE, views.COL_LINE,
                                          "审核结论"]]
    blocks.table(rows, key="report_findings", on_select=lambda: _jump_from_row("report_findings", rows),
                 selection_mode="single-row")
    st.caption("选中一行，右侧显示问题所在的行（有行号时）。")
    review.decision_panel(current, decided, key="report_review")


def source_panel(source: str) -> None:
    st.subheader("报告原文")
    text = sources.text_of(current.loaded.path_of(source))
    if text.problem:
        st.warning(f"无法显示原文：{plain(text.problem)}")
        return
    line = _line_of(source)
    finding = st.session_state.get(blocks.REPORT_FINDING_KEY)
    if finding and finding[0] == source:  # opened from a finding on 数据质量
        st.warning(plain(finding[1]), icon="🔎")
    if line and 1 <= line <= len(text.lines):
        st.markdown(f"第 **{line}** 行（▶ 所指）及其前后：")
        st.code(sources.numbered(text.lines, line - CONTEXT_LINES, line + CONTEXT_LINES, mark=line),
                language=None, wrap_lines=True)
    else:
        st.caption("点击左侧表格中的数值，这里显示它所在的行。")
    with st.expander("全文", expanded=not line, icon=":material/article:"):
        st.code(sources.numbered(text.lines, 1, len(text.lines), mark=line), language=None, wrap_lines=True,
                height=MAX_TABLE_HEIGHT)


choices = _choices()
if not choices:
    blocks.require_reports(current)
    st.stop()
# kept in the URL by hand: the link carries the file (?report=…), the list shows body and year
asked = st.query_params.get(REPORT_KEY)
chosen = st.selectbox("选择报告", choices, index=choices.index(asked) if asked in choices else 0, format_func=_label,
                      on_change=_reset_line)
st.query_params[REPORT_KEY] = chosen
st.session_state[_SHOWN_KEY] = chosen
report = by_source.loc[chosen]
chosen_frames = current.loaded.one_report(chosen)
summary(report)
left, right = st.columns([2, 1], gap="medium")
with left:
    tables(chosen_frames.facts, report["template"] or "2021", chosen_frames.checks)
with right:
    source_panel(chosen)
blocks.page_downloads(current, f"报告_{views.org_name(report['org'])}", chosen_frames, heading="下载本报告的数据")
