"""The parse cache and the snapshot of a whole load: reused while nothing changed, never stale."""
from __future__ import annotations

import shutil

import pandas as pd

import loaders
from conftest import DATA

SEED = DATA / "jianchi-2021.md"


def _frames_equal(a, b) -> None:
    for x, y in ((a.facts, b.facts), (a.reports, b.reports), (a.checks, b.checks)):
        pd.testing.assert_frame_equal(x, y)


def test_a_second_load_gives_the_same_frames_as_a_fresh_parse(tmp_path):
    shutil.copy(SEED, tmp_path / "a.md")
    first = loaders.load([tmp_path], cache=tmp_path / "cache")
    again = loaders.load([tmp_path], cache=tmp_path / "cache")
    _frames_equal(first, again)
    _frames_equal(first, loaders.load([tmp_path], cache=False))
    assert list((tmp_path / "cache").glob("v-*/snapshots/*/facts.parquet"))


def test_a_changed_file_or_aliases_file_is_not_answered_from_the_snapshot(tmp_path):
    report = tmp_path / "a.md"
    shutil.copy(SEED, report)
    assert set(loaders.load([tmp_path], cache=tmp_path / "cache").reports["org"]) == {"涧池镇"}
    report.write_text(SEED.read_text(encoding="utf-8").replace("涧池镇", "新河镇") + "\n", encoding="utf-8")
    assert set(loaders.load([tmp_path], cache=tmp_path / "cache").reports["org"]) == {"新河镇"}
    (tmp_path / "aliases.csv").write_text("alias,org\n新河镇,新河乡\n", encoding="utf-8")
    assert set(loaders.load([tmp_path], cache=tmp_path / "cache").reports["org"]) == {"新河乡"}
