"""How a table's cells read: numbers and rates formatted, and gaps that do not mean 未报告 written out.

No Streamlit here: blocks.table draws what these functions shape.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from loaders import views

CANNOT_COMPUTE = "无法计算"


def spelled_gaps(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with the gaps that do not mean 未报告 written out as text.

    Streamlit draws every missing cell with the one `placeholder` of the dataframe (未报告) and ignores a
    Styler's na_rep, so a column whose gaps mean something else becomes text: a rate or change that
    cannot be computed (无法计算), a year not read (不明), an absent line number or note (blank).
    """
    out = df
    for column in df.columns:
        meaning = _gap_meaning(column, df[column])
        if meaning is not None and df[column].isna().any():
            write, gap = meaning
            out = out.assign(**{column: [gap if pd.isna(v) else write(v) for v in df[column]]})
    return out


def _gap_meaning(column, values: pd.Series) -> tuple[Callable[[object], str], str] | None:
    """How a column's values and gaps are written (None: a gap is a number not reported, 未报告)."""
    if is_rate(column):
        return percent, CANNOT_COMPUTE
    if column == views.COL_CHANGE:
        return number, CANNOT_COMPUTE
    if column == views.COL_YEAR:
        return _integer, "不明"
    if column == views.COL_LINE:
        return _integer, ""
    if not pd.api.types.is_numeric_dtype(values):
        return str, ""
    return None


def _integer(value) -> str:
    return str(int(value))


def number(value: float) -> str:
    """A number as tables show it: thousands separated from 10,000 on, no trailing zeros."""
    return f"{value:,.10g}" if abs(value) >= 10_000 else f"{value:.10g}"


def percent(value: float) -> str:
    """A rate as a percentage with one decimal."""
    return f"{value:.1%}"


def is_rate(column) -> bool:
    """Whether a column holds rates (shown as percentages)."""
    return isinstance(column, str) and (column in {i.label for i in views.INDICATORS.values()}
                                        or column in ("增减率", "与上一年重复比例", views.COL_SHARE))
