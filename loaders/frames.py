"""Parsed reports → the three tidy frames: facts (one number a row), reports (one file a row), checks.

A parsed report is first flattened into plain rows keyed by its content hash (`ParsedRows`): that
is what the parse cache stores and what worker processes send back. `assemble` then joins those rows
to the files of one load (a file's path is its `source`), applies the aliases and adds the findings
that need several reports.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .catalog import APPLICANT_LABELS, metrics
from .checks import check_across, sentence_hashes
from .dataset import FactTable, text_mapped
from .lists import ListProblem
from .model import Report
from .review import copied
from .rules import RULES

#: The data contract's columns, in order; more columns may follow them.
FACT_COLUMNS = ["source", "line", "org", "county", "year", "template", "section", "metric", "applicant",
                "value", "unit"]
FACT_EXTRA = ["metric_label", "applicant_label", "reading", "page", "table", "row", "cell", "char_start", "char_end"]
REPORT_COLUMNS = ["source", "org", "county", "year", "template", "status", "facts", "message"]
REPORT_EXTRA = ["title_year", "format", "findings", "sections", "repeated_share", "size", "sha256",
                "published", "published_from", "signed"]
CHECK_COLUMNS = ["source", "org", "year", "rule", "severity", "message"]
CHECK_EXTRA = ["title", "line", "metric", "applicant"]

# Rows as parsed, keyed by `key` (the file's content hash; see sources.py for files never read).
REPORT_FIELDS = ["key", "org", "county", "year", "title_year", "template", "status", "message", "format",
                 "sections", "size", "sha256", "sentences", "copy_sentences", "published", "published_from",
                 "signed"]
FACT_FIELDS = ["key", "org", "county", "year", "template", "line", "section", "metric", "applicant", "value",
               "unit", "reading", "page", "table", "row", "cell", "char_start", "char_end"]
FINDING_FIELDS = ["key", "rule", "message", "line", "metric", "applicant"]
_INT_COLUMNS = ("year", "title_year", "line", "page", "table", "row", "cell", "char_start", "char_end", "size", "facts",
                "findings")


class Frames:
    """The loaders' output: tidy pandas DataFrames. `facts` is read from its Parquet file when first
    asked for; pages and exports ask `fact_table` (see dataset.py) for only the rows they show."""

    def __init__(self, facts: pd.DataFrame | FactTable, reports: pd.DataFrame, checks: pd.DataFrame):
        self.fact_table = facts if isinstance(facts, FactTable) else FactTable.of_frame(facts)
        self.reports = reports
        self.checks = checks

    @property
    def facts(self) -> pd.DataFrame:
        """Every fact of the load, one number a row (FACT_COLUMNS, then FACT_EXTRA)."""
        return self.fact_table.whole()

    def __repr__(self) -> str:
        return f"Frames({len(self.reports)} reports, {len(self.checks)} checks, facts={self.fact_table!r})"


@dataclass
class ParsedRows:
    """Many parsed reports as plain rows (cheap to send between processes and to store)."""

    reports: list[tuple] = field(default_factory=list)
    facts: list[tuple] = field(default_factory=list)  # the FACT_FIELDS after the report's own (_FACT_HEAD)
    fact_heads: list[tuple[tuple, int]] = field(default_factory=list)  # (the report's own fields, its facts)
    findings: list[tuple] = field(default_factory=list)

    def add(self, key: str, report: Report) -> None:
        """Flatten one report under a key."""
        self.reports.append((key, report.org, report.county, report.year, report.title_year, report.template,
                             report.status, report.message, report.format, "".join(report.sections), report.size,
                             report.sha256, sentence_hashes(report.narrative),
                             copied.sentence_hashes(report.copy_text, report.org), report.published,
                             report.published_from, report.signed))
        self.fact_heads.append(((key, report.org, report.county, report.year, report.template), len(report.facts)))
        for f in report.facts:
            o = f.origin
            self.facts.append((f.line, f.section, f.metric, f.applicant, f.value, f.unit,
                               f.reading or ("narrative" if f.from_narrative else "table"),
                               *((o.page or None, o.table or None, o.row or None, o.cell or None)
                                 if o else (None,) * 4),  # 0 = the format has no such place
                               *((f.char_start, f.char_end) if f.char_start >= 0 else (None, None))))
        for g in report.findings:
            self.findings.append((key, g.rule, g.message, g.line or None, g.metric, g.applicant))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(reports, facts, findings) frames of these rows, with stable column types."""
        return (_typed(pd.DataFrame(self.reports, columns=REPORT_FIELDS)), self._facts_frame(),
                _typed(pd.DataFrame(self.findings, columns=FINDING_FIELDS)))

    def _facts_frame(self) -> pd.DataFrame:
        """~200 facts a report: their columns go through Arrow (4× faster than DataFrame(rows) and
        astype, to the same dtypes), and each report's own fields are repeated there, not per fact."""
        if not self.facts:
            return _typed(pd.DataFrame([], columns=FACT_FIELDS))
        heads, counts = zip(*self.fact_heads)
        repeat = pa.array(np.repeat(np.arange(len(heads)), counts))
        columns = {c: pa.array(values, type=_FACT_TYPES[c]).take(repeat) for c, values in zip(_FACT_HEAD, zip(*heads))}
        columns |= {c: pa.array(values, type=_FACT_TYPES[c]) for c, values in zip(FACT_FIELDS[len(_FACT_HEAD):],
                                                                                 zip(*self.facts))}
        return pa.table(columns).to_pandas(types_mapper=_PANDAS_TYPES.get)


