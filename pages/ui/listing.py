"""How the app notices that its reports folder changed: a signature of the folder's listing, renewed in the background.

Listing a folder stats every file: a few milliseconds for a county, over a second for a province's 100,000
reports — too slow for every filter change, and a reviewer who reads a chart for longer than the listing is
trusted would wait for it on every click. So a signature stands for LISTING_SECONDS; past that a folder
whose listing was quick is listed again at once, and a slow one on a thread while the last signature
stands (the change shows on the rerun after the listing ends). The app's own uploads call `forget`, and the
next run lists the folder before drawing.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loaders.formats import REPORT_SUFFIXES

#: How long a listing is trusted (changes made outside the app show after about this long).
LISTING_SECONDS = 5
#: A listing that took longer than this (seconds) is renewed on a thread, not in a rerun.
SLOW_LISTING = 0.2

# what a reload must notice: the reports, and aliases.csv / roster.csv (truth .json files are not read)
WATCHED_SUFFIXES = REPORT_SUFFIXES + (".csv",)


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


#: Seconds a renewal waits before listing: the rerun that found the listing stale runs first, not beside it
#: (the listing holds Python's lock for a third of its time).
RENEWAL_DELAY = 1.0


def _on_thread(work: Callable[[], None]) -> None:
    timer = threading.Timer(RENEWAL_DELAY, work)
    timer.daemon, timer.name = True, "nianbao-listing"
    timer.start()


@dataclass
class _Listed:
    signature: str
    at: float  # when the listing started (clock seconds)
    took: float
    renewing: bool = False


class FolderWatch:
    """The signature of each folder asked about, trusted for `ttl` seconds and then renewed (in the
    background, by `start`, when the last listing took longer than `slow`). Safe to share between the
    sessions' threads."""

    def __init__(self, ttl: float = LISTING_SECONDS, slow: float = SLOW_LISTING,
                 lister: Callable[[Path], str] = folder_signature, clock: Callable[[], float] = time.monotonic,
                 start: Callable[[Callable[[], None]], None] = _on_thread):
        self.ttl, self.slow = ttl, slow
        self._lister, self._clock, self._start = lister, clock, start
        self._listed: dict[str, _Listed] = {}
        self._forgotten = 0  # counts `forget` calls: a renewal begun before one is not kept
        self._lock = threading.Lock()

    def signature(self, folder: str) -> str:
        """The folder's signature: the last one while it is trusted or being renewed, else a new listing."""
        with self._lock:
            listed = self._listed.get(folder)
            if listed is not None and (listed.renewing or self._clock() - listed.at < self.ttl):
                return listed.signature
            if listed is not None and listed.took > self.slow:
                listed.renewing = True
                generation = self._forgotten
                self._start(lambda: self._renew(folder, generation))
                return listed.signature
            generation = self._forgotten
        return self._list(folder, generation)

    def forget(self) -> None:
        """List every folder again when next asked (after the app itself changed one)."""
        with self._lock:
            self._listed.clear()
            self._forgotten += 1

    def _renew(self, folder: str, generation: int) -> None:
        try:
            self._list(folder, generation)
        finally:  # a listing that failed is tried again on the next ask, not waited for forever
            with self._lock:
                listed = self._listed.get(folder)
                if listed is not None:
                    listed.renewing = False

    def _list(self, folder: str, generation: int) -> str:
        began = self._clock()
        signature = self._lister(Path(folder))
        with self._lock:
            if generation == self._forgotten:
                self._listed[folder] = _Listed(signature, began, self._clock() - began)
        return signature
