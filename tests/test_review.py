"""Review decisions (SQLite store), their columns in findings and export, and the 整改清单 and 通报 documents."""
from __future__ import annotations

import io
import multiprocessing
import random
import sqlite3
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from loaders import cli, views
from loaders.review import decisions as dec
from loaders.review import documents, store
from loaders.review.evaluate import LATE, UNKNOWN
from loaders.review.workflow import checks_with_decisions, review_of
from loaders.samples import Org, render_report, write_report, year_figures

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(autouse=True)
def own_user_folder(monkeypatch, tmp_path):
    """The sample's decisions go to a folder of this test, never the user's."""
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _decision(i: int, verdict: str = store.CONFIRMED, **changes) -> store.Decision:
    fields = dict(body=f"单位{i % 37}", year=2019 + i % 7, rule="apps.balance", metric=f"m{i}", applicant="",
                  verdict=verdict, note=f"意见{i}", reviewer="张三", content_hash="h", source=f"r{i}.txt")
    return store.Decision(**(fields | changes))


def test_a_decision_round_trips_and_can_be_withdrawn(tmp_path):
    db = store.DecisionStore(tmp_path / ".nianbao" / "reviews.sqlite")
    assert db.all().empty
    saved = db.record(_decision(1, note="第三项填错"))
    db.record(_decision(2, verdict=store.DISMISSED))
    db.record(_decision(1, note="已核实：第三项填错"))  # the same finding decided again replaces it
    rows = store.DecisionStore(db.path).all().set_index("metric")
    assert list(rows.index) == ["m1", "m2"]
    assert rows.loc["m1", "note"] == "已核实：第三项填错" and rows.loc["m1", "reviewer"] == "张三"
    assert rows.loc["m2", "verdict"] == store.DISMISSED
    assert saved.decided_at.endswith("Z") and len(saved.decided_at) == 20
    db.withdraw("单位1", 2020, "apps.balance", "m1")
    assert list(db.all()["metric"]) == ["m2"]