_FACT_HEAD = FACT_FIELDS[:5]  # key, org, county, year, template: the same for all facts of a report
_FACT_TYPES = {c: pa.int64() if c in _INT_COLUMNS else pa.float64() if c == "value" else pa.string()
               for c in FACT_FIELDS}
_PANDAS_TYPES = {pa.string(): pd.StringDtype("pyarrow", na_value=np.nan), pa.int64(): pd.Int64Dtype()}


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    for c in df.columns:
        if c in _INT_COLUMNS:
            df[c] = df[c].astype("Int64")
        elif c == "value":
            df[c] = df[c].astype("float64")
        elif c in ("sentences", "copy_sentences"):
            df[c] = df[c].astype(object)
        else:
            df[c] = df[c].astype("str")
    return df


def assemble(files: pd.DataFrame, reports: pd.DataFrame, facts: pd.DataFrame, findings: pd.DataFrame,
             aliases: dict[str, str] | None = None) -> Frames:
    """The frames of one load: `files` (source, key) in reading order; parsed rows by key."""
    rep = files.merge(reports, on="key", how="left", sort=False)
    if aliases:
        rep["org"] = rep["org"].map(lambda o: aliases.get(o, o))
    across, shares = check_across(rep, facts)
    rep["repeated_share"] = pd.array(shares.reindex(rep.index).tolist(), dtype="Float64")
    facts_out = _facts(files, rep, facts)
    checks_out = _checks(files, rep, findings, across)
    counts = checks_out["source"].value_counts()
    rep["findings"] = rep["source"].map(counts).fillna(0).astype("Int64")
    rep["facts"] = rep["source"].map(facts_out["source"].value_counts()).fillna(0).astype("Int64")
    return Frames(facts_out, rep[REPORT_COLUMNS + REPORT_EXTRA].reset_index(drop=True), checks_out)


