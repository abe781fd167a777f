"""loaders.views.drill: county rows past MAX_BODY_ROWS bodies, county totals that never count a gap as 0, pages."""
from __future__ import annotations

import pandas as pd
import pytest
from test_views import County, put

from loaders import views

COUNTIES = {"甲镇": "东县", "乙乡": "东县", "丙镇": "西县"}


@pytest.fixture
def three_bodies() -> County:
    """Two counties: 东县 (甲镇 reports 100 and 120, 乙乡 reports 2021 without the number) and 西县 (丙镇, 2021: 5)."""
    c = County()
    put(c, c.report("甲镇", 2020, template="2019"), "licensing.decisions", 100, line=15)
    put(c, c.report("甲镇", 2021), "licensing.decisions", 120, line=15)
    put(c, c.report("乙乡", 2021), "apps.outcome_total", 3)  # no licensing.decisions in this report
    put(c, c.report("丙镇", 2021), "licensing.decisions", 5, line=9)
    c.report("丙镇", 2022)  # a report with no numbers at all
    return c


def test_county_totals_sum_what_reports_show_and_say_how_many_reports_each_sum_holds(three_bodies):
    frames = three_bodies.frames()
    table = views.narrowed(frames, metrics=["licensing.decisions"], applicants=views.TOTALS)
    totals = views.county_totals(table, frames.reports, COUNTIES, "licensing.decisions")
    assert totals[[views.COL_COUNTY, views.COL_YEAR, "所含报告"]].values.tolist() == [
        ["东县", 2020, "1/1 份报告"],
        ["东县", 2021, "1/2 份报告"],  # 乙乡 did not report it: left out of the sum, not a 0
        ["西县", 2021, "1/1 份报告"],
        ["西县", 2022, "0/1 份报告"],
    ]
    assert totals["合计"].tolist()[:3] == [100.0, 120.0, 5.0]
    assert pd.isna(totals["合计"].iloc[3])  # no report shows it: no total, never 0
    assert totals["含报告份数"].tolist() == [1, 1, 1, 0] and totals["报告份数"].tolist() == [1, 2, 1, 1]


def test_county_totals_count_only_reports_on_a_template_that_has_the_metric(three_bodies):
    put(three_bodies, three_bodies.report("乙乡", 2020, template="2019"), "normative.new_made", 4)
    frames = three_bodies.frames()
    table = views.narrowed(frames, metrics=["normative.new_made"], applicants=views.TOTALS)  # a 2019-form metric
    totals = views.county_totals(table, frames.reports, COUNTIES, "normative.new_made")
    # only 2020's two 2019-form reports of 东县 could show it; 2021's 2021-form reports are not "missing" it
    assert totals[[views.COL_COUNTY, views.COL_YEAR, "所含报告"]].values.tolist() == [["东县", 2020, "1/2 份报告"]]
    assert totals["合计"].tolist() == [4.0]


def test_a_body_no_report_or_roster_places_is_counted_under_its_own_heading_last(three_bodies):
    frames = three_bodies.frames()
    table = views.narrowed(frames, metrics=["licensing.decisions"], applicants=views.TOTALS)
    totals = views.county_totals(table, frames.reports, {"丙镇": "西县"}, "licensing.decisions")
    assert list(dict.fromkeys(totals[views.COL_COUNTY])) == ["西县", views.NO_COUNTY]
    assert views.county_choices({"丙镇": "西县"}, ["甲镇", "丙镇"]) == ["西县", views.NO_COUNTY]


def test_rows_are_counties_past_the_body_limit_from_several_counties_and_no_county_picked():
    many = [f"单位{i:03d}" for i in range(views.MAX_BODY_ROWS + 1)]
    two = {org: ("东县" if i % 2 else "西县") for i, org in enumerate(many)}
    assert views.rows_are_counties(many, two)
    assert not views.rows_are_counties(many[:views.MAX_BODY_ROWS], two)  # a county's bodies fit: as today
    assert not views.rows_are_counties(many, {org: "东县" for org in many})  # one county: its bodies, paged
    assert not views.rows_are_counties(many, two, views.CountyPick("东县"))


