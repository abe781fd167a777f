"""Breakdowns of one statutory table (outcomes, applicants, appeal results)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

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


def appeal_results(facts: pd.DataFrame, group: str = "review") -> pd.DataFrame:
    """Per report: the results of one group of section 四 (结果维持 … 尚未审结) as 件数."""
    ids = {f"{group}.{key}": name for key, name in APPEAL_RESULTS}
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


@dataclass(frozen=True)
class Breakdown:
    """One breakdown as a page asks for it: its parts per report (`per_report`, from the facts of `metrics` at
    `applicants`), or summed per county in SQL (drill.county_parts) from the same rule — `parts` gives each
    (metric, applicant column) its category, in the categories' order; `first`: a report's part is its first
    value of the category (else the sum of its rows)."""

    parts: tuple[tuple[str, str, str], ...]
    first: bool
    per_report: Callable[[pd.DataFrame], pd.DataFrame]
    applicants: tuple[str, ...] | None

    @property
    def metrics(self) -> list[str]:
        """The metrics the breakdown reads."""
        return list(dict.fromkeys(m for m, _, _ in self.parts))

    @property
    def categories(self) -> list[str]:
        """The categories, in the order charts stack them."""
        return list(dict.fromkeys(c for _, _, c in self.parts))


OUTCOMES = Breakdown(tuple((m, "total", name) for name, ids in OUTCOME_GROUPS for m in ids), False, outcome_breakdown,
                     ("", "total"))
APPLICANT_TYPES = Breakdown(tuple(("apps.new_received", key, label) for key, label in APPLICANT_LABELS.items()
                                  if key not in ("", "total")), True, applicant_breakdown, None)


def appeal_breakdown(group: str) -> Breakdown:
    """The results of one group of section 四 as a Breakdown (appeal_results)."""
    return Breakdown(tuple((f"{group}.{key}", "", name) for key, name in APPEAL_RESULTS), True,
                     partial(appeal_results, group=group), None)