def test_the_database_is_plain_sqlite_in_wal_mode(tmp_path):
    db = store.DecisionStore(tmp_path / "reviews.sqlite")
    db.record(_decision(5))
    con = sqlite3.connect(db.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT body, year, verdict FROM decisions").fetchall() == [("单位5", 2024, "confirmed")]
    con.close()


def test_a_refused_verdict_is_not_saved(tmp_path):
    db = store.DecisionStore(tmp_path / "reviews.sqlite")
    with pytest.raises(ValueError):
        db.record(_decision(1, verdict="maybe"))
    assert db.all().empty


def _write_many(path: str, first: int, start) -> None:
    start.wait()
    db = store.DecisionStore(path)
    for i in range(first, first + 200):
        db.record(_decision(i, body=f"单位{i}"))


def test_two_processes_writing_200_decisions_each_at_once_lose_none(tmp_path):
    path = str(tmp_path / "reviews.sqlite")
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    workers = [ctx.Process(target=_write_many, args=(path, first, start)) for first in (0, 200)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    rows = store.DecisionStore(path).all()
    assert len(rows) == 400 and set(rows["body"]) == {f"单位{i}" for i in range(400)}


def test_the_database_lives_beside_the_reports_and_never_in_the_bundled_sample(tmp_path, monkeypatch, own_user_folder):
    assert store.database_for(tmp_path) == tmp_path / ".nianbao" / "reviews.sqlite"
    assert store.database_for(DATA) == own_user_folder / "sample-reviews.sqlite"
    assert store.database_for(DATA / "sample-county") == own_user_folder / "sample-reviews.sqlite"
    monkeypatch.delenv("NIANBAO_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.database_for(DATA) == tmp_path / "xdg" / "nianbao" / "sample-reviews.sqlite"


# ---------------------------------------------------------------- decisions on findings

def _balance_report(folder: Path, org: str = "青石镇", year: int = 2023) -> Path:
    """A generated report with one apps.balance finding."""
    fig = year_figures(Org(org, "qingshi-zhen"), year, random.Random(year))
    return write_report(render_report(fig, "pipes", ["apps.balance"], seed=3, name=f"{org}-{year}"), folder)


def _decide(review, rule: str, verdict: str = store.CONFIRMED, note: str = "", year: int | None = None,
            applicant: str | None = None) -> None:
    checks = review.frames.checks
    rows = checks[(checks["rule"] == rule) & ((checks["year"] == year) if year else True)
                  & ((checks["applicant"] == applicant) if applicant is not None else True)]
    sha = review.frames.reports.set_index("source")["sha256"]
    for r, source in zip(dec.finding_keys(rows).itertuples(index=False), rows["source"]):
        review.store.record(store.Decision(r.body, int(r.year), r.rule, r.metric, r.applicant, verdict, note,
                                           "李四", content_hash=sha[source], source=source))


def test_a_decision_is_shown_on_its_finding_until_the_report_changes(tmp_path):
    path = _balance_report(tmp_path)
    review = review_of([tmp_path])
    _decide(review, "apps.balance", note="新收数字有误")
    table = checks_with_decisions(review_of([tmp_path]))
    row = table[table["rule"] == "apps.balance"].iloc[0]
    assert (row["审核结论"], row["审核意见"], row["审核人"]) == ("确认问题", "新收数字有误", "李四")
    path.write_bytes(path.read_bytes() + "\n六、其他需要报告的事项\n本年度无。\n".encode())
    again = checks_with_decisions(review_of([tmp_path]))
    row = again[again["rule"] == "apps.balance"].iloc[0]
    assert row["审核结论"] == "报告已更新，请重新确认" and row["审核意见"] == "新收数字有误"
    assert documents.problems(review_of([tmp_path]).frames, review.decisions()).empty  # never silently applied


def test_a_problem_confirmed_last_year_and_found_again_is_not_fixed(tmp_path):
    _balance_report(tmp_path, year=2022)
    _balance_report(tmp_path, year=2023)
    review = review_of([tmp_path])
    _decide(review, "apps.balance", year=2022)
    table = dec.with_decisions(review.frames.checks, review.frames.reports, review.decisions())
    balance = table[table["rule"] == "apps.balance"]
    said = {year: set(rows[dec.COL_LAST_YEAR]) | set(rows[dec.COL_VERDICT]) for year, rows in balance.groupby("year")}
    assert said == {2022: {"", "确认问题"}, 2023: {dec.NOT_FIXED, "未处理"}}


def test_export_writes_the_decision_columns(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    _balance_report(reports)
    _decide(review_of([reports]), "apps.balance", verdict=store.DISMISSED, note="抄录无误")
    assert cli.main(["export", str(reports), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    checks = pd.read_csv(tmp_path / "out" / "checks.csv", encoding="utf-8-sig")
    assert list(checks.columns[-4:]) == ["审核结论", "审核意见", "审核人", "审核时间"]
    row = checks[checks["rule"] == "apps.balance"].iloc[0]
    assert (row["审核结论"], row["审核意见"], row["审核人"]) == ("不是问题", "抄录无误", "李四")


def _two_column_balance_report(folder: Path) -> Path:
    """A generated report whose 一+二=七+四 fails in two applicant columns (自然人: 新收 3 more; 商业企业:
    结转下年度 3 more) and holds in 总计, where the two changes cancel out."""
    fig = year_figures(Org("青石镇", "qingshi-zhen"), 2023, random.Random(2023))
    for key, applicant, more in (("apps.new_received", "natural_person", 3), ("apps.carried_forward", "commercial", 3)):
        fig.values[(key, applicant)] += more
        fig.values[(key, "total")] += more
    return write_report(render_report(fig, "pipes", seed=3, name="青石镇-2023"), folder)


def test_balance_findings_of_two_applicant_columns_take_separate_decisions(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    _two_column_balance_report(reports)
    review = review_of([reports])
    balance = review.frames.checks[review.frames.checks["rule"] == "apps.balance"]
    assert sorted(balance["applicant"]) == ["commercial", "natural_person"]
    assert set(views.findings_table(balance)[views.COL_APPLICANT]) == {"自然人", "商业企业"}
    _decide(review, "apps.balance", applicant="natural_person", note="新收多填 3 件")
    table = checks_with_decisions(review_of([reports])).set_index("applicant")
    assert table.loc["natural_person", "审核结论"] == "确认问题" and table.loc["natural_person", "审核意见"] == "新收多填 3 件"
    assert table.loc["commercial", "审核结论"] == "未处理" and table.loc["commercial", "审核意见"] == ""
    assert cli.main(["export", str(reports), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    checks = pd.read_csv(tmp_path / "out" / "checks.csv", encoding="utf-8-sig", keep_default_na=False)
    exported = checks[checks["rule"] == "apps.balance"].set_index("applicant")["审核结论"].to_dict()
    assert exported == {"natural_person": "确认问题", "commercial": "未处理"}


def test_per_column_outcome_sums_name_their_columns(tmp_path):
    """The outcome_total fault adds to one outcome row's 自然人 and 总计 cells, not to （七）总计."""
    fig = year_figures(Org("青石镇", "qingshi-zhen"), 2023, random.Random(2023))
    write_report(render_report(fig, "pipes", ["apps.outcome_total"], seed=3, name="青石镇-2023"), tmp_path)
    checks = review_of([tmp_path]).frames.checks
    assert sorted(checks.loc[checks["rule"] == "apps.outcome_total", "applicant"]) == ["natural_person", "total"]
    assert set(checks.loc[checks["rule"] != "apps.outcome_total", "applicant"]) <= {""}


# ---------------------------------------------------------------- 整改清单 and 通报 of the bundled sample

@pytest.fixture
def sample_notices(tmp_path):
    """Every apps.balance and timeliness.late finding of the sample's 2024 reports confirmed; the documents."""
    review = review_of([DATA])
    _decide(review, "apps.balance", note="请核对第三部分", year=2024)
    _decide(review, "timeliness.late", year=2024)
    out = tmp_path / "notices"
    assert cli.main(["notice", str(DATA), "--year", "2024", "--out", str(out)]) == 0
    return review_of([DATA]), out


def _confirmed_2024(review) -> pd.DataFrame:
    checks = review.frames.checks
    return checks[checks["year"].eq(2024) & checks["rule"].isin(["apps.balance", "timeliness.late"])]


def test_the_rectification_list_reads_back_with_its_figures(sample_notices):
    review, out = sample_notices
    expected = _confirmed_2024(review)
    assert len(expected) >= 3 and expected["rule"].nunique() == 2
    book = openpyxl.load_workbook(out / "整改清单-2024.xlsx")
    summary = pd.DataFrame(list(book["汇总"].values)[1:], columns=list(book["汇总"].values)[0]).set_index("单位")
    assert summary["合计"].to_dict() == expected.groupby("org").size().to_dict()
    body = expected["org"].iloc[0]
    sheet = list(book[body].values)
    header, rows = sheet[0], [dict(zip(sheet[0], r)) for r in sheet[1:]]
    assert "说明" in header and "行号" in header and "模板要求" in header
    assert {r["说明"] for r in rows} == set(expected.loc[expected["org"] == body, "message"])
    assert {(r["年度"], r["来源文件"]) for r in rows} == {(2024, s) for s in expected.loc[expected["org"] == body, "source"]}
    assert all(isinstance(r["行号"], int) for r in rows if r["问题类型"].startswith("勾稽"))
    csv = pd.read_csv(out / "整改清单-2024.csv", encoding="utf-8-sig")
    assert len(csv) == len(expected) and set(csv["说明"]) == set(expected["message"])
    assert set(csv.loc[csv["问题类型"].str.startswith("勾稽"), "审核意见"]) == {"请核对第三部分"}


def _text(path: Path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_each_body_notice_names_its_problems_figures_and_the_requirement(sample_notices):
    review, out = sample_notices
    expected = _confirmed_2024(review)
    for body, rows in expected.groupby("org"):
        text = _text(out / f"通报-{body}-2024.docx")
        assert f"存在以下 {len(rows)} 个问题" in text
        for r in rows.itertuples():
            assert r.message in text and f"{r.source}" in text
        if (rows["rule"] == "apps.balance").any():
            assert "第一项加第二项之和等于第三项加第四项之和" in text and "审核意见：请核对第三部分" in text


def test_the_county_notice_counts_expected_reported_late_and_missing(sample_notices):
    review, out = sample_notices
    reports = review.frames.reports
    in_2024 = reports[reports["year"] == 2024]
    roster = set(review.roster_names) | set(reports["org"])
    late = set(in_2024.loc[in_2024["timeliness"] == LATE, "org"])
    unknown = set(in_2024.loc[in_2024["timeliness"] == UNKNOWN, "org"])
    text = _text(out / "通报-示例县-2024.docx")
    assert (f"应报送单位 {len(roster)} 个，已报送 {in_2024['org'].nunique()} 个，逾期公开 {len(late)} 个，"
            f"未报送 {len(roster - set(in_2024['org']))} 个；另有 {len(unknown)} 个单位的报告发布日期未知") in text
    missing = roster - set(in_2024["org"])
    assert missing and all(body in text.split("未报送的单位：")[1].split("\n")[0] for body in missing)
    assert late and all(body in text.split("逾期公开的单位：")[1].split("\n")[0] for body in late)
    expected = _confirmed_2024(review)
    assert f"存在问题的单位（{expected['org'].nunique()} 个）" in text
    document = docx.Document(out / "通报-示例县-2024.docx")
    counts = {row.cells[0].text: int(row.cells[1].text) for row in document.tables[0].rows[1:]}
    assert counts == {"勾稽关系不平衡（新收+上年结转≠办理结果总计+结转下年度）": (expected["rule"] == "apps.balance").sum(),
                      "年度报告逾期公开": (expected["rule"] == "timeliness.late").sum()}


def test_the_county_figures_from_a_pages_coverage_cells_are_those_worked_out_anew(sample_notices):
    review, _ = sample_notices
    frames = review.frames
    rows = documents.problems(frames, review.decisions(), 2024)
    cells = views.coverage_cells(frames.reports, frames.checks)
    kept = documents.county_figures(frames, rows, 2024, review.roster_names, cells)
    anew = documents.county_figures(frames, rows, 2024, review.roster_names)
    assert kept.missing and kept.reported  # the sample has both, so the comparison says something
    assert (kept.expected, kept.reported, kept.missing, kept.late) == (anew.expected, anew.reported, anew.missing,
                                                                      anew.late)


def test_every_text_cell_of_the_workbook_is_text_never_a_formula():
    rows = pd.DataFrame([{c: "=1+1" for c in documents.PROBLEM_COLUMNS} | {"年度": 2024, "行号": 3}])
    book = openpyxl.load_workbook(io.BytesIO(documents.rectification_xlsx(rows)))
    sheet = book[book.sheetnames[1]]
    assert sheet.cell(2, 1).value == "=1+1" and sheet.cell(2, 1).data_type == "s"
    assert sheet.cell(2, 2).value == 2024
