"""The parse cache: each file's parsed rows kept by its content hash, in a Parquet dataset.

Three datasets (reports/, facts/, findings/) of part files — one entry (a part of each) per parse
worker's batch of files, written by the worker itself, merged into one once they come from many loads
— under a folder named by the parser version, so results are reused only while both the file and
the parser are unchanged. Beside them, the snapshots of the last few loads (snapshots/KEY/: the
load's facts table, written by DuckDB, and its reports and checks), which DuckDB or Spark read as
they are:

    SELECT org, year, metric, value FROM 'CACHE/v-*/snapshots/KEY/facts.parquet'
"""
from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from .dataset import FactTable, connect, sql_paths, sql_text, to_pandas
from .frames import _typed

if TYPE_CHECKING:
    from .assembly import Assembled

DATASETS = ("reports", "facts", "findings")
MAX_PARTS = 12  # compact the cache once its entries come from more loads than this
MAX_SNAPSHOTS = 4  # loads remembered whole (a few folders, or a folder as it changes)


# Modules and packages that never change what a report parses to: editing them keeps the cache (the review
# package's decisions, documents and deadlines act on the loaded frames; its dates and copied are parser).
_NOT_PARSER = ("views", "upload.py", "cli.py", "arguments.py", "places.py", "export", "layout.py", "samples",
               "review/decisions.py", "review/documents.py", "review/evaluate.py", "review/requirements.py",
               "review/roster.py", "review/store.py", "review/workflow.py")


@cache
def parser_version() -> str:
    """A hash of the parser's code and the catalog: any change to either starts a new cache."""
    h = hashlib.sha256()
    root = resources.files(__package__)
    for path in sorted(Path(str(root)).rglob("*")):
        relative = path.relative_to(Path(str(root)))
        if any(relative.parts[:len(Path(e).parts)] == Path(e).parts for e in _NOT_PARSER):
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


@dataclass
class CachedRows:
    """What the cache holds of some files: their report rows and findings, and for each key the part
    file that holds its facts (read by DuckDB where they are; see parsed_facts.py)."""

    reports: pd.DataFrame
    findings: pd.DataFrame
    facts_at: dict[str, str]


def _load_of(part: str) -> str:
    """The load that wrote an entry (part-LOAD-UUID.parquet; an older part-UUID.parquet is a load of its own)."""
    return part.split("-")[1]


def _paths(folder: Path, names: list[str]) -> str:
    return sql_paths(folder / n for n in names)


