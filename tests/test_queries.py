"""The facts asked of DuckDB (loaders.views.queries, loaders.dataset): the same rows a pandas mask of the
whole frame gives, only the columns asked for read from the Parquet snapshot, and a load whose facts
never pass through the main process giving the same frames as one made in memory."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import loaders
from loaders import views
from loaders.dataset import ORDER_COLUMNS
from loaders.frames import FACT_COLUMNS, FACT_EXTRA

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "jianchi-2021.md"


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    """Copies of the seed for four bodies and three years."""
    folder = tmp_path_factory.mktemp("county")
    text = SEED.read_text(encoding="utf-8")
    for org, year in [("涧池镇", "2021"), ("涧池镇", "2022"), ("白鹤镇", "2022"), ("青山乡", "2023")]:
        (folder / f"{org}-{year}.md").write_text(text.replace("涧池镇", org).replace("2021", year), encoding="utf-8")
    (folder / "黄石镇-2022.md").write_text(text.replace("涧池镇", "黄石镇").replace("2021", "2022"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def loads(county, tmp_path_factory):
    """(in memory, from the Parquet snapshot) frames of the same folder."""
    cache = tmp_path_factory.mktemp("cache")
    loaders.load([county], cache=cache)
    return loaders.load([county], cache=False), loaders.load([county], cache=cache)


def _masked(frames, selection: views.Selection, metrics: list[str]) -> pd.DataFrame:
    facts = frames.facts
    keep = facts["metric"].isin(metrics)
    if selection.years:
        keep &= facts["year"].isin(selection.years)
    if selection.orgs:
        chosen = facts["org"].isin(selection.orgs)
        if views.NO_ORG in selection.orgs:
            chosen |= facts["org"].fillna("").str.strip() == ""
        keep &= chosen
    return facts.loc[keep.fillna(False).astype(bool), list(views.VALUE_COLUMNS)].reset_index(drop=True)


def test_a_warm_load_holds_its_facts_in_the_snapshot_not_in_memory(loads):
    memory, snapshot = loads
    assert snapshot.fact_table.files and snapshot.fact_table.frame is None
    assert snapshot.fact_table.files[0].endswith("facts.parquet")
    pd.testing.assert_frame_equal(memory.facts, snapshot.facts)
    assert list(snapshot.facts.columns) == FACT_COLUMNS + FACT_EXTRA
    assert len(snapshot.facts) == 5 * 23  # the seed's 23 numbers in each of the five copies


@pytest.mark.parametrize("selection", [
    views.Selection(),
    views.Selection(years=(2022,)),
    views.Selection(orgs=("白鹤镇", "青山乡")),
    views.Selection(orgs=(views.NO_ORG,)),
    views.Selection(orgs=("涧池镇",), years=(2021, 2023)),
    views.Selection(orgs=("不在其中的单位",)),
])
def test_selected_facts_are_the_rows_a_mask_of_the_whole_frame_gives(loads, selection):
    metrics = ["apps.denied.state_secret", "proactive.items_total"]
    for frames in loads:
        got = views.selected_facts(frames, selection, metrics)
        pd.testing.assert_frame_equal(got, _masked(frames, selection, metrics))
        assert len(got) == 2 * len(views.select_reports(frames.reports, selection))  # each copy shows both


def test_a_blank_body_of_any_kind_counts_as_naming_none(loads):
    facts = loads[0].facts.copy()
    sources = list(dict.fromkeys(facts["source"]))
    for source, blank in zip(sources, ["", "\u3000", " \t", None]):  # full-width space, whitespace, a gap
        facts.loc[facts["source"] == source, "org"] = blank
    frames = loaders.Frames(facts, loads[0].reports, loads[0].checks)
    got = views.selected_facts(frames, views.Selection(orgs=(views.NO_ORG,)), ["proactive.items_total"])
    assert list(got["source"]) == sources[:4] and list(got["value"]) == [list(facts.loc[
        facts["metric"] == "proactive.items_total", "value"])[0]] * 4


def test_a_value_with_a_quote_is_a_parameter_not_sql(loads):
    _, frames = loads
    got = views.selected_facts(frames, views.Selection(orgs=("x' OR '1'='1",)), ["proactive.items_total"])
    assert got.empty
    assert len(views.selected_facts(frames, views.Selection(orgs=("白鹤镇",)), ["proactive.items_total"])) == 1


def test_an_unknown_column_is_an_error_not_a_gap(loads):
    with pytest.raises(ValueError, match="no such fact columns"):
        views.selected_facts(loads[1], views.Selection(), None, ["source", "valeu"])


def _projection(plan: str) -> set[str]:
    """The columns the Parquet scan of a plan reads (DuckDB lists them under Projections)."""
    at = max(plan.find("PARQUET_SCAN"), plan.find("READ_PARQUET"))
    scan = plan[plan.index("Projections:", at):]
    names = []
    for line in scan.splitlines()[0:]:
        cell = line.strip("│ ").strip()
        if cell.startswith("Projections:"):
            cell = cell[len("Projections:"):]
        elif not cell or ":" in cell or not re.fullmatch(r"[\w, ]+", cell):
            break
        names += [c.strip() for c in cell.split(",") if c.strip()]
    return set(names)


@pytest.mark.parametrize("columns", [views.VALUE_COLUMNS, ("source", "metric", "applicant", "value")])
def test_a_page_query_reads_only_its_columns_from_the_snapshot(loads, columns):
    _, frames = loads
    table = views.narrowed(frames, views.Selection(years=(2022,)), ["proactive.items_total"])
    plan = table.explain(views.columns_query(columns))
    assert "PARQUET_SCAN" in plan or "READ_PARQUET" in plan
    read = _projection(plan)
    # the filters' columns and the load's order, and nothing else
    assert read <= set(columns) | {"year", "metric"} | set(ORDER_COLUMNS), plan
    assert "char_start" not in read and "metric_label" not in read
    assert "year=2022" in plan.replace(" ", "") and "metric='proactive.items_total'" in plan.replace(" ", "")


def test_the_snapshot_is_stored_by_metric_and_read_in_the_load_order(loads):
    memory, snapshot = loads
    import pyarrow.parquet as pq

    stored = pq.read_table(snapshot.fact_table.files[0], columns=["metric", *ORDER_COLUMNS]).to_pandas()
    assert stored["metric"].is_monotonic_increasing  # a metric's rows in a few row groups, not in all of them
    assert not stored[list(ORDER_COLUMNS)].apply(tuple, axis=1).is_monotonic_increasing
    pd.testing.assert_frame_equal(snapshot.facts, memory.facts)  # read back in the load's order


def test_one_report_reads_only_its_own_rows(loads):
    _, frames = loads
    source = frames.reports["source"].iloc[0]
    one = views.one_report(frames, source)
    assert len(one.facts) == 23 and set(one.facts["source"]) == {source}
    assert len(one.reports) == 1


def test_shown_names_are_what_a_filter_on_source_compares(loads):
    _, frames = loads
    folder = str(Path(frames.reports["source"].iloc[0]).parent) + "/"
    names = {s: s[len(folder):] for s in frames.reports["source"]}
    shown = loaders.frames.renamed_sources(frames, names)
    got = views.selected_facts(shown, sources=["白鹤镇-2022.md"], metrics=["proactive.items_total"])
    assert list(got["source"]) == ["白鹤镇-2022.md"]


def test_a_damaged_snapshot_is_only_a_cache(county, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(county, tmp_path / "reports")
    loaders.load([tmp_path / "reports"], cache=cache)
    for part in cache.glob("v-*/snapshots/*/facts.parquet"):
        part.write_bytes(b"cut short")
    again = loaders.load([tmp_path / "reports"], cache=cache)
    assert len(again.facts) == 5 * 23


def test_a_connection_of_its_own_sees_the_narrowed_table(loads):
    _, frames = loads
    table = views.narrowed(frames, views.Selection(years=(2022,)), ["proactive.items_total"])
    con = table.connection()  # a download runs on another thread, with a connection of its own
    assert con.sql("SELECT count(*), min(year), max(year) FROM facts").fetchall() == [(3, 2022, 2022)]
    plan = "\n".join(row[1] for row in con.sql("EXPLAIN SELECT value FROM facts").fetchall())
    # the scan reads the value, the filters' columns, and what shows the load's order under the frames' names
    assert not {"char_start", "metric_label", "section", "reading", "org"} & set(re.findall(r"\w+", plan)), plan


def test_text_mapped_renames_through_a_text_map_as_through_a_dict():
    from loaders.dataset import TextMap, text_mapped

    values = pd.Series(["/r/a.txt", "/r/b.txt", None, "/x/c.txt", "/r/a.txt"], dtype="str")
    names = {"/r/a.txt": "a.txt", "/r/b.txt": "b.txt"}
    shown = text_mapped(values, TextMap(names))
    assert shown.tolist()[:2] + shown.tolist()[3:] == ["a.txt", "b.txt", "/x/c.txt", "a.txt"]  # unknown: kept
    assert pd.isna(shown[2]) and shown.equals(text_mapped(values, names))
    assert text_mapped(values, names, otherwise="?").tolist() == ["a.txt", "b.txt", "?", "?", "a.txt"]
    assert TextMap(names).inverse == {"a.txt": "/r/a.txt", "b.txt": "/r/b.txt"}
