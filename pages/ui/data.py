"""Which reports folder the app reads, and its frames, cached until a file in the folder changes.

The reviewer's own folder is `--reports DIR` after `streamlit run app.py --`, else $NIANBAO_REPORTS,
else a folder under the user's data directory (loaders.places). The app shows it once the reviewer
named it or it holds reports; until then (and when the reviewer asks) it shows the bundled sample.
The cache is keyed on the folder and a listing of its files (relative path, size, mtime_ns, inode,
ctime_ns): an upload, an edit or a deletion makes a new key, so the frames are read again; a filter
change does not.
A listing is trusted for a few seconds, then renewed (in the background for a large folder: see listing.py).
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.logger import get_logger

import loaders
from loaders import places, views
from loaders.arguments import AppOptions, app_options
from loaders.frames import Frames, renamed_sources
from loaders.places import REPORTS_ENV as ENV_VAR
from loaders.places import SAMPLE_FOLDER, is_sample_folder
from loaders.lists import read_roster
from loaders.review.evaluate import Settings, with_review_checks
from loaders.review.roster import RosterEntry, county_of, parse_deadline, read_roster_entries
from loaders.review.store import DecisionStore, database_for

from . import downloads
from .listing import LISTING_SECONDS, FolderWatch

_LOG = get_logger(__name__)
APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"
REPORTS_KEPT = 16  # reports whose frames a load keeps for the 报告 page (a few hundred facts each)


@dataclass
class Loaded:
    """The frames of one folder (sources relative to it), its roster, and where it is."""

    frames: Frames
    roster: list[str]
    folder: Path
    is_sample: bool

    @cached_property
    def options(self) -> views.Options:
        """The values the sidebar filters offer (worked out once per load)."""
        return views.options(self.frames, self.roster)

    @cached_property
    def headline_values(self) -> pd.DataFrame:
        """The overview's headline metrics of every report (worked out once per load; see views)."""
        return views.headline_values(views.selected_facts(self.frames, metrics=views.HEADLINE_IDS,
                                                          columns=("source", "metric", "applicant", "value")))

    @cached_property
    def coverage_cells(self) -> views.CoverageCells:
        """Who reported which year, every year (worked out once per load; a filter change lays its years over it)."""
        return views.coverage_cells(self.frames.reports, self.frames.checks,
                                    {e.org: e.county for e in self.roster_entries})

    def indicators(self, indicator_id: str) -> pd.DataFrame:
        """One indicator (views.indicators) for every report of the folder, worked out once per load: a
        filter change takes the rows of the reports in view (views.rows_of_reports) instead of reading and
        counting their facts again."""
        known = self._indicators
        if indicator_id not in known:
            facts = views.selected_facts(self.frames, metrics=views.indicator_metrics([indicator_id]),
                                         columns=views.INDICATOR_COLUMNS, applicants=views.TOTALS)
            known[indicator_id] = views.indicators(facts, self.frames.reports, [indicator_id])
        return known[indicator_id]

    @cached_property
    def _indicators(self) -> dict[str, pd.DataFrame]:
        return {}

    def fact_counts(self, metric_groups: Sequence[str]) -> downloads.FactCounts:
        """Each report's facts of these metric groups, counted once per load: whether a selection's workbook fits
        Excel is then settled on every filter change without counting its facts (0.2-0.4 s at 100,000 reports)."""
        known = self._fact_counts
        key = tuple(metric_groups)
        if key not in known:
            known[key] = downloads.FactCounts.of(self.frames, key)
        return known[key]

    @cached_property
    def _fact_counts(self) -> dict[tuple[str, ...], downloads.FactCounts]:
        return {}

    def one_report(self, source: str) -> Frames:
        """One report's frames (views.one_report), the last few kept with their facts once read: a click on one
        of its numbers, or a filter change that keeps it in view, redraws it without asking DuckDB again (its
        rows lie in every metric's part of the snapshot: 0.1 s at 10,000 reports)."""
        kept = self._reports
        if source not in kept:
            if len(kept) >= REPORTS_KEPT:
                kept.pop(next(iter(kept)), None)
            kept[source] = views.one_report(self.frames, source)
        return kept[source]

    @cached_property
    def _reports(self) -> dict[str, Frames]:
        return {}

    def path_of(self, source: str) -> Path:
        """The file behind a `source` of the frames."""
        return self.folder / source

    @cached_property
    def roster_entries(self) -> list[RosterEntry]:
        """roster.csv's rows with county, level and deadline."""
        return read_roster_entries([self.folder])

    @cached_property
    def county(self) -> str:
        """The county the roster and the reports name most often (the county 通报's), once per load."""
        return county_of(self.roster_entries, self.frames.reports["county"])

    @property
    def decisions(self) -> DecisionStore:
        """The reviewers' decisions on this folder's findings (beside the reports; the sample's in the user's folder)."""
        return DecisionStore(database_for(self.folder, self.is_sample))


