"""The generator's web page and the texts taken from it: the browser copy (innerText) and the glued text.

- The `browser` layout is checked against headless Chromium: the generated page's
  `document.body.innerText` must equal the Python emulation, so the layout is the browser's and not a
  guess. Uses Debian's chromium (/usr/bin/chromium) through playwright, never a downloaded browser;
  skipped without it unless REQUIRE_BROWSER=1 (set by .ci/run).
- The `glued` layout is lxml's text_content() of the same page's body.
- The app's HTML reader reads the generated page back to its truth.
"""
from __future__ import annotations

import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html

import loaders
from loaders.samples import Org, plain_style, render_report, year_figures

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
