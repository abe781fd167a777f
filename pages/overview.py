"""总览: headline figures of the selection, and which body reported in which year (a cell opens the report)."""
import pandas as pd
import streamlit as st

from loaders import views
from pages.ui import blocks, drill
from pages.ui.safe import plain

COVERAGE_COLORS = {"ok": "#e3f2e1", "findings": "#fff3c4", "partial": "#ffd9a8", "failed": "#f6c1c1",
                   "missing": "#eeeeee"}
# Colouring cells takes a Styler, whose cost grows with the cells on every rerun: a county's grid
# (a few dozen bodies × years) is coloured, a grid of hundreds of bodies says its states in words only.
MAX_COLOURED_CELLS = 3_000
# pixels of the grid's columns: the bodies and seven years fit a 1024 px window with the sidebar open
BODY_WIDTH, YEAR_WIDTH = 86, 84

current = blocks.header("总览", "所选单位和年度的报告概况。下方网格列出每个单位每年是否报送了报告；点击一个格子即可打开那份报告。",
                        county_pick=True)
pick = drill.picked(current)
# the picked county's reports and findings (the selection's own when no county is picked)
reports = drill.reports(current)
checks = views.select_checks(current.checks, reports) if pick.county else current.checks


def _figure_text(item: views.Headline) -> str:
    if item.value is None:
        return views.MISSING
    return f"{item.value:,.10g} {item.unit}"


def _figure_help(item: views.Headline) -> str | None:
    if item.reports == item.of_reports:
        return None
    return f"{item.of_reports} 份报告中有 {item.reports} 份报告了此项，合计只含这些报告；其余未报告，不按 0 计。"


def headline_figures() -> None:
    items = views.headline(reports, checks, current.loaded.headline_values)
    # cards as wide as their figure, wrapping onto a new row: fixed columns cut "81,013 条" at 1024 px
    with st.container(horizontal=True, gap="small"):
        for item in items:
            st.metric(item.label, _figure_text(item), help=_figure_help(item), border=True, width="content")


