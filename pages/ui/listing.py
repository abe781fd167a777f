"""How the app notices that its reports folder changed: a signature of the folder's listing, renewed in the background.

Listing a folder stats every file: a few milliseconds for a county, over a second for a province's 100,000
reports — too slow for every filter change, and a reviewer who reads a chart for longer than the listing is
trusted would wait for it on every click. So a signature stands for LISTING_SECONDS; past that a folder
whose listing was quick is listed again at once, and a slow one by another Python process (started from a
thread) while the last signature stands (the change shows on the rerun after the listing ends). A slow
listing is trusted for LISTING_SHARE times its own duration, so renewing it takes at most a tenth of a core
(a province's takes 1-2.5 s: renewed every 5 s it kept a core 30-50% busy beside the reruns). The app's
own uploads call `forget`, and the next run lists the folder before drawing.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from loaders.formats import REPORT_SUFFIXES

from . import folder_listing

#: How long a listing is trusted (changes made outside the app show after about this long).
LISTING_SECONDS = 5
#: A listing that took longer than this (seconds) is renewed in the background, not in a rerun.
SLOW_LISTING = 0.2
#: A listing is trusted for at least this many times its own duration (and LISTING_SECONDS).
LISTING_SHARE = 10

# what a reload must notice: the reports, and aliases.csv / roster.csv (truth .json files are not read)
WATCHED_SUFFIXES = REPORT_SUFFIXES + (".csv",)


def folder_signature(folder: Path) -> str:
    """The folder's signature (folder_listing.signature) over the files the loaders read."""
    return folder_listing.signature(folder, WATCHED_SUFFIXES)


#: A renewal in its own Python that takes longer than this (seconds) fails, and is tried again on the next ask.
CHILD_TIMEOUT = 120


def signature_in_child(folder: Path) -> str:
    """folder_signature computed by another Python process: the same digest, while this process's threads
    (the sessions' reruns) keep Python's lock. Where that process cannot start or fails, computed here."""
    command = [sys.executable, "-I", folder_listing.__file__, str(folder), *WATCHED_SUFFIXES]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=True)
    except (OSError, subprocess.CalledProcessError):  # a timeout is not listed here again: it fails
        return folder_signature(folder)
    return done.stdout.strip()


#: Seconds a renewal waits before listing: the rerun that found the listing stale has both cores to itself.
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
    """The signature of each folder asked about, trusted for `ttl` seconds (or `share` times its listing's
    duration, if longer) and then renewed: by `lister` in the rerun, or when the last listing took longer
    than `slow` by `renewer` in the background (begun by `start`). Safe to share between the sessions' threads."""

    def __init__(self, ttl: float = LISTING_SECONDS, slow: float = SLOW_LISTING, share: float = LISTING_SHARE,
                 lister: Callable[[Path], str] = folder_signature,
                 renewer: Callable[[Path], str] = signature_in_child,
                 clock: Callable[[], float] = time.monotonic,
                 start: Callable[[Callable[[], None]], None] = _on_thread):
        self.ttl, self.slow, self.share = ttl, slow, share
        self._lister, self._renewer, self._clock, self._start = lister, renewer, clock, start
        self._listed: dict[str, _Listed] = {}
        self._forgotten = 0  # counts `forget` calls: a renewal begun before one is not kept
        self._lock = threading.Lock()

    def signature(self, folder: str) -> str:
        """The folder's signature: the last one while it is trusted or being renewed, else a new listing."""
        with self._lock:
            listed = self._listed.get(folder)
            if listed is not None and (listed.renewing or self._clock() - listed.at < self._trusted(listed)):
                return listed.signature
            if listed is not None and listed.took > self.slow:
                listed.renewing = True
                generation = self._forgotten
                self._start(lambda: self._renew(folder, generation))
                return listed.signature
            generation = self._forgotten
        return self._list(folder, generation, self._lister)

    def _trusted(self, listed: _Listed) -> float:
        return max(self.ttl, self.share * listed.took)

    def forget(self) -> None:
        """List every folder again when next asked (after the app itself changed one)."""
        with self._lock:
            self._listed.clear()
            self._forgotten += 1

    def _renew(self, folder: str, generation: int) -> None:
        try:
            self._list(folder, generation, self._renewer)
        finally:  # a listing that failed is tried again on the next ask, not waited for forever
            with self._lock:
                listed = self._listed.get(folder)
                if listed is not None:
                    listed.renewing = False

    def _list(self, folder: str, generation: int, lister: Callable[[Path], str]) -> str:
        began = self._clock()
        signature = lister(Path(folder))
        with self._lock:
            if generation == self._forgotten:
                self._listed[folder] = _Listed(signature, began, self._clock() - began)
        return signature
