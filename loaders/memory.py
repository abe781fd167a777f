"""Which allocator Arrow uses for the frames of this process.

Arrow's default allocator (mimalloc) maps its memory in 2 MB huge pages. On Linux with transparent huge
pages on `madvise` (a common default), the kernel may compact memory to find each one: reading the
load snapshot of 10,000 reports (≈ 1 GB of frames) then spent 2–5 s of system time on a busy machine,
against 0.3–0.6 s with jemalloc or the C library's allocator, which fault ordinary 4 KB pages. Neither
changes a value; only the time spent in the kernel.
"""
from __future__ import annotations

import os

import pyarrow as pa

#: Arrow's own setting: a user who names a pool there keeps it.
POOL_ENV = "ARROW_DEFAULT_MEMORY_POOL"


def choose_memory_pool() -> str:
    """Make jemalloc (or, in a build without it, the system allocator) Arrow's default pool, unless
    $ARROW_DEFAULT_MEMORY_POOL names one; the name of the pool in use."""
    if not os.environ.get(POOL_ENV):
        try:
            pool = pa.jemalloc_memory_pool()
        except NotImplementedError:  # Arrow built without jemalloc (the Windows wheels)
            pool = pa.system_memory_pool()
        pa.set_memory_pool(pool)
    return pa.default_memory_pool().backend_name
