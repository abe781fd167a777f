"""Findings beside the reviewers' decisions: 审核结论, 审核意见, 审核人, 审核时间, and last year's decision.

A decision applies to the findings of its key (body, year, rule, metric, applicant). Made on a report
whose content has changed since (another SHA-256), it is not applied: the finding reads
"报告已更新，请重新确认" until a reviewer decides again.
"""
from __future__ import annotations

import pandas as pd

from .store import CONFIRMED, DISMISSED, KEY, VERDICT_LABELS

COL_VERDICT, COL_NOTE, COL_REVIEWER, COL_DECIDED = "审核结论", "审核意见", "审核人", "审核时间"
COL_LAST_YEAR = "上年审核"
DECISION_COLUMNS = [COL_VERDICT, COL_NOTE, COL_REVIEWER, COL_DECIDED]
PENDING, STALE = "pending", "stale"
#: What 审核结论 says in each state (`review_state` column).
STATE_LABELS = {PENDING: "未处理", CONFIRMED: VERDICT_LABELS[CONFIRMED], DISMISSED: VERDICT_LABELS[DISMISSED],
                STALE: "报告已更新，请重新确认"}
#: The filters of the findings tables: 未处理 takes in the decisions to make again.
FILTERS = {"未处理": (PENDING, STALE), "已确认": (CONFIRMED,), "已排除": (DISMISSED,)}
NOT_FIXED = "已确认，本年仍存在（未整改）"


def finding_keys(checks: pd.DataFrame) -> pd.DataFrame:
    """The decision key of each finding: body (org), year, rule, metric, applicant (empty where none)."""
    return pd.DataFrame({
        "body": checks["org"].fillna("").astype(str), "year": checks["year"].astype("Int64"),
        "rule": checks["rule"].astype(str), "metric": checks["metric"].fillna("").astype(str),
        "applicant": checks["applicant"].fillna("").astype(str),
    }, index=checks.index)


def decidable(checks: pd.DataFrame) -> pd.Series:
    """Findings a decision can belong to: the report names its body and year."""
    return checks["org"].fillna("").ne("") & checks["year"].notna()


def with_decisions(checks: pd.DataFrame, reports: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The findings with the decision columns, `review_state` and 上年审核 (last year's decision on the
    same body and rule)."""
    keys = finding_keys(checks)
    current = _content_hash(checks, reports)
    got = keys.reset_index().merge(decisions, on=KEY, how="left").set_index("index").reindex(checks.index)
    state = got["verdict"].where(got["verdict"].notna(), PENDING)
    stale = got["verdict"].notna() & got["content_hash"].fillna("").ne(current.fillna(""))
    state = state.where(~stale, STALE)
    out = checks.copy()
    out["review_state"] = state.astype(str)
    out[COL_VERDICT] = state.map(STATE_LABELS)
    applied = state.isin([CONFIRMED, DISMISSED])
    out[COL_NOTE] = got["note"].where(applied | stale, "").fillna("")
    out[COL_REVIEWER] = got["reviewer"].where(applied | stale, "").fillna("")
    out[COL_DECIDED] = got["decided_at"].where(applied | stale, "").fillna("")
    out[COL_LAST_YEAR] = _last_year(keys, decisions)
    return out


def _content_hash(checks: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    by_source = reports.drop_duplicates("source").set_index("source")["sha256"]
    return checks["source"].map(by_source)


def _last_year(keys: pd.DataFrame, decisions: pd.DataFrame) -> pd.Series:
    """Last year's decision of the same body and rule: 未整改 when it was confirmed, else what it was."""
    if decisions.empty:
        return pd.Series("", index=keys.index, dtype=object)
    before = decisions.assign(year=decisions["year"] + 1)
    before = before.sort_values("verdict").drop_duplicates(["body", "year", "rule"])  # confirmed first
    said = before.set_index(["body", "year", "rule"])["verdict"].map(
        {CONFIRMED: NOT_FIXED, DISMISSED: "上年判定不是问题"})
    index = pd.MultiIndex.from_frame(keys[["body", "year", "rule"]])
    return pd.Series(said.reindex(index).fillna("").to_numpy(), index=keys.index, dtype=object)


def confirmed(checks: pd.DataFrame, reports: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The confirmed problems: findings whose decision, made on the report as it is, is 确认问题."""
    return only_confirmed(with_decisions(checks, reports, decisions))


def only_confirmed(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a `with_decisions` table whose decision, made on the report as it is, is 确认问题."""
    return table[table["review_state"] == CONFIRMED].reset_index(drop=True)
