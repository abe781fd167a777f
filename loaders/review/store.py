"""Review decisions in an SQLite database (WAL mode): no server, two reviewers at once, any SQLite tool reads it.

Schema (one table; see the README):

    decisions(body, year, rule, metric, applicant,      -- the finding: primary key
              verdict,                                  -- 'confirmed' (确认问题) | 'dismissed' (不是问题)
              note, reviewer, decided_at,               -- 审核意见, 审核人, ISO time (UTC)
              content_hash, source)                     -- the report's SHA-256 when decided, its file then

A decision belongs to the finding's key, not to a file: it survives re-parsing, renaming the file and a
new parser version. `content_hash` tells a decision made on another version of the report apart.
"""
from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import astuple, dataclass, fields, replace
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..places import is_sample_folder, user_data_dir

CONFIRMED, DISMISSED = "confirmed", "dismissed"
VERDICT_LABELS = {CONFIRMED: "确认问题", DISMISSED: "不是问题"}
DATABASE_NAME = "reviews.sqlite"
STORE_FOLDER = ".nianbao"
SAMPLE_DATABASE = "sample-reviews.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    body TEXT NOT NULL, year INTEGER NOT NULL, rule TEXT NOT NULL,
    metric TEXT NOT NULL DEFAULT '', applicant TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'dismissed')),
    note TEXT NOT NULL DEFAULT '', reviewer TEXT NOT NULL DEFAULT '', decided_at TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (body, year, rule, metric, applicant)
)"""


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision on one finding (body, year, rule, metric, applicant)."""

    body: str
    year: int
    rule: str
    metric: str
    applicant: str
    verdict: str
    note: str = ""
    reviewer: str = ""
    decided_at: str = ""
    content_hash: str = ""
    source: str = ""


COLUMNS = [f.name for f in fields(Decision)]
KEY = COLUMNS[:5]


def database_for(reports_folder: str | os.PathLike, is_sample: bool | None = None) -> Path:
    """The decisions database of a reports folder: beside the reports, in `.nianbao/`; for the bundled
    sample (never written into the checkout) in the user's data folder."""
    if is_sample_folder(Path(reports_folder)) if is_sample is None else is_sample:
        return user_data_dir() / SAMPLE_DATABASE
    return Path(reports_folder) / STORE_FOLDER / DATABASE_NAME


def now_text() -> str:
    """The time of a decision: UTC, to the second, as ISO 8601 text (sorts as time)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class DecisionStore:
    """The decisions of one database file; every call opens its own short connection (safe across
    processes and Streamlit's threads)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 30000")
        if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _retrying(lambda: con.execute("PRAGMA journal_mode = WAL"))
        con.execute(_SCHEMA)
        return con

    def record(self, decision: Decision) -> Decision:
        """Save a decision (replacing the one of the same finding); its time is now unless given."""
        if decision.verdict not in VERDICT_LABELS:
            raise ValueError(f"未知的审核结论：{decision.verdict!r}")
        if not decision.decided_at:
            decision = replace(decision, decided_at=now_text())
        con = self._connect()
        try:
            _retrying(lambda: con.execute(
                f"INSERT OR REPLACE INTO decisions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                astuple(decision)))
        finally:
            con.close()
        return decision

    def withdraw(self, body: str, year: int, rule: str, metric: str = "", applicant: str = "") -> None:
        """Forget the decision on a finding (it is 未处理 again)."""
        con = self._connect()
        try:
            _retrying(lambda: con.execute(
                "DELETE FROM decisions WHERE body=? AND year=? AND rule=? AND metric=? AND applicant=?",
                (body, int(year), rule, metric, applicant)))
        finally:
            con.close()

    def all(self) -> pd.DataFrame:
        """Every decision, one row each (the COLUMNS); an empty frame when there is no database yet."""
        if not self.path.is_file():
            return empty()
        con = self._connect()
        try:
            rows = con.execute(f"SELECT {', '.join(COLUMNS)} FROM decisions ORDER BY body, year, rule").fetchall()
        finally:
            con.close()
        out = pd.DataFrame(rows, columns=COLUMNS)
        out["year"] = out["year"].astype("Int64")
        return out


def empty() -> pd.DataFrame:
    """No decisions, with the columns a decisions frame has."""
    out = pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    out["year"] = out["year"].astype("Int64")
    return out


def _retrying(statement, attempts: int = 50):
    """Run a statement, waiting out a writer that holds the database past the busy timeout's reach
    (WAL lets one writer at a time; the change of journal mode itself needs the lock)."""
    for attempt in range(attempts):
        try:
            return statement()
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
