"""Finding report files and reading them all: from the parse cache where it can, in parallel where it must.

Every file given ends up as one row of the reports frame — read, partly read or not — so no input is
lost. Files are keyed by the SHA-256 of their bytes and their ending: the same file under two names
is parsed once.
"""
from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import duckdb
import pandas as pd

from .cache import ParseCache
from .formats import REPORT_SUFFIXES
from .assembly import Assembled, assemble, with_list_problems
from .frames import Frames, ParsedRows
from .parsed_facts import ParsedFacts
from .lists import aliases_of, roster_of
from .model import Report
from .report import read_report
from .text import UnreadableText

MAX_FILE_BYTES = 60 * 1024 * 1024  # no report comes near this; a bigger file is refused unread
PARALLEL_FROM = 150  # files to parse before a pool of processes pays for its start
CHUNK = 64
MAX_CHUNK = 500
UNREAD = "unread:"  # the key of a file that could not be read: its path (it has no bytes to hash)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ReportFile:
    source: str  # the path as given, or as found under the folder given (also where to open it)


def find_reports(paths: Iterable[str | os.PathLike]) -> list[ReportFile]:
    """Report files among the paths: files as given, folders searched recursively (sorted, stable).
    A folder that cannot be listed is listed itself, so that it becomes a row saying why."""
    found: list[ReportFile] = []
    for p in paths:
        top = os.fspath(p)
        if not os.path.isdir(top):
            found.append(ReportFile(top))
            continue
        for root, dirs, files in os.walk(top, onerror=lambda e: found.append(ReportFile(e.filename))):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if is_report_name(name):
                    full = os.path.join(root, name)
                    found.append(ReportFile(full))
    return found


def is_report_name(name: str) -> bool:
    """A report's file name: a known suffix; not hidden, not a folder's README (it describes the folder)."""
    lower = name.lower()
    return lower.endswith(REPORT_SUFFIXES) and not name.startswith(".") and not lower.startswith("readme")


def load_files(files: list[ReportFile], paths: list, progress: Progress | None = None,
               cache: ParseCache | None = None, workers: int | None = None) -> Frames:
    """Read the files (cache, then parallel parse) and assemble the frames of this load. With a cache,
    the facts go from the parse workers to the cache and from there, by DuckDB, to the load snapshot's
    Parquet file: this process never holds them all."""
    aliases, problems = aliases_of(paths)
    problems += roster_of(paths)[1]
    listing = _stat_listing(files) if cache else None
    snapshot = cache.snapshot_key(listing, aliases, problems) if listing is not None else ""
    if snapshot and (seen := cache.get_snapshot(snapshot)) is not None:
        if progress:
            progress(len(files), len(files), "")
        return Frames(*seen)
    load = _load_and_assemble(files, aliases, progress, cache, workers)
    load.checks = with_list_problems(load.checks, problems)
    if snapshot and (kept := cache.put_snapshot(snapshot, load)) is not None:
        return Frames(kept, load.reports, load.checks)
    try:
        return load.in_memory()
    except duckdb.Error:  # a cache part damaged inside, past what its footer shows: a cache is only a cache
        if cache is None:
            raise
        return load_files(files, paths, progress, None, workers)


