"""roster.csv: the bodies expected to report, with their county, level and deadline.

    org,county,level,deadline
    东岗镇,示例县,乡镇,01-31
    示例县教育局,示例县,县级部门,01-31

The old headerless form (`org[,county]`, one body a line) still reads. `level` is one of LEVELS (in
Chinese or English); `deadline` a month-day of the year after the report's year (`01-31`, `1月31日`).
A body's level may also be told from its name (镇/乡/街道; a 县/区 department; a 市 government).
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from ..lists import ROSTER_FILE, read_list

TOWNSHIP, COUNTY_DEPARTMENT, COUNTY, CITY, PROVINCE = "township", "county_department", "county", "city", "province"
LEVEL_WORDS = {
    TOWNSHIP: ("township", "乡镇", "镇", "乡", "街道", "乡镇街道"),
    COUNTY_DEPARTMENT: ("county_department", "县级部门", "县直部门", "区级部门", "部门"),
    COUNTY: ("county", "县", "区", "县级政府", "县政府", "区政府", "县级市"),
    CITY: ("city", "市", "设区的市", "市政府", "地级市"),
    PROVINCE: ("province", "省", "省政府", "自治区"),
}
LEVELS = {word: level for level, words in LEVEL_WORDS.items() for word in words}
LEVEL_LABELS = {TOWNSHIP: "乡镇（街道）", COUNTY_DEPARTMENT: "县级部门", COUNTY: "县级政府", CITY: "设区的市政府",
                PROVINCE: "省级政府", "": "未知"}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A month and day of the year after a report's year."""

    month: int
    day: int

    def due(self, report_year: int) -> date:
        """The last day to publish the report of a year."""
        return date(report_year + 1, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.month}月{self.day}日"


@dataclass(frozen=True, slots=True)
class RosterEntry:
    org: str
    county: str = ""
    level: str = ""  # one of LEVEL_WORDS' keys, or "" when the roster does not say
    deadline: Deadline | None = None


def parse_deadline(text: str) -> Deadline | None:
    """`01-31`, `1-31`, `1月31日`, `01/31` → Deadline; None for an empty text. ValueError for a bad one."""
    text = (text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?", text)
    if not m:
        raise ValueError(f"截止日期应写作 01-31 或 1月31日：{text!r}")
    month, day = int(m.group(1)), int(m.group(2))
    date(2001, month, day)  # raises ValueError for a day no year has (29 February aside: 2001 refuses it too)
    return Deadline(month, day)


def read_roster_entries(paths: Iterable[str | os.PathLike]) -> list[RosterEntry]:
    """The roster.csv rows of the folders given (a folder's roster sits at its top), read as
    loaders.lists reads every list (any encoding Excel saves; bad rows are that module's findings)."""
    read = read_list(paths, ROSTER_FILE)
    entries = (_entry(read.headers.get(source, _HEADERLESS), row) for source, _, row in read.rows)
    return [e for e in entries if e is not None]


_HEADERLESS = ["org", "county"]


def _entry(columns: list[str], row: list[str]) -> RosterEntry | None:
    cells = {name: cell.strip() for name, cell in zip(columns, row)}
    org = cells.get("org") or cells.get("name", "")
    if not org:
        return None
    try:
        deadline = parse_deadline(cells.get("deadline", ""))
    except ValueError:
        deadline = None  # a deadline no one can read judges nothing
    return RosterEntry(org, cells.get("county", ""), LEVELS.get(cells.get("level", ""), ""), deadline)


def county_of(entries: Iterable[RosterEntry], reports_counties: Iterable[str] = ()) -> str:
    """The county the roster (and the reports) name most often; "" when none does."""
    counties = [e.county for e in entries if e.county] + [c for c in reports_counties if isinstance(c, str) and c]
    return Counter(counties).most_common(1)[0][0] if counties else ""


def level_from_name(name: str) -> str:
    """A body's level as its name says it; "" when the name does not tell."""
    short = re.sub(r"(人民政府|办事处)$", "", name or "")
    if re.search(r"(镇|乡|街道)$", short):
        return TOWNSHIP
    if re.search(r"[县区].*(局|委员会|委|办公室|办|中心|所|院|站)$", short):
        return COUNTY_DEPARTMENT
    if re.search(r"(县|区)$", short):
        return COUNTY
    if re.search(r"市$", short):
        return CITY
    if re.search(r"(省|自治区)$", short):
        return PROVINCE
    return ""
