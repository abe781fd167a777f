"""Reports → the three tidy frames: facts (one number a row), reports (one file a row), checks."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .catalog import APPLICANT_LABELS, metric_label
from .model import Report
from .rules import RULES

#: The data contract's columns, in order; more columns may follow them.
FACT_COLUMNS = ["source", "line", "org", "county", "year", "template", "section", "metric", "applicant",
                "value", "unit"]
FACT_EXTRA = ["metric_label", "applicant_label", "reading", "page", "table", "row", "cell"]
REPORT_COLUMNS = ["source", "org", "county", "year", "template", "status", "facts", "message"]
REPORT_EXTRA = ["title_year", "format", "findings", "sections", "repeated_share", "size", "sha256"]
CHECK_COLUMNS = ["source", "org", "year", "rule", "severity", "message"]
CHECK_EXTRA = ["title", "line", "metric"]


@dataclass
class Frames:
    """The loaders' output: tidy pandas DataFrames."""

    facts: pd.DataFrame
    reports: pd.DataFrame
    checks: pd.DataFrame


def build_frames(reports: Iterable[Report]) -> Frames:
    """Turn read reports into the three frames (reports in the order given)."""
    reports = list(reports)
    return Frames(facts_frame(reports), reports_frame(reports), checks_frame(reports))


def facts_frame(reports: list[Report]) -> pd.DataFrame:
    cols: dict[str, list] = {c: [] for c in FACT_COLUMNS + FACT_EXTRA}
    for r in reports:
        for f in r.facts:
            o = f.origin
            for name, value in (
                ("source", r.source), ("line", f.line), ("org", r.org), ("county", r.county), ("year", r.year),
                ("template", r.template), ("section", f.section), ("metric", f.metric),
                ("applicant", f.applicant), ("value", f.value), ("unit", f.unit),
                ("metric_label", metric_label(f.metric)), ("applicant_label", APPLICANT_LABELS.get(f.applicant, "")),
                ("reading", "narrative" if f.from_narrative else "table"),
                ("page", o.page if o else None), ("table", o.table if o else None),
                ("row", o.row if o else None), ("cell", o.cell if o else None),
            ):
                cols[name].append(value)
    df = pd.DataFrame(cols)
    for c in ("line", "year", "page", "table", "row", "cell"):
        df[c] = df[c].astype("Int64")
    df["value"] = df["value"].astype("float64")
    return df


def reports_frame(reports: list[Report]) -> pd.DataFrame:
    df = pd.DataFrame({
        "source": [r.source for r in reports],
        "org": [r.org for r in reports],
        "county": [r.county for r in reports],
        "year": pd.array([r.year for r in reports], dtype="Int64"),
        "template": [r.template for r in reports],
        "status": [r.status for r in reports],
        "facts": pd.array([len(r.facts) for r in reports], dtype="Int64"),
        "message": [r.message for r in reports],
        "title_year": pd.array([r.title_year for r in reports], dtype="Int64"),
        "format": [r.format for r in reports],
        "findings": pd.array([len(r.findings) for r in reports], dtype="Int64"),
        "sections": ["".join(r.sections) for r in reports],
        "repeated_share": pd.array([r.repeated_share for r in reports], dtype="Float64"),
        "size": pd.array([r.size for r in reports], dtype="Int64"),
        "sha256": [r.sha256 for r in reports],
    })
    return df[REPORT_COLUMNS + REPORT_EXTRA]


def checks_frame(reports: list[Report]) -> pd.DataFrame:
    rows = [
        (r.source, r.org, r.year, f.rule, RULES[f.rule].severity, f.message, RULES[f.rule].title,
         f.line or None, f.metric)
        for r in reports for f in r.findings
    ]
    df = pd.DataFrame(rows, columns=CHECK_COLUMNS + CHECK_EXTRA)
    df["year"] = df["year"].astype("Int64")
    df["line"] = df["line"].astype("Int64")
    return df
