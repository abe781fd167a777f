"""One load's parsed rows → its frames: each file's report row, the findings (its own and those
between reports), and the facts table, which DuckDB makes from wherever the parsed facts are
(see parsed_facts.py), never as one frame in this process unless asked for."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .checks import ACROSS_METRICS, check_across
from .frames import CHECK_COLUMNS, CHECK_EXTRA, REPORT_COLUMNS, REPORT_EXTRA, Frames, in_report_order
from .lists import ListProblem
from .parsed_facts import ParsedFacts
from .rules import RULES


@dataclass
class Assembled:
    """A load's reports and checks frames, and what makes its facts table: the parsed facts, and the
    listing (each file's source, key and the report's body, county, year, template) they join."""

    reports: pd.DataFrame
    checks: pd.DataFrame
    listing: pd.DataFrame
    facts: ParsedFacts

    def in_memory(self) -> Frames:
        """The frames, facts made into a frame in this process."""
        return Frames(self.facts.facts_frame(self.listing), self.reports, self.checks)


def assemble(files: pd.DataFrame, reports: pd.DataFrame, facts: ParsedFacts, findings: pd.DataFrame,
             aliases: dict[str, str] | None = None) -> Assembled:
    """One load: `files` (source, key) in reading order; parsed report rows, facts and findings by key."""
    rep = files.merge(reports, on="key", how="left", sort=False)
    if aliases:
        rep["org"] = rep["org"].map(lambda o: aliases.get(o, o))
    across, shares = check_across(rep, facts.of_metrics(ACROSS_METRICS))
    rep["repeated_share"] = pd.array(shares.reindex(rep.index).tolist(), dtype="Float64")
    checks = _checks(files, rep, findings, across)
    rep["findings"] = rep["source"].map(checks["source"].value_counts()).fillna(0).astype("Int64")
    rep["facts"] = rep["key"].map(facts.counts()).fillna(0).astype("Int64")
    listing = rep[["source", "key", "org", "county", "year", "template"]]
    return Assembled(rep[REPORT_COLUMNS + REPORT_EXTRA].reset_index(drop=True), checks, listing, facts)


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
    out = out.iloc[in_report_order(files["source"], out["source"])]
    return out[CHECK_COLUMNS + CHECK_EXTRA].reset_index(drop=True)


def with_list_problems(checks: pd.DataFrame, problems: list[ListProblem]) -> pd.DataFrame:
    """The checks with a row for each problem of the folder's lists (aliases.csv, roster.csv): their
    source is the list file, which has no body or year."""
    if not problems:
        return checks
    rows = pd.DataFrame({"source": [p.source for p in problems], "org": "", "year": None,
                         "rule": [p.rule for p in problems], "severity": [RULES[p.rule].severity for p in problems],
                         "message": [p.message for p in problems], "title": [RULES[p.rule].title for p in problems],
                         "line": [p.line or None for p in problems], "metric": "", "applicant": ""})
    return pd.concat([checks, rows.astype(checks.dtypes.to_dict())], ignore_index=True)