def test_in_county_keeps_the_picked_countys_bodies_in_views_and_loaders_frames(three_bodies):
    frames = three_bodies.frames()
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    east = views.in_county(values, COUNTIES, views.CountyPick("东县"))
    assert east[[views.COL_ORG, views.COL_YEAR, views.COL_VALUE]].values.tolist() == [["甲镇", 2020, 100.0],
                                                                                       ["甲镇", 2021, 120.0]]
    west = views.in_county(frames.facts, COUNTIES, views.CountyPick("西县"), org_column="org")
    assert set(west["org"]) == {"丙镇"} and west["value"].tolist() == [5.0]
    assert views.in_county(values, COUNTIES, views.CountyPick()) is values


def test_pages_split_a_long_table_and_the_last_page_holds_the_rest():
    rows = pd.DataFrame({"n": range(120)})
    assert views.page_count(120) == 3 and views.page_count(0) == 1 and views.page_count(50) == 1
    assert views.page_of(rows, 1)["n"].tolist() == list(range(50))
    assert views.page_of(rows, 3)["n"].tolist() == list(range(100, 120))
    assert views.page_of(rows, 9)["n"].tolist() == list(range(100, 120))  # a page past the end: the last
    assert views.page_of(rows, 2).index.tolist() == list(range(50))  # a selected row's position is the page's


def test_a_page_of_bodies_runs_county_by_county():
    counties = {"乙镇": "东县", "甲镇": "西县", "丙镇": "东县", "丁镇": ""}
    assert views.bodies_page(counties, counties, 1, per_page=3) == ["丙镇", "乙镇", "甲镇"]
    assert views.bodies_page(counties, counties, 2, per_page=3) == ["丁镇"]


def test_the_county_grid_shows_each_countys_total_with_its_reports_and_leaves_gaps_blank(three_bodies):
    from pages.ui import figures

    frames = three_bodies.frames()
    table = views.narrowed(frames, metrics=["licensing.decisions"], applicants=views.TOTALS)
    heat = figures.county_grid(views.county_totals(table, frames.reports, COUNTIES, "licensing.decisions"),
                               "行政许可", "件").data[0]
    assert list(heat.y) == ["东县", "西县"] and list(heat.x) == ["2020年", "2021年", "2022年"]
    assert heat.z[0][:2].tolist() == [100.0, 120.0] and heat.z[1][1] == 5.0
    assert heat.text[0][1] == "120<br>(1/2)" and heat.customdata[0][1] == "1/2 份报告"
    assert pd.isna(heat.z[1][2]) and heat.text[1][2] == ""  # 西县 2022: a report without the number, no 0
    assert pd.isna(heat.z[1][0]) and heat.customdata[1][0] == "没有报告"


def test_a_body_grid_of_several_counties_groups_its_rows_county_by_county(three_bodies):
    from pages.ui import figures

    frames = three_bodies.frames()
    values = views.metric_values(frames.facts, ["licensing.decisions"])
    heat = figures.value_grid(values, "行政许可", "件", {"甲镇": "西县", "丙镇": "东县"}).data[0]
    assert [list(level) for level in heat.y] == [["东县", "西县"], ["丙镇", "甲镇"]]
    assert heat.z[1].tolist() == [100.0, 120.0]  # 甲镇's row moved with its name
    one_county = figures.value_grid(values, "行政许可", "件", {"甲镇": "西县", "丙镇": "西县"})
    assert list(one_county.data[0].y) == ["丙镇", "甲镇"] and one_county.layout.yaxis.type == "category"  # as today


def test_parts_by_county_sum_each_category_over_the_countys_reports_leaving_unreported_parts_missing():
    c = County()
    for org, upheld, corrected in [("甲镇", 2, None), ("乙乡", 1, None), ("丙镇", 4, 1)]:
        source = c.report(org, 2021)
        put(c, source, "review.upheld", upheld)
        if corrected is not None:
            put(c, source, "review.corrected", corrected)
    frames = c.frames()
    parts = views.county_parts(frames.fact_table, views.appeal_breakdown("review"), frames.reports, COUNTIES)
    assert parts[[views.COL_COUNTY, views.COL_CATEGORY, views.COL_COUNT, "含报告份数"]].values.tolist() == [
        ["东县", "结果维持", 3.0, 2], ["西县", "结果维持", 4.0, 1], ["西县", "结果纠正", 1.0, 1]]


