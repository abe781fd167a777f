"""Streamlit pieces every page uses: the header, a chart with its numbers and CSV, tables, downloads.

A chart always comes with the frame it draws: an expander shows that frame and offers it as CSV, so
the numbers are one click away and the CSV is exactly what the chart shows. Every download goes
through loaders.export (UTF-8 with BOM, formula cells neutralised, missing values empty).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from loaders import views
from loaders.catalog import metric as catalog_metric
from loaders.catalog import metric_label
from loaders.frames import Frames

from . import cells, downloads, drill, figures
from .cells import CANNOT_COMPUTE, spelled_gaps
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


def parts_chart(current: View, breakdown: views.Breakdown, year: int, title: str, name: str, key: str) -> None:
    """A breakdown's parts of one year per body as stacked bars, or a sentence when none is reported; per county
    (summed in DuckDB) when the year's reports come from too many bodies for a bar each (views.rows_are_counties)."""
    counties, pick = drill.counties(current), drill.picked(current)
    reports = drill.reports(current)
    of_year = reports[reports["year"] == year]
    if views.rows_are_counties(views.distinct_bodies(of_year["org"]), counties, pick):
        selection = replace(current.selection, years=(year,))
        table = views.narrowed(current.all, selection, breakdown.metrics, applicants=breakdown.applicants)
        by_county = views.county_parts(table, breakdown, of_year, counties)
        if not _has_counts(by_county):
            return
        chart(figures.stacked_bars(by_county, f"{title}（按县（市、区）合计）", x=views.COL_COUNTY), by_county,
              f"{name}_按县", key=f"{key}_counties")
        st.caption("单位较多，按县（市、区）合计（含报告份数：报告了该类的报告数）；在左侧选择县（市、区）可看各单位。")
        return
    parts = breakdown.per_report(drill.facts(current, breakdown.metrics, years=[year], applicants=breakdown.applicants))
    if _has_counts(parts):
        chart(figures.stacked_bars(parts, title), parts, name, key=key)


def _has_counts(parts: pd.DataFrame) -> bool:
    """Whether any part is reported; if none is, say so."""
    if parts[views.COL_COUNT].notna().sum() == 0:
        st.info(NO_DATA)
        return False
    return True


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
        reports = current.reports if frames is None else frames.reports  # their fact counts bound the sheet
        if downloads.surely_fits_excel(reports) or downloads.fits_excel(chosen(), metric_groups):
            download("明细＋宽表（Excel）", lambda: downloads.workbook(chosen(), metric_groups), f"{page_name}{scope}.xlsx",
                     key="dl_xlsx")
        else:  # Excel would cut the sheet at its last row: say so, and point to the CSVs beside
            st.info(downloads.TOO_BIG_FOR_EXCEL, icon=":material/info:")


def metric_picker(label: str, metric_ids: Sequence[str], key: str) -> str:
    """Choose one metric (shown by its Chinese label, with its template when only one has it)."""
    return st.selectbox(label, list(metric_ids), format_func=views.option_label, key=key, bind="query-params")


def unit_of(metric_id: str) -> str:
    """The unit a metric's axis shows."""
    return catalog_metric(metric_id).default_unit


def metric_panel(current: View, metric_id: str, key: str) -> None:
    """One metric for the bodies in view: by body (a bar per year) and over the years (a line per body); past
    MAX_BODY_ROWS bodies from several counties, by county and year (summed in DuckDB) and the yearly sum."""
    st.caption(views.comparability(metric_id))
    reports, counties = drill.reports(current), drill.counties(current)
    if views.rows_are_counties(views.distinct_bodies(reports["org"]), counties, drill.picked(current)):
        table = views.narrowed(current.all, current.selection, [metric_id], applicants=views.TOTALS)
        _county_panel(current, views.county_totals(table, reports, counties, metric_id), metric_id, key)
        return
    values = views.metric_values(drill.facts(current, [metric_id], applicants=views.TOTALS), [metric_id])
    if values[views.COL_VALUE].notna().sum() == 0:
        st.info(NO_DATA)
        return
    label, unit = metric_label(metric_id), unit_of(metric_id)
    by_org, over_years = tabs(["按单位对比", "逐年趋势"], key=f"{key}_view")
    if by_org.open:
        with by_org:
            by_body(current, values, metric_id, key)
    if over_years.open:
        with over_years:
            trend(current, values, label, unit, key)
    st.caption("图中空缺表示该单位当年未报告此项（不是 0）。鼠标悬停可见数值所在的文件和行号。")


