"""A folder's signature: a digest of the listing of the files the loaders read under it.

Standard library only, so `listing.signature_in_child` can run this file in its own Python (`python -I
folder_listing.py FOLDER SUFFIX...` prints the digest) and a province's 100,000 stats never hold the app's
lock.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def signature(folder: Path | str, suffixes: tuple[str, ...]) -> str:
    """A digest of (relative path, size, mtime_ns, inode, ctime_ns) of every file under the folder whose
    name ends in one of `suffixes` (lower case): changes when any of them does, even edited in place keeping
    its size and mtime. A short string, so the cache key costs nothing to hash."""
    listing = sorted(_listing(folder, "", suffixes))
    return hashlib.sha1(repr(listing).encode()).hexdigest()


def _listing(folder: Path | str, prefix: str, suffixes: tuple[str, ...]):
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
                yield from _listing(entry.path, name + "/", suffixes)
            elif entry.name.lower().endswith(suffixes):
                stat = entry.stat()
                yield name, stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns
        except OSError:
            continue


if __name__ == "__main__":
    print(signature(sys.argv[1], tuple(sys.argv[2:])))