def _facts(files: pd.DataFrame, rep: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    ident = rep[["key", "source", "org", "county", "year", "template"]]
    body = facts.drop(columns=["org", "county", "year", "template"])
    if ident["key"].is_unique:
        out = _beside_their_reports(ident, body)
    else:  # the same file listed twice: each listing gets the rows
        out = ident.merge(body, on="key", how="inner", sort=False)
    out["metric_label"] = text_mapped(out["metric"], _metric_labels())
    out["applicant_label"] = text_mapped(out["applicant"], APPLICANT_LABELS, otherwise="")
    return out[FACT_COLUMNS + FACT_EXTRA].reset_index(drop=True)


def _beside_their_reports(ident: pd.DataFrame, body: pd.DataFrame) -> pd.DataFrame:
    """ident.merge(body, on="key", how="inner") for a unique ident key, without factorising two
    million keys: each fact finds its report's row by an Arrow hash lookup, and facts already in
    report order (a cold load's are) are not moved at all."""
    at = pc.fill_null(pc.index_in(_arrow_text(body["key"]), value_set=_arrow_text(ident["key"])), -1)
    at = at.to_numpy()
    keep = at >= 0
    if not keep.all():
        body, at = body[keep], at[keep]
    if len(at) > 1 and (np.diff(at) < 0).any():
        order = np.argsort(at, kind="stable")
        body, at = body.iloc[order], at[order]
    head = ident.iloc[at].reset_index(drop=True)
    return pd.concat([head, body.drop(columns="key").reset_index(drop=True)], axis=1)


def _arrow_text(values: pd.Series) -> pa.Array:
    arr = pa.array(values, type=pa.large_string())
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def renamed_sources(frames: Frames, names: dict[str, str]) -> Frames:
    """The frames with each `source` that `names` holds replaced by its name there (others kept); each
    distinct source is looked up once, not once per fact."""
    return Frames(frames.fact_table.renamed(names),
                  *(df.assign(source=text_mapped(df["source"], names)) for df in (frames.reports, frames.checks)))


@cache
def _metric_labels() -> dict[str, str]:
    return {m.id: m.label for m in metrics().values()}


def _checks(files: pd.DataFrame, rep: pd.DataFrame, findings: pd.DataFrame, across: pd.DataFrame) -> pd.DataFrame:
    own = files.merge(findings, on="key", how="inner", sort=False)
    own = own.drop(columns="key")
    # an empty frame in concat turns text columns into object: keep the dtypes the rows have
    out = pd.concat([f for f in (own, across) if len(f)] or [own], ignore_index=True)
    ident = rep.drop_duplicates("source").set_index("source")
    out["org"] = out["source"].map(ident["org"])
    out["year"] = out["source"].map(ident["year"]).astype("Int64")
    out["severity"] = out["rule"].map({k: r.severity for k, r in RULES.items()})
    out["title"] = out["rule"].map({k: r.title for k, r in RULES.items()})
    out["line"] = out["line"].astype("Int64")
    order = {s: i for i, s in enumerate(files["source"])}
    out = out.iloc[out["source"].map(order).argsort(kind="stable")]
    return out[CHECK_COLUMNS + CHECK_EXTRA].reset_index(drop=True)


def with_list_problems(frames: Frames, problems: list[ListProblem]) -> Frames:
    """The frames with a checks row for each problem of the folder's lists (aliases.csv, roster.csv):
    their source is the list file, which has no body or year."""
    if not problems:
        return frames
    rows = pd.DataFrame({"source": [p.source for p in problems], "org": "", "year": None,
                         "rule": [p.rule for p in problems], "severity": [RULES[p.rule].severity for p in problems],
                         "message": [p.message for p in problems], "title": [RULES[p.rule].title for p in problems],
                         "line": [p.line or None for p in problems], "metric": "", "applicant": ""})
    checks = pd.concat([frames.checks, rows.astype(frames.checks.dtypes.to_dict())], ignore_index=True)
    return Frames(frames.fact_table, frames.reports, checks)


def build_frames(reports: Iterable[Report]) -> Frames:
    """Frames of reports read in this process (each report's source is its own)."""
    rows = ParsedRows()
    sources = []
    for i, r in enumerate(reports):
        key = f"{i}:{r.sha256}"
        rows.add(key, r)
        sources.append((r.source, key))
    files = pd.DataFrame(sources, columns=["source", "key"]).astype("str")
    return assemble(files, *rows.frames())
