"""The evaluators' checks, each on a generated report that triggers it and one that does not."""
from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import loaders
from loaders import views
from loaders.review import dates, roster
from loaders.review.evaluate import LATE, NO_DEADLINE, ON_TIME, UNKNOWN, Settings, with_review_checks
from loaders.review.workflow import review_of
from loaders.samples import Org, generate, render_report, write_report, year_figures
from loaders.samples.review_faults import on_2019_form, published_on, sample_pages, with_rules


def _fig(org: str = "青石镇", year: int = 2023, seed: int = 1):
    return year_figures(Org(org, "x"), year, random.Random(seed))


def _write(folder: Path, rendered, name: str) -> Path:
    rendered.name = name
    return write_report(rendered, folder)


def _rules(folder: Path, rule: str) -> dict[str, int]:
    checks = review_of([folder]).frames.checks
    return checks[checks["rule"] == rule]["source"].map(lambda s: Path(s).stem).value_counts().to_dict()


# ---------------------------------------------------------------- timeliness

def test_a_report_published_after_its_deadline_is_late_and_shows_on_the_coverage_grid(tmp_path):
    (tmp_path / "roster.csv").write_text("org,county,level,deadline\n青石镇,示例县,乡镇,01-31\n白鹤镇,示例县,乡镇,01-31\n"
                                         "松林乡,示例县,乡镇,01-31\n", encoding="utf-8")
    _write(tmp_path, published_on(render_report(_fig("青石镇"), "pipes"), date(2024, 2, 3)), "late")
    _write(tmp_path, published_on(render_report(_fig("白鹤镇"), "tabs"), date(2024, 1, 31)), "on-time")
    _write(tmp_path, render_report(_fig("松林乡"), "pipes"), "no-date")
    review = review_of([tmp_path])
    state = review.frames.reports.set_index(review.frames.reports["source"].map(lambda s: Path(s).stem))["timeliness"]
    assert state.to_dict() == {"late": LATE, "on-time": ON_TIME, "no-date": UNKNOWN}
    late = review.frames.checks[review.frames.checks["rule"] == "timeliness.late"]
    assert len(late) == 1 and late.iloc[0]["message"] == \
        "2023 年报告应于 2024-01-31 前公开，页面发布日期为 2024-02-03，逾期 3 天"
    grid = views.coverage_grid(views.coverage(review.frames.reports, review.frames.checks, [2023],
                                              review.roster_names)).set_index(views.COL_ORG)
    assert grid.loc["青石镇", "2023年"] == "已报告(1)·逾期"
    assert grid.loc["白鹤镇", "2023年"] == "已报告" and grid.loc["松林乡", "2023年"] == "已报告"


def test_without_a_deadline_no_lateness_is_judged_and_the_default_deadline_applies(tmp_path):
    (tmp_path / "roster.csv").write_text("青石镇,示例县\n", encoding="utf-8")  # the old headerless form
    _write(tmp_path, published_on(render_report(_fig("青石镇"), "pipes"), date(2024, 2, 25)), "report")
    assert review_of([tmp_path]).frames.reports["timeliness"].tolist() == [NO_DEADLINE]
    assert roster.read_roster_entries([tmp_path]) == [roster.RosterEntry("青石镇", "示例县")]
    late = review_of([tmp_path], roster.parse_deadline("02-20"))
    assert late.frames.reports["timeliness"].tolist() == [LATE]
    assert review_of([tmp_path], roster.parse_deadline("2月28日")).frames.reports["timeliness"].tolist() == [ON_TIME]


def test_a_deadline_no_calendar_has_is_refused():
    for text in ("02-30", "13-01", "1/31/2024", "next week"):
        with pytest.raises(ValueError):
            roster.parse_deadline(text)


def test_the_publication_date_comes_from_the_page_then_meta_tags_and_file_metadata_only_as_fallback():
    assert dates.publication_date(["首页 > 年报", "发布时间：2024年1月18日 10:20", "标题"], b"", "text") == \
        ("2024-01-18", dates.FROM_PAGE)
    page = b'<html><head><meta name="PubDate" content="2024-01-29 09:00"></head><body>...</body></html>'
    assert dates.publication_date(["标题"], page, "html") == ("2024-01-29", dates.FROM_META)
    assert dates.publication_date(["时间：2024-01-05"], page, "html") == ("2024-01-05", dates.FROM_PAGE)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("docProps/core.xml", '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">'
                                        '2024-02-02T08:00:00Z</dcterms:created></cp:coreProperties>')
    assert dates.publication_date(["标题"], buf.getvalue(), "docx") == ("2024-02-02", "文件元数据（文件创建时间，非发布日期）")
    assert dates.publication_date(["标题"], b"%PDF-1.7 /CreationDate (D:20240107120000+08'00')", "pdf")[0] == "2024-01-07"
    assert dates.publication_date(["统计时间：2023年", "二〇二四年"], b"", "text") == ("", "")


def test_the_date_signed_at_the_end_is_shown_but_is_not_a_publication_date(tmp_path):
    lines = ["青石镇2023年政府信息公开工作年度报告", "一、总体情况", "……", "青石镇人民政府", "2024年1月12日"]
    assert dates.signed_date(lines) == "2024-01-12"
    assert dates.publication_date(lines, b"", "text") == ("", "")


# ---------------------------------------------------------------- the old template

