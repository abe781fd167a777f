"""The parse cache: each file's parsed rows kept by its content hash, in a Parquet dataset.

Three datasets (reports/, facts/, findings/) of a few part files each — one part per load that parsed
something, compacted once there are many — under a folder named by the parser version, so results
are reused only while both the file and the parser are unchanged. The facts dataset carries org,
year and template beside each number, so DuckDB or Spark can read it as it is:

    SELECT org, year, metric, value FROM 'CACHE/v-*/facts/*.parquet'
"""
from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .dataset import FactTable
from .frames import FACT_FIELDS, FINDING_FIELDS, REPORT_FIELDS

DATASETS = ("reports", "facts", "findings")
_FIELDS = {"reports": REPORT_FIELDS, "facts": FACT_FIELDS, "findings": FINDING_FIELDS}
MAX_PARTS = 12  # compact a dataset past this many part files
SNAPSHOT_FRAMES = ("facts", "reports", "checks")
MAX_SNAPSHOTS = 4  # loads remembered whole (a few folders, or a folder as it changes)


# Modules that never change what a report parses to: editing them keeps the cache.
_NOT_PARSER = ("views", "upload.py", "cli.py", "arguments.py", "places.py", "export.py", "layout.py", "samples")


@cache
def parser_version() -> str:
    """A hash of the parser's code and the catalog: any change to either starts a new cache."""
    h = hashlib.sha256()
    root = resources.files(__package__)
    for path in sorted(Path(str(root)).rglob("*")):
        relative = path.relative_to(Path(str(root)))
        if relative.parts[0] in _NOT_PARSER:
            continue
        if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
            h.update(relative.as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def default_folder() -> Path:
    """$NIANBAO_CACHE, else $XDG_CACHE_HOME/nianbao, else ~/.cache/nianbao."""
    if os.environ.get("NIANBAO_CACHE"):
        return Path(os.environ["NIANBAO_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "nianbao")


class ParseCache:
    """Parsed rows by content hash. Any trouble reading it counts as a miss: the file is parsed again."""

    def __init__(self, folder: str | os.PathLike | None = None):
        self.base = Path(folder) if folder else default_folder()
        self.root = self.base / f"v-{parser_version()}"

    def keys(self) -> frozenset[str]:
        """The key of every file the cache holds (none when it cannot be read)."""
        parts = self._parts("reports")
        try:
            return frozenset(pd.read_parquet(parts, columns=["key"])["key"]) if parts else frozenset()
        except Exception:  # a damaged cache is only a cache
            return frozenset()

    def _parts(self, name: str) -> list[Path]:
        """The part files of a dataset that belong to a whole entry: one part of the same name in each
        of the three datasets. A write cut short (killed, out of memory, disk full) leaves parts
        without their reports part, which is written last: they are not part of the cache."""
        whole = set.intersection(*({p.name for p in (self.root / d).glob("part-*.parquet")} for d in DATASETS))
        return sorted(self.root / name / n for n in whole)

    def get(self, keys: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
        """(reports, facts, findings) rows of the keys the cache holds, or None when it holds none."""
        if not keys or not (self.root / "reports").is_dir():
            return None
        try:
            reports = self._read("reports", keys)
            if reports.empty:
                return None
            twice = reports["key"].duplicated().any()  # two loads stored the same file: keep one copy
            found = set(reports["key"])
            facts, findings = self._read("facts", found), self._read("findings", found)
            if twice:
                reports = reports.drop_duplicates("key")
                facts = facts.drop_duplicates(subset=[c for c in FACT_FIELDS if c != "cell"])
                findings = findings.drop_duplicates()
            return reports, facts, findings
        except Exception:  # a damaged cache is only a cache
            return None

    def _read(self, name: str, keys: set[str]) -> pd.DataFrame:
        parts = self._parts(name)
        if not parts:
            return pd.DataFrame(columns=_FIELDS[name])
        return pd.read_parquet(parts, filters=[("key", "in", sorted(keys))])

    def put(self, frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
        """Store newly parsed (reports, facts, findings) as one more entry: a part of each dataset under
        one name, all or nothing (errors ignored)."""
        if frames[0].empty:
            return
        try:
            self._prune_old_versions()
            self._publish(f"part-{uuid.uuid4().hex}.parquet", dict(zip(DATASETS, frames)))
            self._compact()
        except OSError:
            pass

    def _publish(self, part: str, frames: dict[str, pd.DataFrame]) -> None:
        """Write each dataset's part under a temporary name, then move it to `part`: the reports part
        last, as it is what makes the entry count (see _parts)."""
        for name in ("facts", "findings", "reports"):
            folder = self.root / name
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{part}.tmp"
            frames[name].to_parquet(tmp, index=False)
            os.replace(tmp, folder / part)

    def _compact(self) -> None:
        """Past MAX_PARTS entries, merge them into one (published as a new entry before the old go)."""
        parts = self._parts("reports")
        if len(parts) <= MAX_PARTS:
            return
        names = [p.name for p in parts]
        kept: dict[str, list[pd.DataFrame]] = {d: [] for d in DATASETS}
        seen: set[str] = set()
        for n in names:  # a file two loads stored: the rows of its first entry only
            entry = {d: pd.read_parquet(self.root / d / n) for d in DATASETS}
            fresh = set(entry["reports"]["key"]) - seen
            seen |= fresh
            for d in DATASETS:
                kept[d].append(entry[d][entry[d]["key"].isin(fresh)])
        self._publish(f"part-{uuid.uuid4().hex}.parquet", {d: pd.concat(kept[d], ignore_index=True) for d in DATASETS})
        for name in ("reports", "facts", "findings"):  # the reports first: no entry is ever half gone
            for n in names:
                (self.root / name / n).unlink(missing_ok=True)

    # Snapshots: the assembled frames of one whole load, keyed by what the load read (every file's
    # path, size, mtime, inode and ctime, and the aliases), so a second start reads three files and parses
    # nothing.
    def snapshot_key(self, listing: list[tuple], aliases: dict[str, str], problems=()) -> str:
        """The key of a load of these files (stat of each) with these aliases and these problems of
        the folder's lists (they are findings of the load)."""
        return hashlib.sha256(repr((listing, sorted(aliases.items()), list(problems))).encode()).hexdigest()[:32]

    def get_snapshot(self, key: str) -> tuple[FactTable, pd.DataFrame, pd.DataFrame] | None:
        """(facts, reports, checks) of a load seen before, or None. The facts stay in their Parquet
        file (read by the queries that need them); the snapshot is marked as just used, so that it is
        the last to go when newer loads make room."""
        folder = self.root / "snapshots" / key
        try:
            facts = folder / "facts.parquet"
            pq.ParquetFile(facts)  # its footer read: a file cut short is no snapshot
            frames = (FactTable(files=(str(facts),)), *(pd.read_parquet(folder / f"{name}.parquet")
                                                        for name in SNAPSHOT_FRAMES[1:]))
            os.utime(folder)
            return frames
        except Exception:  # absent, half-written or damaged: only a cache
            return None

    def put_snapshot(self, key: str, frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> FactTable | None:
        """Keep the frames of this load (atomically; the least recently used snapshots beyond
        MAX_SNAPSHOTS go). Returns where its facts now are, or None when they could not be kept."""
        snapshots = self.root / "snapshots"
        tmp = snapshots / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            tmp.mkdir(parents=True)
            for name, df in zip(SNAPSHOT_FRAMES, frames):
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            target = snapshots / key
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
            kept = sorted((p for p in snapshots.iterdir() if not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[MAX_SNAPSHOTS:]:
                shutil.rmtree(old, ignore_errors=True)
            return FactTable(files=(str(target / "facts.parquet"),))
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return None

    def _prune_old_versions(self) -> None:
        if self.base.is_dir():
            for old in self.base.glob("v-*"):
                if old != self.root and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