def _stat_listing(files: list[ReportFile]) -> list[tuple[str, int, int, int, int]] | None:
    """(source, size, mtime_ns, inode, ctime_ns) of each file; None when one cannot be seen (no snapshot
    then). Size and mtime alone miss a file edited in place that keeps both (`cp -p`, `touch -r`, sync
    tools); no user tool sets the ctime back, and a file replaced by another has a new inode."""
    try:
        return [(f.source, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                for f in files for st in (os.stat(f.source),)]
    except OSError:
        return None


def _load_and_assemble(files: list[ReportFile], aliases: dict[str, str], progress: Progress | None,
                       cache: ParseCache | None, workers: int | None) -> Assembled:
    known = cache.keys() if cache else frozenset()
    chunks = read_many([f.source for f in files], known, progress, workers, cache)
    entries = [entry for chunk in chunks for entry in chunk.entries]
    held = [chunk.parsed for chunk in _without_repeats(chunks)]  # rows no cache holds (files not read, no cache)
    if cache:
        cache.tidy()
    wanted = {key for chunk in chunks for key in chunk.cached}
    cached = cache.get(wanted) if wanted else None
    missed = wanted - (set(cached.reports["key"]) if cached is not None else set())
    if missed:  # the cache listed them but could not give them (damaged since): parse here, keep in memory
        again = {key: source for source, key in entries if key in missed}
        held += [c.parsed for c in read_many(list(again.values()), frozenset(), None, 1)]
    facts = ParsedFacts()
    for reports, rows, _ in held:
        facts.add_frame(rows, list(reports["key"]))
    if cached is not None:
        for key, path in cached.facts_at.items():
            facts.add_file(path, [key])
        held.append((cached.reports, None, cached.findings))
    listing = pd.DataFrame(entries, columns=["source", "key"]).astype("str")
    return assemble(listing, _concat([h[0] for h in held]), facts, _concat([h[2] for h in held]), aliases)


Parsed = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]  # (reports, facts, findings) rows by key


@dataclass
class ChunkRead:
    """What reading some files gave: (source, key) of each in order, the rows of the files parsed that
    the cache does not hold, and the keys of those it holds (parsed before, or stored just now)."""

    entries: list[tuple[str, str]]
    parsed: Parsed
    cached: list[str]


