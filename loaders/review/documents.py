"""The documents a review ends in: the 整改清单 (Excel and CSV), a 通报 per body and the county's 通报 (Word).

Every row of them is a confirmed problem (a finding a reviewer marked 确认问题 on the report as it is),
with its figures, the file and line it stands on, and the reviewer's note. The workbook writes every
text cell with `write_string`, so no cell is ever a formula or a link.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pandas as pd
import xlsxwriter
from docx import Document

from .. import views
from ..catalog import metrics
from ..export import csv_bytes
from ..frames import Frames
from .decisions import COL_DECIDED, COL_LAST_YEAR, COL_NOTE, COL_REVIEWER, confirmed
from .evaluate import LATE, UNKNOWN
from .requirements import requirement

COL_REQUIREMENT = "模板要求"
PROBLEM_COLUMNS = [views.COL_ORG, views.COL_YEAR, views.COL_RULE, views.COL_MESSAGE, views.COL_METRIC,
                   views.COL_SOURCE, views.COL_LINE, COL_NOTE, COL_REVIEWER, COL_DECIDED, COL_LAST_YEAR,
                   COL_REQUIREMENT]
SUMMARY_SHEET = "汇总"


def problems(frames: Frames, decisions: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The confirmed problems (of one year, or all), one row each, with Chinese headers (PROBLEM_COLUMNS)."""
    checks = frames.checks if year is None else frames.checks[frames.checks["year"] == year]
    return problem_rows(confirmed(checks, frames.reports, decisions))


def problem_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Confirmed findings (decisions.only_confirmed) as the problems' rows: sorted, with Chinese headers."""
    rows = rows.sort_values(["org", "year", "rule", "line"], kind="stable")
    return pd.DataFrame({
        views.COL_ORG: rows["org"], views.COL_YEAR: rows["year"].astype("Int64"),
        views.COL_RULE: rows["title"], views.COL_MESSAGE: rows["message"],
        views.COL_METRIC: rows["metric"].fillna("").map(_metric_label),
        views.COL_SOURCE: rows["source"], views.COL_LINE: rows["line"].astype("Int64"),
        COL_NOTE: rows[COL_NOTE], COL_REVIEWER: rows[COL_REVIEWER], COL_DECIDED: rows[COL_DECIDED],
        COL_LAST_YEAR: rows[COL_LAST_YEAR], COL_REQUIREMENT: rows["rule"].map(requirement),
    }).reset_index(drop=True)


def _metric_label(metric_id: str) -> str:
    known = metrics().get(metric_id)
    return known.label if known else ""


# ---------------------------------------------------------------- 整改清单

def rectification_csv(rows: pd.DataFrame) -> bytes:
    """The 整改清单 as CSV (UTF-8 with BOM, formula-like text neutralised)."""
    return csv_bytes(rows[PROBLEM_COLUMNS])


def rectification_xlsx(rows: pd.DataFrame) -> bytes:
    """The 整改清单 workbook: 汇总 (body × problem kind counts), then one sheet per body."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    _write_sheet(book.add_worksheet(SUMMARY_SHEET), summary(rows), bold)
    names = {SUMMARY_SHEET}
    for body, group in rows.groupby(views.COL_ORG, sort=True):
        _write_sheet(book.add_worksheet(_sheet_name(str(body), names)), group[PROBLEM_COLUMNS], bold)
    book.close()
    return buf.getvalue()


def summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Confirmed problems counted by body (rows) and kind (columns), with a 合计 column."""
    if rows.empty:
        return pd.DataFrame({views.COL_ORG: pd.Series(dtype=str), "合计": pd.Series(dtype="int64")})
    counts = pd.crosstab(rows[views.COL_ORG], rows[views.COL_RULE])
    counts["合计"] = counts.sum(axis=1)
    return counts.reset_index().rename_axis(columns=None)