@pytest.mark.parametrize("breakdown", [views.OUTCOMES, views.APPLICANT_TYPES, views.appeal_breakdown("lit_direct")],
                         ids=["outcomes", "applicants", "litigation"])
def test_county_parts_in_sql_are_the_reports_parts_summed_per_county(tmp_path, breakdown):
    from loaders import load
    from loaders.samples import generate

    generate(tmp_path, orgs=9, years=range(2020, 2024), seed=4, fault_rate=0.3)
    frames = load([tmp_path], cache=False)
    bodies = sorted(views.org_names(frames.reports["org"]).unique())
    counties = {org: ("东县", "西县", "")[i % 3] for i, org in enumerate(bodies)}  # "": a body no report places
    per_report = breakdown.per_report(frames.facts)
    per_report[views.COL_COUNTY] = views.county_of(counties, per_report[views.COL_ORG])
    grouped = per_report.groupby([views.COL_COUNTY, views.COL_CATEGORY])[views.COL_COUNT]
    def gap_as_none(total):
        return None if pd.isna(total) else total

    expected = {key: (gap_as_none(total), n) for (key, total), n in zip(grouped.sum(min_count=1).items(), grouped.count())}
    parts = views.county_parts(frames.fact_table, breakdown, frames.reports, counties)
    assert {(county, category): (gap_as_none(total), n) for county, category, total, n in parts.values.tolist()} \
        == expected
    assert set(parts[views.COL_COUNTY]) == {"东县", "西县", views.NO_COUNTY}
    assert list(dict.fromkeys(parts[views.COL_CATEGORY])) == [c for c in breakdown.categories
                                                             if c in set(parts[views.COL_CATEGORY])]


def test_coverage_by_county_says_how_many_of_each_countys_bodies_reported_each_year(three_bodies):
    frames = three_bodies.frames()
    cov = views.coverage(frames.reports, frames.checks, [2020, 2021, 2022], roster_counties=COUNTIES)
    cov[views.COL_COUNTY] = [COUNTIES[org] for org in cov[views.COL_ORG]]  # the hand-made reports all say 某县
    table = views.coverage_by_county(cov)
    assert table.values.tolist() == [["东县", 2, "1/2", "2/2", "0/2"], ["西县", 1, "0/1", "1/1", "1/1"]]
    assert list(table.columns) == [views.COL_COUNTY, "单位数", "2020年", "2021年", "2022年"]


def test_coverage_by_county_lists_the_bodies_no_county_places_last(three_bodies):
    frames = three_bodies.frames()
    cov = views.coverage(frames.reports, frames.checks, [2021, 2022])
    cov[views.COL_COUNTY] = ["西县" if COUNTIES[org] == "西县" else "" for org in cov[views.COL_ORG]]
    table = views.coverage_by_county(cov)
    assert table.values.tolist() == [["西县", 1, "1/1", "1/1"], [views.NO_COUNTY, 2, "2/2", "0/2"]]


@pytest.mark.parametrize("metric_id", ["licensing.decisions", "apps.new_received", "normative.new_made"])
def test_county_totals_per_year_are_the_yearly_totals_of_the_bodies_values(tmp_path, metric_id):
    from loaders import load
    from loaders.samples import generate

    generate(tmp_path, orgs=9, years=range(2019, 2024), seed=11, fault_rate=0.3, missing_rate=0.2)
    frames = load([tmp_path], cache=False)
    bodies = sorted(views.org_names(frames.reports["org"]).unique())
    counties = {org: ("东县", "西县")[i % 2] for i, org in enumerate(bodies)}
    table = views.narrowed(frames, metrics=[metric_id], applicants=views.TOTALS)
    from_counties = views.yearly_sums(views.county_totals(table, frames.reports, counties, metric_id))
    from_values = views.yearly_totals(views.metric_values(frames.facts, [metric_id]))
    assert len(from_values) > 0
    assert from_counties.values.tolist() == from_values.values.tolist()
