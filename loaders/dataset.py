"""Where a load's facts are, and the one way they are read: SQL in DuckDB.

A load holds ~200 numbers per report — 20 million rows for a province — so the facts are not kept as
one pandas frame. They stay in Parquet (the load snapshot, see cache.py) and every reader asks DuckDB
for the rows and columns it shows; pandas receives only that. Facts assembled in this process (a load
without a cache, or reports read one by one) are the same table held in memory: DuckDB reads that frame
with the same SQL, so there is one code path whatever the size.
"""
from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: The name the facts go by in every query of `FactTable.query`.
FACTS = "facts"
#: Where each fact stands in its load (the file's place in the listing, the row's in the file's rows):
#: stored beside the data contract's columns, which are kept by metric, so that readers get the load's order.
ORDER_COLUMNS = ("_file", "_row")
IN_LOAD_ORDER = f"ORDER BY {', '.join(ORDER_COLUMNS)}"

# DuckDB's own threads beside Streamlit's and the parse workers': two are what this machine has; the
# memory cap makes a large sort or join spill to disk rather than grow the process.
_SETTINGS = {"threads": min(2, os.cpu_count() or 1), "memory_limit": os.environ.get("NIANBAO_DUCKDB_MEMORY", "1GB"),
             "preserve_insertion_order": True}

#: The frames' text columns: Arrow-backed strings, a gap NaN (as pandas' default "str").
TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def connect() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB connection with the loaders' settings (used by one thread at a time)."""
    con = duckdb.connect(config={k: str(v) for k, v in _SETTINGS.items()})
    con.execute("SET enable_progress_bar = false")  # no bar on the app's terminal
    # every query reads the snapshot's footer again otherwise: 57 ms of each at 100,000 reports (159 row groups);
    # the files are written once under names of their own, and DuckDB checks a cached footer against the file's time
    con.execute("SET parquet_metadata_cache = true")
    # past the memory cap a sort or join spills here (an in-memory database has no folder of its own)
    con.execute(f"SET temp_directory = '{sql_text(os.path.join(tempfile.gettempdir(), 'nianbao-duckdb'))}'")
    return con


# The pages' queries share one connection, one query at a time: opening a database costs ~0.1 s and
# Streamlit runs every rerun in a new thread, while a query takes milliseconds. (Cursors of one database
# would share its views, which every query redefines.)
_shared: list[duckdb.DuckDBPyConnection] = []
_shared_lock = threading.RLock()


def _connection() -> duckdb.DuckDBPyConnection:
    """The shared query connection (hold _shared_lock while using it)."""
    if not _shared:
        _shared.append(connect())
    return _shared[0]


def sql_text(text: str) -> str:
    """Text as the inside of an SQL string literal (for paths, which cannot be parameters of COPY)."""
    return text.replace("'", "''")


def sql_name(name: str) -> str:
    """A column's name quoted for SQL ("table" and "row" are SQL words)."""
    return '"' + name.replace('"', '""') + '"'


def sql_paths(paths) -> str:
    """File paths as an SQL list literal, e.g. for read_parquet([...])."""
    return "[" + ", ".join(f"'{sql_text(str(p))}'" for p in paths) + "]"


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """An Arrow result as the loaders' frames type it: text as Arrow-backed strings, whole-number
    columns as nullable Int64 (a gap stays a gap, never NaN or 0), values as float64."""
    mapping = {pa.string(): TEXT, pa.large_string(): TEXT, pa.string_view(): TEXT, pa.int64(): pd.Int64Dtype(),
               pa.int32(): pd.Int64Dtype()}
    table = table.cast(pa.schema([f.with_type(pa.large_string()) if pa.types.is_string_view(f.type) else f
                                  for f in table.schema]))
    return table.to_pandas(types_mapper=mapping.get)


