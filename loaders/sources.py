"""Finding report files, reading them all, and the optional files of a reports folder."""
from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .checks import check_across
from .formats import REPORT_SUFFIXES
from .model import Report
from .report import read_report

ALIASES_FILE = "aliases.csv"  # alias,name — other spellings of a body's name
ROSTER_FILE = "roster.csv"  # org[,county] — bodies expected to report, seen or not
MAX_FILE_BYTES = 60 * 1024 * 1024  # no report comes near this; a bigger file is refused unread

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ReportFile:
    source: str  # the path as given, or as found under the folder given
    path: Path


def find_reports(paths: Iterable[str | os.PathLike]) -> list[ReportFile]:
    """Report files among the paths: files as given, folders searched recursively (sorted, stable)."""
    found: list[ReportFile] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(REPORT_SUFFIXES) and not name.startswith("."):
                        full = Path(root, name)
                        found.append(ReportFile(str(Path(p, full.relative_to(path))), full))
        else:
            found.append(ReportFile(str(p), path))
    return found


def read_file(item: ReportFile) -> Report:
    """Read one file from disk (a missing, unreadable or oversized file is a failed report)."""
    try:
        size = item.path.stat().st_size
        if size > MAX_FILE_BYTES:
            report = Report(source=item.source, size=size)
            msg = f"文件大小 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES // 1048576} MB，未读取"
            report.find("file.too_large", msg)
            report.message = msg
            return report
        data = item.path.read_bytes()
    except OSError as e:
        report = Report(source=item.source)
        msg = f"无法打开文件：{e.strerror or type(e).__name__}"
        report.find("file.unreadable", msg)
        report.message = msg
        return report
    return read_report(item.source, data)


def read_all(files: list[ReportFile], progress: Progress | None = None) -> list[Report]:
    """Read every file, in order, reporting progress as (done, total, source)."""
    out = []
    for i, item in enumerate(files, start=1):
        out.append(read_file(item))
        if progress:
            progress(i, len(files), item.source)
    return out


def read_aliases(paths: Iterable[str | os.PathLike]) -> dict[str, str]:
    """Other spellings → one name, from aliases.csv files in the folders given."""
    aliases: dict[str, str] = {}
    for row in _folder_csv(paths, ALIASES_FILE):
        if len(row) >= 2 and row[0].strip() and row[1].strip() and row[0].strip() != "alias":
            aliases[row[0].strip()] = row[1].strip()
    return aliases


def read_roster(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Bodies expected to report, from roster.csv files in the folders given."""
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


def apply_aliases(reports: list[Report], aliases: dict[str, str]) -> None:
    from .narrative import split_name

    for r in reports:
        if r.org in aliases:
            r.org = aliases[r.org]
        elif r.org:
            short = split_name(r.org).org
            r.org = aliases.get(short, r.org)


def finish(reports: list[Report], paths) -> list[Report]:
    """Steps that need every report: one name per body, then the checks across reports."""
    apply_aliases(reports, read_aliases(paths))
    check_across(reports)
    return reports
