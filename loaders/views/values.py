"""Values of chosen metrics by body and year, with their source, ready to chart."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..catalog import metric_label, metrics
from .labels import (
    COL_CHANGE, COL_LINE, COL_METRIC, COL_ORG, COL_PREVIOUS, COL_SOURCE, COL_TEMPLATE, COL_UNIT, COL_VALUE,
    COL_YEAR, TEMPLATE_LABELS,
)
from .selection import mapped_once, org_names


def metric_values(facts: pd.DataFrame, metric_ids: Sequence[str], applicant: str = "total") -> pd.DataFrame:
    """One row per report and metric: 单位, 年度, 模板, 指标, 数值, 计量单位, 来源文件, 行号 (Chinese headers).

    Per-applicant metrics give the `applicant` column (总计 by default). Only values the reports show.
    """
    rows = facts[facts["metric"].isin(metric_ids)]
    per_applicant = rows["metric"].isin([m.id for m in metrics().values() if m.per_applicant])
    rows = rows[~per_applicant | (rows["applicant"] == applicant)]
    out = pd.DataFrame({
        COL_ORG: org_names(rows["org"]),
        COL_YEAR: rows["year"].astype("Int64"),
        COL_TEMPLATE: mapped_once(rows["template"], TEMPLATE_LABELS),
        COL_METRIC: mapped_once(rows["metric"], metric_label),
        COL_VALUE: rows["value"].astype("float64"),
        COL_UNIT: rows["unit"],
        COL_SOURCE: rows["source"],
        COL_LINE: rows["line"].astype("Int64"),
    })
    order = {m: i for i, m in enumerate(metric_ids)}
    out["_order"] = mapped_once(rows["metric"], order)
    return (out.sort_values(["_order", COL_ORG, COL_YEAR], kind="stable").drop(columns="_order")
            .drop_duplicates([COL_ORG, COL_YEAR, COL_METRIC, COL_SOURCE]).reset_index(drop=True))


def complete_years(values: pd.DataFrame, orgs: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Values with a row for every body × year × metric, NaN where no report shows one (gaps in a line)."""
    metric_names = list(dict.fromkeys(values[COL_METRIC])) if len(values) else []
    grid = pd.MultiIndex.from_product([metric_names, list(orgs), list(years)], names=[COL_METRIC, COL_ORG, COL_YEAR])
    frame = grid.to_frame(index=False)
    frame[COL_YEAR] = frame[COL_YEAR].astype("Int64")
    return frame.merge(values, on=[COL_METRIC, COL_ORG, COL_YEAR], how="left")[values.columns]


def yearly_totals(values: pd.DataFrame) -> pd.DataFrame:
    """Per year: the sum over the bodies that reported a value (合计) and how many did (报告单位数)."""
    shown = values.dropna(subset=[COL_VALUE]).drop_duplicates([COL_ORG, COL_YEAR, COL_METRIC])
    out = shown.groupby(COL_YEAR).agg(**{"合计": (COL_VALUE, "sum"), "报告单位数": (COL_ORG, "nunique")})
    return out.reset_index()


def change_from_previous_year(values: pd.DataFrame) -> pd.DataFrame:
    """Each body's value beside its previous year's: 上年数值, 增减, 增减率 (missing when either is missing)."""
    prev = values[[COL_ORG, COL_METRIC, COL_YEAR, COL_VALUE]].copy()
    prev[COL_YEAR] = prev[COL_YEAR] + 1
    prev = prev.drop_duplicates([COL_ORG, COL_METRIC, COL_YEAR]).rename(columns={COL_VALUE: COL_PREVIOUS})
    out = values.merge(prev, on=[COL_ORG, COL_METRIC, COL_YEAR], how="left")
    out[COL_CHANGE] = out[COL_VALUE] - out[COL_PREVIOUS]
    base = out[COL_PREVIOUS].where(out[COL_PREVIOUS] != 0)
    out["增减率"] = out[COL_CHANGE] / base
    return out


def without_value(frame: pd.DataFrame, column: str, orgs: Iterable[str]) -> list[str]:
    """The bodies among `orgs` that have no value in `column` of `frame` — to be named beside a chart
    that cannot draw them (sorted)."""
    shown = set(frame.loc[frame[column].notna(), COL_ORG])
    return sorted(set(orgs) - shown)


def ranking(values: pd.DataFrame, year: int, orgs: Iterable[str] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Bodies ranked by value in one year (名次 1 = largest), and the bodies with no value that year.

    The bodies expected are those of `values` in any year, and `orgs`.
    """
    of_year = values[values[COL_YEAR] == year]
    shown = of_year.dropna(subset=[COL_VALUE]).sort_values([COL_VALUE, COL_ORG], ascending=[False, True])
    shown = shown.drop_duplicates(COL_ORG).reset_index(drop=True)
    shown.insert(0, "名次", shown[COL_VALUE].rank(method="min", ascending=False).astype("Int64"))
    missing = sorted((set(values[COL_ORG]) | set(orgs)) - set(shown[COL_ORG]))
    return shown, missing