def _county_panel(current: View, totals: pd.DataFrame, metric_id: str, key: str) -> None:
    """A metric per county and year (views.county_totals), and its sum per year."""
    if totals[views.COL_WITH_VALUE].sum() == 0:
        st.info(NO_DATA)
        return
    label, unit = metric_label(metric_id), unit_of(metric_id)
    bodies = len(views.distinct_bodies(drill.reports(current)["org"]))
    by_org, over_years = tabs(["按单位对比", "逐年趋势"], key=f"{key}_view")
    if by_org.open:
        with by_org:
            chart(figures.county_grid(totals, f"{label}（按县（市、区）、年度合计）", unit), totals, f"{label}_按县",
                  f"{key}_counties")
            st.caption(f"共 {bodies:,} 个单位，每格为该县当年报告了此项的报告之和，括号内为“报告了此项的报告/应有此项的报告”"
                       "份数；未报告的不按 0 计。在左侧选择县（市、区）可看该县的各个单位。")
    if over_years.open:
        with over_years:
            yearly_bars(views.yearly_sums(totals), label, unit, bodies, key)


def by_body(current: View, values: pd.DataFrame, metric_id: str, key: str) -> None:
    """A metric by body and year: bars for a few bodies, else a grid (grouped by county, a page of MAX_BODY_ROWS
    bodies at a time)."""
    label, unit, counties = metric_label(metric_id), unit_of(metric_id), drill.counties(current)
    orgs = values[views.COL_ORG].unique()
    if len(orgs) <= figures.MAX_BARS_BODIES:
        chart(figures.grouped_bars(values, f"{label}（按单位、年度）", unit), values, f"{label}_按单位", f"{key}_bars")
        return
    page = drill.page_picker(len(orgs), f"{key}_bodies_page", views.MAX_BODY_ROWS, what="个单位")
    shown = values[values[views.COL_ORG].isin(views.bodies_page(orgs, counties, page, views.MAX_BODY_ROWS))]
    chart(figures.value_grid(shown, f"{label}（按单位、年度）", unit, counties), values, f"{label}_按单位", f"{key}_bars")


def trend(current: View, values: pd.DataFrame, label: str, unit: str, key: str) -> None:
    """A metric over the years: a line per body, or (for many bodies) the yearly sum with its body count."""
    orgs = sorted(values[views.COL_ORG].unique())
    if len(orgs) <= figures.MAX_BARS_BODIES:
        grid = views.complete_years(values, orgs, current.years)
        chart(figures.trend_lines(grid, f"{label}（逐年）", unit), grid, f"{label}_逐年", f"{key}_lines")
        return
    yearly_bars(views.yearly_totals(values), label, unit, len(orgs), key)


def yearly_bars(totals: pd.DataFrame, label: str, unit: str, bodies: int, key: str) -> None:
    """A metric's yearly sum over the bodies that reported it (views.yearly_totals), for more bodies than lines."""
    chart(figures.yearly_total_bars(totals, f"{label}（逐年合计）", unit), totals, f"{label}_逐年合计", f"{key}_totals")
    st.caption(f"共 {bodies} 个单位，线条过多：这里显示各年报告了此项的单位的合计（括号内为单位数，各年可能不同）。"
               f"在左侧选择不超过 {figures.MAX_BARS_BODIES} 个单位，可看每个单位一条线。")


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


def rate_table(table_frame: pd.DataFrame, indicator_id: str, key: str) -> None:
    """A rate per report with its counts, sorted by body and year (never by rate: small counts mislead)."""
    ind = views.INDICATORS[indicator_id]
    cols = [views.COL_ORG, views.COL_YEAR, ind.label, views.numerator_column(ind), views.denominator_column(ind),
            views.small_column(ind), views.COL_SOURCE]
    shown = table_frame.dropna(subset=[views.denominator_column(ind)])[cols]
    paged_table(shown, key=f"{key}_table")
    csv_button(shown, f"下载{ind.label}（CSV）", ind.label, key=f"{key}_csv")
    st.caption(f"分母不足 {views.MIN_RATE_BASE} 件的比率标为“样本少”，只列出不排名；分母为 0 时显示“{CANNOT_COMPUTE}”。")


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


def template_panels(current: View, metric_ids: Sequence[str], key: str) -> None:
    """Metrics that differ between the templates, one tab per template (never one series), each with a picker."""
    groups = views.split_by_template(metric_ids)
    for i, (ids, tab) in enumerate(zip(groups.values(), tabs(list(groups), key=f"{key}_template"))):
        if tab.open:
            with tab:
                chosen = metric_picker("指标", ids, key=f"{key}_{i}")
                metric_panel(current, chosen, key=f"{key}_{i}")


def _indicators(current: View, indicator_id: str) -> pd.DataFrame:
    """One indicator per report in view (views.indicators)."""
    facts = drill.facts(current, views.indicator_metrics([indicator_id]), applicants=views.TOTALS,
                        columns=views.INDICATOR_COLUMNS)
    return views.indicators(facts, drill.reports(current), [indicator_id])


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