class ParseCache:
    """Parsed rows by content hash. Any trouble reading it counts as a miss: the file is parsed again."""

    def __init__(self, folder: str | os.PathLike | None = None):
        self.base = Path(folder) if folder else default_folder()
        self.root = self.base / f"v-{parser_version()}"
        self._checked: dict[str, bool] = {}
        self.load = uuid.uuid4().hex[:12]  # names the entries of one load (its workers write one each)

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

    def get(self, keys: set[str]) -> CachedRows | None:
        """The rows of the keys the cache holds, or None when it holds none. A file two entries hold
        (two loads stored it) is taken from the first entry only."""
        names = [p.name for p in self._parts("reports")]
        if not keys or not names:
            return None
        try:
            con = connect()
            con.register("wanted", pd.DataFrame({"key": sorted(keys)}, dtype="str"))
            con.execute("CREATE TEMP TABLE chosen AS SELECT key, min(parse_filename(filename)) AS part FROM "
                        f"read_parquet({_paths(self.root / 'reports', names)}, filename = true) SEMI JOIN wanted "
                        "USING (key) GROUP BY key")
            readable = [n for n in names if self._facts_readable(n)]
            con.execute("DELETE FROM chosen WHERE part NOT IN (SELECT unnest(?::VARCHAR[]))", [readable])
            reports, findings = (_typed(to_pandas(con.sql(
                f"SELECT d.* EXCLUDE (filename, file_row_number) FROM read_parquet({_paths(self.root / name, names)}, "
                "filename = true, file_row_number = true) d SEMI JOIN chosen c ON d.key = c.key AND "
                "parse_filename(d.filename) = c.part ORDER BY parse_filename(d.filename), d.file_row_number")
                .to_arrow_table())) for name in ("reports", "findings"))
            if reports.empty:
                return None
            place = dict(con.sql("SELECT key, part FROM chosen").fetchall())
            return CachedRows(reports, findings, {k: str(self.root / "facts" / n) for k, n in place.items()})
        except Exception:  # a damaged cache is only a cache
            return None

    def _facts_readable(self, part: str) -> bool:
        """Whether the facts part of an entry opens as Parquet (its footer read, once per part): the
        facts are read later, where they are, so a damaged part must be seen now."""
        if part not in self._checked:
            try:
                pq.ParquetFile(self.root / "facts" / part)
                self._checked[part] = True
            except Exception:
                self._checked[part] = False
        return self._checked[part]

    def put(self, frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
        """Store newly parsed (reports, facts, findings) as one more entry, then compact the cache when
        it holds many (errors ignored)."""
        if self.publish(frames):
            self.tidy()

    def publish(self, frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> str | None:
        """Store (reports, facts, findings) as one entry — a part of each dataset under one name, all or
        nothing — and return its name; None when nothing was stored. Parse workers call this for the
        files they read, so their rows never travel to the main process."""
        if frames[0].empty:
            return None
        part = f"part-{self.load}-{uuid.uuid4().hex}.parquet"
        try:
            self._publish(part, dict(zip(DATASETS, frames)))
        except OSError:
            return None
        return part

    def tidy(self) -> None:
        """Drop the caches of other parser versions, and merge the entries into one past MAX_PARTS."""
        try:
            self._prune_old_versions()
            self._compact()
        except (OSError, duckdb.Error):
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
        """Once the entries come from more than MAX_PARTS loads, merge them into one, published as a new
        entry before the old go. DuckDB streams the rows from part to part, so memory stays flat
        whatever the cache holds."""
        parts = self._parts("reports")
        if len({_load_of(p.name) for p in parts}) <= MAX_PARTS:
            return
        names = [p.name for p in parts]
        merged = f"part-{self.load}-{uuid.uuid4().hex}.parquet"
        con = connect()
        con.execute(f"SET temp_directory = '{sql_text(str(self.root / '.duckdb-tmp'))}'")
        # a file two entries hold: the rows of its first entry only
        con.execute("CREATE TEMP TABLE chosen AS SELECT key, min(parse_filename(filename)) AS part FROM "
                    f"read_parquet({_paths(self.root / 'reports', names)}, filename = true) GROUP BY key")
        for name in ("facts", "findings", "reports"):  # the reports part last: it makes the entry count
            folder = self.root / name
            tmp = folder / f".{merged}.tmp"
            con.execute(f"COPY (SELECT d.* EXCLUDE (filename, file_row_number) FROM read_parquet("
                        f"{_paths(folder, names)}, filename = true, file_row_number = true) d "
                        "SEMI JOIN chosen c ON d.key = c.key AND parse_filename(d.filename) = c.part "
                        f"ORDER BY parse_filename(d.filename), d.file_row_number) TO '{sql_text(str(tmp))}' "
                        "(FORMAT parquet, COMPRESSION zstd)")
            os.replace(tmp, folder / merged)
        for name in ("reports", "facts", "findings"):  # the reports first: no entry is ever half gone
            for n in names:
                (self.root / name / n).unlink(missing_ok=True)

    # Snapshots: the frames of one whole load, keyed by what the load read (every file's path, size,
    # mtime, inode and ctime, and the aliases), so a second start reads two small files, parses nothing
    # and leaves the facts where they are.
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
            frames = (FactTable(files=(str(facts),)), pd.read_parquet(folder / "reports.parquet"),
                      pd.read_parquet(folder / "checks.parquet"))
            os.utime(folder)
            return frames
        except Exception:  # absent, half-written or damaged: only a cache
            return None

    def put_snapshot(self, key: str, load: Assembled) -> FactTable | None:
        """Keep the frames of this load (atomically; the least recently used snapshots beyond
        MAX_SNAPSHOTS go): its facts table written by DuckDB straight from the parsed facts. Returns
        where the facts now are, or None when they could not be kept."""
        snapshots = self.root / "snapshots"
        tmp = snapshots / f".{key}.{uuid.uuid4().hex}.tmp"
        try:
            tmp.mkdir(parents=True)
            load.facts.write_facts(load.listing, tmp / "facts.parquet")
            load.reports.to_parquet(tmp / "reports.parquet", index=False)
            load.checks.to_parquet(tmp / "checks.parquet", index=False)
            target = snapshots / key
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
            kept = sorted((p for p in snapshots.iterdir() if not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[MAX_SNAPSHOTS:]:
                shutil.rmtree(old, ignore_errors=True)
            return FactTable(files=(str(target / "facts.parquet"),))
        except (OSError, duckdb.Error):
            shutil.rmtree(tmp, ignore_errors=True)
            return None

    def _prune_old_versions(self) -> None:
        if self.base.is_dir():
            for old in self.base.glob("v-*"):
                if old != self.root and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
