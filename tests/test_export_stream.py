"""The downloads written from DuckDB (loaders.export.streamed): the same bytes as the pandas path
(csv_bytes of views.tidy_table / wide_table), whatever the batch size; integers as integers; text made
safe; missing values empty; the selection filtering through SQL parameters only."""
from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loaders
from loaders import views
from loaders.export import csv_bytes
from loaders.export import streamed
from loaders.frames import FACT_COLUMNS, Frames
from loaders.samples import generate
from pages.ui import data, downloads
from tests.test_views import County, put

SELECTIONS = [views.Selection(), views.Selection(years=(2021, 2023)), views.Selection(templates=("2019",)),
              views.Selection(orgs=("甲镇", views.NO_ORG), years=(2020, 2021, 2022, 2023, 2024))]
GROUPS = [(), ("apps",), ("licensing", "penalty")]


@pytest.fixture(scope="module")
def bundled() -> Frames:
    return loaders.load([data.SAMPLE_FOLDER])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Frames:
    """A generated county with planted faults and missing years."""
    folder = tmp_path_factory.mktemp("county")
    generate(folder, orgs=6, years=range(2019, 2025), seed=11, fault_rate=0.4, missing_rate=0.15)
    return loaders.load([folder])


def written(write, frames: Frames, *args) -> bytes:
    out = io.BytesIO()
    with streamed.over_frames(frames.facts, frames.reports) as con:
        write(con, out, *args)
    return out.getvalue()


def by_pandas(frames: Frames, selection: views.Selection, groups) -> Frames:
    """Today's pandas path: views.select, then the metric groups' facts."""
    chosen = views.select(frames, selection)
    if groups:
        chosen = Frames(chosen.facts[chosen.facts["metric"].str.split(".").str[0].isin(groups)].reset_index(drop=True),
                        chosen.reports, chosen.checks)
    return chosen


@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_the_files_are_the_bytes_the_pandas_path_writes(which, request, monkeypatch):
    frames = request.getfixturevalue(which)
    monkeypatch.setattr(streamed, "BATCH_ROWS", 1_000)  # many batches: a report's facts cross their edges
    for selection in SELECTIONS:
        for groups in GROUPS:
            chosen = by_pandas(frames, selection, groups)
            tidy = written(streamed.write_tidy_csv, frames, selection, groups)
            assert tidy == csv_bytes(views.tidy_table(chosen.facts)), (selection, groups)
            wide = written(streamed.write_wide_csv, frames, selection, groups)
            assert wide == csv_bytes(views.wide_table(chosen.facts, chosen.reports)), (selection, groups)
    raw = frames.facts[FACT_COLUMNS + [c for c in frames.facts.columns if c not in FACT_COLUMNS]]
    assert written(lambda con, out: streamed.write_facts_csv(con, out), frames) == csv_bytes(raw)


def test_the_workbook_holds_the_same_sheets_as_the_pandas_path(generated):
    selection, groups = views.Selection(years=(2022,)), ("apps",)
    chosen = by_pandas(generated, selection, groups)
    with streamed.over_frames(generated.facts, generated.reports) as con:
        pd.testing.assert_frame_equal(streamed.tidy_frame(con, selection, groups), views.tidy_table(chosen.facts))
        pd.testing.assert_frame_equal(streamed.wide_frame(con, selection, groups),
                                      views.wide_table(chosen.facts, chosen.reports))
        book = io.BytesIO()
        streamed.write_workbook(con, book, selection, groups)
    with zipfile.ZipFile(book) as z:
        assert "明细" in z.read("xl/workbook.xml").decode() and "宽表" in z.read("xl/workbook.xml").decode()


def test_a_selection_past_excels_last_row_gets_no_workbook_but_a_message(generated, monkeypatch):
    rows = len(generated.facts)
    assert downloads.surely_fits_excel(generated.reports)
    with streamed.over_frames(generated.facts, generated.reports) as con:
        assert streamed.fits_excel(con)
        monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", rows)  # the header takes a row: one fact too many
        assert not streamed.fits_excel(con)
        assert streamed.fits_excel(con, metric_groups=("apps",))
        with pytest.raises(ValueError, match="Excel"):
            streamed.write_workbook(con, io.BytesIO())
    assert not downloads.fits_excel(generated) and downloads.fits_excel(generated, ("apps",))
    assert not downloads.surely_fits_excel(generated.reports), "the reports' fact counts bound the sheet"
    assert "明细数据（CSV）" in downloads.TOO_BIG_FOR_EXCEL and "1,048,576 行" in downloads.TOO_BIG_FOR_EXCEL


