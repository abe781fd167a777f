"""Finding report files and reading them all: from the parse cache where it can, in parallel where it must.

Every file given ends up as one row of the reports frame — read, partly read or not — so no input is
lost. Files are keyed by the SHA-256 of their bytes and their ending: the same file under two names
is parsed once.
"""
from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .cache import ParseCache
from .formats import REPORT_SUFFIXES
from .frames import Frames, ParsedRows, assemble
from .model import Report
from .report import read_report

ALIASES_FILE = "aliases.csv"  # alias,name — other spellings of a body's name
ROSTER_FILE = "roster.csv"  # org[,county] — bodies expected to report, seen or not
MAX_FILE_BYTES = 60 * 1024 * 1024  # no report comes near this; a bigger file is refused unread
PARALLEL_FROM = 150  # files to parse before a pool of processes pays for its start
CHUNK = 64

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ReportFile:
    source: str  # the path as given, or as found under the folder given (also where to open it)


def find_reports(paths: Iterable[str | os.PathLike]) -> list[ReportFile]:
    """Report files among the paths: files as given, folders searched recursively (sorted, stable)."""
    found: list[ReportFile] = []
    for p in paths:
        top = os.fspath(p)
        if not os.path.isdir(top):
            found.append(ReportFile(top))
            continue
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if _is_report_name(name):
                    full = os.path.join(root, name)
                    found.append(ReportFile(full))
    return found


def _is_report_name(name: str) -> bool:
    """A report's file name: a known suffix; not hidden, not a folder's README (it describes the folder)."""
    lower = name.lower()
    return lower.endswith(REPORT_SUFFIXES) and not name.startswith(".") and not lower.startswith("readme")


def load_files(files: list[ReportFile], paths: list, progress: Progress | None = None,
               cache: ParseCache | None = None, workers: int | None = None) -> Frames:
    """Read the files (cache, then parallel parse) and assemble the frames of this load."""
    aliases = read_aliases(paths)
    listing = _stat_listing(files) if cache else None
    snapshot = cache.snapshot_key(listing, aliases) if listing is not None else ""
    if snapshot and (seen := cache.get_snapshot(snapshot)) is not None:
        if progress:
            progress(len(files), len(files), "")
        return Frames(*seen)
    frames = _load_and_assemble(files, aliases, progress, cache, workers)
    if snapshot:
        cache.put_snapshot(snapshot, (frames.facts, frames.reports, frames.checks))
    return frames


def _stat_listing(files: list[ReportFile]) -> list[tuple[str, int, int]] | None:
    """(source, size, mtime_ns) of each file; None when one cannot be seen (no snapshot then)."""
    try:
        return [(f.source, st.st_size, st.st_mtime_ns) for f in files for st in (os.stat(f.source),)]
    except OSError:
        return None


def _load_and_assemble(files: list[ReportFile], aliases: dict[str, str], progress: Progress | None,
                       cache: ParseCache | None, workers: int | None) -> Frames:
    entries: list[tuple[str, str]] = []
    pending: dict[str, tuple[str, bytes]] = {}
    unread = ParsedRows()
    for item in files:
        key, data, failed = _read_bytes(item)
        entries.append((item.source, key))
        if failed is not None:
            unread.add(key, failed)
        elif key not in pending:
            pending[key] = (item.source, data)
    cached = cache.get(set(pending)) if cache else None
    known = set(cached[0]["key"]) if cached is not None else set()
    todo = [(key, source, data) for key, (source, data) in pending.items() if key not in known]
    done = len(files) - len(todo)
    if progress and done:
        progress(done, len(files), "")
    parsed = parse_many(todo, lambda n, src: progress(done + n, len(files), src) if progress else None, workers)
    fresh = parsed.frames()  # built once: stored and used
    if cache:
        cache.put(fresh)
    parts = [unread.frames(), fresh] + ([cached] if cached is not None else [])
    reports, facts, findings = (pd.concat([p[i] for p in parts if len(p[i])] or [parts[0][i]], ignore_index=True)
                                for i in range(3))
    listing = pd.DataFrame(entries, columns=["source", "key"]).astype("str")
    return assemble(listing, reports, facts, findings, aliases)


def _read_bytes(item: ReportFile) -> tuple[str, bytes, Report | None]:
    """(key, bytes, None), or a failed report when the file cannot be read at all."""
    try:
        size = os.stat(item.source).st_size
        if size > MAX_FILE_BYTES:
            return f"unread:{item.source}", b"", _failed(
                item, "file.too_large", f"文件大小 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES // 1048576} MB，未读取",
                size)
        with open(item.source, "rb") as f:
            data = f.read()
    except OSError as e:
        return f"unread:{item.source}", b"", _failed(item, "file.unreadable",
                                                     f"无法打开文件：{e.strerror or type(e).__name__}")
    # the reader depends on the file's ending as well as its bytes
    return f"{hashlib.sha256(data).hexdigest()}{os.path.splitext(item.source)[1].lower()}", data, None


def _failed(item: ReportFile, rule: str, message: str, size: int = 0) -> Report:
    report = Report(source=item.source, size=size)
    report.find(rule, message)
    report.message = message
    return report


def parse_many(todo: list[tuple[str, str, bytes]], progress: Callable[[int, str], None] | None = None,
               workers: int | None = None) -> ParsedRows:
    """Parse (key, source, bytes) items, across processes when there are many."""
    rows = ParsedRows()
    workers = workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers < 2:
        for n, item in enumerate(todo, start=1):
            rows.extend(_parse_chunk([item]))
            if progress:
                progress(n, item[1])
        return rows
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    finished: set[int] = set()
    try:
        # fork: the workers start with the parser already imported and need no main-module guard
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_parse_chunk, chunk): i for i, chunk in enumerate(chunks)}
            for future in as_completed(futures):
                rows.extend(future.result())
                finished.add(futures[future])
                if progress:
                    progress(sum(len(chunks[i]) for i in finished), chunks[futures[future]][-1][1])
    except (BrokenProcessPool, OSError):  # no processes to be had here: finish in this one
        for i, chunk in enumerate(chunks):
            if i not in finished:
                rows.extend(_parse_chunk(chunk))
    return rows


def _parse_chunk(chunk: list[tuple[str, str, bytes]]) -> ParsedRows:
    rows = ParsedRows()
    for key, source, data in chunk:
        rows.add(key, read_report(source, data))
    return rows


def read_aliases(paths: Iterable[str | os.PathLike]) -> dict[str, str]:
    """Other spellings → one name, from aliases.csv files in the folders given."""
    aliases: dict[str, str] = {}
    for row in _folder_csv(paths, ALIASES_FILE):
        if len(row) >= 2 and row[0].strip() and row[1].strip() and row[0].strip() != "alias":
            aliases[row[0].strip()] = row[1].strip()
    return aliases


def read_roster(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Bodies expected to report, from roster.csv files in the folders given (org first; a county
    column may follow)."""
    names = [row[0].strip() for row in _folder_csv(paths, ROSTER_FILE) if row and row[0].strip()]
    return [n for n in names if n not in ("org", "name")]


def _folder_csv(paths, filename: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for p in paths:
        f = Path(p, filename)
        if Path(p).is_dir() and f.is_file():
            with f.open(encoding="utf-8-sig", newline="") as fh:
                rows.extend(csv.reader(fh))
    return rows
