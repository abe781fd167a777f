"""The facts a page shows, asked of DuckDB: the selection and the metrics become SQL, and only the
columns a view reads come back (a metric page at 100,000 reports receives tens of thousands of rows,
not twenty million)."""
from __future__ import annotations

from collections.abc import Sequence
import pandas as pd

from ..dataset import FACTS, IN_LOAD_ORDER, FactTable, sql_name
from ..frames import FACT_COLUMNS, FACT_EXTRA, Frames
from .labels import NO_ORG
from .selection import BLANK_ORG, Selection, select_checks, select_reports

#: What the charts and tables of values read: not where on a page or in which cell a number stood.
VALUE_COLUMNS = ("source", "line", "org", "county", "year", "template", "metric", "applicant", "value", "unit")
#: Every column (one report's tables, the downloads of the numbers with their provenance).
ALL_COLUMNS = tuple(FACT_COLUMNS + FACT_EXTRA)
#: The applicant columns of a metric's own figure: none (a metric not split by applicant) and 总计. What
#: charts of totals read: a sixth of the rows of a per-applicant metric.
TOTALS = ("", "total")

def narrowed(frames: Frames, selection: Selection = Selection(), metrics: Sequence[str] | None = None,
             sources: Sequence[str] | None = None, applicants: Sequence[str] | None = None) -> FactTable:
    """The frames' facts narrowed to the selection, these metrics, these files (as the frames show
    them) and these applicant columns (None: all of each) — nothing is read until a query asks for rows."""
    table = frames.fact_table
    for condition, params in selection_conditions(selection, metrics,
                                                  None if sources is None else table.stored_sources(sources),
                                                  applicants):
        table = table.narrowed(condition, params)
    return table


def select(frames: Frames, selection: Selection) -> Frames:
    """The frames restricted to the selection (checks follow their reports); the facts are narrowed,
    not read: a query reads only the rows and columns it asks for."""
    if not (selection.orgs or selection.years or selection.templates):
        return frames
    reports = select_reports(frames.reports, selection)
    return Frames(narrowed(frames, selection), reports, select_checks(frames.checks, reports))


def one_report(frames: Frames, source: str) -> Frames:
    """The frames of one report file."""
    return Frames(narrowed(frames, sources=[source]),
                  *(df[df["source"] == source].reset_index(drop=True) for df in (frames.reports, frames.checks)))


def selected_facts(frames: Frames, selection: Selection = Selection(), metrics: Sequence[str] | None = None,
                   columns: Sequence[str] = VALUE_COLUMNS, sources: Sequence[str] | None = None,
                   applicants: Sequence[str] | None = None) -> pd.DataFrame:
    """The facts `narrowed` keeps, only `columns`, in the order the load holds them."""
    return narrowed(frames, selection, metrics, sources, applicants).query(columns_query(columns))


def columns_query(columns: Sequence[str]) -> str:
    """SELECT these fact columns (checked against the data contract: a typo is an error, not a gap)."""
    unknown = [c for c in columns if c not in ALL_COLUMNS]
    if unknown:
        raise ValueError(f"no such fact columns: {unknown}")
    return f"SELECT {', '.join(sql_name(c) for c in columns)} FROM {FACTS} {IN_LOAD_ORDER}"


def selection_conditions(selection: Selection, metrics: Sequence[str] | None = None,
                         sources: Sequence[str] | None = None,
                         applicants: Sequence[str] | None = None) -> list[tuple[str, list]]:
    """SQL conditions (each with its parameters) on org, year, template, metric, source and applicant
    for the selection, these metrics, files and applicant columns (None: all)."""
    out = []
    if selection.orgs:
        named = [o for o in selection.orgs if o != NO_ORG]
        either = [one_of("org", named)]
        if NO_ORG in selection.orgs:  # a report that names no body is listed under NO_ORG
            either.append((f"regexp_matches(coalesce(org, ''), '{BLANK_ORG}')", []))
        out.append((" OR ".join(c for c, _ in either), [v for _, ps in either for v in ps]))
    if selection.years:
        out.append(one_of("year", [int(y) for y in selection.years]))
    if selection.templates:
        out.append(one_of("template", selection.templates))
    for column, values in (("metric", metrics), ("source", sources)):
        if values is not None:
            out.append(one_of(column, values))
    if applicants is not None:  # a metric not split by applicant has none (empty, or a gap)
        condition, params = one_of("applicant", applicants)
        out.append((condition.replace('"applicant"', "coalesce(\"applicant\", '')", 1), params))
    return out


def where_clause(conditions: list[tuple[str, list]]) -> tuple[str, list]:
    """" WHERE …" (empty when there is no condition) and its parameters."""
    if not conditions:
        return "", []
    return " WHERE " + " AND ".join(f"({c})" for c, _ in conditions), [v for _, ps in conditions for v in ps]


def one_of(column: str, values: Sequence) -> tuple[str, list]:
    """`column IN (?, ?, …)` and its values: a list of constants, which DuckDB also checks against each
    Parquet row group's statistics, skipping those that cannot match."""
    if not values:
        return "FALSE", []
    return f"{sql_name(column)} IN ({', '.join('?' * len(values))})", list(values)
