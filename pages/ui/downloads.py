"""The files the pages offer, as bytes (no Streamlit: tested directly).

Every file goes through loaders.export: UTF-8 with BOM, formula-like text neutralised, numbers kept as
numbers, missing values as empty cells.
"""
from __future__ import annotations

import pandas as pd

from loaders import views
from loaders.export import csv_bytes, xlsx_bytes
from loaders.frames import Frames


def chart_csv(data: pd.DataFrame) -> bytes:
    """A chart's CSV: exactly the frame the chart draws."""
    return csv_bytes(data)


def tidy_csv(frames: Frames) -> bytes:
    """The selection's facts, one number a row, each with its file and line."""
    return csv_bytes(views.tidy_table(frames.facts))


def wide_csv(frames: Frames) -> bytes:
    """The selection as one row per report (body and year), one column per metric."""
    return csv_bytes(views.wide_table(frames.facts, frames.reports))


def workbook(frames: Frames) -> bytes:
    """Both tables as sheets of one Excel workbook (text written as text, never as formulas)."""
    return xlsx_bytes({"明细": views.tidy_table(frames.facts), "宽表": views.wide_table(frames.facts, frames.reports)})


def of_metric_groups(frames: Frames, groups) -> Frames:
    """The frames with only the facts of these metric groups (the id before its dot: "penalty", "apps"…);
    reports and findings stay whole, so a report without such numbers is still a row of the wide table."""
    kept = frames.facts[frames.facts["metric"].str.split(".").str[0].isin(list(groups))].reset_index(drop=True)
    return Frames(kept, frames.reports, frames.checks)