@dataclass(frozen=True)
class Folders:
    """The reviewer's own reports folder (where uploads go), and whether the app shows it by default."""

    own: Path
    own_shown: bool  # named by the reviewer, or holding reports; else the app starts on the sample

    def shown(self, sample: bool = False) -> Path:
        """The folder to read: the sample when asked for or while the reviewer has none; else their own."""
        return self.own if self.own_shown and not sample else SAMPLE_FOLDER


def reports_folder(argv: list[str] | None = None, environ: dict | None = None) -> Path:
    """The reviewer's own folder: `--reports DIR` on the command line, else $NIANBAO_REPORTS, else the
    default under the user's data directory (never the bundled sample unless named)."""
    return places.reports_folder(options(argv).reports, environ)


def folders(argv: list[str] | None = None, environ: dict | None = None) -> Folders:
    """The reviewer's folder, and whether to show it: named explicitly, or (the default) holding reports."""
    chosen = options(argv).reports
    own = places.reports_folder(chosen, environ)
    return Folders(own, places.is_chosen(chosen, environ) or _recent_holds_reports(str(own)))


def options(argv: list[str] | None = None) -> AppOptions:
    """The app's options (`streamlit run app.py -- …`); words it does not understand are logged once."""
    parsed = app_options(_command_line() if argv is None else argv)
    if parsed.ignored and argv is None:
        _log_once(parsed.ignored_message())
    return parsed


def _command_line() -> list[str]:
    """The words after `streamlit run app.py --` (sys.argv[0] is then app.py); none when something else
    runs the pages (AppTest under pytest, the benchmark), whose own options are not the app's."""
    started_as_app = bool(sys.argv) and Path(sys.argv[0]).resolve() == APP_SCRIPT
    return sys.argv[1:] if started_as_app else []


@cache
def _log_once(message: str) -> None:
    _LOG.warning(message)


def relative_sources(frames: Frames, folder: Path) -> Frames:
    """The frames with each `source` relative to the folder (what people read and links carry)."""
    prefix = str(folder).rstrip("/") + "/"

    def rel(source: str) -> str:  # the loaders give paths as found under the folder given
        if source.startswith(prefix):
            return source[len(prefix):]
        try:
            return Path(source).resolve().relative_to(folder).as_posix()
        except ValueError:
            return source

    return renamed_sources(frames, {s: rel(s) for s in frames.reports["source"].unique()})


# cache_resource, not cache_data: the frames are shared, not copied and unpickled on every rerun
# (pages only read them)
@st.cache_resource(show_spinner=False, max_entries=4)
def _read_folder(folder: str, signature: str) -> Loaded:
    """Read every report of the folder once per signature (the signature is the cache key)."""
    # The progress bar is created inside the cached function so that Streamlit can replay it.
    bar = st.empty()

    def progress(done: int, total: int, source: str) -> None:
        if total >= 10 and (done == total or done % max(1, total // 20) == 0):
            bar.progress(done / total, text=f"正在读取报告 {done}/{total}")

    path = Path(folder)
    frames = loaders.load([path], progress=progress)
    bar.empty()
    return Loaded(relative_sources(frames, path), read_roster([path]), path, is_sample_folder(path))


_WATCH = FolderWatch()


@st.cache_data(ttl=LISTING_SECONDS, show_spinner=False, max_entries=8)
def _recent_holds_reports(folder: str) -> bool:
    return places.holds_reports(Path(folder))


def forget_listing() -> None:
    """List the folder again on the next run (after the app itself changed it)."""
    _WATCH.forget()
    _recent_holds_reports.clear()


#: The county's default deadline (月-日 of the following year) set on the 审核与通报 page, for this session.
DEADLINE_KEY = "_nianbao_deadline"


@st.cache_resource(show_spinner=False, max_entries=8)
def _reviewed(folder: str, signature: str, deadline: str) -> Loaded:
    """The folder's frames with the evaluators' checks (roster.csv levels and deadlines, the default deadline)."""
    loaded = _read_folder(folder, signature)
    try:
        default = parse_deadline(deadline)
    except ValueError:  # the page says so where it is typed; here it judges nothing
        default = None
    settings = Settings(tuple(loaded.roster_entries), default)
    return replace(loaded, frames=with_review_checks(loaded.frames, settings))


def load(sample: bool = False) -> Loaded:
    """The frames of the folder to show (`sample`: the bundled sample whatever the reviewer's folder),
    from the cache unless a file changed."""
    folder = folders().shown(sample)
    if not folder.is_dir():  # said on every page (blocks.header); the frames are empty
        return Loaded(loaders.load([], cache=False), [], folder, False)
    return _reviewed(str(folder), _WATCH.signature(str(folder)), st.session_state.get(DEADLINE_KEY, ""))