def read_many(sources: list[str], known: frozenset[str] = frozenset(), progress: Progress | None = None,
              workers: int | None = None, store: ParseCache | None = None) -> list[ChunkRead]:
    """Read, hash and parse files (those whose key is not `known` to the cache), across processes when
    there are many. Each worker reads its own files and, given a `store`, writes their rows to it
    itself: only the keys come back, so the main process neither receives nor holds the facts. The
    chunks come back in the order of `sources`."""
    workers = workers or os.cpu_count() or 1
    total = len(sources)
    if total < PARALLEL_FROM or workers < 2:
        return [_read_chunk(sources, known, store, lambda n, src: progress(n, total, src) if progress else None)]
    # chunks small enough to share the work out evenly and show progress, large enough that a province
    # makes a few hundred cache parts rather than thousands
    size = max(CHUNK, min(MAX_CHUNK, total // (workers * 16)))
    chunks = [sources[i:i + size] for i in range(0, total, size)]
    results: dict[int, ChunkRead] = {}
    try:
        # fork: the workers start with the parser already imported and need no main-module guard
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_remember, initargs=(known, store)) as pool:
            futures = {pool.submit(_read_chunk, chunk): i for i, chunk in enumerate(chunks)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                if progress:
                    progress(sum(len(chunks[i]) for i in results), total, chunks[futures[future]][-1])
    except (BrokenProcessPool, OSError):  # no processes to be had here: finish in this one
        for i, chunk in enumerate(chunks):
            if i not in results:
                results[i] = _read_chunk(chunk, known, store)
    return [results[i] for i in range(len(chunks))]


_in_worker: tuple[frozenset[str], ParseCache | None] = (frozenset(), None)


def _remember(known: frozenset[str], store: ParseCache | None) -> None:
    global _in_worker  # sent once per worker, not with every chunk
    _in_worker = (known, store)


def _read_chunk(sources: list[str], known: frozenset[str] | None = None, store: ParseCache | None = None,
                progress: Callable[[int, str], None] | None = None) -> ChunkRead:
    if known is None:
        known, store = _in_worker
    rows, entries, cached, seen = ParsedRows(), [], [], set()
    for n, source in enumerate(sources, start=1):
        key, data, failed = _read_bytes(ReportFile(source))
        entries.append((source, key))
        if key not in seen:  # the same bytes under two names are read once
            seen.add(key)
            if failed is not None:
                rows.add(key, failed)
            elif key in known:
                cached.append(key)
            else:
                rows.add(key, read_report(source, data))
        if progress:
            progress(n, source)
    parsed = rows.frames()
    if store is not None:
        readable, unread = _split_unread(parsed)
        if store.publish(readable):  # stored: the cache gives them back with the others
            cached += list(readable[0]["key"])
            parsed = unread
    return ChunkRead(entries, parsed, cached)


def _without_repeats(chunks: list[ChunkRead]) -> list[ChunkRead]:
    """Chunks with the rows of a key an earlier chunk already parsed (the same bytes under two names) left out."""
    seen: set[str] = set()
    out = []
    for chunk in chunks:
        keys = set(chunk.parsed[0]["key"])
        repeated = keys & seen
        seen |= keys
        if repeated:
            chunk = ChunkRead(chunk.entries, tuple(df[~df["key"].isin(repeated)] for df in chunk.parsed), chunk.cached)
        out.append(chunk)
    return out


def _split_unread(rows: Parsed) -> tuple[Parsed, Parsed]:
    """(rows of files read, rows of files that could not be read): the latter's key is their path, not
    their bytes, so they are never cached."""
    unread = rows[0]["key"].str.startswith(UNREAD)
    keys = set(rows[0].loc[unread, "key"])
    return (tuple(df[~df["key"].isin(keys)] for df in rows), tuple(df[df["key"].isin(keys)] for df in rows))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several reads as one frame; empty ones add nothing (nor change dtypes)."""
    return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)


def _read_bytes(item: ReportFile) -> tuple[str, bytes, Report | None]:
    """(key, bytes, None), or a failed report when the file cannot be read at all."""
    try:
        data = read_file(item.source)
    except UnreadableText as e:
        return f"{UNREAD}{item.source}", b"", _failed(item, e.rule, str(e), e.size)
    # the reader depends on the file's ending as well as its bytes
    return f"{hashlib.sha256(data).hexdigest()}{os.path.splitext(item.source)[1].lower()}", data, None


class _Refused(UnreadableText):
    """A file not read, and its size when that was the reason."""

    def __init__(self, rule: str, message: str, size: int = 0):
        super().__init__(rule, message)
        self.size = size


def read_file(path: str) -> bytes:
    """A report file's bytes (raises UnreadableText saying why not).

    Only regular files are read, and never past MAX_FILE_BYTES: a link to /dev/zero says its size is 0
    and never ends, a pipe named *.md blocks until something writes to it."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused(*_not_a_file(path, st.st_mode))
        if st.st_size > MAX_FILE_BYTES:
            raise _too_large(st.st_size)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe put there since the stat: no wait
        with open(fd, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise _Refused(*_not_a_file(path, mode))
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise _Refused("file.unreadable", f"无法打开文件：{_why(e)}") from e
    if len(data) > MAX_FILE_BYTES:  # grew since the stat
        raise _too_large(len(data))
    return data


_KINDS = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISSOCK, "套接字"))


def _not_a_file(source: str, mode: int) -> tuple[str, str]:
    """(rule, reason) for a path that is not a regular file: a folder that could not be listed, or a device."""
    if stat.S_ISDIR(mode):
        try:
            os.scandir(source).close()
            why = "无法列出其中的文件"
        except OSError as e:
            why = _why(e)
        return "file.unreadable", f"文件夹无法读取（{why}），其中的报告文件均未读取"
    kind = next((name for is_kind, name in _KINDS if is_kind(mode)), "特殊文件")
    return "file.unreadable", f"这不是普通文件，而是{kind}，未读取（只读取普通的报告文件）"


_ERRNO_WORDS = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
                errno.ELOOP: "符号链接循环", errno.ENXIO: "设备或套接字无法打开", errno.EIO: "磁盘读写错误",
                errno.ENAMETOOLONG: "路径过长", errno.ENOTDIR: "路径中有一段不是文件夹"}


def _why(e: OSError) -> str:
    return _ERRNO_WORDS.get(e.errno, e.strerror or type(e).__name__)


def _too_large(size: int) -> _Refused:
    return _Refused("file.too_large", f"文件大小 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES // 1048576} MB，"
                                      "未读取", size)


def _failed(item: ReportFile, rule: str, message: str, size: int = 0) -> Report:
    report = Report(source=item.source, size=size)
    report.find(rule, message)
    report.message = message
    return report
