"""Where reports live (issue 13 item 4): uploads go to the reviewer's own folder, never into the bundled
sample; the app shows that folder once it holds reports, with a switch back to the sample."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import DATA, ROOT
from loaders import places
from pages.ui import data, state

SEED = DATA / "jianchi-2021.md"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.delenv(places.REPORTS_ENV, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    data.forget_listing()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in folder.rglob("*"))


def test_the_default_folder_is_under_the_users_data_directory():
    assert places.user_data_dir({"NIANBAO_HOME": "/srv/nb", "XDG_DATA_HOME": "/x"}) == Path("/srv/nb")
    assert places.user_data_dir({"XDG_DATA_HOME": "/x"}) == Path("/x/nianbao")
    assert places.user_data_dir({}) == Path("~/.local/share/nianbao").expanduser()
    assert places.reports_folder(None, {"XDG_DATA_HOME": "/x"}) == Path("/x/nianbao/reports")
    assert places.reports_folder(None, {places.REPORTS_ENV: "/r", "XDG_DATA_HOME": "/x"}) == Path("/r")
    assert not places.reports_folder(None, {}).is_relative_to(ROOT)


def test_tests_never_touch_the_real_home():
    assert places.user_data_dir() != Path("~/.local/share/nianbao").expanduser()
    assert not places.reports_folder().exists()  # each test starts with no reports of its own


def test_an_upload_goes_to_the_reviewers_folder_and_the_app_then_shows_it(monkeypatch):
    monkeypatch.chdir(ROOT)
    sample_before = _listing(DATA)
    own = places.reports_folder()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert any("示例数据" in i.value for i in at.info)  # nothing of the reviewer's yet: the sample
    assert not at.toggle  # no switch while there is nothing to switch back to
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=90).run()
    shown = " ".join(c.value for c in at.caption)
    assert "您的报告文件夹" in shown and str(own) not in shown  # where, in words; the server path is for administrators
    at.get("file_uploader")[0].set_value([("白鹤镇-2022.md", SEED.read_bytes(), "text/markdown")])
    at.run()
    at.button[0].click()
    at.run()
    assert not at.exception
    assert [p.name for p in own.iterdir()] == ["白鹤镇-2022.md"]
    assert _listing(DATA) == sample_before  # the bundled sample is read-only

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert not at.exception and not any("示例数据" in i.value for i in at.info)
    assert _bodies(at) == ["涧池镇"]  # the uploaded report, alone
    at.toggle(key=state.SAMPLE_KEY).set_value(True).run()  # the visible way back to the sample
    assert any("示例数据" in i.value for i in at.info) and len(_bodies(at)) >= 15
    at.toggle(key=state.SAMPLE_KEY).set_value(False).run()
    assert _bodies(at) == ["涧池镇"]


def _bodies(at: AppTest) -> list[str]:
    """The bodies the sidebar offers: those of the folder the app shows."""
    return list(at.multiselect(key=state.TOWN_KEY).options)


def test_a_named_folder_is_shown_even_empty_and_the_sample_never_takes_uploads(tmp_path, monkeypatch):
    assert data.folders(["--reports", str(tmp_path)]).shown() == tmp_path.resolve()
    assert data.folders([]).shown() == data.SAMPLE_FOLDER  # the default folder holds nothing yet
    monkeypatch.setenv(places.REPORTS_ENV, str(DATA / "sample-county"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60).run()
    assert any("只读" in w.value for w in at.warning)
    assert at.button[0].disabled


def test_holds_reports_looks_past_other_files(tmp_path):
    (tmp_path / "roster.csv").write_text("org\n甲镇\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("说明", encoding="utf-8")
    assert not places.holds_reports(tmp_path) and not places.holds_reports(tmp_path / "absent")
    os.makedirs(tmp_path / "2023")
    (tmp_path / "2023" / "甲镇.txt").write_bytes(SEED.read_bytes())
    assert places.holds_reports(tmp_path)