def test_a_loads_fact_counts_settle_any_selections_workbook_as_counting_its_facts_does(generated, monkeypatch):
    counts = downloads.FactCounts.of(generated, ("apps",))  # once per load, for every selection
    apps = generated.facts[generated.facts["metric"].str.startswith("apps.")]
    per_source = apps["source"].value_counts()
    assert counts.most[-1] == counts.fewest[-1] == len(apps)
    rng = np.random.default_rng(5)
    for n in (1, 5, len(generated.reports) // 3, len(generated.reports) - 1, len(generated.reports)):
        chosen = generated.reports.sample(n, random_state=int(rng.integers(1 << 30))).reset_index(drop=True)
        facts = int(per_source.reindex(chosen["source"].unique()).fillna(0).sum())
        for limit in (facts, facts + 1, counts.fewest[n], counts.fewest[n] + 1, counts.most[n], counts.most[n] + 1,
                      n, n + 1):
            monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", int(limit))
            assert counts.fit_excel(chosen) == (max(facts, n) < limit), (n, limit, facts)
    chosen = views.select(generated, views.Selection(years=(2022,)))
    monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", 1 << 20)
    assert downloads.fits_excel(chosen, ("apps",)) and counts.fit_excel(chosen.reports)
    seed = str(data.SAMPLE_FOLDER / "jianchi-2021.md")
    twice = loaders.load([seed, seed], cache=False)  # a file listed twice: two rows of one source, its facts twice
    counts = downloads.FactCounts.of(twice, ("apps",))
    facts = int(twice.facts["metric"].str.startswith("apps.").sum())
    assert counts.repeated == 1 and counts.by_source.tolist() == [facts]
    monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", facts)
    assert not counts.fit_excel(twice.reports) and not downloads.fits_excel(twice, ("apps",))
    monkeypatch.setattr(streamed, "EXCEL_MAX_ROWS", facts + 1)
    assert counts.fit_excel(twice.reports) and downloads.fits_excel(twice, ("apps",))


def _hand_made() -> Frames:
    c = County()
    a = c.report("甲镇", 2021)
    put(c, a, "licensing.decisions", 356.0, line=15)
    put(c, a, "fees.amount", 0.5, line=16)
    put(c, a, "apps.disclosed", float("nan"), line=17)
    b = c.report("=HYPERLINK(\"http://x\")", 2021, source="@evil\r=cmd|' /C calc'!A0.md")
    put(c, b, "licensing.decisions", -5, line=3)
    q = c.report("O'Brien\"; DROP TABLE facts; --", 2022, source="q,uote\".md")
    put(c, q, "licensing.decisions", 7, line=4)
    c.report("乙\t乡\n镇", 2022, source="a\nb\tc.md")
    return c.frames()


def rows_of(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1, "one BOM, at the start"
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_integers_stay_integers_and_a_fraction_stays_a_fraction():
    tidy = rows_of(written(streamed.write_tidy_csv, _hand_made()))
    values = dict(zip(tidy[views.COL_LINE], tidy[views.COL_VALUE]))
    assert values == {"15": "356", "16": "0.5", "17": "", "3": "-5", "4": "7"}
    assert set(tidy[views.COL_YEAR]) == {"2021", "2022"}
    wide = rows_of(written(streamed.write_wide_csv, _hand_made()))
    assert wide.loc[wide[views.COL_ORG] == "甲镇", "行政许可·处理决定数量"].tolist() == ["356"]


def test_a_missing_value_is_an_empty_cell_never_zero():
    wide = rows_of(written(streamed.write_wide_csv, _hand_made()))
    empty = wide[wide[views.COL_SOURCE] == "a b c.md"].iloc[0]  # a report with no numbers is still a row
    assert empty["行政许可·处理决定数量"] == "" and empty[views.COL_YEAR] == "2022"
    assert wide.loc[wide[views.COL_ORG] == "甲镇", "予以公开"].tolist() == [""]  # read as NaN


def test_formula_like_text_is_neutralised_and_breaks_become_spaces():
    data = written(streamed.write_wide_csv, _hand_made())
    text = data.decode("utf-8-sig")
    assert "\r" not in text and "\t" not in text and text.count("\n") == 4 + 1  # header and four reports
    wide = rows_of(data)
    assert "'=HYPERLINK(\"http://x\")" in set(wide[views.COL_ORG])
    assert "'@evil =cmd|' /C calc'!A0.md" in set(wide[views.COL_SOURCE])
    assert "乙 乡 镇" in set(wide[views.COL_ORG])
    assert wide.loc[wide[views.COL_SOURCE] == "'@evil =cmd|' /C calc'!A0.md", "行政许可·处理决定数量"].tolist() == ["-5"]


def test_names_with_quotes_select_their_own_rows_and_break_no_sql():
    frames = _hand_made()
    name = "O'Brien\"; DROP TABLE facts; --"
    for write in (streamed.write_tidy_csv, streamed.write_wide_csv):
        out = rows_of(written(write, frames, views.Selection(orgs=(name,))))
        assert out[views.COL_ORG].tolist() == [name] and out[views.COL_SOURCE].tolist() == ["q,uote\".md"]
    assert len(rows_of(written(streamed.write_tidy_csv, frames))) == 5, "the facts are all still there"


def test_the_selection_filters_in_sql():
    frames = _hand_made()
    by_year = rows_of(written(streamed.write_tidy_csv, frames, views.Selection(years=(2022,))))
    assert by_year[views.COL_LINE].tolist() == ["4"]
    by_group = rows_of(written(streamed.write_tidy_csv, frames, views.Selection(), ("fees",)))
    assert by_group[views.COL_VALUE].tolist() == ["0.5"]
    nothing = rows_of(written(streamed.write_tidy_csv, frames, views.Selection(templates=("2019",))))
    assert nothing.empty and list(nothing.columns)[0] == views.COL_ORG
    with streamed.over_frames(frames.facts, frames.reports) as con:
        assert streamed.tidy_rows(con, views.Selection(orgs=("甲镇",)), ("licensing",)) == 1


_TEXT = st.text(st.sampled_from(list("ab,\"'=+-@ \t\r\n\0甲") + ["\u3000", "＝", "\x1c"]), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), _TEXT),
                          st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6).map(float)),
                          st.one_of(st.none(), st.integers(-10**12, 10**12))), max_size=8))
