"""The dashboard as a county reviewer reads it (issue 13): a finding opens at its line, notes shown whole,
downloads that hold what they say, administrators' text kept out of the way, several counties told apart.
AppTest, on the helpers and fixtures of test_pages."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from loaders import views
from loaders.views.tables import wide_columns, wide_headers
from pages.ui import blocks, data, downloads, sources
from pages.ui.safe import plain
from tests.test_pages import ROOT, SEED, fresh_cache, frame, headings, run  # noqa: F401  (fresh_cache: autouse)
from tests.test_pages import bundled, county, seed_county  # noqa: F401  (fixtures)


def test_a_finding_opens_its_report_at_its_line_with_the_finding_shown(county):
    at = run("pages/quality.py")
    rows = frame(at, "findings")
    at.session_state["findings"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert "报告" in headings(at)
    # the frame on screen leaves the file and line out; the finding they belong to is the first of the rule's table
    expected = views.findings_table(at.session_state["_nianbao_view"].frames.checks).iloc[0]
    assert rows.iloc[0][views.COL_MESSAGE] == expected[views.COL_MESSAGE]
    assert at.query_params["report"] == expected[views.COL_SOURCE]
    assert any(plain(expected[views.COL_MESSAGE]) in w.value for w in at.warning), "the finding is shown beside the text"
    marked = [line for c in at.code for line in c.value.splitlines() if line.startswith(sources.MARK)]
    assert marked and all(line[1:].lstrip().startswith(f"{int(expected[views.COL_LINE])} │") for line in marked)


def test_the_start_command_is_shown_once_on_the_overview_and_no_server_path_on_the_upload_page(bundled):
    def says_command(at: AppTest) -> bool:
        texts = [c.value for c in at.code] + [i.value for i in at.info] + [m.value for m in at.markdown]
        return any("--reports" in t for t in texts)

    assert says_command(run())
    for page in ("pages/licensing.py", "pages/quality.py", "pages/upload.py"):
        assert not says_command(run(page)), page
    upload_page = run("pages/upload.py")
    shown = [t.value for t in upload_page.text] + [c.value for c in upload_page.caption]
    assert not [t for t in shown if str(data.SAMPLE_FOLDER) in t or "data/" in t]


def test_the_report_picker_names_body_year_and_file_name(county):
    at = run("pages/report.py")
    picker = at.selectbox[0]
    source = at.query_params["report"]
    org, year = at.session_state["_nianbao_view"].all.reports.set_index("source").loc[source, ["org", "year"]]
    assert picker.format_func(source) == f"{views.org_name(org)} · {int(year)}年 · {Path(source).name}"


def test_a_page_downloads_only_the_metrics_it_shows_and_says_so(county):
    at = run("pages/licensing.py")
    assert "下载本页指标的数据（筛选后）" in [s.value for s in at.subheader]
    frames = at.session_state["_nianbao_view"].frames
    groups = ("licensing", "penalty")
    tidy = pd.read_csv(io.BytesIO(downloads.tidy_csv(frames, groups)), encoding="utf-8-sig", dtype=str)
    kept = frames.facts[frames.facts["metric"].str.split(".").str[0].isin(groups)]
    assert sorted(tidy[views.COL_METRIC]) == sorted(kept["metric_label"]) and len(tidy) == len(kept) > 0
    assert len(tidy) < len(frames.facts) / 5
    wide = pd.read_csv(io.BytesIO(downloads.wide_csv(frames, groups)), encoding="utf-8-sig", dtype=str)
    assert len(wide) == len(frames.reports)  # a report without such numbers is still a row
    assert list(wide.columns[5:]) == wide_headers(wide_columns(kept["metric"].unique()))  # only those groups' metrics


def test_the_overview_says_when_a_load_holds_several_counties_and_grids_each_apart(seed_county):
    text = SEED.read_text(encoding="utf-8")
    (seed_county / "石门镇-2022.md").write_text(
        text.replace("# 涧池镇 2021", "# 南岭县石门镇人民政府 2022").replace("涧池镇", "石门镇").replace("2021", "2022"),
        encoding="utf-8")
    (seed_county / "roster.csv").write_text("org,county\n涧池镇,北川县\n白鹤镇,北川县\n青山乡,北川县\n", encoding="utf-8")
    at = run()
    assert not at.exception
    assert any("2 个县（市、区）" in w.value and "南岭县" in w.value for w in at.warning)
    assert sorted(frame(at, "coverage_grid")[views.COL_ORG]) == sorted(["白鹤镇", "涧池镇", "青山乡"])
    assert list(frame(at, "coverage_grid_1")[views.COL_ORG]) == ["石门镇"]


def test_the_upload_results_and_the_findings_show_their_note_whole(county, tmp_path):
    from loaders import upload

    at = run("pages/quality.py")
    findings = next(d for d in at.dataframe if d.key == "findings")
    assert findings.proto.row_height == blocks.WRAPPED_ROW_HEIGHT  # a long 说明 wraps instead of being cut
    results = upload.results_frame(upload.save_uploads([("x.exe", b"MZ")], tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.session_state["_upload_results"] = results
    at.switch_page("pages/upload.py").run()
    shown = at.dataframe[-1]
    assert shown.proto.row_height == blocks.WRAPPED_ROW_HEIGHT
    assert list(shown.proto.column_order)[:3] == ["上传文件", "结果", "说明"]


def test_a_selection_past_excels_last_row_is_offered_the_csvs_with_a_message_not_a_cut_workbook(county, monkeypatch):
    from loaders.export import streamed

    at = run("pages/licensing.py")
    assert not [i for i in at.info if i.value == downloads.TOO_BIG_FOR_EXCEL]
    assert "明细＋宽表（Excel）" in [b.proto.label for b in at.get("download_button")]
    facts = len(at.session_state["_nianbao_view"].frames.facts)
    monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", 10)  # the page's licensing and penalty facts pass it
    at = run("pages/licensing.py")
    assert facts > 10 and [i for i in at.info if i.value == downloads.TOO_BIG_FOR_EXCEL]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "明细数据（CSV）" in labels and "宽表（CSV）" in labels and "明细＋宽表（Excel）" not in labels
