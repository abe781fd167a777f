"""One report's facts laid out as the official tables, for people to read.

表二 comes as one table per block of 第二十条 (their columns differ), then 表三 and 表四. A value the
report does not show stays empty: these tables never show a 0 that was not read.
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
_BLOCK_TITLES = {"一": "第二十条第（一）项", "五": "第二十条第（五）项", "六": "第二十条第（六）项",
                 "八": "第二十条第（八）项", "九": "第二十条第（九）项"}


@dataclass(frozen=True, slots=True)
class OfficialTable:
    title: str
    frame: pd.DataFrame  # row labels in the index, values (Float64, <NA> where the report shows none)
    lines: pd.DataFrame  # the same shape: the source line of each value (<NA> where there is none)


def official_tables(facts: pd.DataFrame, template: str) -> list[OfficialTable]:
    """表二 (one table per block), 表三 and 表四 of one report's facts (a slice of the facts frame)."""
    index = {(m, a or ""): (v, ln) for m, a, v, ln in
             zip(facts["metric"], facts["applicant"].fillna(""), facts["value"], facts["line"])}
    shown = {m for m, _ in index}
    return _proactive(index, shown, template) + [_applications(index, shown, template), _appeals(index)]


def _table(title: str, labels: list[str], columns: list[str], cells: list[list[str | None]], index) -> OfficialTable:
    """A table whose cell (i, j) holds the (metric, applicant) key cells[i][j] (None: no such cell)."""
    values = [[index.get(k, (None, None))[0] if k else None for k in row] for row in cells]
    lines = [[index.get(k, (None, None))[1] if k else None for k in row] for row in cells]
    return OfficialTable(title, pd.DataFrame(values, index=labels, columns=columns, dtype="Float64"),
                         pd.DataFrame(lines, index=labels, columns=columns, dtype="Int64"))


def _proactive(index, shown: set[str], template: str) -> list[OfficialTable]:
    """One table per block of 第二十条, on the report's form (or the other where the report used it)."""
    tables = []
    for block, title in _BLOCK_TITLES.items():
        rows = [r for r in grammar.PROACTIVE_ROWS.values() if r.block == block]
        forms = {form for r in rows for form, ms in r.variants.items() if shown & set(ms)}
        form = template if template in forms or not forms else sorted(forms)[0]
        form = form if form in ("2019", "2021") else "2021"
        rows = [r for r in rows if form == "2019" or r.key not in ("other_services", "procurement")
                or shown & set(r.variants[form])]
        if not rows:
            continue
        metrics_of = [r.variants[form] for r in rows]
        width = max(len(ms) for ms in metrics_of)
        widest = max(metrics_of, key=len)
        columns = [_column_label(m, form) for m in widest]
        cells = [[(ms[j], "") if j < len(ms) else None for j in range(width)] for ms in metrics_of]
        labels = ["规范性文件" if r.key == "normative" and form == "2019" else r.label for r in rows]
        tables.append(_table(f"表二 {title}", labels, columns, cells, index))
    return tables


def _column_label(metric_id: str, form: str) -> str:
    """The column header as the report's form prints it (处理决定数量 on 2019, 本年处理决定数量 on 2021)."""
    return metric(metric_id).col_zh.replace("（本年）", "本年" if form == "2021" else "")


def _applications(index, shown: set[str], template: str) -> OfficialTable:
    single_other = "apps.other" in shown or (template == "2019" and not any(m.startswith("apps.other.") for m in shown))
    rows = list(grammar.ROWS_2019 if single_other else grammar.ROWS_2021)
    cells = [[(k, a) for a in APPLICANT_IDS] for k in rows]
    return _table("表三 收到和处理政府信息公开申请情况", [metric(k).label for k in rows],
                  [APPLICANT_LABELS[a] for a in APPLICANT_IDS], cells, index)


def _appeals(index) -> OfficialTable:
    cells = [[(f"{group}.{c}", "") for c in _APPEAL_COLS] for group, _ in _APPEAL_ROWS]
    return _table("表四 政府信息公开行政复议、行政诉讼情况", [name for _, name in _APPEAL_ROWS],
                  list(_APPEAL_COL_LABELS), cells, index)
