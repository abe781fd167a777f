"""The 自定义报表 builder: chosen metrics, conditions on them, long and wide tables."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..catalog import metrics
from .labels import COL_COUNTY, COL_METRIC, COL_ORG, COL_SOURCE, COL_TEMPLATE, COL_VALUE, COL_YEAR
from .tables import wide_table
from .rates import INDICATORS, indicators


OPERATORS = {">": lambda s, v: s > v, "≥": lambda s, v: s >= v, "<": lambda s, v: s < v,
             "≤": lambda s, v: s <= v, "=": lambda s, v: s == v}


@dataclass(frozen=True)
class Condition:
    """A numeric filter of the builder: rows whose `column` compares with `value` (missing never passes)."""

    column: str
    operator: str
    value: float


def build_table(facts: pd.DataFrame, reports: pd.DataFrame, metric_ids: Sequence[str],
                applicants: Sequence[str] = ("total",), conditions: Sequence[Condition] = ()) -> pd.DataFrame:
    """The builder's table: one row per report, the chosen metrics and derived indicators, filtered.

    Derived indicators (ids in INDICATORS) bring their rate and its count; a condition on a column
    drops rows where the column is missing (an unknown value neither passes nor fails silently as 0).
    """
    plain = [m for m in metric_ids if m in metrics()]
    derived = [m for m in metric_ids if m in INDICATORS]
    table = wide_table(facts, reports, plain, applicants)
    if derived:
        rates = indicators(facts, reports, derived).drop(columns=[COL_ORG, COL_COUNTY, COL_YEAR, COL_TEMPLATE])
        table = table.merge(rates, on=COL_SOURCE, how="left")
    return apply_conditions(table, conditions)


def apply_conditions(table: pd.DataFrame, conditions: Sequence[Condition]) -> pd.DataFrame:
    """The rows of a builder table that meet every condition (a row whose value is missing meets none)."""
    for cond in conditions:
        if cond.column in table and cond.operator in OPERATORS:
            column = pd.to_numeric(table[cond.column], errors="coerce")
            table = table[OPERATORS[cond.operator](column, cond.value).fillna(False).astype(bool)]
    return table.reset_index(drop=True)


def value_columns(table: pd.DataFrame) -> list[str]:
    """The numeric columns of a wide or builder table (not identity, not the 样本少 flags)."""
    ident = {COL_ORG, COL_COUNTY, COL_YEAR, COL_TEMPLATE, COL_SOURCE}
    return [c for c in table.columns if c not in ident and not c.endswith("·样本少")
            and pd.api.types.is_numeric_dtype(table[c])]


def long_table(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A wide table's chosen columns as rows of 单位, 年度, 模板, 指标, 数值, 来源文件 (missing kept)."""
    keep = [COL_ORG, COL_YEAR, COL_TEMPLATE, COL_SOURCE]
    out = table.melt(id_vars=keep, value_vars=list(columns), var_name=COL_METRIC, value_name=COL_VALUE)
    out[COL_VALUE] = out[COL_VALUE].astype("float64")
    return out[[COL_ORG, COL_YEAR, COL_TEMPLATE, COL_METRIC, COL_VALUE, COL_SOURCE]]
