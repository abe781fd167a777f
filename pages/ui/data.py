"""Which reports folder the app reads, and its frames, cached until a file in the folder changes.

The folder is `--reports DIR` after `streamlit run app.py --`, else $NIANBAO_REPORTS, else `data/`.
The cache is keyed on the folder and a listing of its files (relative path, size, mtime_ns, inode,
ctime_ns): an upload, an edit or a deletion makes a new key, so the frames are read again; a filter
change does not.
A listing is trusted for LISTING_SECONDS (changes made outside the app show after at most that long).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import streamlit as st

import loaders
from loaders import views
from loaders.formats import REPORT_SUFFIXES
from loaders.frames import Frames, renamed_sources
from loaders.lists import read_roster

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FOLDER = ROOT / "data"
ENV_VAR = "NIANBAO_REPORTS"

# what a reload must notice: the reports, and aliases.csv / roster.csv (truth .json files are not read)
WATCHED_SUFFIXES = REPORT_SUFFIXES + (".csv",)


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
        return views.headline_values(self.frames.facts)

    def path_of(self, source: str) -> Path:
        """The file behind a `source` of the frames."""
        return self.folder / source


def reports_folder(argv: list[str] | None = None, environ: dict | None = None) -> Path:
    """The folder to read: `--reports DIR` on the command line, else $NIANBAO_REPORTS, else data/."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--reports")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    chosen = known.reports or environ.get(ENV_VAR) or str(SAMPLE_FOLDER)
    return Path(chosen).expanduser().resolve()


def is_sample_folder(folder: Path) -> bool:
    """True when the folder is the bundled sample data (data/ or a folder inside it)."""
    return folder.resolve().is_relative_to(SAMPLE_FOLDER.resolve())


def folder_signature(folder: Path) -> str:
    """A digest of (relative path, size, mtime_ns, inode, ctime_ns) of every file the loaders read under
    the folder: changes when any of them does, even edited in place keeping its size and mtime. A short
    string, so the cache key costs nothing to hash."""
    listing = sorted(_listing(folder, ""))
    return hashlib.sha1(repr(listing).encode()).hexdigest()


def _listing(folder: Path | str, prefix: str):
    """(relative path, size, mtime_ns, inode, ctime_ns) of report files and the folder's csv files, recursively."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # removed while listing: the next rerun sees the new state
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = prefix + entry.name
        try:
            if entry.is_dir():
                yield from _listing(entry.path, name + "/")
            elif entry.name.lower().endswith(WATCHED_SUFFIXES):
                stat = entry.stat()
                yield name, stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns
        except OSError:
            continue


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


# Listing a folder stats every file (~0.1 s for 10,000 reports), too slow for every filter change: a
# listing is trusted for a few seconds, so a file changed outside the app shows within that time.
# The app's own uploads call `forget_listing` and show at once.
LISTING_SECONDS = 5


@st.cache_data(ttl=LISTING_SECONDS, show_spinner=False, max_entries=8)
def _recent_signature(folder: str) -> str:
    return folder_signature(Path(folder))


def forget_listing() -> None:
    """List the folder again on the next run (after the app itself changed it)."""
    _recent_signature.clear()


def load() -> Loaded:
    """The frames of the configured folder (from the cache unless a file changed)."""
    folder = reports_folder()
    if not folder.is_dir():  # said on every page (blocks.header); the frames are empty
        return Loaded(loaders.load([], cache=False), [], folder, False)
    return _read_folder(str(folder), _recent_signature(str(folder)))
