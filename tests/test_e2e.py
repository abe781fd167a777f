"""End to end: `streamlit run app.py` on the bundled data, every page opened in headless Chromium.

Uses Debian's chromium (/usr/bin/chromium) through playwright; never downloads a browser. Without
chromium the test is skipped — unless REQUIRE_BROWSER=1 (set by .ci/run), where it fails instead.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# the title of every page, as the sidebar lists it and the page shows it
PAGES = ["报告", "总览", "主动公开", "许可与处罚", "依申请公开", "复议与诉讼", "数据质量", "审核与通报", "自定义报表",
         "上传报告"]
PAGE_IDS = ["report", "overview", "proactive", "licensing", "applications", "appeals", "quality", "review", "builder",
            "upload"]
START_TIMEOUT = 60
PAGE_TIMEOUT_MS = 60_000


def _browser_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served on a free local port (bundled data), stopped after the module."""
    _browser_or_skip()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_REPORTS"}
    env["NIANBAO_CACHE"] = str(tmp_path_factory.mktemp("e2e-cache"))
    log = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"streamlit did not listen on port {port} within {START_TIMEOUT}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def tab(browser, server):
    """One browser tab for the pages (they are reached through the sidebar, as a reviewer does)."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/report")  # first request: a page's own URL, as a link shared before a restart
    yield page
    page.close()


@contextmanager
def _window(browser, width: int = 1366):
    """A new browser tab of this width, closed afterwards."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        yield page
    finally:
        page.close()


def _settled(page) -> None:
    """Wait until the script run is over (no running indicator) and the page has drawn."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=PAGE_TIMEOUT_MS)
    page.wait_for_timeout(300)


def _no_error(page) -> None:
    errors = page.get_by_test_id("stException")
    assert errors.count() == 0, errors.first.inner_text()


@pytest.mark.parametrize("title", PAGES, ids=PAGE_IDS)
def test_every_page_shows_its_title_and_no_error(tab, title):
    nav = tab.get_by_test_id("stSidebarNav")
    nav.get_by_text(title, exact=True).click()
    tab.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    _settled(tab)
    _no_error(tab)
    assert "overview" not in nav.inner_text(), "app.py's navigation, not a listing of the pages/ folder"


def _licensing_shown(page, go) -> None:
    """Go (open a link, reload) and wait until 许可与处罚 is drawn without an error."""
    go()
    page.get_by_role("heading", name="许可与处罚", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
    _settled(page)
    _no_error(page)


def test_a_shared_link_keeps_its_filters_and_an_unknown_township_is_said(browser, server):
    with _window(browser) as page:
        _licensing_shown(page, lambda: page.goto(f"{server}/licensing?town={quote('不存在镇')}"))
        assert page.get_by_test_id("stAlert").filter(has_text="不存在镇").count() == 1


def test_a_tab_and_the_filters_survive_a_reload(browser, server):
    with _window(browser) as page:
        _licensing_shown(page, lambda: page.goto(f"{server}/licensing?town={quote('东岗镇')}"))
        page.get_by_role("tab", name="与上一年相比").click()
        _settled(page)
        assert "lic_tabs=" in page.url
        _licensing_shown(page, page.reload)
        assert page.get_by_role("tab", name="与上一年相比").get_attribute("aria-selected") == "true"
        assert "东岗镇" in page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.inner_text()


# ---------------------------------------------------------------- every page read whole at two window widths

WIDTHS = [1024, 1440]  # a laptop with the sidebar open, and a desktop
PAGE_PATHS = {"总览": "", "主动公开": "proactive", "许可与处罚": "licensing", "依申请公开": "applications",
              "复议与诉讼": "appeals", "数据质量": "quality", "报告": "report", "审核与通报": "review",
              "自定义报表": "builder", "上传报告": "upload"}
# text of a metric card (label or figure) wider than its box: the browser cuts it with "…"
CUT_CARDS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid=stMetricValue], [data-testid=stMetricLabel]')).map(e => e.querySelector('div') || e)
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
# a dataframe whose columns are wider than its box: the last ones hide behind a scrollbar that shows only on hover
HIDDEN_COLUMNS_JS = """() => Array.from(document.querySelectorAll('[data-testid=stDataFrame]'))
  .filter(e => e.getBoundingClientRect().width > 0).map(e => {  // a table in a closed expander is not on screen
    const scroller = e.querySelector('.dvn-scroller');
    const headers = Array.from(e.querySelectorAll('th')).map(t => t.innerText.trim()).filter(Boolean);
    return {headers, hidden: scroller ? scroller.scrollWidth - scroller.clientWidth : 0};
  }).filter(t => t.hidden > 1)"""
# the element that scrolls the page (Streamlit scrolls its main block, not the document)
PAGE_HEIGHT_JS = """() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], section, div'))
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)).map(e => e.scrollHeight), 900)"""
MAX_SHOT_HEIGHT = 12_000


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where the screenshots go: $E2E_SCREENSHOTS when set (to look at them afterwards), else a temporary folder."""
    asked = os.environ.get("E2E_SCREENSHOTS")
    folder = Path(asked) if asked else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _whole_page_shot(page, path: Path, width: int) -> None:
    """A screenshot of the whole page: the window made as tall as the page, then back."""
    page.wait_for_function("""() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))
        .every(c => c.querySelector('.main-svg'))""", timeout=PAGE_TIMEOUT_MS)  # every chart drawn
    height = min(page.evaluate(PAGE_HEIGHT_JS), MAX_SHOT_HEIGHT)
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": width, "height": 900})


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_reads_whole_at_this_window_width(browser, server, screenshots, width):
    problems = []
    with _window(browser, width) as page:
        for title, path in PAGE_PATHS.items():
            page.goto(f"{server}/{path}")
            page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=PAGE_TIMEOUT_MS)
            _settled(page)
            _no_error(page)
            assert page.get_by_test_id("stSidebar").is_visible(), "the sidebar is open at this width"
            cut = page.evaluate(CUT_CARDS_JS)
            if cut:
                problems.append(f"{title}: metric cards cut: {cut}")
            for hidden in page.evaluate(HIDDEN_COLUMNS_JS):
                problems.append(f"{title}: table {hidden['headers'][:4]}… hides {hidden['hidden']} px of columns")
            _whole_page_shot(page, screenshots / f"{path or 'overview'}-{width}.png", width)
    assert not problems, "\n".join(problems)


