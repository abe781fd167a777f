"""The three tidy frames — facts (one number a row), reports (one file a row), checks — and the plain
rows they are made from.

A parsed report is first flattened into plain rows keyed by its content hash (`ParsedRows`): that
is what the parse cache stores. assembly.py joins those rows to the files of one load.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from .checks import sentence_hashes
from .dataset import TEXT, FactTable, TextMap, text_mapped
from .model import Report
from .review import copied

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
    # the FACT_FIELDS after the report's own (_FACT_HEAD), a list each: a report's facts are taken column by
    # column (a tuple per fact, transposed later, cost 0.3 ms a report of a cold load's 3.5)
    fact_columns: dict[str, list] = field(default_factory=lambda: {c: [] for c in _FACT_OWN})
    fact_heads: list[tuple[tuple, int]] = field(default_factory=list)  # (the report's own fields, its facts)
    findings: list[tuple] = field(default_factory=list)

    def add(self, key: str, report: Report) -> None:
        """Flatten one report under a key."""
        self.reports.append((key, report.org, report.county, report.year, report.title_year, report.template,
                             report.status, report.message, report.format, "".join(report.sections), report.size,
                             report.sha256, sentence_hashes(report.narrative),
                             copied.sentence_hashes(report.copy_text, report.org), report.published,
                             report.published_from, report.signed))
        facts = report.facts
        self.fact_heads.append(((key, report.org, report.county, report.year, report.template), len(facts)))
        if facts:
            _add_fact_columns(self.fact_columns, facts)
        for g in report.findings:
            self.findings.append((key, g.rule, g.message, g.line or None, g.metric, g.applicant))

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(reports, facts, findings) frames of these rows, with stable column types."""
        return (_typed(pd.DataFrame(self.reports, columns=REPORT_FIELDS)), self._facts_frame(),
                _typed(pd.DataFrame(self.findings, columns=FINDING_FIELDS)))

    def _facts_frame(self) -> pd.DataFrame:
        """~200 facts a report: their columns go through Arrow (4× faster than DataFrame(rows) and
        astype, to the same dtypes), and each report's own fields are repeated there, not per fact."""
        if not self.fact_columns["line"]:
            return _typed(pd.DataFrame([], columns=FACT_FIELDS))
        heads, counts = zip(*self.fact_heads)
        repeat = pa.array(np.repeat(np.arange(len(heads)), counts))
        columns = {c: pa.array(values, type=_FACT_TYPES[c]).take(repeat) for c, values in zip(_FACT_HEAD, zip(*heads))}
        columns |= {c: pa.array(values, type=_FACT_TYPES[c]) for c, values in self.fact_columns.items()}
        return pa.table(columns).to_pandas(types_mapper=_PANDAS_TYPES.get)


def _add_fact_columns(columns: dict[str, list], facts: list) -> None:
    """A report's facts appended to the fact columns; a place the format lacks (0), or a character
    position not known (-1), is None."""
    columns["line"] += [f.line for f in facts]
    columns["section"] += [f.section for f in facts]
    columns["metric"] += [f.metric for f in facts]
    columns["applicant"] += [f.applicant for f in facts]
    columns["value"] += [f.value for f in facts]
    columns["unit"] += [f.unit for f in facts]
    columns["reading"] += [f.reading or ("narrative" if f.from_narrative else "table") for f in facts]
    origins = [f.origin for f in facts]
    if any(origins):
        columns["page"] += [o.page or None if o else None for o in origins]
        columns["table"] += [o.table or None if o else None for o in origins]
        columns["row"] += [o.row or None if o else None for o in origins]
        columns["cell"] += [o.cell or None if o else None for o in origins]
    else:  # text and markdown reports: no table structure
        for name in ("page", "table", "row", "cell"):
            columns[name] += [None] * len(facts)
    columns["char_start"] += [f.char_start if f.char_start >= 0 else None for f in facts]
    columns["char_end"] += [f.char_end if f.char_start >= 0 else None for f in facts]


_FACT_HEAD = FACT_FIELDS[:5]  # key, org, county, year, template: the same for all facts of a report
_FACT_OWN = FACT_FIELDS[5:]
_FACT_TYPES = {c: pa.int64() if c in _INT_COLUMNS else pa.float64() if c == "value" else pa.string()
               for c in FACT_FIELDS}
_PANDAS_TYPES = {pa.string(): TEXT, pa.int64(): pd.Int64Dtype()}


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


def in_report_order(reports: pd.Series, sources: pd.Series) -> np.ndarray:
    """The positions that put rows of these `sources` in the order of the reports' sources (a source listed
    twice stands at its last row; a source of no report, such as a list file, last), ties kept in order: a hash
    lookup, not a dict of every source built in Python (0.17 s at 100,000 reports)."""
    last = reports.drop_duplicates(keep="last")
    position = pd.Index(last).get_indexer(sources)
    return np.argsort(np.where(position >= 0, position, len(last)), kind="stable")


def renamed_sources(frames: Frames, names: dict[str, str]) -> Frames:
    """The frames with each `source` that `names` holds replaced by its name there (others kept); each
    distinct source is looked up once, not once per fact."""
    names = TextMap(names)  # its lookup built once for the facts, the reports and the findings
    return Frames(frames.fact_table.renamed(names),
                  *(df.assign(source=text_mapped(df["source"], names)) for df in (frames.reports, frames.checks)))
