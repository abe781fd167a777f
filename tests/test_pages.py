"""Every page under streamlit.testing.v1.AppTest: renders on the bundled data, follows the filters and the URL,
and answers a bad link with a message."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import loaders
from loaders import views
from pages.ui import cells, data, listing, sources

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"pages/overview.py": "总览", "pages/proactive.py": "主动公开", "pages/licensing.py": "许可与处罚",
         "pages/applications.py": "依申请公开", "pages/appeals.py": "复议与诉讼", "pages/quality.py": "数据质量",
         "pages/report.py": "报告", "pages/review.py": "审核与通报", "pages/builder.py": "自定义报表",
         "pages/upload.py": "上传报告"}
SEED = ROOT / "data" / "jianchi-2021.md"


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    st.cache_resource.clear()
    data.forget_listing()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def bundled(monkeypatch) -> Path:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return data.SAMPLE_FOLDER


@pytest.fixture
def county(monkeypatch, tmp_path) -> Path:
    """The bundled data when it has several bodies and years; else a few copies of the seed (seed_county)."""
    frames = loaders.load([data.SAMPLE_FOLDER])
    if frames.reports["org"].nunique() >= 3 and frames.reports["year"].nunique() >= 2:
        monkeypatch.delenv(data.ENV_VAR, raising=False)
        return data.SAMPLE_FOLDER
    return _seed_county(monkeypatch, tmp_path)


@pytest.fixture
def seed_county(monkeypatch, tmp_path) -> Path:
    """A folder of our own (so a test may add files): copies of the seed report under other names and years."""
    return _seed_county(monkeypatch, tmp_path)


def _seed_county(monkeypatch, folder: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for org, year in [("涧池镇", "2021"), ("涧池镇", "2022"), ("白鹤镇", "2022"), ("青山乡", "2023")]:
        (folder / f"{org}-{year}.md").write_text(text.replace("涧池镇", org).replace("2021", year), encoding="utf-8")
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    return folder


def run(page: str = "pages/overview.py", **params) -> AppTest:
    """The app opened on a page, as a link with these query parameters would open it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "pages/overview.py":
        at.switch_page(page)
    return at.run()


def headings(at: AppTest) -> list[str]:
    return [t.value for t in at.title] + [h.value for h in at.header]


def frame(at: AppTest, key: str) -> pd.DataFrame:
    """The frame of the (selectable, hence keyed) dataframe with this key."""
    found = [d for d in at.dataframe if d.key == key]
    assert found, f"no dataframe {key!r}; keys: {[d.key for d in at.dataframe]}"
    return found[0].value


def chart_numbers(at: AppTest, metric: str) -> pd.DataFrame:
    """The numbers under the chart of one metric (the table in the chart's 查看图表数据 expander)."""
    for d in at.dataframe:
        df = d.value
        if views.COL_METRIC in df and len(df) and set(df[views.COL_METRIC]) == {metric}:
            return df
    raise AssertionError(f"no chart table of {metric}")


@pytest.mark.parametrize("page, title", PAGES.items())
def test_every_page_renders_on_the_bundled_data(bundled, page, title):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]
    assert title in headings(at)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/upload.py"])
def test_the_bundled_data_says_it_is_sample_data(bundled, page):
    at = run(page)
    assert any("示例数据" in i.value for i in at.info)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/upload.py"])
def test_every_page_renders_with_several_bodies_and_years(county, page):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]


def test_a_filter_change_changes_the_frame_behind_the_charts(county):
    at = run("pages/proactive.py")
    before = chart_numbers(at, "主动公开政府信息总条数")
    assert before[views.COL_ORG].nunique() >= 2
    chosen = sorted(before[views.COL_ORG].unique())[0]
    at.multiselect(key="town").select(chosen).run()
    after = chart_numbers(at, "主动公开政府信息总条数")
    assert not at.exception
    assert set(after[views.COL_ORG]) == {chosen} and len(after) < len(before)


def test_a_link_sets_the_filters(county):
    orgs = views.options(loaders.load([county])).orgs
    at = run("pages/licensing.py", town=orgs[:2], year=["2022"])
    assert not at.exception and not at.warning
    assert at.multiselect(key="town").value == orgs[:2]
    assert at.multiselect(key="year").value == ["2022年"]  # a plain year in an older link still works
    assert at.query_params["year"] == "2022年"
    assert set(at.session_state["_nianbao_view"].frames.reports["org"]) <= set(orgs[:2])
    assert set(at.session_state["_nianbao_view"].frames.reports["year"]) == {2022}


def test_a_year_filter_narrows_the_view_every_page_draws_from(county):
    at = run()
    last = max(at.session_state["_nianbao_view"].options.years)
    at.multiselect(key="year").select(f"{last}年").run()
    view = at.session_state["_nianbao_view"]
    assert set(view.frames.reports["year"]) == {last}


