"""The headline figures of 总览."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .selection import org_names


HEADLINE_METRICS = (("主动公开信息", "proactive.items_total", "条"), ("行政许可决定", "licensing.decisions", "件"),
                    ("行政处罚决定", "penalty.decisions", "件"), ("新收申请", "apps.new_received", "件"))
HEADLINE_IDS = [mid for _, mid, _ in HEADLINE_METRICS]


@dataclass(frozen=True)
class Headline:
    """One headline figure: its value (None when no report shows it) and how many reports it sums."""

    label: str
    value: float | None
    unit: str
    reports: int
    of_reports: int


def headline_values(facts: pd.DataFrame) -> pd.DataFrame:
    """The headline metrics of every report: one row per source, one column per metric id (NaN where the
    report does not show it). Worked out once per load, so a filter change only sums rows of it."""
    ids = HEADLINE_IDS
    rows = facts[facts["metric"].isin(ids) & facts["applicant"].fillna("").isin(["", "total"])]
    rows = rows.drop_duplicates(["source", "metric"])
    return rows.pivot(index="source", columns="metric", values="value").reindex(columns=ids).astype("float64")


def headline(reports: pd.DataFrame, checks: pd.DataFrame, values: pd.DataFrame) -> list[Headline]:
    """The overview's figures for the selected reports and their findings: counts of reports, bodies,
    years, findings, and the headline metrics summed from `values` (see `headline_values`)."""
    n = len(reports)
    out = [Headline("报告", n, "份", n, n),
           Headline("单位", org_names(reports["org"]).nunique(), "个", n, n),
           Headline("年度", reports["year"].dropna().nunique(), "个", n, n)]
    chosen = values.reindex(reports["source"].drop_duplicates())
    for label, mid, unit in HEADLINE_METRICS:
        shown = chosen[mid].dropna()
        out.append(Headline(label, float(shown.sum()) if len(shown) else None, unit, len(shown), n))
    out.append(Headline("发现问题", len(checks), "项", n, n))
    return out
