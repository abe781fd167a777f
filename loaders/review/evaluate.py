"""The checks county evaluators make beyond the form's arithmetic, on the frames of a load and the roster:
timeliness (against each body's deadline), the old template, and 规章 a body has no power to make.

They run after `loaders.load` because they need the roster (level, deadline) and the county's default
deadline, which are the reviewer's, not the report's. Text copied across bodies is checked within the
load itself (`copied`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..dataset import IN_LOAD_ORDER, FactTable
from ..frames import CHECK_COLUMNS, CHECK_EXTRA, Frames, in_report_order
from ..rules import RULES
from ..views.selection import is_among
from .roster import COUNTY_DEPARTMENT, LEVEL_LABELS, TOWNSHIP, Deadline, RosterEntry, level_from_name

ON_TIME, LATE, UNKNOWN, NO_DEADLINE = "按时", "逾期", "发布日期未知", "未设期限"
#: 规章 rows a body without the power to make 规章 must leave at 0 (制发 / 现行有效, both templates).
RULES_METRICS = ("rules.issued", "rules.in_force", "rules.new_made", "rules.total_published")
NO_RULES_LEVELS = (TOWNSHIP, COUNTY_DEPARTMENT)
FIRST_2021_YEAR = 2021


@dataclass(frozen=True, slots=True)
class Settings:
    """What the reviewer gives besides the reports: the roster and the county's default deadline."""

    roster: tuple[RosterEntry, ...] = ()
    deadline: Deadline | None = None


def with_review_checks(frames: Frames, settings: Settings) -> Frames:
    """The frames with the evaluators' findings added and, on reports, `deadline`, `timeliness`
    (按时 / 逾期 / 发布日期未知 / 未设期限) and `level`."""
    reports = frames.reports.copy()
    entries = _by_name(settings.roster)
    orgs = reports["org"].fillna("").astype(str)
    reports["level"] = _per_body(orgs, lambda org: _level(org, entries))
    reports["deadline"], reports["timeliness"] = _timeliness(reports, orgs, entries, settings.deadline)
    found = _late(reports) + _outdated(reports) + _rules_made(reports, frames.fact_table)
    if not found:
        return Frames(frames.fact_table, reports, frames.checks)
    extra = pd.DataFrame(found, columns=["source", "rule", "message", "line", "metric"])
    extra["applicant"] = ""  # these checks are about a whole report, never one applicant column
    ident = reports.drop_duplicates("source").set_index("source")
    extra["org"] = extra["source"].map(ident["org"])
    extra["year"] = extra["source"].map(ident["year"]).astype("Int64")
    extra["severity"] = extra["rule"].map(lambda r: RULES[r].severity)
    extra["title"] = extra["rule"].map(lambda r: RULES[r].title)
    extra["line"] = extra["line"].astype("Int64")
    checks = pd.concat([frames.checks, extra[CHECK_COLUMNS + CHECK_EXTRA]], ignore_index=True)
    checks = checks.iloc[in_report_order(reports["source"], checks["source"])].reset_index(drop=True)
    reports["findings"] = reports["source"].map(checks["source"].value_counts()).fillna(0).astype("Int64")
    return Frames(frames.fact_table, reports, checks)


def _by_name(roster) -> dict[str, RosterEntry]:
    out = {}
    for entry in roster:
        out.setdefault(entry.org, entry)
    return out


def _level(org: str, entries: dict[str, RosterEntry]) -> str:
    entry = entries.get(org)
    return entry.level if entry and entry.level else level_from_name(org)


def _per_body(orgs: pd.Series, of_body) -> pd.Series:
    """of_body(org) for every report, worked out once per distinct body."""
    return orgs.map({org: of_body(org) for org in orgs.unique()}).astype(object)


def _timeliness(reports: pd.DataFrame, orgs: pd.Series, entries: dict[str, RosterEntry],
                default: Deadline | None) -> tuple[pd.Series, pd.Series]:
    """(due date as ISO text, state) of every report; ISO dates compare as text."""
    def deadline_of(org: str) -> str:
        entry = entries.get(org)
        deadline = entry.deadline if entry and entry.deadline else default
        return f"-{deadline.month:02d}-{deadline.day:02d}" if deadline else ""

    month_day = _per_body(orgs, deadline_of)
    judged = month_day.ne("") & reports["year"].notna().to_numpy() & reports["status"].ne("failed").to_numpy()
    next_year = (reports["year"].fillna(0).astype("int64") + 1).astype(str)
    due = (next_year + month_day).where(judged, "")
    published = reports["published"].fillna("").astype(str)
    state = np.select([~judged, published.eq(""), published.gt(due)], [NO_DEADLINE, UNKNOWN, LATE], ON_TIME)
    return due.astype(object), pd.Series(state, index=reports.index, dtype=object)


def _late(reports: pd.DataFrame) -> list[tuple]:
    late = reports[reports["timeliness"] == LATE]
    out = []
    for r in late.itertuples(index=False):
        days = (date.fromisoformat(r.published) - date.fromisoformat(r.deadline)).days
        out.append((r.source, "timeliness.late",
                    f"{int(r.year)} 年报告应于 {r.deadline} 前公开，{r.published_from}为 {r.published}，逾期 {days} 天",
                    None, ""))
    return out


def _outdated(reports: pd.DataFrame) -> list[tuple]:
    old = reports[(reports["template"] == "2019") & (reports["year"] >= FIRST_2021_YEAR).fillna(False)]
    return [(r.source, "template.outdated",
             f"{int(r.year)} 年度报告应使用 2021 年版格式（国办公开办函〔2021〕30号，本年制发件数 / 本年废止件数 / "
             f"现行有效件数），表格为 2019 年版格式（本年新制作数量 / 本年新公开数量 / 对外公开总数量）", None, "")
            for r in old.itertuples(index=False)]


def _rules_made(reports: pd.DataFrame, facts: FactTable) -> list[tuple]:
    """规章 > 0 reported by a township, a 街道 or a county-level department (never by a level unknown)."""
    levels = reports.drop_duplicates("source").set_index("source")["level"]
    barred = levels[levels.isin(list(NO_RULES_LEVELS))]
    if barred.empty:
        return []
    rules = facts.query("SELECT source, line, metric, metric_label, value FROM facts WHERE metric IN "
                        f"({', '.join('?' * len(RULES_METRICS))}) AND value > 0 {IN_LOAD_ORDER}", RULES_METRICS)
    made = rules[(rules["value"] > 0).to_numpy() & is_among(rules["source"], barred.index)]
    shown: dict[str, list] = {}
    for r in made.itertuples(index=False):
        shown.setdefault(r.source, []).append(r)
    return [(source, "rules.not_competent",
             f"{LEVEL_LABELS[level]}无规章制定权（规章由省级和设区的市人民政府制定），表二规章"
             + "，".join(f"「{f.metric_label}」为 {f.value:g}" for f in found) + "：行政规范性文件可能填在了规章一行",
             found[0].line, found[0].metric) for (source, found), level in zip(shown.items(), barred[list(shown)])]