def test_the_overview_never_filters_the_facts_and_sums_the_same_headline(county):
    at = run()
    last = max(at.session_state["_nianbao_view"].options.years)
    at.multiselect(key="year").select(f"{last}年").run()
    view = at.session_state["_nianbao_view"]
    assert "frames" not in view.__dict__  # the facts of the selection were never asked for
    shown = {m.label: m.value for m in at.metric}
    expected = views.headline(view.frames.reports, view.frames.checks, views.headline_values(view.frames.facts))
    assert shown["报告"] == str(len(view.reports)) + " 份"
    licensing = next(h for h in expected if h.label == "行政许可决定")
    assert shown["行政许可决定"] == (views.MISSING if licensing.value is None else f"{licensing.value:,.10g} 件")


def test_a_rate_is_worked_out_once_per_load_and_a_filter_change_takes_the_rows_of_its_reports(county):
    rate = "derived.review_correction_rate"
    at = run("pages/appeals.py")
    every = at.session_state["_nianbao_view"].loaded.indicators(rate)
    last = max(at.session_state["_nianbao_view"].options.years)
    at.multiselect(key="year").select(f"{last}年").run()
    view = at.session_state["_nianbao_view"]
    assert view.loaded.indicators(rate) is every  # not counted again for the new selection
    shown = views.rows_of_reports(every, view.reports)
    assert set(shown[views.COL_YEAR]) == {last} and len(shown) == len(view.reports) < len(every)
    pd.testing.assert_frame_equal(shown, views.indicators(view.frames.facts, view.frames.reports, [rate]))


def test_the_coverage_grid_is_worked_out_once_per_load_and_a_filter_change_lays_its_years_over_it(county):
    at = run()
    cells = at.session_state["_nianbao_view"].loaded.coverage_cells
    years = sorted(at.session_state["_nianbao_view"].options.years)
    at.multiselect(key="year").select(f"{years[-1]}年").select(f"{years[0]}年").run()
    view = at.session_state["_nianbao_view"]
    assert view.loaded.coverage_cells is cells and view.years == [years[0], years[-1]]
    pd.testing.assert_frame_equal(views.coverage_of(cells, view.years, view.loaded.roster),
                                  views.coverage(view.all.reports, view.all.checks, view.years, view.loaded.roster))


def test_the_report_page_keeps_the_report_it_shows_when_a_filter_change_keeps_it(county):
    at = run("pages/report.py")
    shown = at.query_params["report"]
    kept = at.session_state["_nianbao_view"].loaded.one_report(shown)
    assert len(kept.facts) > 0  # read once, on the first run
    year = int(kept.reports["year"].iloc[0])
    at.multiselect(key="year").select(f"{year}年").run()
    loaded = at.session_state["_nianbao_view"].loaded
    assert at.query_params["report"] == shown and loaded.one_report(shown) is kept  # not asked of DuckDB again
    pd.testing.assert_frame_equal(kept.facts, views.one_report(loaded.frames, shown).facts)


def test_a_load_keeps_the_frames_of_its_last_few_reports_only(county):
    loaded = data.Loaded(loaders.load([county]), [], county, False)
    sources = list(loaded.frames.reports["source"])[:data.REPORTS_KEPT + 1]
    for source in sources:
        loaded.one_report(source)
    assert list(loaded._reports) == sources[1:]  # the first one shown made way for the last


def test_a_filter_change_does_not_read_the_reports_again(county, monkeypatch):
    calls = []
    real = loaders.load
    monkeypatch.setattr(loaders, "load", lambda *a, **k: calls.append(a) or real(*a, **k))
    at = run("pages/licensing.py")
    at.multiselect(key="town").select(at.multiselect(key="town").options[0]).run()
    at.multiselect(key="tpl").select(at.multiselect(key="tpl").options[0]).run()
    assert not at.exception
    assert len(calls) == 1


def test_a_new_file_in_the_folder_is_read_once_the_listing_is_renewed(seed_county):
    at = run()
    n = len(at.session_state["_nianbao_view"].all.reports)
    (seed_county / "新增镇-2024.md").write_text(SEED.read_text(encoding="utf-8").replace("涧池镇", "新增镇"), encoding="utf-8")
    at.run()  # within LISTING_SECONDS the last listing stands: a filter change does not stat every file
    assert len(at.session_state["_nianbao_view"].all.reports) == n
    data.forget_listing()  # what the passing of LISTING_SECONDS (or an upload in the app) does
    at.run()
    assert len(at.session_state["_nianbao_view"].all.reports) == n + 1


