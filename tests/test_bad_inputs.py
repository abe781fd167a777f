"""Bad input gets a failed or partial report with a reason a reviewer understands; nothing raises,
and every other file still loads."""
from __future__ import annotations

import pytest

import loaders
from conftest import DATA

SEED = (DATA / "jianchi-2021.md").read_bytes()


def _one(frames, name):
    rows = frames.reports[frames.reports["source"].str.endswith(name)]
    assert len(rows) == 1, f"{name} must appear exactly once in reports"
    return rows.iloc[0]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_bytes(b"  \n\n \t\n")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "notes.txt").write_text("今天天气很好，我们去公园散步，晚上吃饺子。\n明天继续。\n", encoding="utf-8")
    (d / "latin.txt").write_bytes("Résumé café naïve — déjà vu. ".encode("cp1252") * 20 + b"\x81\x8d\x8f\x90\x9d" * 50)
    (d / "big.txt").write_bytes(b"a" * (50 * 1024 * 1024))
    (d / "seed-gbk.txt").write_bytes(SEED.decode("utf-8").encode("gbk"))
    (d / "seed-bom.md").write_bytes(b"\xef\xbb\xbf" + SEED)
    (d / "labels.json").write_text("{}", encoding="utf-8")  # not a report file: left alone
    (d / "sub").mkdir()
    (d / "sub" / "seed.md").write_bytes(SEED)
    return d


@pytest.fixture(scope="module")
def frames(folder):
    return loaders.load([folder])


def test_every_report_file_appears_once_and_others_are_left_alone(frames, folder):
    names = sorted(s.split("/")[-1] for s in frames.reports["source"])
    assert names == sorted(["empty.txt", "blank.md", "binary.txt", "notes.txt", "latin.txt", "big.txt",
                            "seed-gbk.txt", "seed-bom.md", "seed.md"])
    assert str(folder / "sub" / "seed.md") in set(frames.reports["source"])


@pytest.mark.parametrize("name, rule, words", [
    ("empty.txt", "file.empty", "为空"),
    ("blank.md", "file.empty", "为空"),
    ("binary.txt", "file.binary", "二进制"),
    ("notes.txt", "file.not_report", "不是政府信息公开"),
    ("latin.txt", "file.encoding", "编码"),
    ("big.txt", "file.too_large", "MB"),
])
def test_bad_file_is_failed_with_its_reason(frames, name, rule, words):
    rep = _one(frames, name)
    assert rep["status"] == "failed"
    assert words in rep["message"]
    rules = frames.checks[frames.checks["source"] == rep["source"]]["rule"].tolist()
    assert rule in rules
    assert frames.facts[frames.facts["source"] == rep["source"]].empty


@pytest.mark.parametrize("name", ["seed-gbk.txt", "seed-bom.md", "seed.md"])
def test_good_files_beside_bad_ones_still_load(frames, name):
    rep = _one(frames, name)
    assert (rep["org"], rep["year"], rep["status"], rep["facts"]) == ("涧池镇", 2021, "partial", 23)


def test_the_same_report_saved_three_times_is_a_finding(frames):
    dup = frames.checks[frames.checks["rule"] == "report.duplicate"]
    assert len(dup) == 3
    assert dup["message"].str.contains("涧池镇 2021").all()


def test_a_missing_path_is_a_failed_report_not_an_exception(tmp_path):
    frames = loaders.load([tmp_path / "nowhere.md"])
    rep = frames.reports.iloc[0]
    assert rep["status"] == "failed" and "无法打开" in rep["message"]


def test_unknown_format_is_failed(tmp_path):
    f = tmp_path / "report.rtf"
    f.write_bytes(SEED)
    rep = loaders.load([f]).reports.iloc[0]
    assert rep["status"] == "failed" and "不支持" in rep["message"]
