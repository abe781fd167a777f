"""The command line as a newcomer meets it: a mistake is one line and a non-zero exit, never a traceback,
said before any work starts; counts print and export as whole numbers; Chinese columns line up."""
from __future__ import annotations

import csv
import io
import logging
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from loaders import cli
from loaders.arguments import app_options
from loaders.samples.__main__ import main as samples_main

SEED = DATA / "jianchi-2021.md"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of our own holding a copy of the seed report (nothing is written into the checkout)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "jianchi-2021.md").write_bytes(SEED.read_bytes())
    return reports


@pytest.fixture
def no_parse(monkeypatch):
    """Fail the test if a report is parsed: refusals must come before the work."""
    def refuse_to_load(*args, **kwargs):
        raise AssertionError("the reports were read before the mistake was found")

    monkeypatch.setattr(cli, "load", refuse_to_load)


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# item 6: a mistake the work would only meet at its end is said before it starts -------------------
def test_export_onto_a_file_is_refused_before_reading(folder, tmp_path, capsys, no_parse):
    report = folder / "jianchi-2021.md"
    assert cli.main(["export", str(folder), "--out", str(report), "--quiet"]) == 2
    assert "是文件，不是文件夹" in _one_line(capsys.readouterr().err)
    assert cli.main(["export", str(folder), "--out", str(report / "out"), "--quiet"]) == 2
    assert str(report) in _one_line(capsys.readouterr().err)
    assert report.read_bytes() == SEED.read_bytes()


def test_samples_onto_a_file_and_bench_with_bad_sizes_are_one_line(folder, capsys):
    report = folder / "jianchi-2021.md"
    assert samples_main([str(report), "--orgs", "1", "--quiet"]) == 2
    assert "是文件，不是文件夹" in _one_line(capsys.readouterr().err)
    bench = subprocess.run([sys.executable, "benchmarks/bench.py", "--sizes", "abc"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert bench.returncode == 2 and "'abc'" in _one_line(bench.stderr) and not bench.stdout


# item 7: show and export say what is wrong, and exit non-zero -------------------------------------
def test_show_of_a_file_that_is_not_a_report_prints_the_reason_alone(capsys):
    assert cli.main(["show", str(ROOT / "requirements.txt")]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "不是政府信息公开工作年度报告" in _one_line(out.err)


def test_show_of_a_folder_lists_its_reports(folder, tmp_path, capsys):
    (folder / "sub").mkdir()
    (folder / "sub" / "baihe-2022.txt").write_bytes(SEED.read_bytes())
    assert cli.main(["show", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "内有 2 份报告" in err and f"show {folder / 'jianchi-2021.md'}" in err
    assert f"show {folder / 'sub' / 'baihe-2022.txt'}" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["show", str(empty)]) == 2
    assert "没有报告文件" in _one_line(capsys.readouterr().err.splitlines()[-1])


def test_export_of_a_folder_without_reports_says_so(tmp_path, capsys, no_parse):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert cli.main(["export", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "没有报告文件" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


def test_an_unknown_option_is_named_before_a_missing_command(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--bogus"])
    assert stop.value.code == 2
    assert "--bogus" in _one_line(capsys.readouterr().err)
    with pytest.raises(SystemExit):
        cli.main([])
    assert "export、show 或 notice" in _one_line(capsys.readouterr().err)


# item 8: the app says what it did not understand on its command line ----------------------------
def test_a_mistyped_app_option_is_said_on_the_page_and_in_the_log(monkeypatch, caplog):
    from streamlit.testing.v1 import AppTest

    from pages.ui import data

    assert app_options(["--reports", "/srv/a"]).ignored == ()
    assert app_options(["/srv/a"]).ignored == ("/srv/a",)  # `-- DIR`: a folder without --reports
    assert app_options(["--reports"]).ignored == ("--reports",)
    monkeypatch.setattr(sys, "argv", [str(ROOT / "app.py"), "--report", "/srv/a"])  # as `streamlit run` sets it
    monkeypatch.chdir(ROOT)
    data._log_once.cache_clear()
    logging.getLogger(data.__name__).addHandler(caplog.handler)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    finally:
        logging.getLogger(data.__name__).removeHandler(caplog.handler)
    said = [w.value.replace("\\", "") for w in at.warning]
    assert any("「--report /srv/a」无法识别，已忽略" in w and "--reports" in w for w in said), said
    assert any("示例数据" in i.value for i in at.info)  # what it shows instead, said as well
    assert "--report /srv/a" in caplog.text


# item 9: the generator never mixes a new corpus into an old one unless asked ----------------------
def test_samples_refuse_a_folder_that_holds_files_unless_forced(folder, capsys):
    (folder / "old-2019.txt").write_text("旧文件", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    assert samples_main([str(folder), "--orgs", "1", "--years", "2021", "--quiet"]) == 2
    assert "--force" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert samples_main([str(folder), "--orgs", "1", "--years", "2021", "--quiet", "--force"]) == 0
    assert len(list(folder.glob("*.json"))) == 1 and (folder / "old-2019.txt").exists()


# item 10: whole numbers as integers, Chinese columns aligned by display width -----------------------
def test_show_prints_counts_as_integers_in_aligned_columns(capsys):
    assert cli.main(["show", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "188.0" not in out and "5.0" not in out
    block = out.split("表二 第二十条第（一）项\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[-1] for line in block[1:]] == ["0", "0"]
    assert len({_display_width(line) for line in block}) == 1, block  # every row as wide as the header


def test_csv_writes_whole_numbers_as_integers(folder, tmp_path):
    out = tmp_path / "out"
    assert cli.main(["export", str(folder), "--out", str(out), "--quiet"]) == 0
    facts = list(csv.DictReader(io.StringIO((out / "facts.csv").read_text(encoding="utf-8-sig"))))
    licensing = [f for f in facts if f["metric"] == "licensing.decisions"]
    assert [(f["value"], f["line"], f["year"]) for f in licensing] == [("188", licensing[0]["line"], "2021")]
    assert all("." not in f["value"] and "." not in f["line"] for f in facts)
    assert not [f for f in facts if f["page"]]  # a text report has no page: empty, never 0