def _cell_colour(cov: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Background of every grid cell from its status (a report with findings has its own colour)."""
    state = cov.assign(kind=cov["status"].where(~((cov["status"] == "ok") & (cov[views.COL_FINDINGS] > 0)), "findings"))
    kinds = state.pivot(index=views.COL_ORG, columns=views.COL_YEAR, values="kind")
    kinds.columns = [f"{int(y)}年" for y in kinds.columns]
    colours = kinds.reindex(grid[views.COL_ORG]).map(lambda k: f"background-color: {COVERAGE_COLORS.get(k, '')}")
    colours.insert(0, views.COL_ORG, "")
    colours.index = grid.index
    return colours


def coverage_grid() -> None:
    st.subheader("报告情况（单位 × 年度）")
    cov = views.coverage_of(current.loaded.coverage_cells, current.years, current.loaded.roster,
                            current.selection.orgs)
    cov = views.in_county(cov, drill.counties(current), pick)
    if cov.empty:
        st.info("所选范围内没有可列出的单位和年度。")
        return
    if views.rows_are_counties(cov[views.COL_ORG], drill.counties(current), pick):
        _county_table(cov)
        return
    groups = views.county_groups(cov)
    if len(groups) > 1:
        st.warning(f"读取的报告来自 {len(groups)} 个县（市、区）：{'、'.join(plain(c) for c, _ in groups)}。"
                   "下面按县（市、区）分开列出；在左侧选择一个县（市、区），本页和各指标页面就只显示该县。", icon="🗺️")
    for i, (county, part) in enumerate(groups):
        if county:
            st.markdown(f"**{plain(county)}**（{part[views.COL_ORG].nunique()} 个单位）")
        _one_grid(part, key="coverage_grid" if i == 0 else f"coverage_grid_{i}")
    legend = ("颜色：绿＝已报告；黄＝已报告但有问题；橙＝部分读取；红＝无法读取；灰＝未报告。"
              if cov[views.COL_ORG].nunique() * len(current.years) <= MAX_COLOURED_CELLS
              else "单位较多，格子不着色，以文字说明报告情况。")
    st.caption(f"括号内为发现的问题数。{legend}"
               "报送过任一年度报告的单位，视为每年都应报告；报告文件夹中的 roster.csv 可列出从未报送的单位（第二列可写所属县）。"
               "网格不受“模板”筛选影响。")
    blocks.csv_button(cov.drop(columns="status"), "下载报告情况（CSV）", "报告情况", key="coverage_csv")


def _county_table(cov: pd.DataFrame) -> None:
    """Coverage one row per county, for more bodies than one grid shows; a county picked shows its bodies' grid."""
    st.info(f"所选范围共 {cov[views.COL_ORG].nunique():,} 个单位，按县（市、区）汇总：每格为“已报送的单位数/应报送的单位数”。"
            "在左侧选择县（市、区）可看该县每个单位每年的报告情况。", icon="🗺️")
    blocks.table(views.coverage_by_county(cov), key="coverage_counties")
    blocks.csv_button(cov.drop(columns="status"), "下载报告情况（CSV，每个单位每年一行）", "报告情况", key="coverage_csv")


def _text_width(text: str) -> int:
    """About how many pixels a cell's text takes in the grid (Chinese characters are twice as wide)."""
    return 16 + sum(14 if ord(ch) > 0x2E7F else 8 for ch in str(text))


def _one_grid(cov: pd.DataFrame, key: str) -> None:
    """The grid of one county's bodies (a cell opens its report), a page of bodies at a time."""
    page = drill.page_picker(cov[views.COL_ORG].nunique(), f"{key}_page", what="个单位")
    grid = views.page_of(views.coverage_grid(cov), page)
    coloured = grid.size <= MAX_COLOURED_CELLS
    shown = grid.style.apply(lambda _: _cell_colour(cov, grid), axis=None) if coloured else grid
    # year columns of one width, a long cell (已报告(3)·逾期) wrapped onto a second line: at their natural widths
    # seven years did not fit a 1024 px window with the sidebar open
    widths = {c: BODY_WIDTH if c == views.COL_ORG else YEAR_WIDTH for c in grid.columns}
    wraps = any(_text_width(v) > widths[c] for c in grid.columns for v in grid[c].dropna())
    row = blocks.WRAPPED_ROW_HEIGHT if wraps else blocks.ROW_HEIGHT
    event = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-cell",
                         key=key, height=blocks.fitted_height(len(grid), blocks.ROW_HEIGHT * 31, row), row_height=row,
                         column_config={c: st.column_config.Column(width=w) for c, w in widths.items()})
    _open_selected_cell(event, grid, cov)


def _open_selected_cell(event, grid: pd.DataFrame, cov: pd.DataFrame) -> None:
    cells = event.selection.get("cells", []) if event is not None else []
    if not cells:
        return
    row, column = cells[0]
    if column == views.COL_ORG or not str(column).endswith("年"):
        return
    org, year = grid.iloc[row][views.COL_ORG], int(str(column).rstrip("年"))
    hit = cov[(cov[views.COL_ORG] == org) & (cov[views.COL_YEAR] == year)]
    if hit.empty or pd.isna(hit.iloc[0][views.COL_SOURCE]):
        st.info(f"{plain(org)} {year}年 未报告：报告文件夹中没有这一年的报告。")
        return
    blocks.open_report(hit.iloc[0][views.COL_SOURCE])


def report_list() -> None:
    with st.expander(f"所选范围内的报告（{len(reports)} 份）", icon=":material/list:"):
        listing = views.report_list(reports)
        paged = blocks.paged_table(listing, key="report_list", what="份报告", on_select="rerun",
                                   selection_mode="single-row")
        st.caption("选中一行即可打开该报告。")
        blocks.open_report_on_select(paged.event, paged.rows)
        blocks.csv_button(listing, "下载报告清单（CSV）", "报告清单", key="report_list_csv")


# with no report selected the grid still answers the question of the selection: which reports are missing
if current.loaded.is_sample:
    blocks.start_command_help()
if reports.empty:
    st.info("所选单位和年度没有报告。下方网格列出这些单位在所选年度的报送情况；也可在左侧调整单位、年度或模板。")
else:
    headline_figures()
coverage_grid()
if not reports.empty:
    report_list()
    blocks.page_downloads(current, "总览")
