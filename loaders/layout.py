"""One report's facts laid out as the official tables (表二, 表三, 表四), for people to read.

A value the report does not show stays empty: these tables never show a 0 that was not read.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import grammar
from .catalog import APPLICANT_IDS, APPLICANT_LABELS, metric

_APPEAL_COLS = ("upheld", "corrected", "other", "pending", "total")
_APPEAL_COL_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_APPEAL_ROWS = (("review", "行政复议"), ("lit_direct", "行政诉讼·未经复议直接起诉"),
                ("lit_after_review", "行政诉讼·复议后起诉"))


@dataclass(frozen=True, slots=True)
class OfficialTable:
    title: str
    frame: pd.DataFrame  # labels in the index, values as numbers or None
    lines: pd.DataFrame  # the same shape: the source line of each value (None where there is none)


def official_tables(facts: pd.DataFrame, template: str) -> list[OfficialTable]:
    """表二, 表三 and 表四 of one report's facts (a slice of the facts frame)."""
    index = {(m, a or ""): (v, ln) for m, a, v, ln in
             zip(facts["metric"], facts["applicant"].fillna(""), facts["value"], facts["line"])}
    return [_proactive(index, template), _applications(index, facts), _appeals(index)]


def _table(title, labels, columns, cell) -> OfficialTable:
    values = [[cell(r, c)[0] for c in range(len(columns))] for r in range(len(labels))]
    lines = [[cell(r, c)[1] for c in range(len(columns))] for r in range(len(labels))]
    return OfficialTable(title, pd.DataFrame(values, index=labels, columns=columns, dtype="Float64"),
                         pd.DataFrame(lines, index=labels, columns=columns, dtype="Int64"))


def _proactive(index, template: str) -> OfficialTable:
    form = template if template in ("2019", "2021") else "2021"
    rows = [r for r in grammar.PROACTIVE_ROWS.values()
            if form == "2019" or r.key not in ("other_services", "procurement")
            or any(m in {k[0] for k in index} for m in r.variants["2019"])]
    width = max(len(r.variants[form]) for r in rows)
    columns = [f"第{i + 1}列" for i in range(width)]
    labels = [r.label for r in rows]

    def cell(i, j):
        metrics = rows[i].variants[form]
        if j >= len(metrics):
            return None, None
        return index.get((metrics[j], ""), (None, None))

    table = _table("表二 主动公开政府信息情况", labels, columns, cell)
    table.frame.columns = _proactive_headers(form, width)
    table.lines.columns = table.frame.columns
    return table


def _proactive_headers(form: str, width: int) -> list[str]:
    if form == "2019":
        return ["上一年项目数量／本年新制作数量", "本年增/减／本年新公开数量", "处理决定数量／对外公开总数量"][:width]
    return ["本年制发件数／本年处理决定数量／本年收费金额", "本年废止件数", "现行有效件数"][:width]


def _applications(index, facts: pd.DataFrame) -> OfficialTable:
    shown = set(facts["metric"])
    rows = [k for k in grammar.APPLICATION_ROWS
            if not (k == "apps.other" and any(m.startswith("apps.other.") for m in shown))
            and not (k.startswith("apps.other.") and "apps.other" in shown)]
    labels = [metric(k).label for k in rows]
    columns = [APPLICANT_LABELS[a] for a in APPLICANT_IDS]
    return _table("表三 收到和处理政府信息公开申请情况", labels, columns,
                  lambda i, j: index.get((rows[i], APPLICANT_IDS[j]), (None, None)))


def _appeals(index) -> OfficialTable:
    labels = [name for _, name in _APPEAL_ROWS]
    return _table("表四 政府信息公开行政复议、行政诉讼情况", labels, list(_APPEAL_COL_LABELS),
                  lambda i, j: index.get((f"{_APPEAL_ROWS[i][0]}.{_APPEAL_COLS[j]}", ""), (None, None)))
