"""自定义报表: pick bodies (sidebar), years, metrics as the template groups them; get a table, a chart, a CSV."""
import streamlit as st

from loaders import views
from loaders.catalog import APPLICANT_LABELS
from pages.ui import blocks, figures

DEFAULTS = {"二、主动公开政府信息情况": ["penalty.decisions"], "三、收到和处理政府信息公开申请情况": ["apps.new_received"]}
CONDITIONS = 3
NO_FILTER = "（不筛选）"

current = blocks.header("自定义报表", "选择指标（按年报的表格分组）和申请人类型，得到每个单位每年一行的表格、图表和 CSV；"
                                  "可加数值条件，例如“行政处罚·处理决定数量 > 50”。单位和年度用左侧筛选。")
blocks.require_reports(current)


def pick_metrics() -> tuple[list[str], list[str]]:
    """The metrics chosen, section by section as the report groups them, and the applicant columns."""
    chosen: list[str] = []
    with st.container(border=True):
        st.markdown("**指标**")
        sections = views.section_metrics()
        columns = st.columns(2)
        for i, (title, ids) in enumerate(sections.items()):
            chosen += columns[i % 2].multiselect(title, ids, default=DEFAULTS.get(title, []), key=f"m{i + 1}",
                                                 format_func=views.picker_label, bind="query-params",
                                                 select_all=False, placeholder="选择指标")
        chosen += columns[0].multiselect("派生指标（比率及其件数）", list(views.INDICATORS), format_func=views.option_label,
                                         key="md", bind="query-params", select_all=False,
                                         placeholder="实质公开率、复议纠错率、诉讼纠错率")
        applicants = columns[1].multiselect("申请人类型（用于第三部分指标）", list(APPLICANT_LABELS), default=["total"],
                                            format_func=APPLICANT_LABELS.get, key="appl", bind="query-params",
                                            select_all=False)
    return chosen, applicants or ["total"]


def pick_conditions(columns: list[str]) -> list[views.Condition]:
    """Up to CONDITIONS numeric filters on the table's columns (e.g. 行政处罚·处理决定数量 > 50)."""
    conditions = []
    with st.expander("数值条件（可选）", icon=":material/filter_alt:"):
        for i in range(CONDITIONS):
            left, middle, right = st.columns([4, 1, 2])
            column = left.selectbox(f"条件 {i + 1}", [NO_FILTER] + columns, key=f"f{i}c", bind="query-params")
            operator = middle.selectbox("比较", list(views.OPERATORS), key=f"f{i}o", bind="query-params")
            value = right.number_input("数值", value=0.0, key=f"f{i}v", bind="query-params", format="%g")
            if column != NO_FILTER:
                conditions.append(views.Condition(column, operator, value))
        st.caption("比率按小数填写（如 0.5 表示 50%）。某行该指标未报告时，不满足任何条件。")
    return conditions


def comparability_notes(metric_ids: list[str]) -> None:
    notes = [views.comparability(m) for m in metric_ids if m not in views.INDICATORS and not views.comparable(m)]
    for note in notes:
        st.caption("⚠ " + note)


def show(result) -> None:
    """The table, its CSV and a chart per metric — or why there is nothing to show."""
    st.subheader(f"报表（{len(result)} 行）")
    if result.empty:
        st.info("没有满足数值条件的报告。请放宽或取消上面的数值条件。")
        return
    # on screen the numbers come right after body and year, the file last; the county (one for the whole
    # folder, and not named by many reports) is left to the CSV
    order = [c for c in result.columns if c not in (views.COL_COUNTY, views.COL_SOURCE)] + [views.COL_SOURCE]
    page = blocks.paged_table(result, key="builder_table",
                              height=blocks.fitted_height(min(len(result), views.PAGE_ROWS), 520), column_order=order).rows
    blocks.csv_button(result, "下载报表（CSV）", "自定义报表", key="builder_table_csv")
    shown = [c for c in views.value_columns(result) if "·分子" not in c and "·分母" not in c]
    # the chart draws the table's page: thousands of bodies side by side would be neither legible nor quick
    long = views.long_table(page, shown)
    if len(page) < len(result):
        st.caption(f"图表只画表格当前页的 {len(page)} 行（共 {len(result):,} 行）；翻页可看其余各行。")
    if long[views.COL_VALUE].notna().sum() == 0:
        st.info(blocks.NO_DATA)
        return
    blocks.chart(figures.metric_facets(long, "自定义报表"), long, "自定义报表_图表数据", key="builder_facets")
    st.caption("每个指标一张小图，纵轴各自独立；空缺表示未报告。比率图只作概览：分母很小的比率请看表中件数。")


metric_ids, applicants = pick_metrics()
if not metric_ids:
    st.info("请至少选择一个指标。")
    st.stop()
comparability_notes(metric_ids)
wanted = [m for m in metric_ids if m not in views.INDICATORS] + views.indicator_metrics(
    [m for m in metric_ids if m in views.INDICATORS])
unfiltered = views.build_table(current.facts(wanted), current.reports, metric_ids, applicants)
show(views.apply_conditions(unfiltered, pick_conditions(views.value_columns(unfiltered))))
blocks.page_downloads(current, "自定义报表")
