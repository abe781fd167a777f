"""Figure and download builders of the pages, tested directly (AppTest cannot read a plotly figure or a download).

A chart's CSV is the frame it draws; a page's CSVs are the selection's tidy and wide tables. Both open
in Excel (BOM), never run a formula, keep numbers as numbers and leave missing values empty.
"""
from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest

from loaders import views
from loaders.catalog import metrics
from loaders.export import number_text
from pages.ui import downloads, figures
from tests.test_views import County, put, put_outcomes


@pytest.fixture
def frames():
    c = County()
    for org, year, template, value in [("甲镇", 2020, "2019", 100), ("甲镇", 2021, "2021", 0), ("乙乡", 2021, "2021", 35),
                                       ("乙乡", 2023, "2021", -3)]:
        src = c.report(org, year, template)
        put(c, src, "licensing.decisions", value, line=15)
        put(c, src, "apps.disclosed", 2)
        put(c, src, "apps.partial", 1)
        put(c, src, "apps.outcome_total", 4)
    c.report("丙村", 2022)  # a report with no numbers at all
    hostile = c.report("=HYPERLINK(\"http://x\")", 2021, source="@evil.md")
    put(c, hostile, "licensing.decisions", -5, line=3)
    return c.frames()


def read_csv(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so that Excel reads the Chinese"
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """A frame as its CSV cells read back: numbers as written (whole ones as integers), missing as empty."""
    return pd.read_csv(io.StringIO(df.to_csv(index=False, float_format=number_text)), dtype=str, keep_default_na=False)


def neutralised(value: str) -> str:
    return "'" + value if value[:1] in "=+-@" and not _is_number(value) else value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- CSV


def test_chart_csv_is_exactly_the_frame_the_chart_draws(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    back = read_csv(downloads.chart_csv(values))
    expected = as_text(values).map(neutralised)
    expected.columns = list(values.columns)
    pd.testing.assert_frame_equal(back, expected)


def test_page_csvs_equal_the_filtered_frames(frames):
    chosen = views.select(frames, views.Selection(orgs=("甲镇", "乙乡")))
    tidy = read_csv(downloads.tidy_csv(chosen))
    pd.testing.assert_frame_equal(tidy, as_text(views.tidy_table(chosen.facts)))
    assert set(tidy[views.COL_ORG]) == {"甲镇", "乙乡"}
    wide = read_csv(downloads.wide_csv(chosen))
    pd.testing.assert_frame_equal(wide, as_text(views.wide_table(chosen.facts, chosen.reports)))
    assert len(wide) == 4  # one row per report (body and year)


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(frames):
    wide = read_csv(downloads.wide_csv(frames))
    hostile = wide[wide[views.COL_SOURCE] == "'@evil.md"]
    assert len(hostile) == 1, "a file name starting with @ is neutralised too"
    assert hostile[views.COL_ORG].iloc[0] == "'=HYPERLINK(\"http://x\")"
    assert hostile["行政许可·处理决定数量"].iloc[0] == "-5", "a negative number is a number, not a formula"
    negative = wide[wide[views.COL_ORG] == "乙乡"]["行政许可·处理决定数量"].tolist()
    assert "-3" in negative


def test_missing_values_stay_empty_cells_never_zero(frames):
    wide = read_csv(downloads.wide_csv(frames))
    empty_report = wide[wide[views.COL_ORG] == "丙村"].iloc[0]
    assert empty_report["行政许可·处理决定数量"] == ""
    reported_zero = wide[(wide[views.COL_ORG] == "甲镇") & (wide[views.COL_YEAR] == "2021")].iloc[0]
    assert reported_zero["行政许可·处理决定数量"] == "0"
    grid = views.complete_years(views.metric_values(frames.facts, ["licensing.decisions"]), ["甲镇"], [2020, 2021, 2022])
    back = read_csv(downloads.chart_csv(grid))
    assert back[views.COL_VALUE].tolist() == ["100", "0", ""]


def test_workbook_holds_both_tables_as_text_not_formulas(frames):
    with zipfile.ZipFile(io.BytesIO(downloads.workbook(frames))) as book:
        names = book.namelist()
        sheets = [book.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
        workbook_xml = book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    assert "明细" in workbook_xml and "宽表" in workbook_xml and len(sheets) == 2
    assert not any("<f>" in sheet for sheet in sheets), "no cell is a formula"
    assert "&apos;=HYPERLINK" in strings or "'=HYPERLINK" in strings


# ---------------------------------------------------------------- figures


def test_grouped_bars_draw_each_value_shown_and_nothing_for_a_gap(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    fig = figures.grouped_bars(values, "行政许可", "件")
    drawn = figures.figure_values(fig)
    assert len(drawn) == len(values)
    assert sorted(zip(drawn["x"], drawn["y"])) == sorted(zip(values[views.COL_ORG], values[views.COL_VALUE]))
    assert [t.name for t in fig.data] == ["2020年", "2021年", "2023年"]
    zero = next(t for t in fig.data if t.name == "2021年")
    assert "0" in list(zero.text), "a reported 0 is labelled so it is not mistaken for a gap"


def test_trend_lines_leave_gaps_for_years_not_reported(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    grid = views.complete_years(values, ["甲镇", "乙乡"], [2020, 2021, 2022, 2023])
    fig = figures.trend_lines(grid, "行政许可", "件")
    line = next(t for t in fig.data if t.name == "乙乡")
    assert list(line.x) == ["2020年", "2021年", "2022年", "2023年"]
    assert pd.isna(line.y[0]) and line.y[1] == 35 and pd.isna(line.y[2]) and line.y[3] == -3
    assert line.connectgaps is False
    assert fig.layout.xaxis.type == "category", "years are categories: no 2,021.5 ticks"


def test_stacked_bars_keep_category_order_and_values(frames):
    parts = views.outcome_breakdown(frames.facts)
    fig = figures.stacked_bars(parts, "办理结果")
    assert [t.name for t in fig.data] == ["予以公开", "部分公开"]
    drawn = figures.figure_values(fig)
    assert drawn["y"].sum() == parts[views.COL_COUNT].sum()
    assert fig.layout.barmode == "stack"


def test_ranking_puts_the_largest_on_top(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    ranked, missing = views.ranking(values, 2021)
    fig = figures.ranking_bars(ranked, "排名")
    assert list(fig.data[0].y)[-1] == ranked[views.COL_ORG].iloc[0]
    assert "甲镇" in set(fig.data[0].y) and missing == []


def test_rate_chart_labels_each_rate_with_its_counts_and_marks_small_ones(frames):
    table = views.indicators(frames.facts, frames.reports)
    by_year = views.indicator_by_year(table, "derived.substantive_rate")
    fig = figures.rate_by_year(by_year, "derived.substantive_rate", "实质公开率")
    labels = list(fig.data[0].text)
    assert labels[0].startswith("75%（3/4）") and labels[0].endswith("样本少")
    assert fig.layout.yaxis.tickformat == ".0%"


def test_rate_ranking_labels_each_rate_with_its_counts_highest_on_top():
    c = County()
    for org, disclosed, total in [("甲镇", 30, 40), ("乙乡", 9, 10)]:
        put_outcomes(c, c.report(org, 2021), disclosed, total)
    frames = c.frames()
    ranked, _ = views.rate_ranking(views.indicators(frames.facts, frames.reports), "derived.substantive_rate", 2021)
    fig = figures.rate_ranking_bars(ranked, "derived.substantive_rate", "排名")
    assert list(fig.data[0].y) == ["甲镇", "乙乡"], "plotly lists bars bottom up: 乙乡 (90%) on top"
    assert list(fig.data[0].text) == ["75%（30/40）", "90%（9/10）"]
    assert fig.layout.xaxis.tickformat == ".0%" and max(fig.layout.xaxis.tickvals) == 1


def test_grouped_bars_name_the_year_even_when_there_is_one(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    fig = figures.grouped_bars(values[values[views.COL_YEAR] == 2021], "x")
    assert fig.layout.showlegend and [t.name for t in fig.data] == ["2021年"]


def test_change_bars_only_for_bodies_with_both_years(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    changes = views.change_from_previous_year(values)
    fig = figures.change_bars(changes[changes[views.COL_YEAR] == 2021], "增减")
    assert list(fig.data[0].x) == ["甲镇"] and list(fig.data[0].y) == [-100]


def test_metric_facets_draw_one_panel_per_metric(frames):
    table = views.build_table(frames.facts, frames.reports, ["licensing.decisions", "apps.outcome_total"])
    long = views.long_table(table, ["行政许可·处理决定数量", "办理结果总计"])
    fig = figures.metric_facets(long, "自定义报表")
    assert [a.text for a in fig.layout.annotations] == ["行政许可·处理决定数量", "办理结果总计"]
    assert figures.figure_values(fig)["y"].notna().sum() == long[views.COL_VALUE].notna().sum()


def test_no_figure_shows_a_raw_metric_id(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    figs = [figures.grouped_bars(values, "行政许可·处理决定数量"),
            figures.trend_lines(views.complete_years(values, ["甲镇"], [2020, 2021]), "行政许可·处理决定数量"),
            figures.stacked_bars(views.outcome_breakdown(frames.facts), "办理结果")]
    ids = set(metrics())
    for fig in figs:
        text = fig.to_json()
        assert not any(f'"{i}"' in text for i in ids)
        assert "Noto Sans CJK SC" in fig.layout.font.family


def test_names_from_reports_cannot_become_markup_in_a_chart():
    c = County()
    src = c.report('<a href="https://evil.example">点我</a>镇', 2021)
    put(c, src, "licensing.decisions", 3)
    values = views.metric_values(c.frames().facts, ["licensing.decisions"])
    for fig in (figures.grouped_bars(values, "x"), figures.trend_lines(values, "x"),
                figures.ranking_bars(views.ranking(values, 2021)[0], "x")):
        text = json.dumps(fig.to_plotly_json(), ensure_ascii=False, default=str)
        assert "<a" not in text and "＜a href" in text


def test_plain_makes_markdown_inert():
    from pages.ui.safe import plain

    assert plain("[点我](http://x) **粗**") == r"\[点我\]\(http\:\/\/x\) \*\*粗\*\*".replace(r"\/", "/")


def test_value_grid_shows_each_value_in_its_cell_and_leaves_gaps_blank(frames):
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    fig = figures.value_grid(values, "行政许可", "件")
    heat = fig.data[0]
    assert list(heat.x) == ["2020年", "2021年", "2023年"]
    cells = {(org, year): v for org, row in zip(heat.y, heat.z) for year, v in zip(heat.x, row)}
    labels = {(org, year): t for org, row in zip(heat.y, heat.text) for year, t in zip(heat.x, row)}
    assert cells[("甲镇", "2020年")] == 100 and cells[("甲镇", "2021年")] == 0
    assert labels[("甲镇", "2020年")] == "100" and labels[("甲镇", "2021年")] == "0"
    # not reported: a gap (NaN, which plotly leaves blank) with no label, never a 0
    assert pd.isna(cells[("甲镇", "2023年")]) and labels[("甲镇", "2023年")] == ""
    shown = sum(not pd.isna(v) for v in cells.values())
    assert shown == values[views.COL_VALUE].notna().sum()


def test_yearly_totals_say_how_many_bodies_each_sum_covers(frames):
    totals = views.yearly_totals(views.metric_values(frames.facts, ["licensing.decisions"]))
    fig = figures.yearly_total_bars(totals, "合计")
    assert list(fig.data[0].y) == list(totals["合计"])
    assert all("个单位" in t for t in fig.data[0].text)


def _one_metric(rows: list[tuple[str, int, float | None]]) -> pd.DataFrame:
    """A metric's values frame (views.metric_values' columns) from (body, year, value) rows; None: not reported."""
    return pd.DataFrame({views.COL_ORG: [r[0] for r in rows], views.COL_YEAR: [r[1] for r in rows],
                         views.COL_METRIC: "行政处罚·处理决定数量", views.COL_VALUE: [r[2] for r in rows],
                         views.COL_SOURCE: [f"{r[0]}-{r[1]}.md" for r in rows], views.COL_LINE: 15})


def _texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_a_body_whose_bars_are_all_zero_is_labelled_zero_once_and_a_gap_not_at_all():
    values = _one_metric([("甲镇", y, 0.0) for y in (2021, 2022, 2023)] + [("乙乡", 2021, 4.0), ("乙乡", 2022, 0.0),
                                                                         ("乙乡", 2023, None)])
    fig = figures.grouped_bars(values, "t")
    labels = {(t.name, x): text for t in fig.data for x, text in zip(t.x, t.text)}
    assert [labels[(f"{y}年", "甲镇")] for y in (2021, 2022, 2023)] == ["", "", ""]  # no run of "000"
    assert [(a.x, a.text) for a in fig.layout.annotations] == [("甲镇", "0")]
    assert labels[("2022年", "乙乡")] == "0" and labels[("2021年", "乙乡")] == "4"
    assert ("2023年", "乙乡") not in labels  # not reported: no bar, no label
    assert figures.ALL_ZERO not in _texts(fig)


def test_a_chart_whose_values_are_all_zero_says_so_and_one_with_gaps_only_does_not():
    zeros = _one_metric([("甲镇", 2021, 0.0), ("乙乡", 2021, 0.0), ("乙乡", 2022, None)])
    assert figures.ALL_ZERO in _texts(figures.grouped_bars(zeros, "t"))
    assert figures.ALL_ZERO in _texts(figures.trend_lines(zeros, "t"))
    gaps = _one_metric([("甲镇", 2021, None)])
    assert figures.ALL_ZERO not in _texts(figures.grouped_bars(gaps, "t"))


def test_a_correction_rate_of_zero_every_year_says_so():
    ind = views.INDICATORS["derived.review_correction_rate"]
    by_year = pd.DataFrame({views.COL_YEAR: [2021, 2022], ind.label: [0.0, 0.0],
                            views.numerator_column(ind): [0, 0], views.denominator_column(ind): [6, 8]})
    assert figures.ALL_ZERO in _texts(figures.rate_by_year(by_year, "derived.review_correction_rate", "t"))


def test_the_custom_report_panels_label_zeros_and_an_all_zero_panel_says_so():
    long = pd.concat([_one_metric([("甲镇", 2021, 0.0), ("乙乡", 2021, 7.0)]),
                      _one_metric([("甲镇", 2021, 0.0), ("乙乡", 2021, 0.0)]).assign(**{views.COL_METRIC: "本年新收申请"})])
    fig = figures.metric_facets(long, "t")
    first = {x: text for t in fig.data if t.xaxis == "x" for x, text in zip(t.x, t.text)}
    assert first == {"甲镇": "0", "乙乡": ""}  # the zero is labelled; other values are read on hover
    assert [a.yref for a in fig.layout.annotations if a.text == figures.ALL_ZERO] == ["y2 domain"]


def test_a_single_body_trend_line_carries_its_values():
    one = _one_metric([("甲镇", 2021, 12.0), ("甲镇", 2022, None), ("甲镇", 2023, 1500.0)])
    assert list(figures.trend_lines(one, "t").data[0].text) == ["12", "", "1,500"]
    two = pd.concat([one, _one_metric([("乙乡", 2021, 3.0)])])
    assert all(t.mode == "lines+markers" for t in figures.trend_lines(two, "t").data)