def test_an_unknown_township_in_the_url_gives_a_message_not_a_traceback(county):
    at = run("pages/licensing.py", town="不存在镇")
    assert not at.exception
    assert any("不存在镇" in w.value for w in at.warning)
    assert at.multiselect(key="town").value == []


def test_an_unknown_year_and_template_in_the_url_give_messages(county):
    at = run("pages/overview.py", year="1999", tpl="2030")
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "1999" in text and "2030" in text


def test_an_unknown_report_in_the_url_gives_a_message(county):
    at = run("pages/report.py", report="../../etc/passwd")
    assert not at.exception
    assert any("不在已读取的报告中" in w.value for w in at.warning)


def test_a_cell_of_the_coverage_grid_opens_that_report(county):
    at = run()
    grid = frame(at, "coverage_grid")
    column = next(c for c in grid.columns if c.endswith("年") and grid.iloc[0][c] != views.MISSING)
    org, year = grid.iloc[0][views.COL_ORG], int(column.rstrip("年"))
    reports = at.session_state["_nianbao_view"].all.reports
    expected = reports[(reports["org"] == org) & (reports["year"] == year)]["source"].iloc[0]
    at.session_state["coverage_grid"] = {"selection": {"rows": [], "columns": [], "cells": [(0, column)]}}
    at.run()
    assert not at.exception
    assert "报告" in headings(at)
    assert at.query_params["report"] == expected, "the report opened is the cell's, and its file is in the URL"


def test_the_report_page_shows_the_source_line_a_number_leads_to(county):
    at = run("pages/report.py")
    source = at.query_params["report"]
    at.session_state["report_line"] = (source, 3)
    at.run()
    assert not at.exception
    marked = [line for c in at.code for line in c.value.splitlines() if line.startswith(sources.MARK)]
    assert marked and all(line[1:].lstrip().startswith("3 │") for line in marked)
    at.session_state["report_line"] = ("another.md", 3)
    at.run()
    assert not any("▶" in c.value for c in at.code), "a line chosen in another report is not shown here"


def test_numbered_lines_mark_the_line_and_clip_the_range():
    lines = ["一", "二", "三"]
    assert sources.numbered(lines, 0, 9, mark=2) == " 1 │ 一\n▶2 │ 二\n 3 │ 三"


def test_the_reports_folder_comes_from_the_command_line_then_the_environment_then_the_user_data_dir():
    assert data.reports_folder(["--reports", "/tmp/x"], {data.ENV_VAR: "/tmp/y"}) == Path("/tmp/x").resolve()
    assert data.reports_folder([], {data.ENV_VAR: "/tmp/y"}) == Path("/tmp/y").resolve()
    assert data.reports_folder(["-q"], {"NIANBAO_HOME": "/tmp/h"}) == Path("/tmp/h/reports").resolve()
    assert data.is_sample_folder(data.SAMPLE_FOLDER / "sample-county")
    assert not data.is_sample_folder(Path("/tmp"))


def test_the_folder_signature_changes_when_a_file_does(tmp_path):
    (tmp_path / "a.md").write_text("一", encoding="utf-8")
    first = listing.folder_signature(tmp_path)
    (tmp_path / "roster.csv").write_text("org\n甲镇\n", encoding="utf-8")
    assert listing.folder_signature(tmp_path) != first
    second = listing.folder_signature(tmp_path)
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")  # a truth file is not read: no reload
    assert listing.folder_signature(tmp_path) == second


def test_a_missing_folder_is_said_on_the_page(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "nowhere"))
    at = run()
    assert not at.exception
    assert any("找不到报告文件夹" in w.value for w in at.warning)


def test_a_selected_body_whose_reports_are_removed_does_not_break_the_page(seed_county):
    at = run()
    at.multiselect(key="town").select("白鹤镇").run()
    (seed_county / "白鹤镇-2022.md").unlink()
    data.forget_listing()
    at.run()
    assert not at.exception
    assert "白鹤镇" not in at.multiselect(key="town").options


