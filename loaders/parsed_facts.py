"""The parsed facts of one load, where they are, and the facts table made from them in DuckDB.

Parse workers write their facts to the parse cache as they go (see sources.py), so the main process
never holds them: it knows only where each report's rows are — a part file of the cache, or a frame in
memory when there is no cache — and has DuckDB join them to the files of the load (their `source`,
the body after aliases) into the facts table, written straight to the load snapshot's Parquet file.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .catalog import APPLICANT_LABELS, metrics
from .dataset import ORDER_COLUMNS, connect, sql_name, sql_paths, sql_text, to_pandas
from .frames import FACT_COLUMNS, FACT_EXTRA, FACT_FIELDS, _typed

MEMORY = "memory:"  # the part name of rows held in memory (no cache, or a cache that could not be written)


@dataclass
class ParsedFacts:
    """Where the parsed fact rows (FACT_FIELDS, keyed by report) of a load are: Parquet part files of
    the parse cache, and frames in memory; `part_of` names the one place each report's rows are read
    from (two loads may both have stored a file: its rows are read once)."""

    files: list[str] = field(default_factory=list)
    frames: list[pd.DataFrame] = field(default_factory=list)
    part_of: dict[str, str] = field(default_factory=dict)

    def add_frame(self, facts: pd.DataFrame, keys: Sequence[str]) -> None:
        """Rows held in memory for these reports (those keys not already placed)."""
        name = f"{MEMORY}{len(self.frames)}" if len(facts) else f"{MEMORY}none"  # reports without a fact
        if len(facts):  # a cold load's chunks leave hundreds of empty frames: they add nothing to hold
            self.frames.append(facts)
        for key in keys:
            self.part_of.setdefault(key, name)

    def add_file(self, path: str, keys: Sequence[str]) -> None:
        """A part file of the cache holding these reports' rows (those keys not already placed)."""
        if path not in self.files:
            self.files.append(path)
        for key in keys:
            self.part_of.setdefault(key, path)

    @cached_property
    def _in_memory(self) -> pd.DataFrame:
        """The frames held in memory as one, each row with its place and row number (made once the load's
        rows are all placed: the checks, the counts and the facts table each read it)."""
        return pd.concat([f.assign(part=f"{MEMORY}{i}", n=np.arange(len(f), dtype="int64"))[FACT_FIELDS + ["part", "n"]]
                          for i, f in enumerate(self.frames)], ignore_index=True)

    def _register(self, con: duckdb.DuckDBPyConnection) -> str:
        """Register the rows as the view `parsed` (FACT_FIELDS, then `part`, where they are, and their row
        number there `n`), each report's rows from its one place; returns its name."""
        # one scan of every file (DuckDB gives each chunk its file's name as a constant, not a string a
        # row), kept to each report's place by a semi join on (key, place)
        selects = []
        if self.files:
            selects.append(f"SELECT {_FIELDS}, filename AS part, file_row_number AS n "
                           f"FROM read_parquet({sql_paths(self.files)}, filename = true, file_row_number = true)")
        if self.frames:  # one frame of them all: one branch of the query
            con.register("in_memory", self._in_memory)
            selects.append(f"SELECT {_FIELDS}, part, n FROM in_memory")
        if not selects:
            con.register("memory_empty", _typed(pd.DataFrame(columns=FACT_FIELDS)))
            selects.append(f"SELECT {_FIELDS}, '' AS part, 0::BIGINT AS n FROM memory_empty")
        con.register("placed", pd.DataFrame({"key": list(self.part_of), "part": list(self.part_of.values())},
                                            dtype="str"))
        con.execute(f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT r.* FROM ({' UNION ALL BY NAME '.join(selects)}) r "
                    "SEMI JOIN placed p ON r.key = p.key AND r.part = p.part")
        return "parsed"

    def of_metrics(self, metric_ids: Sequence[str]) -> pd.DataFrame:
        """The rows of these metrics only (key, metric, applicant, value, line): what the checks across
        reports compare."""
        con = _connect()
        view = self._register(con)
        marks = ", ".join("?" * len(metric_ids))
        return to_pandas(con.sql(f"SELECT key, metric, applicant, value, line FROM {view} WHERE metric IN ({marks}) "
                                 "ORDER BY part, n", params=list(metric_ids)).to_arrow_table())

    def counts(self) -> pd.Series:
        """The number of facts of each report, by key."""
        con = _connect()
        view = self._register(con)
        counted = con.sql(f"SELECT key, count(*) AS n FROM {view} GROUP BY key").to_arrow_table().to_pandas()
        return counted.set_index("key")["n"]

    def facts_sql(self, con: duckdb.DuckDBPyConnection, listing: pd.DataFrame, by_metric: bool = False) -> str:
        """The load's facts table (FACT_COLUMNS, FACT_EXTRA, then ORDER_COLUMNS) as SQL on `con`: each
        fact beside the listing row of its report (source, org, county, year, template; a file listed
        twice gets its rows twice), in the load's order (the listing's, then each report's), which
        ORDER_COLUMNS keep; `by_metric`: by metric first, as the snapshot stores them (a page asks for
        a few metrics, and DuckDB then reads only the row groups that hold them)."""
        view = self._register(con)
        con.register("listing", listing[["source", "key", "org", "county", "year", "template"]]
                     .assign(position=np.arange(len(listing), dtype="int64")))
        con.register("metric_labels", _metric_labels())
        con.register("applicant_labels", _applicant_labels())
        head = {"source": "l.source", "org": "l.org", "county": "l.county", "year": "l.year", "template": "l.template",
                "metric_label": "coalesce(ml.label, f.metric)", "applicant_label": "coalesce(al.label, '')"}
        columns = ", ".join(f'{head.get(c, f"f.{sql_name(c)}")} AS {sql_name(c)}' for c in FACT_COLUMNS + FACT_EXTRA)
        return (f"SELECT {columns}, l.position AS {ORDER_COLUMNS[0]}, f.n AS {ORDER_COLUMNS[1]} FROM {view} f "
                "JOIN listing l ON f.key = l.key LEFT JOIN metric_labels ml ON f.metric = ml.id "
                f"LEFT JOIN applicant_labels al ON f.applicant = al.id ORDER BY {'f.metric, ' if by_metric else ''}l.position, f.n")

    def facts_frame(self, listing: pd.DataFrame) -> pd.DataFrame:
        """The load's facts table (see `facts_sql`) as a frame in memory."""
        con = _connect()
        return to_pandas(con.sql(self.facts_sql(con, listing)).to_arrow_table())

    def write_facts(self, listing: pd.DataFrame, path: Path) -> None:
        """The load's facts table (see `facts_sql`) written to a Parquet file by DuckDB, which streams
        it (spilling a large sort to disk) instead of holding it in this process. (Insertion order kept:
        the file's rows then stand in the query's order, by metric.)"""
        con = connect()
        # a large sort spills beside the snapshots (a hidden folder: never taken for a snapshot)
        con.execute(f"SET temp_directory = '{sql_text(str(path.parent.parent / '.duckdb-tmp'))}'")
        sql = self.facts_sql(con, listing, by_metric=True)
        con.execute(f"COPY ({sql}) TO '{sql_text(str(path))}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)")


_FIELDS = ", ".join(sql_name(c) for c in FACT_FIELDS)


def _connect() -> duckdb.DuckDBPyConnection:
    """A connection for the load's own queries, each of which orders its rows itself: without keeping the
    insertion order DuckDB streams more and holds less."""
    con = connect()
    con.execute("SET preserve_insertion_order = false")
    return con



@cache
def _metric_labels() -> pd.DataFrame:
    table = metrics()
    return pd.DataFrame({"id": list(table), "label": [m.label for m in table.values()]}, dtype="str")


@cache
def _applicant_labels() -> pd.DataFrame:
    return pd.DataFrame({"id": list(APPLICANT_LABELS), "label": list(APPLICANT_LABELS.values())}, dtype="str")
