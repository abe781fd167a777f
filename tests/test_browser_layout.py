"""The generator's web page and the texts taken from it: the browser copy (innerText) and the glued text.

- The `browser` layout is checked against headless Chromium: the generated page's
  `document.body.innerText` must equal the Python emulation, so the layout is the browser's and not a
  guess. Uses Debian's chromium (/usr/bin/chromium) through playwright, never a downloaded browser;
  skipped without it unless REQUIRE_BROWSER=1 (set by .ci/run).
- The `glued` layout is lxml's text_content() of the same page's body.
- The app's HTML reader reads the generated page back to its truth.
"""
from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html

import loaders
from loaders.samples import Org, generate, plain_style, render_report, year_figures

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ORG = Org("青石镇", "qingshi-zhen")
STREET = Org("柳河街道", "liuhe-jiedao")

# page styles that change what the page holds: cells bare or in <p>, merged cells as spans or empty cells,
# split headers (<br>), spaced labels, traditional characters, navigation text, section 四 as three tables
PAGE_STYLES = [
    ("plain", {}),
    ("bare-cells", dict(cell_paras=False)),
    ("trailing-empty", dict(merged="trailing")),
    ("all-empty-bare", dict(merged="all", cell_paras=False)),
    ("split-headers", dict(split_headers=True, halfwidth=True)),
    ("spaced-nav", dict(spaced=True, nav=1)),
    ("traditional-nav-share", dict(traditional=True, nav=3, appeals_split=True, one_grid=False)),
    ("one-line-amounts", dict(one_line=True, amount_in_cell=True, plus_sign=True)),
    ("cell-paragraphs", dict(cell_lines_as_paras=True, split_headers=True, merged="all")),
    ("label-note-paragraphs", dict(cell_lines_as_paras=True, merged="trailing")),
]
YEARS = (2020, 2023)  # one report on each template


def _rendered(layout: str, changes: dict, year: int, seed: int = 3, large: bool = False):
    fig = year_figures(STREET if seed % 2 else ORG, year, random.Random(seed), full=not large, large=large)
    return render_report(fig, replace(plain_style(layout), **changes), seed=seed)


def _values(truth: dict) -> dict:
    return {(v["metric"], v["applicant"]): float(v["value"]) for v in truth["values"]}


# ---------------------------------------------------------------------------------------------
# browser = Chromium's innerText of the page
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            yield page
        finally:
            browser.close()


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("name,changes", PAGE_STYLES, ids=[n for n, _ in PAGE_STYLES])
def test_browser_layout_is_chromiums_inner_text(chromium, name, changes, year):
    page = _rendered("html", changes, year)
    copied = _rendered("browser", changes, year)
    chromium.set_content(page.text)
    assert chromium.evaluate("document.body.innerText") == copied.text


def test_browser_layout_of_large_figures_is_chromiums_inner_text(chromium):
    page = _rendered("html", dict(merged="trailing"), 2023, seed=11, large=True)
    chromium.set_content(page.text)
    assert chromium.evaluate("document.body.innerText") == _rendered("browser", dict(merged="trailing"), 2023,
                                                                     seed=11, large=True).text


def test_browser_layout_shows_the_quirks_of_a_copied_page():
    """One cell per line, a tab alone on its line between cells, blank lines between rows, an empty
    cell as a lone no-break space, a split header over two lines."""
    text = _rendered("browser", dict(merged="trailing", split_headers=True), 2020).text
    lines = text.split("\n")
    assert "\t" in lines and all(line == "\t" or "\t" not in line for line in lines)
    assert "\xa0" in lines
    assert "\n\n\n\n\n" in text  # p, row, p: the blank lines between two rows
    assert "本年新\n制作数量" in text
    bare = _rendered("browser", dict(cell_paras=False), 2020).text
    assert any(line.count("\t") == 9 for line in bare.split("\n"))  # bare cells: a row on one line


# ---------------------------------------------------------------------------------------------
# glued = lxml text_content() of the page's body
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("name,changes", PAGE_STYLES, ids=[n for n, _ in PAGE_STYLES])
def test_glued_layout_is_lxml_text_content(name, changes, year):
    page = _rendered("html", changes, year)
    glued = _rendered("glued", changes, year)
    assert lxml_html.document_fromstring(page.text).body.text_content() == glued.text


