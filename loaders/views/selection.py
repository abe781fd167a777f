"""Which reports, facts and findings a page's filters select."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..dataset import TEXT
from ..frames import Frames
from .labels import NO_ORG, TEMPLATE_LABELS

# Python's str.strip() blanks (str.isspace: what org_name treats as "names no body"), as an RE2 class (DuckDB's
# regexp_matches and Arrow's match_substring_regex read the same)
BLANK_ORG = r"^[\s\pZ\x{0b}\x{1c}-\x{1f}\x{85}]*$"


@dataclass(frozen=True)
class Selection:
    """What the sidebar picked; an empty tuple means "all"."""

    orgs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    """The values a selection can take in the loaded frames."""

    orgs: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)


def options(frames: Frames, roster: Iterable[str] = ()) -> Options:
    """Bodies (reports and roster, sorted), years and templates present in the loaded reports."""
    reports = frames.reports
    orgs = sorted(set(org_names(reports["org"])) | {r for r in roster if r})
    years = sorted(int(y) for y in reports["year"].dropna().unique())
    present = set(reports["template"].fillna("").unique())
    templates = [t for t in TEMPLATE_LABELS if t and t in present]
    return Options(orgs, years, templates)


def org_name(org: str) -> str:
    """The name shown for a body (a report that names none gets a placeholder, never an empty cell)."""
    return org if isinstance(org, str) and org.strip() else NO_ORG


def org_names(orgs: pd.Series) -> pd.Series:
    """`org_name` of every value, at column speed."""
    return pd.Series(_named(_text(orgs)), index=orgs.index, dtype=TEXT)


def distinct_bodies(orgs: pd.Series) -> pd.Index:
    """org_names(orgs).unique() (a column of 100,000 reports holds ~14,000 bodies), in order of first appearance."""
    return pd.Index(pd.array(pc.unique(_named(pc.unique(_text(orgs)))), dtype=TEXT))


# Bodies' names are worked out in Arrow, the blank test included: pandas' .str.strip() and sets of Arrow strings
# step through Python for each of a province's 14,000 bodies (30 ms a call, several calls a rerun).
def _text(values: pd.Series) -> pa.Array:
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def _named(text: pa.Array) -> pa.Array:
    return pc.if_else(_blank(text), pa.scalar(NO_ORG, pa.large_string()), text)


def _blank(text: pa.Array) -> pa.Array:
    return pc.match_substring_regex(pc.fill_null(text, ""), BLANK_ORG)


def _names_no_body(orgs: pd.Series) -> np.ndarray:
    return _blank(_text(orgs)).to_numpy(zero_copy_only=False)


def mapped_once(values: pd.Series, how: Mapping | Callable) -> pd.Series:
    """values.map(how) with `how` (a mapping or a function) applied once per distinct value: a chart's rows
    hold a few metric ids, templates or applicants, and Series.map steps through Python for every row."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    looked = pd.Series(np.asarray(distinct, dtype=object)).map(how).to_numpy()
    return pd.Series(looked[codes], index=values.index).infer_objects()


def unknown_values(requested: Iterable, known: Iterable) -> list:
    """The requested values (e.g. from a shared link) that the loaded data does not have, in order."""
    known = set(known)
    return [v for v in requested if v not in known]


def _mask(df: pd.DataFrame, selection: Selection) -> pd.Series:
    keep = pd.Series(True, index=df.index)
    if selection.orgs:
        orgs = df["org"]
        chosen = orgs.isin(selection.orgs).fillna(False).astype(bool)
        if NO_ORG in selection.orgs:  # a report that names no body is listed under NO_ORG
            chosen |= _names_no_body(orgs)
        keep &= chosen
    if selection.years:
        keep &= df["year"].isin(selection.years).fillna(False).astype(bool)
    if selection.templates:
        keep &= df["template"].isin(selection.templates).fillna(False).astype(bool)
    return keep


def _filters(selection: Selection) -> bool:
    return bool(selection.orgs or selection.years or selection.templates)


def select_reports(reports: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The reports of the selection (the frame itself when nothing is filtered out)."""
    return reports[_mask(reports, selection)].reset_index(drop=True) if _filters(selection) else reports


def select_checks(checks: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The findings of these reports."""
    return checks[of_reports(checks["source"], reports)].reset_index(drop=True)


def of_reports(sources: pd.Series, reports: pd.DataFrame) -> np.ndarray:
    """Which of `sources` are those of `reports`."""
    return is_among(sources, reports["source"].unique())


def is_among(values: pd.Series, among) -> np.ndarray:
    """values.isin(among) by a hash lookup: Series.isin over Arrow strings steps through every value in
    Python first (~30× slower; 0.5 s for 100,000 reports' sources). `among` holds no repeats."""
    return pd.Index(among).get_indexer(values) >= 0