def test_any_cells_are_written_as_csv_bytes_writes_them(rows):
    frame = pd.DataFrame(rows, columns=["文本", "数值", "整数"]).astype(
        {"文本": pd.StringDtype("pyarrow", na_value=float("nan")), "数值": "float64", "整数": "Int64"})
    out = io.BytesIO()
    streamed.write_frame_csv(out, frame)
    assert out.getvalue() == csv_bytes(frame)


def test_over_the_load_snapshots_parquet_the_files_are_the_frames_bytes(tmp_path):
    """What the pages use: a warm load's facts stay in <cache>/v-*/snapshots/<key>/facts.parquet (stored by
    metric), and the connection of its FactTable shows them in the load's order, under the frames' names."""
    loaders.load([data.SAMPLE_FOLDER], cache=tmp_path)
    frames = loaders.load([data.SAMPLE_FOLDER], cache=tmp_path)
    assert frames.fact_table.files and frames.fact_table.frame is None
    con = streamed.over_frames(frames.fact_table, frames.reports)
    selection, groups = views.Selection(years=(2022, 2023)), ("apps", "penalty")
    chosen = by_pandas(frames, selection, groups)
    for write, expected in ((streamed.write_tidy_csv, views.tidy_table(chosen.facts)),
                            (streamed.write_wide_csv, views.wide_table(chosen.facts, chosen.reports))):
        out = io.BytesIO()
        write(con, out, selection, groups)
        assert out.getvalue() == csv_bytes(expected)
    assert len(chosen.facts) > 1000


class Recording:
    """A connection that keeps every query it is asked, with its parameters."""

    def __init__(self, con):
        self.con, self.queries = con, []

    def sql(self, query, params=None):
        self.queries.append((query, params))
        return self.con.sql(query, params=params)


def _scanned_columns(con, query, params) -> set[str]:
    import json

    plan = json.loads(con.sql(f"EXPLAIN (FORMAT JSON) {query}", params=params).fetchall()[0][1])
    columns, nodes = set(), list(plan)
    while nodes:
        node = nodes.pop()
        nodes += node.get("children", [])
        if node.get("name") == "PARQUET_SCAN":
            projected = node["extra_info"].get("Projections", [])
            columns |= {projected} if isinstance(projected, str) else set(projected)  # one column: a string
    return columns


def test_each_query_reads_only_the_parquet_columns_its_file_needs(tmp_path, generated):
    import duckdb

    generated.facts.to_parquet(tmp_path / "facts.parquet", index=False)
    generated.reports.to_parquet(tmp_path / "reports.parquet", index=False)
    con = duckdb.connect()
    for name in ("facts", "reports"):
        con.read_parquet(str(tmp_path / f"{name}.parquet")).create_view(name)
    tidy = {"org", "county", "year", "template", "section", "metric_label", "applicant_label", "value", "unit",
            "reading", "source", "line", "metric"}  # metric: the groups' ids, checked in the scan
    wide = {"source", "metric", "applicant", "value", "org", "county", "year", "template"}
    for write, needed in ((streamed.write_tidy_csv, tidy), (streamed.write_wide_csv, wide)):  # filters: pushed down
        recording = Recording(con)
        write(recording, io.BytesIO(), views.Selection(years=(2021,)), ("apps",))
        read = set().union(*(_scanned_columns(con, q, p) for q, p in recording.queries))
        assert read == needed, write.__name__


@pytest.mark.parametrize("names", [["-1", "=a"], [-1, 2.5]])
def test_headers_are_neutralised_unless_they_are_all_numbers_as_in_csv_bytes(names):
    frame = pd.DataFrame([[1.0, "x"]], columns=names)
    out = io.BytesIO()
    streamed.write_frame_csv(out, frame)
    assert out.getvalue() == csv_bytes(frame)
