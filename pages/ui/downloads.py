"""The files the pages offer, as bytes (no Streamlit: tested directly).

Every file goes through loaders.export: UTF-8 with BOM, formula-like text neutralised, numbers kept as
numbers, missing values as empty cells. The selection's files are written from DuckDB
(loaders.export.streamed) into a temporary file, never built as a frame, its text and its bytes at once;
Streamlit then holds the finished file's bytes (it reads whatever a download button returns into memory).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from collections.abc import Callable, Sequence
from typing import BinaryIO

import numpy as np
import pandas as pd

from loaders.export import csv_bytes
from loaders.export import streamed
from loaders.frames import Frames

#: What the page says instead of an Excel button when a sheet would pass Excel's last row.
TOO_BIG_FOR_EXCEL = (f"所选数据超过 Excel 工作表 {streamed.EXCEL_MAX_ROWS:,} 行的上限，无法生成 Excel 文件。"
                     "请下载明细数据（CSV）或宽表（CSV）：数据完整；用 Excel 直接打开明细只显示前 "
                     f"{streamed.EXCEL_MAX_ROWS:,} 行，全部数据可用 Excel 的“数据→自文本/CSV”导入数据模型查看。")


def chart_csv(data: pd.DataFrame) -> bytes:
    """A chart's CSV: exactly the frame the chart draws."""
    return csv_bytes(data)


def tidy_csv(frames: Frames, metric_groups: Sequence[str] = ()) -> bytes:
    """The selection's facts (of these metric groups, or all), one number a row, each with its file and line."""
    return _of_frames(frames, lambda con, file: streamed.write_tidy_csv(con, file, metric_groups=metric_groups))


def wide_csv(frames: Frames, metric_groups: Sequence[str] = ()) -> bytes:
    """The selection as one row per report (body and year), one column per metric (of these metric groups)."""
    return _of_frames(frames, lambda con, file: streamed.write_wide_csv(con, file, metric_groups=metric_groups))


def workbook(frames: Frames, metric_groups: Sequence[str] = ()) -> bytes:
    """Both tables as sheets of one Excel workbook (text written as text, never as formulas); ask
    `fits_excel` first (a selection past Excel's last row is refused with ValueError)."""
    return _of_frames(frames, lambda con, file: streamed.write_workbook(con, file, metric_groups=metric_groups))


def surely_fits_excel(reports: pd.DataFrame) -> bool:
    """Whether a workbook of these reports' facts fits Excel's rows by their own fact counts alone
    (no fact is filtered or counted: cheap enough for every rerun)."""
    return max(int(reports["facts"].sum()), len(reports)) < streamed.EXCEL_MAX_ROWS


def fits_excel(frames: Frames, metric_groups: Sequence[str] = ()) -> bool:
    """Whether both sheets of `workbook` (a row a fact of these groups; a row a report) fit Excel's rows
    (counted by DuckDB on the pages' connection: the facts are never read for it)."""
    if not metric_groups:  # every fact of the reports: their own counts are the count (no query on each rerun)
        return surely_fits_excel(frames.reports)
    return FactCounts.of(frames, metric_groups).fit_excel(frames.reports)


@dataclass(frozen=True)
class FactCounts:
    """How many facts of some metric groups each report of a load holds (by source, 0 for none), and the sums
    of the k fewest and the k most: a selection of n reports holds between those of n, so most selections are
    settled by its length alone (looking up 85,000 sources took 60 ms of every rerun at 100,000 reports)."""

    by_source: pd.Series
    fewest: np.ndarray  # fewest[k]: the sum of the k smallest counts
    most: np.ndarray  # most[k]: the sum of the k largest
    repeated: int  # rows of the load's reports whose source an earlier row has (a file listed twice)

    @classmethod
    def of(cls, frames: Frames, metric_groups: Sequence[str]) -> FactCounts:
        """Counted by DuckDB on the pages' connection, once (a load's, then, serves every selection)."""
        where, params = streamed.groups_filter(metric_groups)
        counted = frames.fact_table.query(f"SELECT source, count(*) AS n FROM facts{where} GROUP BY source", params)
        sources = frames.reports["source"].unique()
        by_source = counted.set_index("source")["n"].reindex(sources).fillna(0).astype("int64")
        ordered = np.sort(by_source.to_numpy())
        fewest = np.concatenate([[0], np.cumsum(ordered)])
        most = np.concatenate([[0], np.cumsum(ordered[::-1])])
        return cls(by_source, fewest, most, len(frames.reports) - len(sources))

    def fit_excel(self, reports: pd.DataFrame) -> bool:
        """Whether the workbook of these reports (some of the load's) fits Excel's rows."""
        rows, limit = len(reports), streamed.EXCEL_MAX_ROWS
        if rows < limit and self.most[min(rows, len(self.most) - 1)] < limit:
            return True
        if self.fewest[min(max(rows - self.repeated, 0), len(self.fewest) - 1)] >= limit:
            return False
        sources = reports["source"].unique()
        return max(int(self.by_source.reindex(sources).fillna(0).sum()), len(sources)) < limit


def written(write: Callable[[BinaryIO], object]) -> bytes:
    """The bytes `write` writes into a temporary file (removed when read): what a download button returns,
    e.g. `written(lambda file: streamed.write_tidy_csv(connection.cursor(), file, selection, groups))` (a
    cursor of its own: Streamlit runs the button's callable on another thread than the page's queries)."""
    with tempfile.TemporaryFile() as file:
        write(file)
        file.seek(0)
        return file.read()


def _of_frames(frames: Frames, write: Callable[..., object]) -> bytes:
    # a connection of its own: Streamlit runs a download's callable on another thread than the page's
    with streamed.over_frames(frames.fact_table, frames.reports) as con:
        return written(lambda file: write(con, file))
