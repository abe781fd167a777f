"""Every page's figures against the golden outputs in tests/golden/ (the bundled sample and a generated county
with faults; each page as it opens, and where it matters with a year filter or a picker changed).

`NIANBAO_GOLDEN_UPDATE=1 pytest tests/test_golden.py` rewrites the golden files from the pages as they are now;
without it a page that shows other figures fails, naming the page, the element and the first differing cells.
"""
from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import views
from loaders.catalog import APPLICANT_LABELS
from loaders.samples import generate
from pages.ui import data

from tests.golden_pages import capture, differences, dump, stripper
from tests.test_pages import PAGES, fresh_cache  # noqa: F401  (fresh_cache: autouse, each case starts on empty Streamlit caches)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("NIANBAO_GOLDEN_UPDATE") == "1"
# small enough for the whole file to run in about a minute, with every kind of planted fault likely present
COUNTY = {"orgs": 12, "years": range(2019, 2026), "seed": 15, "fault_rate": 0.2}
YEARS = {"year": ["2021年", "2023年"]}
CHOSEN_REPORT = 5  # the report page on the sixth report of its list, not the first it opens on


def _first_towns(at: AppTest, count: int) -> AppTest:
    towns = at.multiselect(key="town")
    for town in towns.options[:count]:
        towns.select(town)
    return at.run()


def _second_choices(*keys: str):
    def act(at: AppTest) -> AppTest:
        for key in keys:
            at.selectbox(key=key).select_index(1)
        return at.run()
    return act


def _chosen_report(at: AppTest) -> AppTest:
    [picker] = [s for s in at.selectbox if s.label == "选择报告"]
    return picker.select_index(CHOSEN_REPORT).run()


def _first_rule(at: AppTest) -> AppTest:
    rules = at.multiselect(key="rule")
    return rules.select(rules.options[0]).run()


def _builder_metrics(at: AppTest) -> AppTest:
    at.multiselect(key="m1").set_value(views.section_metrics()["一、总体情况"])
    at.multiselect(key="md").set_value(list(views.INDICATORS))
    at.multiselect(key="appl").set_value(list(APPLICANT_LABELS)[:3])
    return at.run()


def _builder_condition(at: AppTest) -> AppTest:
    """The default table cut by 行政处罚·处理决定数量 (its first value column) ≥ 10: the conditions path."""
    at.selectbox(key="f0c").select_index(1)
    at.selectbox(key="f0o").set_value("≥")
    at.number_input(key="f0v").set_value(10.0)
    return at.run()


# page: {state: (query parameters of the link, what is done on the page after it opens)}
DATA_PAGE = {"all": ({}, None), "years": (YEARS, None)}
STATES = {
    "pages/overview.py": {**DATA_PAGE, "towns": ({}, lambda at: _first_towns(at, 2))},
    "pages/proactive.py": {**DATA_PAGE, "town": ({}, lambda at: _first_towns(at, 1))},
    "pages/licensing.py": {**DATA_PAGE, "picked": ({}, _second_choices("lic_metric", "lic_year"))},
    "pages/applications.py": {**DATA_PAGE, "picked": ({}, _second_choices("apps_metric", "apps_year"))},
    "pages/appeals.py": {**DATA_PAGE, "picked": ({}, _second_choices("appeal_metric", "appeal_year"))},
    "pages/quality.py": {**DATA_PAGE, "rule": ({}, _first_rule)},
    "pages/report.py": {"all": ({}, None), "chosen": ({}, _chosen_report)},
    "pages/review.py": DATA_PAGE,
    "pages/builder.py": {**DATA_PAGE, "metrics": ({}, _builder_metrics),
                          "condition": ({}, _builder_condition)},
    "pages/upload.py": {"all": ({}, None)},
}
CASES = [(corpus, page, state) for corpus in ("sample", "county") for page in STATES for state in STATES[page]]


@pytest.fixture(scope="module")
def county_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("golden-county")
    generate(folder, **COUNTY)
    return folder


def _golden_path(corpus: str, page: str, state: str) -> Path:
    return GOLDEN / corpus / f"{Path(page).stem}-{state}.json"


def _opened(page: str, params: dict, action) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "pages/overview.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if action:
        at = action(at)
        assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("corpus, page, state", CASES)
def test_the_page_shows_the_golden_figures(request, monkeypatch, corpus, page, state):
    if corpus == "sample":
        monkeypatch.delenv(data.ENV_VAR, raising=False)
        folder = data.SAMPLE_FOLDER
    else:
        folder = request.getfixturevalue("county_folder")
        monkeypatch.setenv(data.ENV_VAR, str(folder))
    params, action = STATES[page][state]
    strip = stripper({str(folder): "<报告文件夹>", str(ROOT): "<项目>", os.environ["NIANBAO_HOME"]: "<NIANBAO_HOME>",
                      os.environ["NIANBAO_CACHE"]: "<NIANBAO_CACHE>"})
    now = capture(_opened(page, params, action), strip)
    path = _golden_path(corpus, page, state)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(now), encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.relative_to(ROOT)}: run NIANBAO_GOLDEN_UPDATE=1 pytest {__file__}"
    golden = json.loads(path.read_text(encoding="utf-8"))
    changed = differences(golden, now)
    assert not changed, f"{page} ({corpus}, {state}) differs from {path.name}:\n" + "\n".join(changed)


def test_every_page_has_a_golden_case():
    assert set(STATES) == set(PAGES)


def test_the_generated_county_is_the_same_files_for_the_same_seed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    written = generate(first, **COUNTY)
    generate(second, **COUNTY)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert len(written) == COUNTY["orgs"] * len(COUNTY["years"])  # no township-year left out (missing_rate 0)
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors
