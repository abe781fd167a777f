"""Province → county → body under AppTest: a generated folder of 140 bodies in three counties (roster.csv).

Past views.MAX_BODY_ROWS bodies the metric pages draw a row per county, a county picked in the sidebar (or
named in the link) shows that county's bodies, and long lists are shown a page at a time.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from test_pages import frame, run

import loaders
from loaders import views
from loaders.samples import generate
from pages.ui import data, drill

BODIES = 140  # townships of one generated county (beyond 140 the generator makes departments named with their county)
YEARS = [2022, 2023]
SMALL = "丁县"  # 30 bodies: few enough for one body × year grid
COUNTIES = ("甲县", "乙县")  # 55 bodies each


def county_of_body(i: int) -> str:
    return SMALL if i < 30 else COUNTIES[i % 2]


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """140 generated townships over two years, placed in three counties by roster.csv (the reports name none)."""
    folder = tmp_path_factory.mktemp("province")
    generate(folder, orgs=BODIES, years=YEARS, seed=7, style={"county_in_title": False})
    frames = loaders.load([folder])
    orgs = sorted(frames.reports["org"].unique())
    assert len(orgs) == BODIES
    roster = ["org,county,level,deadline"] + [f"{org},{county_of_body(i)},乡镇,01-31" for i, org in enumerate(orgs)]
    (folder / "roster.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    counties = {org: county_of_body(i) for i, org in enumerate(orgs)}
    return folder, frames, counties


@pytest.fixture
def shown(province, monkeypatch):
    folder, frames, counties = province
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    st.cache_data.clear()
    st.cache_resource.clear()
    data.forget_listing()
    yield frames, counties
    st.cache_data.clear()
    st.cache_resource.clear()


def chart_table(at, column: str) -> pd.DataFrame:
    """The first chart data table (查看图表数据) with this column."""
    for d in at.dataframe:
        if column in d.value.columns:
            return d.value
    raise AssertionError(f"no table with {column}: {[list(d.value.columns) for d in at.dataframe]}")


def test_past_fifty_bodies_the_metric_page_shows_a_row_per_county_summing_what_reports_show(shown):
    frames, counties = shown
    at = run("pages/proactive.py")
    assert not at.exception, [e.value for e in at.exception]
    totals = chart_table(at, "所含报告")
    assert list(dict.fromkeys(totals[views.COL_COUNTY])) == ["丁县", "乙县", "甲县"]
    items = frames.facts[frames.facts["metric"] == "proactive.items_total"]
    expected = items.assign(c=items["org"].map(counties)).groupby(["c", "year"])["value"].agg(["sum", "count"])
    for row in totals.itertuples(index=False):
        county, year, total, holds = row[0], int(row[1]), row[2], row[5]
        assert total == expected.loc[(county, year), "sum"]
        bodies = 30 if county == SMALL else 55
        assert holds == f"{expected.loc[(county, year), 'count']}/{bodies} 份报告"
    assert [s.key for s in at.selectbox if s.key == "county"], "the sidebar offers a county pick"


def test_past_fifty_bodies_a_breakdown_is_summed_per_county_and_a_county_picked_shows_its_bodies(shown):
    frames, counties = shown
    at = run("pages/applications.py")
    assert not at.exception, [e.value for e in at.exception]
    year = at.selectbox(key="apps_year").value
    by_county = next(d.value for d in at.dataframe if {views.COL_CATEGORY, "含报告份数"} <= set(d.value.columns))
    parts = views.outcome_breakdown(frames.facts[frames.facts["year"] == year])
    expected = parts.assign(c=parts[views.COL_ORG].map(counties)).groupby(["c", views.COL_CATEGORY])[views.COL_COUNT]
    assert list(dict.fromkeys(by_county[views.COL_COUNTY])) == ["丁县", "乙县", "甲县"]
    assert list(dict.fromkeys(by_county[views.COL_CATEGORY]))[:2] == ["予以公开", "部分公开"]
    for county, category, total, n in by_county.itertuples(index=False):
        assert (total, n) == (expected.sum().loc[(county, category)], expected.count().loc[(county, category)])
    at.selectbox(key="county").select(SMALL).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = chart_table(at, views.COL_CATEGORY)  # a bar per body of 丁县 (its table a page at a time)
    assert set(bodies[views.COL_ORG]) <= {org for org, c in counties.items() if c == SMALL}
    assert views.COL_ORG in bodies and not any({views.COL_CATEGORY, "含报告份数"} <= set(d.value.columns)
                                               for d in at.dataframe)


def test_a_county_picked_shows_that_countys_bodies(shown):
    frames, counties = shown
    at = run("pages/proactive.py")
    at.selectbox(key="county").select(SMALL).run()
    assert not at.exception, [e.value for e in at.exception]
    values = chart_table(at, views.COL_VALUE)  # the grid's data, body by body: 30 bodies × 2 years, a page of 50
    assert set(values[views.COL_ORG]) <= {org for org, c in counties.items() if c == SMALL}
    assert len(values) == views.PAGE_ROWS and any("共 60 行" in c.value for c in at.caption)
    assert not any("所含报告" in d.value.columns for d in at.dataframe)


def test_a_link_naming_a_county_of_many_bodies_shows_its_bodies_a_page_at_a_time(shown):
    frames, counties = shown
    at = run("pages/licensing.py", county="甲县")
    assert not at.exception, [e.value for e in at.exception]
    pages = at.selectbox(key="decisions_bodies_page")  # 55 bodies: two pages of 50
    assert pages.options == ["第 1 / 2 页", "第 2 / 2 页"]
    pages.select(2).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("共 55 个单位" in c.value for c in at.caption)


def test_the_overview_sums_per_county_and_lists_reports_a_page_at_a_time(shown):
    frames, counties = shown
    at = run()
    assert not at.exception, [e.value for e in at.exception]
    by_county = chart_table(at, "单位数")
    assert by_county["单位数"].tolist() == [30, 55, 55]
    reported = frames.reports.assign(c=frames.reports["org"].map(counties)).groupby(["c", "year"])["org"].nunique()
    assert by_county.loc[by_county[views.COL_COUNTY] == "甲县", "2023年"].item() == f"{reported[('甲县', 2023)]}/55"
    pager = at.selectbox(key="report_list_page")
    assert pager.value == 1 and pager.options[0] == f"第 1 / {views.page_count(2 * BODIES)} 页"
    assert len(frame(at, "report_list")) == views.PAGE_ROWS


def test_a_county_picked_on_the_overview_shows_its_coverage_grid(shown):
    frames, counties = shown
    at = run(county=SMALL)
    assert not at.exception, [e.value for e in at.exception]
    grid = frame(at, "coverage_grid")
    assert sorted(grid[views.COL_ORG]) == sorted(org for org, c in counties.items() if c == SMALL)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/proactive.py", "pages/licensing.py",
                                  "pages/applications.py", "pages/appeals.py", "pages/quality.py", "pages/builder.py",
                                  "pages/review.py"])
def test_every_page_renders_on_four_counties_with_and_without_a_county_picked(shown, page):
    for link in ({}, {"county": "乙县"}):
        at = run(page, **link)
        assert not at.exception, (link, [e.value for e in at.exception])


def test_a_link_naming_a_county_the_view_lacks_says_so_and_shows_every_county(shown):
    at = run("pages/proactive.py", county="戊县")
    assert not at.exception, [e.value for e in at.exception]
    assert any("戊县" in w.value and "已忽略" in w.value for w in at.warning)
    assert at.selectbox(key="county").value == "全部县（市、区）"
    assert "所含报告" in chart_table(at, "所含报告").columns


def test_the_facts_a_page_draws_and_downloads_are_the_picked_countys(shown):
    frames, counties = shown
    at = run("pages/proactive.py", county=SMALL)
    assert not at.exception, [e.value for e in at.exception]
    view, pick = at.session_state["_nianbao_county_pick"]
    assert pick == views.CountyPick(SMALL)
    small = {org for org, c in counties.items() if c == SMALL}
    drawn = views.in_county(view.facts(["proactive.items_total"]), counties, pick, org_column="org")
    assert set(drawn["org"]) == small and len(drawn) == 2 * len(small)  # one value a report, two years
    # what drill.frames gives the downloads: the selection's facts narrowed to the county's bodies, in SQL
    kept = views.narrowed(view.frames, views.Selection(orgs=tuple(sorted(small)))).whole()
    assert len(kept) == frames.facts["org"].map(counties).eq(SMALL).sum() and set(kept["org"]) == small

def _report_picker(at):
    return next(s for s in at.selectbox if s.label == "选择报告")


def test_past_the_listed_reports_the_report_page_picks_a_body_then_one_of_its_reports(shown, monkeypatch):
    frames, _ = shown
    monkeypatch.setattr(drill, "MAX_LISTED_REPORTS", 100)  # 280 reports in view
    at = run("pages/report.py")
    assert not at.exception, [e.value for e in at.exception]
    bodies = at.selectbox(key="report_body")
    assert len(bodies.options) == BODIES and bodies.value == sorted(frames.reports["org"].unique())[0]

    def own(body: str) -> list[str]:  # as the app names them: relative to its folder
        return sorted(Path(s).name for s in frames.reports.loc[frames.reports["org"] == body, "source"])

    assert len(_report_picker(at).options) == len(YEARS) and at.query_params["report"] in own(bodies.value)
    other = bodies.options[7]
    at = bodies.select(other).run()
    assert at.query_params["report"] == own(other)[0] and len(_report_picker(at).options) == len(YEARS)
    linked = own(bodies.options[20])[1]  # a click on another page (or a link) asks for a report of a third body
    at.query_params["report"] = linked
    at = at.run()
    assert at.selectbox(key="report_body").value == bodies.options[20] and at.query_params["report"] == linked
    assert _report_picker(at).value == linked
    at = at.multiselect(key="year").select(f"{YEARS[0]}年").run()  # its year filtered out: still shown, first
    assert at.query_params["report"] == linked and _report_picker(at).options[0].startswith(bodies.options[20])
    monkeypatch.setattr(drill, "MAX_LISTED_REPORTS", 1000)
    at = run("pages/report.py")
    assert not [s for s in at.selectbox if s.key == "report_body"] and len(_report_picker(at).options) == 2 * BODIES
