"""Review in the app (AppTest): mark a finding, restart, see it; edit the report, see 请重新确认; 审核与通报."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from loaders.review import store
from loaders.samples import Org, render_report, write_report, year_figures
from pages.ui import data
from test_pages import fresh_cache, frame, run  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def own_user_folder(monkeypatch, tmp_path, fresh_cache):
    """The sample's decisions go to this test's folder, never the user's; Streamlit's caches start empty."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))


@pytest.fixture
def folder(monkeypatch, tmp_path) -> Path:
    """Two bodies' reports: one with an apps.balance finding, one with a table.cut."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for org, fault in (("青石镇", "apps.balance"), ("白鹤镇", "section.missing")):
        fig = year_figures(Org(org, "x"), 2023, random.Random(4))
        write_report(render_report(fig, "pipes", [fault], seed=2, name=f"{org}-2023"), reports)
    monkeypatch.setenv(data.ENV_VAR, str(reports))
    return reports


def _mark(at, rule_title: str, verdict: str, note: str):
    at.text_input(key="quality_review_name").set_value("王五").run()
    finding = at.selectbox(key="quality_review_finding")
    position = next(i for i, label in enumerate(finding.options) if rule_title in label)
    finding.set_value(position).run()
    at.radio(key="quality_review_verdict").set_value(verdict).run()
    at.text_input(key=f"quality_review_note_{position}").set_value(note).run()
    at.button(key="quality_review_save").click().run()
    return at


def _balance_row(at):
    findings = frame(at, "findings")
    return findings[findings["问题类型"].str.startswith("勾稽关系")].iloc[0]


def test_a_decision_survives_a_restart_and_asks_again_when_the_report_changes(folder):
    at = _mark(run("pages/quality.py"), "勾稽关系", store.CONFIRMED, "新收数字有误")
    assert not at.exception
    restarted = run("pages/quality.py")  # a new session: nothing of the first one's state
    row = _balance_row(restarted)
    assert (row["审核结论"], row["审核意见"], row["审核人"]) == ("确认问题", "新收数字有误", "王五")
    assert (folder / ".nianbao" / "reviews.sqlite").is_file()
    report = folder / "青石镇-2023.txt"
    report.write_bytes(report.read_bytes() + "\n本报告已更正。\n".encode())
    data.forget_listing()  # the folder listing, trusted for a few seconds
    row = _balance_row(run("pages/quality.py"))
    assert row["审核结论"] == "报告已更新，请重新确认"


def test_the_state_filter_lists_what_is_decided(folder):
    at = _mark(run("pages/quality.py"), "勾稽关系", store.DISMISSED, "")
    at.radio(key="review_state").set_value("已排除").run()
    assert set(frame(at, "findings")["审核结论"]) == {"不是问题"}
    at.radio(key="review_state").set_value("未处理").run()
    assert set(frame(at, "findings")["审核结论"]) == {"未处理"} and len(frame(at, "findings"))


def test_the_review_page_offers_the_documents_of_the_year(folder):
    _mark(run("pages/quality.py"), "勾稽关系", store.CONFIRMED, "")
    at = run("pages/review.py")
    assert not at.exception
    # one decision on one applicant column's balance finding (自然人 and 总计 both fail): the other stays 未处理
    assert "确认问题 1 项，涉及 1 个单位" in " ".join(c.value for c in at.caption)
    assert at.selectbox(key="notice_body").options == ["青石镇"]


def test_the_report_page_shows_the_decision_and_the_publication_date(folder):
    _mark(run("pages/quality.py"), "勾稽关系", store.CONFIRMED, "")
    at = run("pages/report.py", report="青石镇-2023.txt", tab="发现的问题")
    assert not at.exception
    assert "确认问题" in set(frame(at, "report_findings")["审核结论"])
    assert any(c.value.startswith("发布日期：") for c in at.caption)


def test_the_bundled_sample_shows_late_reports_on_first_start(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    at = run("pages/review.py")
    assert not at.exception
    rows = next(d.value for d in at.dataframe if "公开时限" in d.value.columns)
    assert "逾期" in set(rows["公开时限"]) and "发布日期未知" in set(rows["公开时限"])
