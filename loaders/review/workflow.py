"""A reports folder under review: its frames with the evaluators' checks, its roster and its decisions;
and the documents of one year written into a folder (what `python -m loaders notice` does)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import load
from ..frames import Frames
from . import documents
from .decisions import DECISION_COLUMNS, with_decisions
from .evaluate import Settings, with_review_checks
from .roster import Deadline, RosterEntry, county_of, read_roster_entries
from .store import DecisionStore, database_for, empty


@dataclass
class Review:
    """The frames of the folders read (evaluators' checks included), the roster and the decisions' store."""

    frames: Frames
    roster: list[RosterEntry]
    store: DecisionStore | None  # None when the paths are not one folder (no place for decisions)

    def decisions(self) -> pd.DataFrame:
        """Every decision on these reports' findings (none when there is no store)."""
        return self.store.all() if self.store else empty()

    @property
    def roster_names(self) -> list[str]:
        return [e.org for e in self.roster]


def review_of(paths: list[str | os.PathLike], deadline: Deadline | None = None, progress=None,
              cache: bool = True) -> Review:
    """Read the paths (files and folders) as a review: the decisions live beside the reports when the
    paths are one folder."""
    frames = load(paths, progress=progress, cache=cache)
    roster = read_roster_entries(paths)
    folders = [p for p in paths if Path(p).is_dir()]
    store = DecisionStore(database_for(folders[0])) if len(paths) == 1 and folders else None
    return Review(with_review_checks(frames, Settings(tuple(roster), deadline)), roster, store)


def checks_with_decisions(review: Review) -> pd.DataFrame:
    """The findings with the decision columns (审核结论, 审核意见, 审核人, 审核时间) as the last columns."""
    table = with_decisions(review.frames.checks, review.frames.reports, review.decisions())
    return table[list(review.frames.checks.columns) + DECISION_COLUMNS]


def write_notices(review: Review, year: int, out: Path, county: str = "") -> list[Path]:
    """整改清单 (xlsx, csv), the county 通报 and one 通报 per body with confirmed problems, for a year."""
    out.mkdir(parents=True, exist_ok=True)
    rows = documents.problems(review.frames, review.decisions(), year)
    figures = documents.county_figures(review.frames, rows, year, review.roster_names)
    county = county or county_of(review.roster, review.frames.reports["county"])
    files = {f"整改清单-{year}.xlsx": documents.rectification_xlsx(rows),
             f"整改清单-{year}.csv": documents.rectification_csv(rows),
             f"通报-{county or '全县'}-{year}.docx": documents.county_notice(figures, county)}
    for body in figures.with_problems:
        files[f"通报-{_safe_name(body)}-{year}.docx"] = documents.body_notice(body, year, rows, review.frames.reports)
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def _safe_name(name: str) -> str:
    return "".join("_" if c in '\\/:*?"<>|' else c for c in name)
