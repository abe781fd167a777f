"""Derived indicators (rates with their numerator and base) per report, ranked."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .labels import COL_ORG, COL_SOURCE, COL_YEAR, MIN_RATE_BASE
from .selection import of_reports
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


#: The fact columns `indicators` reads when given the reports.
INDICATOR_COLUMNS = ("source", "metric", "applicant", "value")


def indicator_metrics(which: Sequence[str]) -> list[str]:
    """The metrics the indicators `which` are computed from (numerators and denominators)."""
    return list(dict.fromkeys(m for i in which for m in INDICATORS[i].numerator + INDICATORS[i].denominator))


@dataclass(frozen=True)
class _FirstValues:
    """Each report's first value (in the facts' order) of each metric, 总计 column for per-applicant ones:
    a reports × metrics array (NaN where a report shows none), the reports found by a hash lookup."""

    sources: pd.Index
    metrics: dict[str, int]
    values: np.ndarray

    @classmethod
    def of(cls, facts: pd.DataFrame, metric_ids: Sequence[str]) -> _FirstValues:
        wanted = {m: i for i, m in enumerate(dict.fromkeys(metric_ids))}
        metric_codes, metric_names = pd.factorize(facts["metric"])
        column_of = np.array([wanted.get(m, -1) for m in metric_names] + [-1], dtype="int64")[metric_codes]
        keep = (column_of >= 0) & facts["applicant"].fillna("").isin(["", "total"]).to_numpy(dtype=bool)
        source_codes, sources = pd.factorize(facts["source"][keep])
        columns = column_of[keep]
        # np.unique's indices are each key's first occurrence: the first value of a report's metric
        _, first = np.unique(source_codes * len(wanted) + columns, return_index=True)
        values = np.full((len(sources), len(wanted)), np.nan)
        values[source_codes[first], columns[first]] = facts["value"].to_numpy(dtype="float64", na_value=np.nan)[keep][first]
        return cls(pd.Index(sources), wanted, values)

    def of_sources(self, sources: pd.Series) -> _FirstValues:
        """The same values, a row per source of `sources` in its order (gaps for a report without facts)."""
        rows = self.sources.get_indexer(sources)
        gaps = np.full((1, len(self.metrics)), np.nan)
        return _FirstValues(pd.Index(sources), self.metrics, np.vstack([self.values, gaps])[rows])  # -1: gaps

    def summed(self, metric_ids: Sequence[str]) -> np.ndarray:
        """Per report: the sum of the metrics, NaN unless the report shows all of them."""
        return self.values[:, [self.metrics[m] for m in metric_ids]].sum(axis=1)  # a NaN anywhere leaves NaN


def indicators(facts: pd.DataFrame, reports: pd.DataFrame | None = None,
               which: Sequence[str] | None = None) -> pd.DataFrame:
    """Per report: each indicator's numerator, denominator and rate (missing when not computable).

    Columns per indicator: `<label>`, `<label>·分子（…）`, `<label>·分母（…）`, and `<label>·样本少`
    (是 when the denominator is under MIN_RATE_BASE: the rate is shown, never ranked).
    """
    out = _report_identity(facts, reports)
    chosen = [INDICATORS[i] for i in (which or INDICATORS)]
    first = _FirstValues.of(facts, indicator_metrics([i.id for i in chosen])).of_sources(out[COL_SOURCE])
    for ind in chosen:
        n = pd.Series(first.summed(ind.numerator), index=out.index)
        d = pd.Series(first.summed(ind.denominator), index=out.index)
        out[ind.label] = (n / d.where(d > 0)).astype("float64")
        out[numerator_column(ind)] = n
        out[denominator_column(ind)] = d
        out[small_column(ind)] = _small_flag(d)
    return out


def rows_of_reports(table: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The rows of a per-report table (`indicators` of more reports) for these reports, in its order: what
    `indicators` gives for them alone, since a report's rates come from its own facts."""
    if len(reports) == len(table):
        return table
    return table[of_reports(table[COL_SOURCE], reports)].reset_index(drop=True)


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
