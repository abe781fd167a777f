"""The parse cache and the snapshot of a whole load: reused while nothing changed, never stale."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd

import loaders
from conftest import DATA, ROOT
from loaders import cache

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


def test_a_parallel_load_over_a_partly_filled_cache_equals_a_fresh_parse_in_one_process(tmp_path):
    from loaders.samples import generate
    from loaders.sources import CHUNK, PARALLEL_FROM

    folder = tmp_path / "reports"
    written = sorted(generate(folder, orgs=25, years=range(2019, 2026), seed=3, fault_rate=0.2))  # reading order
    assert len(written) >= PARALLEL_FROM
    # the same bytes under a second name, in another chunk of the pool; a file that cannot be read
    original = written[CHUNK + 10]  # parsed in the second chunk, its copy in the third
    shutil.copy(original, folder / f"zz-copy{original.suffix}")
    (folder / "zz-unreadable.md").symlink_to(tmp_path / "gone.md")  # listed, but cannot be opened
    cache = tmp_path / "cache"
    loaders.load([p for p in written[: CHUNK + 5]], cache=cache)  # some files already in the cache
    parallel = loaders.load([folder], cache=cache, workers=2)
    fresh = loaders.load([folder], cache=False, workers=1)
    _frames_equal(parallel, fresh)
    assert len(parallel.reports) == len(written) + 2
    copies = parallel.facts[parallel.facts["source"].str.endswith(("zz-copy" + original.suffix, original.name))]
    assert copies.groupby("source").size().nunique() == 1  # both names carry all the numbers once
    assert parallel.reports.set_index("source").loc[str(folder / "zz-unreadable.md"), "status"] == "failed"


def test_files_the_cache_lists_but_cannot_give_are_parsed_again(tmp_path):
    shutil.copy(SEED, tmp_path / "a.md")
    cache = tmp_path / "cache"
    loaders.load([tmp_path], cache=cache)
    for part in cache.glob("v-*/facts/*.parquet"):  # damaged after its keys were listed
        part.write_bytes(b"not parquet")
    shutil.copy(SEED, tmp_path / "b.md")  # a new listing: no snapshot answers
    again = loaders.load([tmp_path], cache=cache)
    fresh = loaders.load([tmp_path], cache=False)
    _frames_equal(again, fresh)
    assert len(again.facts) == 2 * len(loaders.load([SEED], cache=False).facts)


def test_the_modules_the_cache_version_leaves_out_are_never_run_by_a_load(tmp_path):
    # an edit to them keeps every cached parse: were a load to use one, a cached parse could be stale
    shutil.copy(SEED, tmp_path / "a.md")
    script = (f"import sys, loaders; loaders.load([{str(tmp_path)!r}], cache={str(tmp_path / 'cache')!r}); "
              "print('\\n'.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    used = [m.removeprefix("loaders.").replace(".", "/") for m in done.stdout.split() if m.startswith("loaders.")]
    assert "report" in used and "review/dates" in used  # the parser is there, and seen
    left_out = [e.removesuffix(".py") for e in cache._NOT_PARSER]
    assert "review/decisions" in left_out
    assert not [m for m in used if any(m == e or m.startswith(e + "/") for e in left_out)]
