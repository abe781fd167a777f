"""Arrow's allocator in a process that imported the loaders (loaders.memory says why it matters)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pool_after_import(**env: str) -> str:
    """The backend of Arrow's default pool in a fresh interpreter that imported loaders."""
    environ = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"} | env
    done = subprocess.run([sys.executable, "-c", "import loaders, pyarrow; print(pyarrow.default_memory_pool().backend_name)"],
                          capture_output=True, text=True, cwd=ROOT, env=environ, check=True)
    return done.stdout.strip()


def test_loaders_move_arrow_off_the_huge_page_allocator():
    assert pool_after_import() == "jemalloc"


def test_a_pool_the_user_names_is_kept():
    assert pool_after_import(ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"
    assert pool_after_import(ARROW_DEFAULT_MEMORY_POOL="system") == "system"