def _write_sheet(sheet, df: pd.DataFrame, bold) -> None:
    for col, name in enumerate(df.columns):
        sheet.write_string(0, col, str(name), bold)
        sheet.set_column(col, col, 40 if name in (views.COL_MESSAGE, COL_REQUIREMENT, COL_NOTE) else 14)
    for r, values in enumerate(df.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                sheet.write_blank(r, col, None)
            elif isinstance(value, str):
                sheet.write_string(r, col, value)
            else:
                sheet.write_number(r, col, float(value))


def _sheet_name(body: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", body)[:31] or "未写明单位"
    name, n = base, 2
    while name in taken:
        suffix = f"({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


# ---------------------------------------------------------------- 通报

def body_notice(body: str, year: int, rows: pd.DataFrame, reports: pd.DataFrame) -> bytes:
    """A body's 通报 for a year: the report reviewed and each confirmed problem with its figures, where
    they stand and what the template requires."""
    doc = Document()
    doc.add_heading(f"关于{body}{year}年政府信息公开工作年度报告审核情况的通报", level=1)
    mine = reports[(reports["org"] == body) & (reports["year"] == year)]
    for r in mine.itertuples(index=False):
        published = f"，发布日期 {r.published}（{r.published_from}）" if getattr(r, "published", "") else "，发布日期未知"
        doc.add_paragraph(f"审核的报告：{r.source}{published}。")
    own = rows[(rows[views.COL_ORG] == body) & (rows[views.COL_YEAR] == year)]
    doc.add_paragraph(f"经审核，{body}{year}年政府信息公开工作年度报告存在以下 {len(own)} 个问题，请对照整改：")
    for n, p in enumerate(own.itertuples(index=False), start=1):
        values = dict(zip(own.columns, p))
        doc.add_heading(f"{n}. {values[views.COL_RULE]}", level=2)
        doc.add_paragraph(f"情况：{values[views.COL_MESSAGE]}（{_where(values)}）。")
        doc.add_paragraph(f"要求：{values[COL_REQUIREMENT]}")
        if values[COL_LAST_YEAR]:
            doc.add_paragraph(f"上年审核：{values[COL_LAST_YEAR]}。")
        if values[COL_NOTE]:
            doc.add_paragraph(f"审核意见：{values[COL_NOTE]}")
    doc.add_paragraph("请核实上述问题，修改后重新公开年度报告，并将整改情况报县政务公开办。")
    return _docx_bytes(doc)


def _where(values: dict) -> str:
    line = values[views.COL_LINE]
    return f"{values[views.COL_SOURCE]}" + ("" if pd.isna(line) else f" 第 {int(line)} 行")


@dataclass
class CountyFigures:
    """What the county 通报 counts for one year."""

    year: int
    expected: list[str]
    reported: list[str]
    late: list[str]
    unknown_date: list[str]
    missing: list[str]
    by_kind: pd.DataFrame = field(default_factory=pd.DataFrame)  # 问题类型, 问题数, 涉及单位数
    with_problems: list[str] = field(default_factory=list)


def county_figures(frames: Frames, rows: pd.DataFrame, year: int, roster: list[str],
                   cells: views.CoverageCells | None = None) -> CountyFigures:
    """Bodies expected (roster, and every body that ever reported), reported, late, not reported; problems.
    `cells`: the frames' views.coverage_cells, when the caller keeps them (a page, once per load)."""
    cov = views.coverage_of(cells or views.coverage_cells(frames.reports, frames.checks), [year], roster)
    reported = cov.loc[cov["status"] != "missing", views.COL_ORG].tolist()
    missing = cov.loc[cov["status"] == "missing", views.COL_ORG].tolist()
    mine = frames.reports[frames.reports["year"] == year]
    state = mine["timeliness"] if "timeliness" in mine else pd.Series(dtype=str)
    own = rows[rows[views.COL_YEAR] == year]
    kinds = (own.groupby(views.COL_RULE).agg(**{"问题数": (views.COL_ORG, "size"), "涉及单位数": (views.COL_ORG, "nunique")})
             .reset_index().sort_values("问题数", ascending=False, kind="stable"))
    return CountyFigures(year, cov[views.COL_ORG].tolist(), reported,
                         sorted(set(mine.loc[state == LATE, "org"])), sorted(set(mine.loc[state == UNKNOWN, "org"])),
                         missing, kinds.reset_index(drop=True), sorted(set(own[views.COL_ORG])))


def county_notice(figures: CountyFigures, county: str = "") -> bytes:
    """The county's 通报 for a year: who was expected, reported, reported late, did not report; problems."""
    f = figures
    doc = Document()
    doc.add_heading(f"关于{county}{f.year}年度政府信息公开工作年度报告审核情况的通报", level=1)
    doc.add_paragraph(f"应报送单位 {len(f.expected)} 个，已报送 {len(f.reported)} 个，逾期公开 {len(f.late)} 个，"
                      f"未报送 {len(f.missing)} 个；另有 {len(f.unknown_date)} 个单位的报告发布日期未知。")
    for title, names in (("未报送的单位", f.missing), ("逾期公开的单位", f.late), ("发布日期未知的单位", f.unknown_date)):
        if names:
            doc.add_paragraph(f"{title}：{'、'.join(names)}。")
    doc.add_heading("审核确认的问题", level=2)
    if f.by_kind.empty:
        doc.add_paragraph("审核未确认问题。")
    else:
        table = doc.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("问题类型", "问题数", "涉及单位数")):
            cell.text = text
        for r in f.by_kind.itertuples(index=False):
            for cell, text in zip(table.add_row().cells, (r[0], str(r[1]), str(r[2]))):
                cell.text = text
        doc.add_paragraph(f"存在问题的单位（{len(f.with_problems)} 个）：{'、'.join(f.with_problems)}。")
    doc.add_paragraph("请各单位对照问题清单认真整改。")
    return _docx_bytes(doc)


def _docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
