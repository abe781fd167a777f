"""The downloads of a selection, written from DuckDB to a file: tidy CSV, wide CSV, Excel, the CLI's facts.csv.

The facts are a relation named `facts` on the connection (the load snapshot's Parquet, or any
relation with the columns frames.FACT_COLUMNS + FACT_EXTRA); the wide table and the workbook also
read a relation `reports` (frames.REPORT_COLUMNS). The selection reaches the SQL as prepared-statement
parameters only: the text of a query depends on which filters are set, never on their values.
The tidy CSV and facts.csv stream in record batches (memory flat whatever the size); the wide table is
one row per report, built in memory; the workbook holds both sheets in memory, as Excel caps a
sheet at 1,048,576 rows anyway. Rows come in the relation's order, as in the frames: the writers
rely on DuckDB's preserve_insertion_order (on by default).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from ..dataset import TEXT, FactTable, sql_name
from ..frames import FACT_COLUMNS
from ..views import labels as L
from ..catalog import metrics
from ..views.queries import one_of, selection_conditions, where_clause
from ..views.selection import Selection, org_name
from ..views.tables import _report_identity, tidy_table, wide_columns, wide_headers
from . import xlsx_bytes
from .csv_stream import write_csv

#: Rows a batch carries from DuckDB to the file: ~25 MB of CSV text, whatever the selection's size.
BATCH_ROWS = 131_072
#: Rows of one Excel sheet, its header included.
EXCEL_MAX_ROWS = 1_048_576

# The tidy table: header, the facts' column, and the label its values take — views.tidy_table's, column by
# column (test_export_stream holds the two to the same bytes).
_TIDY = [
    (L.COL_ORG, "org", org_name), (L.COL_COUNTY, "county", None), (L.COL_YEAR, "year", None),
    (L.COL_TEMPLATE, "template", L.TEMPLATE_LABELS.get), (L.COL_SECTION, "section", None),
    (L.COL_METRIC, "metric_label", None), (L.COL_APPLICANT, "applicant_label", None), (L.COL_VALUE, "value", None),
    (L.COL_UNIT, "unit", None), (L.COL_READING, "reading", lambda r: L.READING_LABELS.get(r, r)),
    (L.COL_SOURCE, "source", None), (L.COL_LINE, "line", None),
]
_REPORT_IDENTITY = ("source", "org", "county", "year", "template")  # what the wide table reads of a report
_TYPES = {"year": "BIGINT", "line": "BIGINT", "value": "DOUBLE"}  # tidy_table's Int64 / float64 columns


def write_tidy_csv(con: duckdb.DuckDBPyConnection, out: BinaryIO, selection: Selection = Selection(),
                   metric_groups: Sequence[str] = ()) -> int:
    """The selection's facts as views.tidy_table's CSV (the same bytes as csv_bytes of it), streamed; its rows."""
    columns = ", ".join(f"CAST({sql_name(c)} AS {_TYPES[c]})" if c in _TYPES else sql_name(c) for _, c, _ in _TIDY)
    where, params = _facts_filter(selection, metric_groups)
    reader = con.sql(f"SELECT {columns} FROM facts{where}", params=params).to_arrow_reader(BATCH_ROWS)
    return write_csv(out, [h for h, _, _ in _TIDY], reader, [label for _, _, label in _TIDY])


def write_facts_csv(con: duckdb.DuckDBPyConnection, out: BinaryIO) -> int:
    """Every fact with its raw columns (FACT_COLUMNS first, then the relation's others), streamed: the CLI's
    facts.csv, the same bytes as csv_bytes of that frame; its rows."""
    present = [row[0] for row in con.sql("DESCRIBE facts").fetchall()]
    names = [c for c in FACT_COLUMNS if c in present] + [c for c in present if c not in FACT_COLUMNS]
    reader = con.sql(f"SELECT {', '.join(map(sql_name, names))} FROM facts").to_arrow_reader(BATCH_ROWS)
    return write_csv(out, names, reader)


def tidy_rows(con: duckdb.DuckDBPyConnection, selection: Selection = Selection(),
              metric_groups: Sequence[str] = ()) -> int:
    """How many rows the selection's tidy table has (one a fact)."""
    where, params = _facts_filter(selection, metric_groups)
    return con.sql(f"SELECT count(*) FROM facts{where}", params=params).fetchall()[0][0]


def fits_excel(con: duckdb.DuckDBPyConnection, selection: Selection = Selection(),
               metric_groups: Sequence[str] = ()) -> bool:
    """Whether the workbook's sheets (tidy: a row a fact; wide: a row a report) fit Excel's rows."""
    where, params = where_clause(selection_conditions(selection))
    reports = con.sql(f"SELECT count(DISTINCT source) FROM reports{where}", params=params).fetchall()[0][0]
    return max(tidy_rows(con, selection, metric_groups), reports) < EXCEL_MAX_ROWS


def tidy_frame(con: duckdb.DuckDBPyConnection, selection: Selection = Selection(),
               metric_groups: Sequence[str] = ()) -> pd.DataFrame:
    """The selection's views.tidy_table, in memory (for the workbook: at most a sheet's rows)."""
    where, params = _facts_filter(selection, metric_groups)
    names = ", ".join(sql_name(c) for _, c, _ in _TIDY)
    facts = con.sql(f"SELECT {names} FROM facts{where}", params=params).to_arrow_table()
    return tidy_table(_pandas(facts))


def wide_frame(con: duckdb.DuckDBPyConnection, selection: Selection = Selection(),
               metric_groups: Sequence[str] = ()) -> pd.DataFrame:
    """The selection's views.wide_table (one row per selected report, one column per metric present).

    The facts stream by in batches and fill a reports × columns array; a report's first fact of a
    column wins, as in wide_table (the relation is read in its order: DuckDB keeps insertion order)."""
    where, params = where_clause(selection_conditions(selection))
    reports = con.sql(f"SELECT {', '.join(_REPORT_IDENTITY)} FROM reports{where}", params=params)
    ident = _report_identity(None, _pandas(reports.to_arrow_table()))
    where, params = _facts_filter(selection, metric_groups)
    present = [row[0] for row in con.sql(f"SELECT DISTINCT metric FROM facts{where}", params=params).fetchall()]
    columns = wide_columns([m for m in present if m is not None])
    values = np.full((len(ident), len(columns)), np.nan)
    filled = np.zeros(values.shape, dtype=bool)
    if columns and len(ident):
        wanted = sorted({m for m, _ in columns})
        applicants = sorted({a for _, a in columns if a})
        rows = con.sql(f"SELECT source, metric, coalesce(applicant, '') AS applicant, CAST(value AS DOUBLE) AS value "
                       f"FROM facts{where}{' AND' if where else ' WHERE'} list_contains(?::VARCHAR[], metric) "
                       "AND (coalesce(applicant, '') = '' OR list_contains(?::VARCHAR[], applicant))",
                       params=[*params, wanted, applicants]).to_arrow_reader(BATCH_ROWS)
        sources, column_index = pd.Index(ident[L.COL_SOURCE]), pd.MultiIndex.from_tuples(columns)
        for batch in rows:
            _fill(values, filled, batch.to_pandas(), sources, column_index)
    out = pd.concat([ident, pd.DataFrame(values, columns=wide_headers(columns))], axis=1)
    return out.reset_index(drop=True)


def _fill(values: np.ndarray, filled: np.ndarray, batch: pd.DataFrame, sources: pd.Index,
          column_index: pd.MultiIndex) -> None:
    """Put a batch's values into their report's row and metric's column, where no earlier fact was."""
    row = sources.get_indexer(batch["source"])
    col = column_index.get_indexer(pd.MultiIndex.from_arrays([batch["metric"], batch["applicant"]]))
    kept = (row >= 0) & (col >= 0)
    cell = row[kept] * values.shape[1] + col[kept]
    cell, first = np.unique(cell, return_index=True)  # the batch's first fact of each cell
    new = ~filled.flat[cell]
    values.flat[cell[new]] = batch["value"].to_numpy(dtype="float64", na_value=np.nan)[kept][first[new]]
    filled.flat[cell[new]] = True


def write_wide_csv(con: duckdb.DuckDBPyConnection, out: BinaryIO, selection: Selection = Selection(),
                   metric_groups: Sequence[str] = ()) -> int:
    """The selection's wide table as CSV (the same bytes as csv_bytes of views.wide_table); its rows."""
    return write_frame_csv(out, wide_frame(con, selection, metric_groups))


def write_frame_csv(out: BinaryIO, frame: pd.DataFrame) -> int:
    """A frame as csv_bytes writes it, through the streaming writer in slices; its rows."""
    slices = (pa.RecordBatch.from_arrays([pa.array(frame.iloc[start:start + BATCH_ROWS, i], from_pandas=True)
                                          for i in range(frame.shape[1])], names=[str(i) for i in range(frame.shape[1])])
              for start in range(0, len(frame), BATCH_ROWS))
    return write_csv(out, list(frame.columns), slices)


def write_workbook(con: duckdb.DuckDBPyConnection, out: BinaryIO, selection: Selection = Selection(),
                   metric_groups: Sequence[str] = ()) -> None:
    """Both tables as the sheets 明细 and 宽表 of one workbook (xlsx_bytes); refuses (ValueError) a
    selection whose sheets would not fit Excel's rows: ask fits_excel first, and offer the CSV."""
    if not fits_excel(con, selection, metric_groups):
        raise ValueError(f"超过 Excel 工作表 {EXCEL_MAX_ROWS:,} 行的上限")
    out.write(xlsx_bytes({"明细": tidy_frame(con, selection, metric_groups),
                          "宽表": wide_frame(con, selection, metric_groups)}))


def over_frames(facts: FactTable | pd.DataFrame, reports: pd.DataFrame | None = None) -> duckdb.DuckDBPyConnection:
    """A new DuckDB connection with these facts (a load's table, narrowed or not, or a frame) as the
    relation `facts`, as the frames show them, and these reports as `reports`."""
    con = (facts if isinstance(facts, FactTable) else FactTable.of_frame(facts)).connection()
    if reports is not None:  # the columns the wide table names a report by
        con.register("reports", pa.Table.from_pandas(reports[list(_REPORT_IDENTITY)], preserve_index=False))
    return con


def _facts_filter(selection: Selection, metric_groups: Sequence[str]) -> tuple[str, list]:
    return where_clause(selection_conditions(selection) + _groups_condition(metric_groups))


def groups_filter(metric_groups: Sequence[str]) -> tuple[str, list]:
    """" WHERE …" keeping the facts of these metric groups (none: all), and its parameters."""
    return where_clause(_groups_condition(metric_groups))


def _groups_condition(metric_groups: Sequence[str]) -> list[tuple[str, list]]:
    if not metric_groups:  # the part of a metric id before its first dot: "penalty", "apps"…
        return []
    # the catalog's ids of the groups, as constants: DuckDB checks them against each Parquet row group's
    # statistics (the facts are stored by metric) instead of splitting every row's id
    chosen = set(metric_groups)
    return [one_of("metric", [m for m in metrics() if m.split(".", 1)[0] in chosen])]



def _pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as the frames' dtypes: text as Arrow-backed str, integers as Int64."""
    return table.to_pandas(types_mapper={pa.string(): TEXT,
                                         pa.large_string(): TEXT,
                                         pa.int64(): pd.Int64Dtype()}.get)
