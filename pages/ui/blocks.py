"""Streamlit pieces every page uses: the header, a chart with its numbers and CSV, tables, downloads.

A chart always comes with the frame it draws: an expander shows that frame and offers it as CSV, so
the numbers are one click away and the CSV is exactly what the chart shows. Every download goes
through loaders.export (UTF-8 with BOM, formula cells neutralised, missing values empty).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from loaders import views
from loaders.frames import Frames

from . import cells, downloads, drill, figures
from .cells import spelled_gaps
from .data import options
from .safe import plain
from .state import View, view

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_DATA = "所选范围内没有报告此项数据。"
REPORT_PAGE = "pages/report.py"
# what the 报告 page shows first: (report, line) and (report, the finding that leads there)
REPORT_LINE_KEY, REPORT_FINDING_KEY = "report_line", "report_finding"
#: Rows three lines high: the dataframe then wraps a long 说明 (a finding's figures) instead of cutting it
#: (Streamlit wraps a cell's text only in rows taller than 4rem).
WRAPPED_ROW_HEIGHT = 66
ROW_HEIGHT = 35  # Streamlit's dataframe row, in pixels
SOURCE_WIDTH = 180  # pixels of a 来源文件 column
# Streamlit's wide layout keeps 5rem each side of the page: at a 1024 px window with the sidebar open that
# left ~560 px, which cut the headline cards and hid the coverage grid's last years.
_PAGE_MARGINS = """<style>
[data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; }
</style>"""


def header(title: str, intro: str = "", county_pick: bool = False) -> View:
    """The page's title, what it shows, and the notices every page gives; returns the view to draw.

    `county_pick`: the page narrows to a county picked in the sidebar (drill.county_picker)."""
    current = view()
    st.html(_PAGE_MARGINS)
    st.title(title)
    if intro:
        st.caption(intro)
    if current.loaded.is_sample:  # how to start on a folder is for administrators: said once, on 总览
        st.info("示例数据：当前显示的是随附的示例报告（只读），并非真实报送数据。"
                "在「上传报告」页上传的报告保存到您自己的报告文件夹，看板随即改为显示您的报告，"
                "左侧「查看随附示例数据」开关可随时切回示例。", icon="ℹ️")
    if not current.loaded.folder.is_dir():
        st.warning(f"找不到报告文件夹：{plain(current.loaded.folder)}", icon="⚠️")
    ignored = options().ignored_message()
    if ignored:  # a mistyped start option (`-- --report DIR`) would otherwise silently show the sample
        st.warning(plain(ignored), icon="⚠️")
    for notice in current.notices:  # built from the link's own values: made inert in state.py
        st.warning(notice, icon="🔗")
    if county_pick:
        drill.county_picker(current)
    return current


def start_command_help() -> None:
    """For whoever runs the dashboard: how to start it on a folder of real reports."""
    with st.expander("如何显示实际报告（供管理员）", icon=":material/help:"):
        st.markdown("启动时指定实际报告所在的文件夹：")
        st.code("python3 -m streamlit run app.py -- --reports 文件夹", language="bash")
        st.markdown("或设置环境变量 `NIANBAO_REPORTS=文件夹` 后再启动。")


def require_reports(current: View) -> None:
    """Stop the page with a sentence when the selection holds no report."""
    if current.reports.empty:
        st.info("所选范围内没有报告。请在左侧调整单位、年度或模板。")
        st.stop()


def table(df: pd.DataFrame, key: str | None = None, height: int | str = "auto", **kwargs):
    """A frame as people read it: a missing number says 未报告, rates as percentages, no index."""
    shown = spelled_gaps(df)
    if views.COL_SOURCE in shown.columns:  # the longest cell of most tables: at its natural width it pushed the
        # numbers out of a 1024 px window; the file name stays readable, the folder in front may be cut
        kwargs["column_config"] = {views.COL_SOURCE: st.column_config.TextColumn(width=SOURCE_WIDTH),
                                   **kwargs.get("column_config", {})}
    floats = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c])]
    if shown.size < 20_000:
        shown = shown.style.format({c: (cells.percent if cells.is_rate(c) else cells.number) for c in floats})
    else:  # a Styler over a large frame takes seconds on every rerun; the browser formats instead
        kwargs["column_config"] = {**{c: st.column_config.NumberColumn(format="percent" if cells.is_rate(c) else "localized")
                                      for c in floats}, **kwargs.get("column_config", {})}
    return st.dataframe(shown, hide_index=True, width="stretch", height=height, key=key, placeholder=views.MISSING,
                        **kwargs)


@dataclass(frozen=True)
class Paged:
    """A table drawn a page at a time: the dataframe's event, the rows shown (numbered from 0) and which page."""

    event: object
    rows: pd.DataFrame
    page: int