def test_the_coverage_grid_shows_its_last_year_at_1024_px(browser, server):
    with _window(browser, 1024) as page:
        page.goto(server)
        page.get_by_role("heading", name="总览", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
        _settled(page)
        grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("th", has_text="2019年")).first
        grid.wait_for(timeout=PAGE_TIMEOUT_MS)
        headers = [h.strip() for h in grid.locator("th").all_inner_texts() if h.strip()]
        assert headers[0] == "单位" and headers[-1] == "2025年"  # the bundled county reports 2019–2025
        scroller = grid.locator(".dvn-scroller")
        assert scroller.evaluate("e => e.scrollWidth - e.clientWidth") <= 1


def test_the_filters_and_the_chart_toolbar_speak_chinese(browser, server):
    with _window(browser, 1440) as page:
        _licensing_shown(page, lambda: page.goto(f"{server}/licensing"))
        page.locator(".modebar-btn").first.wait_for(state="attached", timeout=PAGE_TIMEOUT_MS)
        titles = page.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
        # plotly's own buttons read the locale; Streamlit adds a "Fullscreen" button of its own, in English
        # whatever the locale (a built-in named in the README); "PNG" is the file type
        english = [t for t in titles if re.search("[A-Za-z]", (t or "").replace("PNG", "")) and t != "Fullscreen"]
        assert titles and not english, titles
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.click()
        options = page.get_by_role("option")
        options.first.wait_for(timeout=PAGE_TIMEOUT_MS)
        assert "东岗镇" in options.all_inner_texts()
        assert not [o for o in options.all_inner_texts() if re.search("[A-Za-z]", o)]  # no "Select all" row


def test_an_older_link_with_a_plain_year_opens_that_year_named_as_everywhere(browser, server):
    with _window(browser) as page:
        _licensing_shown(page, lambda: page.goto(f"{server}/licensing?year=2022"))
        page.wait_for_function("() => decodeURIComponent(location.search).includes('2022年')", timeout=PAGE_TIMEOUT_MS)
        _settled(page)
        years = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(1)
        assert "2022年" in years.inner_text()


def test_a_finding_marked_in_the_browser_is_in_its_bodys_notice(browser, server, tmp_path):
    import docx

    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    try:
        page.goto(f"{server}/quality?year=2025")
        page.get_by_role("heading", name="数据质量", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
        _settled(page)
        name = page.get_by_label("审核人姓名（本次使用只需填写一次）")
        name.fill("浏览器测试")
        name.press("Enter")
        _settled(page)
        box = page.get_by_test_id("stSelectbox").filter(has_text="选择问题")
        chosen = box.locator("input").input_value() or box.locator("[value]").first.get_attribute("value")
        message = chosen.split("：", 1)[1].split("\n")[0].rstrip("…")
        body = chosen.split(" · ")[1].split(" ")[0]
        page.get_by_role("button", name="保存审核结论").click(timeout=PAGE_TIMEOUT_MS)  # waits until it is enabled
        _settled(page)
        page.get_by_text("当前：确认问题").wait_for(timeout=PAGE_TIMEOUT_MS)  # the save's rerun has drawn
        _no_error(page)
        page.get_by_test_id("stSidebarNav").get_by_text("审核与通报", exact=True).click()
        page.get_by_role("heading", name="审核与通报", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
        _settled(page)
        _no_error(page)
        with page.expect_download(timeout=PAGE_TIMEOUT_MS) as download:
            page.get_by_role("button", name=f"{body}通报（Word）").click()
        saved = tmp_path / "notice.docx"
        download.value.save_as(saved)
        text = "\n".join(p.text for p in docx.Document(saved).paragraphs)
        assert body in text and message in text
    finally:
        page.close()
