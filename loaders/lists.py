"""The lists a reports folder may hold beside its reports: aliases.csv (alias,name — other spellings
of a body's name) and roster.csv (org[,county] — bodies expected to report, seen or not).

People save them from Excel, which writes GBK by default, so they are decoded as text reports are
(UTF-8 with or without BOM, GBK/GB18030, Big5, UTF-16). Nothing in them stops a load: a file too big
or in no encoding we can read, a row the csv module refuses (a field past its limit) or a row
without the names it needs is a ListProblem naming the file and line, and the rest is used.
"""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .text import UnreadableText, decode

ALIASES_FILE = "aliases.csv"
ROSTER_FILE = "roster.csv"
MAX_LIST_BYTES = 5 * 1024 * 1024  # 10,000 bodies take ~0.5 MB
_HEADERS = {ALIASES_FILE: ("alias",), ROSTER_FILE: ("org", "name", "单位")}
_WHAT = {ALIASES_FILE: "别名", ROSTER_FILE: "单位名单"}


@dataclass(frozen=True, slots=True)
class ListProblem:
    """Why a list file, or one line of it, was not used (a finding of the load)."""

    source: str  # the list file's path
    rule: str
    message: str
    line: int = 0  # 0: the whole file


@dataclass
class FolderList:
    """The usable rows of one kind of list over the folders given: (file, line, fields)."""

    rows: list[tuple[str, int, list[str]]] = field(default_factory=list)
    problems: list[ListProblem] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)  # file → its header row's names, lower case


def read_list(paths: Iterable[str | os.PathLike], filename: str) -> FolderList:
    """The rows of every `filename` directly in the folders given (header rows left out)."""
    out = FolderList()
    for folder in paths:
        path = Path(folder, filename)
        if not (Path(folder).is_dir() and path.is_file()):
            continue
        text = _text(path, out.problems)
        if text is not None:
            for line, row in _rows(text, str(path), out.problems):
                if row and row[0].strip().lower() in _HEADERS[filename]:
                    out.headers[str(path)] = [cell.strip().lower() for cell in row]
                elif row:
                    out.rows.append((str(path), line, row))
    return out


def _text(path: Path, problems: list[ListProblem]) -> str | None:
    what = _WHAT[path.name]
    try:
        size = path.stat().st_size
        if size > MAX_LIST_BYTES:
            problems.append(ListProblem(str(path), "list.unreadable", f"{path.name} 大小 {size / 1048576:.1f} MB，超过上限 "
                                        f"{MAX_LIST_BYTES // 1048576} MB，其中的{what}均未采用"))
            return None
        with path.open("rb") as f:
            data = f.read(MAX_LIST_BYTES + 1)
        return decode(data).text if data.strip() else ""
    except UnreadableText as e:
        problems.append(ListProblem(str(path), "list.unreadable", f"{path.name} 无法读取：{e}，其中的{what}均未采用"))
    except OSError as e:
        problems.append(ListProblem(str(path), "list.unreadable", f"{path.name} 无法打开（{e.strerror or type(e).__name__}），"
                                    f"其中的{what}均未采用"))
    return None


def _rows(text: str, source: str, problems: list[ListProblem]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:  # the reader goes on with the next line
            problems.append(ListProblem(source, "list.bad_row", f"{Path(source).name} 第 {reader.line_num} 行无法按 CSV "
                                        f"读取（{_csv_reason(e)}），未采用", reader.line_num))
            continue
        yield reader.line_num, row


def _csv_reason(e: csv.Error) -> str:
    return f"字段超过 {csv.field_size_limit()} 个字符" if "field limit" in str(e) else "格式错误"


def aliases_of(paths: Iterable[str | os.PathLike]) -> tuple[dict[str, str], list[ListProblem]]:
    """Other spellings → one name, from aliases.csv files in the folders given, and what was not used."""
    read = read_list(paths, ALIASES_FILE)
    aliases: dict[str, str] = {}
    for source, line, row in read.rows:
        alias, name = (row + ["", ""])[:2]
        if alias.strip() and name.strip():
            aliases[alias.strip()] = name.strip()
        elif any(cell.strip() for cell in row):
            read.problems.append(ListProblem(source, "list.bad_row", f"{ALIASES_FILE} 第 {line} 行应为“别名,名称”两列，"
                                             "缺少其中一列，未采用", line))
    return aliases, read.problems


def read_aliases(paths: Iterable[str | os.PathLike]) -> dict[str, str]:
    """Other spellings → one name, from aliases.csv files in the folders given."""
    return aliases_of(paths)[0]


def roster_of(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[ListProblem]]:
    """Bodies expected to report, from roster.csv files in the folders given (org first; a county
    column may follow), and what was not used."""
    read = read_list(paths, ROSTER_FILE)
    names = []
    for source, line, row in read.rows:
        if row[0].strip():
            names.append(row[0].strip())
        elif any(cell.strip() for cell in row):
            read.problems.append(ListProblem(source, "list.bad_row", f"{ROSTER_FILE} 第 {line} 行第一列没有单位名称，"
                                             "未采用", line))
    return names, read.problems


def read_roster(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Bodies expected to report, from roster.csv files in the folders given. Never raises: see roster_of."""
    return roster_of(paths)[0]