def paged_table(df: pd.DataFrame, key: str, what: str = "行", **kwargs) -> Paged:
    """A table longer than PAGE_ROWS a page at a time (a page picker above it). A selected row's position in the
    event points into `Paged.rows`; `Paged.page` picks the same rows of any frame in df's order (views.page_of).
    A CSV of the table is to be built from `df`."""
    page = drill.page_picker(len(df), key=f"{key}_page", what=what)
    shown = views.page_of(df, page)
    if "height" not in kwargs and len(df) > views.PAGE_ROWS:  # a page's rows in a frame of the usual height
        kwargs["height"] = fitted_height(len(shown), ROW_HEIGHT * 16, kwargs.get("row_height", ROW_HEIGHT))
    return Paged(table(shown, key=key, **kwargs), shown, page)


def fitted_height(rows: int, most: int, row_height: int = ROW_HEIGHT) -> int:
    """A dataframe's height in pixels that shows `rows` rows and its header without empty space, at most `most`."""
    return min(ROW_HEIGHT + row_height * rows + 3, most)


def csv_button(df: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """A download of a frame as CSV (built only when clicked)."""
    download(label, lambda: downloads.chart_csv(df), f"{file_name}.csv", key)


def download(label: str, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """A download button whose file is built only when clicked; clicking does not rerun the page."""
    mime = {".xlsx": XLSX_MIME, ".docx": DOCX_MIME}.get(file_name[file_name.rfind("."):], CSV_MIME)
    st.download_button(label, data=build, file_name=file_name, mime=mime, key=key, on_click="ignore",
                       icon=":material/download:")


def chart(fig: go.Figure, data: pd.DataFrame, name: str, key: str) -> None:
    """A plotly chart, its CSV right under it (exactly what it shows, named for it), its frame in an expander."""
    st.plotly_chart(fig, width="stretch", key=f"{key}_chart", config=figures.PLOTLY_CONFIG)
    csv_button(data, f"下载此图数据：{name.replace('_', ' · ')}（CSV）", name, key=f"{key}_csv")
    with st.expander("查看图表数据", icon=":material/table:"):
        paged_table(data, key=f"{key}_table")


def too_many_bodies(current: View, orgs, what: str) -> bool:
    """Say so and return True when `orgs` are too many to draw body by body and no county is picked."""
    if not views.rows_are_counties(orgs, drill.counties(current), drill.picked(current)):
        return False
    st.info(f"所选范围共 {len(set(orgs)):,} 个单位，来自多个县（市、区），无法逐个单位列出{what}。请在左侧选择县（市、区）。")
    return True


def page_downloads(current: View, page_name: str, frames: Frames | None = None,
                   heading: str = "下载筛选后的全部数据", metric_groups: Sequence[str] = ()) -> None:
    """The page's downloads of the filtered data (or of `frames`): tidy facts, the wide table, both as Excel.

    `metric_groups` (the part of a metric id before its dot, e.g. "penalty") keeps the metrics a page shows:
    a reviewer on 许可与处罚 expects its numbers, not all 71 metrics of the catalog."""
    if (current.reports if frames is None else frames.reports).empty:  # nothing to download
        return

    def chosen() -> Frames:  # the selection's facts are filtered only when a download is asked for
        return drill.frames(current) if frames is None else frames

    scope = "_本页指标" if metric_groups else "_全部指标"
    st.divider()
    st.subheader(heading)
    st.caption(("只含本页的指标。" if metric_groups else "含全部指标。")
               + "明细：每个数值一行，附来源文件和行号。宽表：每个单位每年一行，每个指标一列。"
               "未报告的数值留空（不是 0）；CSV 文件可直接用 Excel 打开。")
    left, middle, right = st.columns(3)
    with left:
        download("明细数据（CSV）", lambda: downloads.tidy_csv(chosen(), metric_groups), f"{page_name}{scope}_明细.csv",
                 key="dl_tidy")
    with middle:
        download("宽表（CSV）", lambda: downloads.wide_csv(chosen(), metric_groups), f"{page_name}{scope}_宽表.csv",
                 key="dl_wide")
    with right:
        if _workbook_fits(current, frames, metric_groups):
            download("明细＋宽表（Excel）", lambda: downloads.workbook(chosen(), metric_groups), f"{page_name}{scope}.xlsx",
                     key="dl_xlsx")
        else:  # Excel would cut the sheet at its last row: say so, and point to the CSVs beside
            st.info(downloads.TOO_BIG_FOR_EXCEL, icon=":material/info:")


def _workbook_fits(current: View, frames: Frames | None, metric_groups: Sequence[str]) -> bool:
    """Whether page_downloads' workbook fits Excel's rows: the reports' own fact counts bound it, else the
    load's counts of each report's facts of the groups settle it (downloads.FactCounts: no count of the selection)."""
    if frames is not None:
        return downloads.fits_excel(frames, metric_groups)
    if downloads.surely_fits_excel(current.reports):
        return True
    chosen = drill.reports(current)
    if not metric_groups:
        return downloads.surely_fits_excel(chosen)
    return current.loaded.fact_counts(metric_groups).fit_excel(chosen)


def tabs(labels: Sequence[str], key: str):
    """Tabs that remember which one is open across reruns and in the URL (a shared link or a reload opens
    the same tab); only the open one needs drawing (`.open`)."""
    return st.tabs(list(labels), key=key, on_change="rerun", bind="query-params")


def year_picker(current: View, key: str, label: str = "年度") -> int | None:
    """Choose one year among those with reports in view (latest first)."""
    years = sorted(current.frames.reports["year"].dropna().unique(), reverse=True)
    if not years:
        return None
    return st.selectbox(label, [int(y) for y in years], format_func=figures.year_label, key=key, bind="query-params")


def selected_row(event) -> int | None:
    """The row position a dataframe selection points at (a selected row, or the row of a selected cell)."""
    selection = getattr(event, "selection", None) if event is not None else None
    if not selection:
        return None
    rows = list(selection.get("rows", [])) + [cell[0] for cell in selection.get("cells", [])]
    return rows[0] if rows else None


def open_report(source: str, line=None, finding: str = "") -> None:
    """Switch to the 报告 page showing one report, keeping the sidebar filters; at `line` (with the `finding`
    that points there) when given."""
    st.session_state.pop(REPORT_FINDING_KEY, None)
    if line is not None and not pd.isna(line):
        st.session_state[REPORT_LINE_KEY] = (source, int(line))
    if finding:
        st.session_state[REPORT_FINDING_KEY] = (source, finding)
    st.switch_page(REPORT_PAGE, query_params={"report": source, **_filter_params()})


def open_finding_on_select(event, findings: pd.DataFrame) -> None:
    """Open the report of the selected finding (a views.findings_table row) at its line, the finding shown."""
    row = selected_row(event)
    if row is not None and 0 <= row < len(findings):
        hit = findings.iloc[row]
        open_report(hit[views.COL_SOURCE], hit[views.COL_LINE],
                    f"{hit[views.COL_SEVERITY]} · {hit[views.COL_RULE]}：{hit[views.COL_MESSAGE]}")


def open_report_on_select(event, frame: pd.DataFrame, source_column: str = views.COL_SOURCE) -> None:
    """Open the 报告 page on the report of the selected row of a dataframe showing `frame`."""
    row = selected_row(event)
    if row is not None and 0 <= row < len(frame):
        source = frame.iloc[row][source_column]
        if isinstance(source, str) and source:
            open_report(source)


def _filter_params() -> dict[str, list[str]]:
    """The sidebar's query parameters, carried along when a page opens another."""
    params = st.query_params
    return {k: params.get_all(k) for k in ("town", "year", "tpl") if params.get_all(k)}
