"""Breakdowns of one statutory table (outcomes, applicants, appeal results)."""
from __future__ import annotations

import pandas as pd

from ..catalog import APPLICANT_LABELS, metric_label, metrics
from .labels import COL_CATEGORY, COL_COUNT, COL_COUNTY, COL_LINE, COL_ORG, COL_SOURCE, COL_TEMPLATE, COL_YEAR
from .selection import mapped_once
from .tables import _report_identity


OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("予以公开", ("apps.disclosed",)),
    ("部分公开", ("apps.partial",)),
    *((metric_label(m), (m,)) for m in metrics() if m.startswith("apps.denied.")),
    ("无法提供", tuple(m for m in metrics() if m.startswith("apps.unavailable."))),
    ("不予处理", tuple(m for m in metrics() if m.startswith("apps.rejected."))),
    # 2019 has one 其他处理 row; 2021 splits it in three: their sum is the same row of the table
    ("其他处理", ("apps.other", "apps.other.no_correction", "apps.other.unpaid_fee", "apps.other.other")),
)

#: The metrics `outcome_breakdown` reads.
OUTCOME_METRICS = tuple(m for _, ids in OUTCOME_GROUPS for m in ids)


def outcome_breakdown(facts: pd.DataFrame) -> pd.DataFrame:
    """Per report and outcome group (予以公开 … 其他处理; 不予公开 by reason): 件数 (总计 column).

    A group is missing for a report that shows none of its rows — not 0.
    """
    group_of = {m: name for name, ids in OUTCOME_GROUPS for m in ids}
    rows = facts[(facts["applicant"].fillna("") == "total") & facts["metric"].isin(group_of)]
    summed = (rows.assign(**{COL_CATEGORY: mapped_once(rows["metric"], group_of)})
              .groupby(["source", COL_CATEGORY])["value"].sum(min_count=1))
    out = summed.rename(COL_COUNT).reset_index().rename(columns={"source": COL_SOURCE})
    return _with_identity(out, facts, [name for name, _ in OUTCOME_GROUPS])


def applicant_breakdown(facts: pd.DataFrame, metric_id: str = "apps.new_received") -> pd.DataFrame:
    """Per report and applicant type (without 总计): 件数 of one per-applicant metric."""
    rows = facts[(facts["metric"] == metric_id) & (facts["applicant"].fillna("") != "")
                 & (facts["applicant"] != "total")]
    out = pd.DataFrame({COL_SOURCE: rows["source"], COL_CATEGORY: mapped_once(rows["applicant"], APPLICANT_LABELS),
                        COL_COUNT: rows["value"].astype("float64"), COL_LINE: rows["line"].astype("Int64")})
    order = [a for a in APPLICANT_LABELS.values() if a != "总计"]
    return _with_identity(out.drop_duplicates([COL_SOURCE, COL_CATEGORY]), facts, order)


APPEAL_GROUPS = (("review", "行政复议"), ("lit_direct", "行政诉讼·未经复议直接起诉"), ("lit_after_review", "行政诉讼·复议后起诉"))
APPEAL_RESULTS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))


def appeal_metrics(group: str) -> list[str]:
    """The metrics `appeal_results` reads for a group."""
    return [f"{group}.{key}" for key, _ in APPEAL_RESULTS]


def appeal_results(facts: pd.DataFrame, group: str = "review") -> pd.DataFrame:
    """Per report: the results of one group of section 四 (结果维持 … 尚未审结) as 件数."""
    ids = dict(zip(appeal_metrics(group), (name for _, name in APPEAL_RESULTS)))
    rows = facts[facts["metric"].isin(ids)]
    out = pd.DataFrame({COL_SOURCE: rows["source"], COL_CATEGORY: mapped_once(rows["metric"], ids),
                        COL_COUNT: rows["value"].astype("float64"), COL_LINE: rows["line"].astype("Int64")})
    return _with_identity(out.drop_duplicates([COL_SOURCE, COL_CATEGORY]), facts, list(ids.values()))


def _with_identity(parts: pd.DataFrame, facts: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    ident = _report_identity(facts, None)
    out = ident.merge(parts, on=COL_SOURCE, how="inner")
    out[COL_CATEGORY] = pd.Categorical(out[COL_CATEGORY], categories=order, ordered=True)
    out = out.sort_values([COL_ORG, COL_YEAR, COL_CATEGORY], kind="stable")
    out[COL_CATEGORY] = out[COL_CATEGORY].astype("str")
    head = [COL_ORG, COL_YEAR, COL_TEMPLATE, COL_CATEGORY, COL_COUNT]
    return out[head + [c for c in out.columns if c not in head and c != COL_COUNTY]].reset_index(drop=True)