@dataclass(eq=False)
class FactTable:
    """A load's facts: Parquet files (`files`), or a frame held in memory (`frame`); perhaps narrowed
    to the rows that meet `filters` (SQL conditions with their parameters), each `source` shown under
    its name in `names` (the app shows paths relative to the reports folder)."""

    files: tuple[str, ...] = ()
    frame: pd.DataFrame | None = None
    names: TextMap = field(default_factory=lambda: TextMap())
    filters: tuple[tuple[str, tuple], ...] = ()
    _whole: pd.DataFrame | None = field(default=None, repr=False)

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> FactTable:
        """The facts of a frame already in memory (in the load's order, unless it holds ORDER_COLUMNS)."""
        if ORDER_COLUMNS[0] not in frame.columns:
            frame = frame.assign(**{ORDER_COLUMNS[0]: np.zeros(len(frame), dtype="int64"),
                                    ORDER_COLUMNS[1]: np.arange(len(frame), dtype="int64")})
        return cls(frame=frame)

    def renamed(self, names: Mapping[str, str]) -> FactTable:
        """The same facts with sources shown under these names (each a name of the stored source)."""
        return replace(self, names=TextMap({**self.names, **names}), _whole=None)

    def narrowed(self, condition: str, params: Sequence = ()) -> FactTable:
        """The rows that also meet `condition` (SQL on the stored columns; sources as stored)."""
        return replace(self, filters=self.filters + ((condition, tuple(params)),), _whole=None)

    def stored_sources(self, shown: Sequence[str]) -> list[str]:
        """The sources as stored for sources as shown (what a condition on `source` must compare)."""
        back = self.names.inverse
        return [back.get(s, s) for s in shown]

    def query(self, sql: str, params: Sequence = (), tables: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
        """The result of `sql` (which reads the table named `facts`, and `tables`: small frames it joins,
        by name) as a typed frame, sources shown under their names."""
        with _shared_lock:
            con = _connection()
            for name, frame in (tables or {}).items():
                con.register(name, frame)
            try:
                result = to_pandas(self._run(sql, params).to_arrow_table())
            finally:
                for name in tables or {}:
                    con.unregister(name)
        if self.names and "source" in result.columns:
            result["source"] = text_mapped(result["source"], self.names)
        return result

    def explain(self, sql: str, params: Sequence = ()) -> str:
        """DuckDB's plan of `sql`: what a test reads to see which columns a query takes from the files."""
        with _shared_lock:
            return "\n".join(row[1] for row in self._run(sql, params, "EXPLAIN ").fetchall())

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A new connection on which the view `facts` is this table as the frames show it — the data
        contract's columns, sources under their names, in the load's order — for a reader that streams
        its own query, e.g. a download (run on another thread than the page's queries)."""
        con = connect()
        self._define(con, _NARROWED)
        con.register("shown_names", pd.DataFrame({"stored": list(self.names), "shown": list(self.names.values())},
                                                 dtype="str"))
        hidden = ", ".join(ORDER_COLUMNS)
        # the join may move rows: the load's order is set after it
        con.sql(f"SELECT f.* EXCLUDE ({hidden}) REPLACE (coalesce(n.shown, f.source) AS source) FROM {_NARROWED} f "
                f"LEFT JOIN shown_names n ON f.source = n.stored ORDER BY {', '.join('f.' + c for c in ORDER_COLUMNS)}"
                ).create_view(FACTS)
        return con

    def _run(self, sql: str, params: Sequence, prefix: str = "") -> duckdb.DuckDBPyRelation:
        con = _connection()
        self._define(con)
        return con.sql(prefix + sql, params=list(params))

    def _define(self, con: duckdb.DuckDBPyConnection, name: str = FACTS) -> None:
        """Make `name` on `con` this table: the stored rows, narrowed by the filters. The filters' values
        are bound to the view, and DuckDB still takes its conditions and columns into the Parquet scan."""
        stored = con.from_df(self.frame) if self.frame is not None else con.read_parquet(list(self.files))
        if not self.filters:
            stored.create_view(name)
            return
        con.register(_STORED, stored)
        where = " AND ".join(f"({c})" for c, _ in self.filters)
        con.sql(f"SELECT * FROM {_STORED} WHERE {where}", params=[v for _, ps in self.filters for v in ps]) \
            .create_view(name)

    def whole(self) -> pd.DataFrame:
        """Every fact as one frame (read once, then kept): for library users; the app never asks for it."""
        if self._whole is None:
            if self.frame is None or self.filters:
                self._whole = self.query(f"SELECT * EXCLUDE ({', '.join(ORDER_COLUMNS)}) FROM {FACTS} {IN_LOAD_ORDER}")
            else:  # a frame in memory is in the load's order
                whole = self.frame.drop(columns=list(ORDER_COLUMNS))
                self._whole = whole.assign(source=text_mapped(whole["source"], self.names)) if self.names else whole
        return self._whole


_STORED = "stored_facts"
_NARROWED = "narrowed_facts"


class TextMap(dict):
    """A mapping of text to text (a load's stored sources to the names shown) that builds its Arrow lookup and its
    inverse once: every query's sources are looked up among all of a province's (100,000 paths)."""

    @cached_property
    def arrays(self) -> tuple[pa.Array, pa.Array]:
        """The keys and the values, as Arrow arrays in the same order."""
        return pa.array(list(self), type=pa.large_string()), pa.array(list(self.values()), type=pa.large_string())

    @cached_property
    def inverse(self) -> dict[str, str]:
        """Value → key (the last key of a value shared by several)."""
        return {v: k for k, v in self.items()}


def text_mapped(values: pd.Series, mapping: Mapping[str, str], otherwise: str | None = None) -> pd.Series:
    """values.map(mapping) for a text column of few distinct values (catalog ids, sources): each distinct
    value is looked up once. A value the mapping lacks stays itself, or becomes `otherwise`; so does a
    gap when `otherwise` is given."""
    # encoded chunk by chunk (one dictionary for all): joining the chunks first would copy every text
    encoded = pc.dictionary_encode(pa.array(values, type=pa.large_string()))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    # each distinct value found among the mapping's keys by Arrow's hash lookup: a mapping of every source of a
    # province (100,000 paths) looked up from Python took a tenth of a second per query
    distinct = encoded.dictionary.cast(pa.large_string())
    keys, shown = (mapping if isinstance(mapping, TextMap) else TextMap(mapping)).arrays
    found = pc.index_in(distinct, value_set=keys)
    kept = distinct if otherwise is None else pa.nulls(len(distinct), pa.large_string()).fill_null(otherwise)
    labels = pc.if_else(pc.is_valid(found), shown.take(found), kept)
    mapped = labels.take(encoded.indices)
    if otherwise is not None:
        mapped = pc.fill_null(mapped, otherwise)
    return pd.Series(mapped, index=values.index, dtype=TEXT)
