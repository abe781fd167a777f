"""Derived indicators (rates with their numerator and base) per report, ranked."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .labels import COL_ORG, COL_SOURCE, COL_YEAR, MIN_RATE_BASE
from .tables import _report_identity


@dataclass(frozen=True)
class Indicator:
    """A derived rate: numerator metrics over denominator metrics (per-applicant ones at 总计)."""

    id: str
    label: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    numerator_label: str
    denominator_label: str


INDICATORS: dict[str, Indicator] = {i.id: i for i in (
    Indicator("derived.substantive_rate", "实质公开率", ("apps.disclosed", "apps.partial"), ("apps.outcome_total",),
              "予以公开＋部分公开", "办理结果总计"),
    Indicator("derived.review_correction_rate", "复议纠错率", ("review.corrected",), ("review.total",),
              "复议结果纠正", "复议总计"),
    Indicator("derived.litigation_correction_rate", "诉讼纠错率", ("lit_direct.corrected", "lit_after_review.corrected"),
              ("lit_direct.total", "lit_after_review.total"), "诉讼结果纠正", "诉讼总计"),
)}


def indicator_metrics(which: Sequence[str]) -> list[str]:
    """The metrics the indicators `which` are computed from (numerators and denominators)."""
    return list(dict.fromkeys(m for i in which for m in INDICATORS[i].numerator + INDICATORS[i].denominator))


def _sum_metrics(facts: pd.DataFrame, metric_ids: Sequence[str]) -> pd.Series:
    """Per report, the sum of the metrics (总计 column for per-applicant ones); NaN unless all are shown."""
    rows = facts[facts["metric"].isin(metric_ids) & facts["applicant"].fillna("").isin(["", "total"])]
    per = rows.drop_duplicates(["source", "metric"]).pivot(index="source", columns="metric", values="value")
    per = per.reindex(columns=list(metric_ids))
    return per.sum(axis=1, min_count=len(metric_ids)).where(per.notna().all(axis=1))


def indicators(facts: pd.DataFrame, reports: pd.DataFrame | None = None,
               which: Sequence[str] | None = None) -> pd.DataFrame:
    """Per report: each indicator's numerator, denominator and rate (missing when not computable).

    Columns per indicator: `<label>`, `<label>·分子（…）`, `<label>·分母（…）`, and `<label>·样本少`
    (是 when the denominator is under MIN_RATE_BASE: the rate is shown, never ranked).
    """
    out = _report_identity(facts, reports)
    for ind in (INDICATORS[i] for i in (which or INDICATORS)):
        num = _sum_metrics(facts, ind.numerator)
        den = _sum_metrics(facts, ind.denominator)
        n = out[COL_SOURCE].map(num).astype("float64")
        d = out[COL_SOURCE].map(den).astype("float64")
        out[ind.label] = (n / d.where(d > 0)).astype("float64")
        out[numerator_column(ind)] = n
        out[denominator_column(ind)] = d
        out[small_column(ind)] = _small_flag(d)
    return out


def numerator_column(ind: Indicator) -> str:
    """Header of an indicator's numerator column."""
    return f"{ind.label}·分子（{ind.numerator_label}）"


def denominator_column(ind: Indicator) -> str:
    """Header of an indicator's denominator column."""
    return f"{ind.label}·分母（{ind.denominator_label}）"


def small_column(ind: Indicator) -> str:
    """Header of the column that marks a rate over too few cases."""
    return f"{ind.label}·样本少"


def indicator_by_year(table: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """An indicator over all selected bodies per year: the summed counts, the rate, and reports counted."""
    ind = INDICATORS[indicator_id]
    num, den = numerator_column(ind), denominator_column(ind)
    both = table.dropna(subset=[num, den])
    out = both.groupby(COL_YEAR).agg(**{num: (num, "sum"), den: (den, "sum"), "报告数": (COL_SOURCE, "nunique")})
    out[ind.label] = out[num] / out[den].where(out[den] > 0)
    out[small_column(ind)] = _small_flag(out[den])
    return out.reset_index()


def _small_flag(base: pd.Series) -> pd.Series:
    """是 where the count under a rate is too small to compare, 否 where it is enough, missing without a count."""
    return (base < MIN_RATE_BASE).map({True: "是", False: "否"}).where(base.notna()).astype("str")


def rankable(table: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Rows whose rate stands on enough cases to be compared (MIN_RATE_BASE or more), highest first."""
    ind = INDICATORS[indicator_id]
    ok = table[table[small_column(ind)].eq("否") & table[ind.label].notna()]
    return ok.sort_values([ind.label, COL_ORG], ascending=[False, True]).reset_index(drop=True)


def rate_ranking(table: pd.DataFrame, indicator_id: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One year's rates per report (`indicators` rows): those with enough cases ranked (名次 1 = highest),
    and the rest — too few cases, a count of 0 or not reported — by body, never ranked."""
    ind = INDICATORS[indicator_id]
    of_year = table[table[COL_YEAR] == year]
    ranked = rankable(of_year, indicator_id)
    ranked.insert(0, "名次", ranked[ind.label].rank(method="min", ascending=False).astype("Int64"))
    others = of_year[~of_year[COL_SOURCE].isin(ranked[COL_SOURCE])].sort_values(COL_ORG, kind="stable")
    return ranked, others.reset_index(drop=True)