def table_with(at: AppTest, column: str):
    """The (first) dataframe element on the page whose frame has this column."""
    found = [d for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with {column!r}"
    return found[0]


def a_missing_body_year(at: AppTest) -> tuple[str, int]:
    """A body and a year of the data with no report (the first gap of the coverage grid)."""
    view = at.session_state["_nianbao_view"]
    cov = views.coverage(view.all.reports, view.all.checks, view.years, view.loaded.roster)
    org, year = views.missing_reports(cov).iloc[0]
    return org, int(year)


def test_missing_numbers_say_未报告_and_rates_that_cannot_be_computed_say_so(county):
    at = run("pages/builder.py", md="实质公开率")
    assert not at.exception
    element = table_with(at, "实质公开率")
    shown = element.value
    assert element.proto.placeholder == views.MISSING, "Streamlit draws every missing cell with the placeholder"
    rates = set(shown["实质公开率"])
    assert cells.CANNOT_COMPUTE in rates and all(r.endswith("%") for r in rates - {cells.CANNOT_COMPUTE})
    assert shown["实质公开率·样本少"].isin(["是", "否", ""]).all()


def test_gaps_are_written_out_by_what_they_mean():
    df = pd.DataFrame({views.COL_ORG: ["甲镇", None], views.COL_YEAR: pd.array([2021, None], dtype="Int64"),
                       "实质公开率": [0.5, None], views.COL_CHANGE: [3.0, None], "本年新收申请": [4.0, None],
                       views.COL_LINE: pd.array([12, None], dtype="Int64")})
    shown = cells.spelled_gaps(df)
    assert shown.drop(columns="本年新收申请").values.tolist() == [["甲镇", "2021", "50.0%", "3", "12"],
                                                                ["", "不明", "无法计算", "无法计算", ""]]
    assert pd.isna(shown.loc[1, "本年新收申请"]), "a number not reported stays missing: the table says 未报告"


def test_the_missing_reports_of_one_year_list_the_bodies_that_skipped_it(county):
    org, year = a_missing_body_year(run("pages/quality.py"))
    at = run("pages/quality.py", year=str(year))
    assert not at.exception
    gaps = table_with(at, "未报送年度").value
    assert [f"{year}年"] == list(gaps.loc[gaps[views.COL_ORG] == org, "未报送年度"])


def test_an_empty_selection_still_shows_the_missing_report_in_the_grid(county):
    org, year = a_missing_body_year(run())
    at = run(town=org, year=str(year))
    assert not at.exception
    assert frame(at, "coverage_grid").values.tolist() == [[org, views.MISSING]]
    assert any("没有报告" in i.value for i in at.info)


def test_a_tab_in_the_link_opens_that_tab(county):
    at = run("pages/licensing.py", lic_tabs="与上一年相比")
    assert not at.exception
    assert any("上一年的数值不受年度筛选限制" in c.value for c in at.caption)


def test_the_yearly_rate_ranking_ranks_only_bodies_with_enough_cases(county):
    at = run("pages/applications.py", apps_tabs="各单位实质公开率")
    assert not at.exception
    view = at.session_state["_nianbao_view"]
    year = int(view.frames.reports["year"].max())  # the year picker opens on the latest year
    table = views.indicators(view.frames.facts, view.frames.reports, ["derived.substantive_rate"])
    ranked, others = views.rate_ranking(table, "derived.substantive_rate", year)
    if ranked.empty:
        assert any("不排名" in i.value for i in at.info)
    else:
        shown = table_with(at, "名次").value
        assert list(shown[views.COL_ORG]) == list(ranked[views.COL_ORG])
        assert (shown["实质公开率·分母（办理结果总计）"] >= views.MIN_RATE_BASE).all()
    if len(others):
        assert any("不参与排名" in c.value and others[views.COL_ORG].iloc[0] in c.value for c in at.caption)


def test_an_official_table_leaves_a_cell_the_report_leaves_empty_blank(county):
    at = run("pages/report.py")
    official = [d for d in at.dataframe if str(d.key).startswith("official_")]
    assert official and all(d.proto.placeholder == "" for d in official), "blank as printed, never None"


def test_a_numeric_condition_no_report_meets_says_so_instead_of_an_empty_table(county):
    at = run("pages/builder.py", f0c="行政处罚·处理决定数量", f0o=">", f0v="1000000000")
    assert not at.exception
    assert any("没有满足数值条件" in i.value for i in at.info)
    assert not any("行政处罚·处理决定数量" in d.value.columns for d in at.dataframe)


def test_sources_are_shown_relative_to_the_folder_and_the_loaded_frames_are_left_alone(seed_county):
    frames = loaders.load([seed_county], cache=False)
    shown = data.relative_sources(frames, seed_county)
    names = sorted(p.name for p in seed_county.glob("*.md"))
    for before, after in zip((frames.facts, frames.reports, frames.checks), (shown.facts, shown.reports, shown.checks)):
        assert list(after["source"]) == [Path(s).name for s in before["source"]]
        assert str(after["source"].dtype) == "str"
    assert sorted(shown.reports["source"]) == names
    assert str(seed_county) in frames.facts["source"].iloc[-1]  # the loaded frames keep their paths


def test_renamed_sources_keep_a_source_the_names_do_not_hold():
    frames = loaders.load([SEED], cache=False)
    renamed = loaders.frames.renamed_sources(frames, {"elsewhere.md": "x.md"})
    assert list(renamed.facts["source"].unique()) == [str(SEED)]