def test_a_report_of_2021_or_later_on_the_2019_form_is_a_finding(tmp_path):
    _write(tmp_path, render_report(on_2019_form(_fig(year=2023)), "pipes"), "old-form-2023")
    _write(tmp_path, render_report(_fig("白鹤镇", year=2023), "pipes"), "new-form-2023")
    _write(tmp_path, render_report(_fig("松林乡", year=2020), "pipes"), "old-form-2020")
    assert _rules(tmp_path, "template.outdated") == {"old-form-2023": 1}


# ---------------------------------------------------------------- 规章 from a body that cannot make them

@pytest.mark.parametrize("year", [2020, 2023])
def test_a_township_reporting_rules_is_a_finding(tmp_path, year):
    _write(tmp_path, render_report(with_rules(_fig("青石镇", year), 2), "pipes"), "township-rules")
    _write(tmp_path, render_report(with_rules(_fig("白鹤街道", year), 0), "pipes"), "township-none")
    assert _rules(tmp_path, "rules.not_competent") == {"township-rules": 1}
    found = review_of([tmp_path]).frames.checks.query("rule == 'rules.not_competent'").iloc[0]
    assert "为 2" in found["message"] and found["metric"] in ("rules.issued", "rules.new_made")


def test_a_city_government_or_a_body_of_unknown_level_never_triggers_it_and_the_roster_level_wins(tmp_path):
    for name in ("淮安市人民政府", "示例县档案馆", "示例县卫生健康委员会"):  # the name as it stands, no county before it
        _write(tmp_path, render_report(with_rules(replace(_fig(name), county=""), 1), "pipes"), name)
    assert _rules(tmp_path, "rules.not_competent") == {"示例县卫生健康委员会": 1}
    (tmp_path / "roster.csv").write_text("org,county,level,deadline\n示例县档案馆,示例县,县级部门,\n"
                                         "示例县卫生健康委员会,示例县,县级政府,\n", encoding="utf-8")
    assert _rules(tmp_path, "rules.not_competent") == {"示例县档案馆": 1}


def test_body_levels_from_names():
    assert [roster.level_from_name(n) for n in ("东岗镇", "杏山街道办事处", "槐门乡人民政府", "开阳县市场监督管理局",
                                                 "洪泽区人民政府", "淮安市人民政府", "某某单位")] == \
        [roster.TOWNSHIP, roster.TOWNSHIP, roster.TOWNSHIP, roster.COUNTY_DEPARTMENT, roster.COUNTY, roster.CITY, ""]


# ---------------------------------------------------------------- text copied across bodies

@pytest.fixture
def one_year(tmp_path) -> Path:
    """Twelve bodies' reports of one year as the generator writes them (its stock phrases throughout)."""
    generate(tmp_path, orgs=12, years=[2023], seed=5)
    return tmp_path


def test_the_generators_stock_phrases_do_not_make_copies(one_year):
    assert _rules(one_year, "xbody.copied") == {}


def test_a_report_copying_another_bodys_sections_one_and_five_names_it(one_year):
    frames = loaders.load([one_year])
    model = frames.reports.iloc[0]
    seed = 77
    _write(one_year, render_report(_fig(model["org"]), "pipes", prose_seed=seed), "model")
    _write(one_year, render_report(_fig("白鹤镇", seed=9), "tabs", prose_seed=seed), "copy")
    found = review_of([one_year]).frames.checks.query("rule == 'xbody.copied'")
    by_stem = dict(zip(found["source"].map(lambda s: Path(s).stem), found["message"]))
    assert set(by_stem) == {"model", "copy"}
    assert "与白鹤镇 2023 年报告相同" in by_stem["model"] and "copy.txt" in by_stem["model"]
    assert f"与{model['org']} 2023 年报告相同" in by_stem["copy"]


def test_a_sentence_in_more_than_a_fifth_of_the_years_reports_is_boilerplate(tmp_path):
    for i, org in enumerate(("青石镇", "白鹤镇", "松林乡")):  # three of three reports: all boilerplate
        _write(tmp_path, render_report(_fig(org, seed=i), "pipes", prose_seed=5), org)
    assert _rules(tmp_path, "xbody.copied") == {}


def test_the_copy_check_is_within_the_load_and_the_sample_county_has_none():
    frames = loaders.load([Path(__file__).resolve().parent.parent / "data"])
    assert not (frames.checks["rule"] == "xbody.copied").any()
    checked = with_review_checks(frames, Settings())
    assert len(checked.checks) >= len(frames.checks)


# ---------------------------------------------------------------- the bundled sample's saved pages

SAMPLE_PAGES = Path(__file__).resolve().parent.parent / "data" / "sample-pages"


def test_the_sample_pages_are_what_their_readme_says_and_read_whole(tmp_path):
    sample_pages(tmp_path)
    bundled = {p.name: p.read_bytes() for p in SAMPLE_PAGES.iterdir() if p.name != "README.md"}
    assert bundled == {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert "sample_pages('data/sample-pages')" in (SAMPLE_PAGES / "README.md").read_text(encoding="utf-8")
    frames = loaders.load([SAMPLE_PAGES])
    for r in frames.reports.itertuples():
        truth = json.loads(Path(r.source).with_suffix(".json").read_text(encoding="utf-8"))
        facts = frames.facts[frames.facts["source"] == r.source]
        assert {(f.metric, f.applicant, f.value) for f in facts.itertuples()} == \
            {(v["metric"], v["applicant"], v["value"]) for v in truth["values"]}
        assert (r.org, r.year, r.published) == (truth["org"], truth["year"], truth["published"])
    assert set(frames.reports["published_from"]) == {dates.FROM_PAGE, dates.FROM_META}