def test_glued_layout_runs_cells_together_and_can_be_one_line():
    rendered = _rendered("glued", dict(one_line=True), 2023, seed=5, large=True)
    assert "\n" not in rendered.text
    v = _values(rendered.truth)
    row = "".join(str(int(v[("apps.new_received", a)])) for a in
                  ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"))
    assert "一、本年新收政府信息公开申请数量" + row in rendered.text
    assert len(row) > 7  # large figures: cells of several digits
    for key, (start, end) in rendered.spans.items():  # each value's span is its number in the text
        assert float(rendered.text[start:end]) == v[key]


# ---------------------------------------------------------------------------------------------
# html: the app reads the generated page back to its truth
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("name,changes", PAGE_STYLES, ids=[n for n, _ in PAGE_STYLES])
def test_generated_page_reads_back_to_its_truth(tmp_path, name, changes, year):
    rendered = _rendered("html", changes, year)
    path = tmp_path / f"{name}-{year}.html"
    path.write_bytes(rendered.data)
    report = loaders.read_report(path.name, rendered.data)
    got = {(f.metric, f.applicant): f.value for f in report.facts}
    assert got == _values(rendered.truth)
    assert (report.org, report.year, report.template) == (rendered.truth["org"], year, rendered.truth["template"])
    assert [f.rule for f in report.findings] == []


# ---------------------------------------------------------------------------------------------
# Fixtures of our own for each quirk of a copied page (cells in <p>, as word processors save them)
# ---------------------------------------------------------------------------------------------
CELL_GAP = "\n\n\t\n\n"  # the lines between two cells of a row: a blank, a tab alone, a blank
ROW_GAP = "\n\n\n\n\n"  # between two rows: the blank lines of two paragraphs and the row's own break
HEAD = ("示例县白溪镇2022年政府信息公开工作年度报告\n一、总体情况\n\n本报告所列数据的统计期限为2022年1月1日至"
        "2022年12月31日。\n\n")


def _copied(*rows: list) -> str:
    """A table as select-all and copy gives it: the cells of a row between tab lines, rows apart."""
    return ROW_GAP.join(CELL_GAP.join(str(cell) for cell in row) for row in rows)


def _read(text: str) -> dict:
    report = loaders.read_report("copied.txt", text.encode("utf-8"))
    return {(f.metric, f.applicant): f.value for f in report.facts if not f.from_narrative}


APPLICANT_HEADER = (
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", " ", " ", "申请人情况"] + [" "] * 6,
    [" ", " ", " ", "自然人", "法人或其他组织"] + [" "] * 4 + ["总计"],
    [" "] * 4 + ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", " "],
)


def test_copied_row_keeps_the_place_of_a_lone_space_cell():
    """Empty cells (a lone space) left of the numbers are the label's merged cells; one among the numbers
    is an empty cell of its column: the numbers after it stay in their own columns, the empty one is missing."""
    text = HEAD + "三、收到和处理政府信息公开申请情况\n\n" + _copied(
        *APPLICANT_HEADER,
        ["一、本年新收政府信息公开申请数量", " ", " ", 5, 1, "\xa0", 0, 0, 2, 8],
        ["二、上年结转政府信息公开申请数量", " ", " ", 1, 0, 0, 0, 0, 0, " "],
    ) + "\n"
    got = _read(text)
    assert {a: got.get(("apps.new_received", a)) for a in ("natural_person", "commercial", "research",
                                                           "social_org", "other_org", "total")} == {
        "natural_person": 5, "commercial": 1, "research": None, "social_org": 0, "other_org": 2, "total": 8}
    assert got[("apps.carried_over", "other_org")] == 0 and ("apps.carried_over", "total") not in got


def test_copied_row_cut_by_the_end_of_the_text_is_read_up_to_the_cut():
    """The tab lines show where each cell stands, so a row the text stops in is read from its left."""
    text = HEAD + "三、收到和处理政府信息公开申请情况\n\n" + _copied(
        *APPLICANT_HEADER,
        ["一、本年新收政府信息公开申请数量", " ", " ", 12, 3, 0, 0, 1, 0, 16],
        ["三、本年度办理结果", "（一）予以公开", " ", 7, 2],
    ) + CELL_GAP
    got = _read(text)
    assert got[("apps.new_received", "total")] == 16
    assert {k: v for k, v in got.items() if k[0] == "apps.disclosed"} == {
        ("apps.disclosed", "natural_person"): 7, ("apps.disclosed", "commercial"): 2}


def test_copied_appeals_row_reads_its_fifteen_cells_around_an_empty_one():
    text = HEAD + "四、政府信息公开行政复议、行政诉讼情况\n\n" + _copied(
        ["行政复议"] + [" "] * 4 + ["行政诉讼"] + [" "] * 9,
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"] + [" "] * 4 + ["复议后起诉"] + [" "] * 4,
        [" "] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        [2, 1, 0, 0, 3, 1, 0, " ", 1, 2, 0, 0, 0, 0, 0],
    ) + "\n\n五、存在的主要问题及改进情况\n\n无。\n"
    got = _read(text)
    assert got[("review.total", "")] == 3 and got[("lit_direct.upheld", "")] == 1
    assert ("lit_direct.other", "") not in got
    assert got[("lit_direct.pending", "")] == 1 and got[("lit_direct.total", "")] == 2
    assert got[("lit_after_review.total", "")] == 0


def test_copied_header_split_over_two_lines_heads_its_column():
    """A header broken with <br> (本年新 / 制作数量) is one cell on two lines: the row under it keeps its
    columns, an empty cell included."""
    text = ("示例县白溪镇2020年政府信息公开工作年度报告\n一、总体情况\n\n本报告所列数据的统计期限为2020年1月1日至"
            "2020年12月31日。\n\n二、主动公开政府信息情况\n\n" + _copied(
                ["第二十条第（一）项", " ", " ", " "],
                ["信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开\n总数量"],
                ["规章", 0, 0, 3],
                ["规范性文件", 2, " ", 9],
            ) + "\n")
    got = _read(text)
    assert got[("rules.total_published", "")] == 3 and got[("normative.new_made", "")] == 2
    assert got[("normative.total_published", "")] == 9 and ("normative.new_published", "") not in got


# ---------------------------------------------------------------------------------------------
# Round trip: generated reports in the page layouts read back to their truth
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("layout,large", [("browser", False), ("browser", True), ("html", False)])
def test_generated_reports_read_back_to_their_truth(tmp_path, layout, large):
    """≥ 300 reports (every variation of the page, faults planted, table.cut included): every value
    read, none wrong, none made up, and body, year and template right."""
    paths = generate(tmp_path, orgs=43, years=range(2019, 2026), seed=21 + large, fault_rate=0.3,
                     layouts=[layout], large=large)
    assert len(paths) >= 300
    frames = loaders.load(paths, cache=False)
    got: dict = {}
    for src, m, a, v in zip(frames.facts["source"], frames.facts["metric"], frames.facts["applicant"],
                            frames.facts["value"]):
        got.setdefault(Path(src).name, {})[(m, a or "")] = float(v)
    reports = {Path(s).name: r for s, r in zip(frames.reports["source"], frames.reports.to_dict("records"))}
    problems, values = [], 0
    for path in paths:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        want, have = _values(truth), got.get(path.name, {})
        values += len(want)
        problems += [f"{path.name} {truth['variations']}: {k} = {have.get(k)}, truth {want.get(k)}"
                     for k in want.keys() | have.keys() if have.get(k) != want.get(k)]
        rep = reports[path.name]
        if (rep["org"], int(rep["year"]), rep["template"]) != (truth["org"], truth["year"], truth["template"]):
            problems.append(f"{path.name}: {rep['org']} {rep['year']} {rep['template']}")
    assert values > 50_000
    assert not problems, f"{len(problems)} of {values} values:\n" + "\n".join(problems[:30])


def test_command_line_writes_page_layouts_with_large_figures(tmp_path):
    from loaders.samples.__main__ import main

    assert main([str(tmp_path), "--orgs", "2", "--years", "2022-2023", "--layouts", "glued,html", "--large",
                 "--quiet"]) == 0
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.json"))]
    assert {t["layout"] for t in truths} <= {"glued", "html"} and len(truths) == 4
    assert all(max(v["value"] for v in t["values"] if v["metric"] == "apps.new_received") >= 100 for t in truths)
    assert {p.suffix for p in tmp_path.iterdir()} <= {".json", ".txt", ".md", ".html"}


def test_copied_cell_of_two_paragraphs_is_one_cell():
    """A label whose note in brackets is a paragraph of its own, and a header whose two lines are two
    paragraphs, stay one cell each: the numbers after them keep their columns."""
    text = HEAD + "三、收到和处理政府信息公开申请情况\n\n" + _copied(
        *APPLICANT_HEADER,
        ["三、本年度办理结果", "（一）予以公开", " ", 6, 0, 0, 0, 0, 1, 7],
        [" ", "（二）部分公开\n\n（区分处理的，只计这一情形，不计其他情形）", " ", 4, " ", 0, 0, 1, 0, 5],
    ) + "\n\n四、政府信息公开行政复议、行政诉讼情况\n"
    got = _read(text)
    assert {k[1]: v for k, v in got.items() if k[0] == "apps.partial"} == {
        "natural_person": 4, "research": 0, "social_org": 0, "legal_service": 1, "other_org": 0, "total": 5}
    section_two = ("二、主动公开政府信息情况\n\n" + _copied(
        ["第二十条第（一）项", " ", " ", " "],
        ["信息内容", "本年新\n\n制作数量", "本年新\n\n公开数量", "对外公开\n\n总数量"],
        ["规章", 1, " ", 4]) + "\n")
    got = _read(HEAD.replace("2022", "2020") + section_two)
    assert got[("rules.new_made", "")] == 1 and got[("rules.total_published", "")] == 4
    assert ("rules.new_published", "") not in got
