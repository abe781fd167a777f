"""Review widgets: the reviewer's name (asked once per browser session), the 未处理 / 已确认 / 已排除
filter, and the panel that marks a finding 确认问题 or 不是问题 with a note."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders import views
from loaders.review import decisions as dec
from loaders.review.store import CONFIRMED, DISMISSED, VERDICT_LABELS, Decision

from .safe import plain
from .state import View

REVIEWER_KEY = "_nianbao_reviewer"
ALL = "全部"


def with_decisions(current: View, checks: pd.DataFrame) -> pd.DataFrame:
    """The findings with their decisions (read afresh on every run: another reviewer may have decided)."""
    return dec.with_decisions(checks, current.all.reports, current.loaded.decisions.all())


def state_filter(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """The findings of the state chosen (全部 / 未处理 / 已确认 / 已排除), counts in the labels."""
    counts = {label: int(table["review_state"].isin(states).sum()) for label, states in dec.FILTERS.items()}
    options = [ALL, *dec.FILTERS]
    chosen = st.radio("审核状态", options, key=key, horizontal=True,
                      format_func=lambda o: o if o == ALL else f"{o}（{counts[o]}）")
    if not chosen or chosen == ALL:
        return table
    return table[table["review_state"].isin(dec.FILTERS[chosen])]


def reviewer(key: str) -> str:
    """The reviewer's name: asked once, then kept for the browser session."""
    name = st.session_state.get(REVIEWER_KEY, "")
    if name:
        st.caption(f"审核人：{plain(name)}")
        return name
    typed = st.text_input("审核人姓名（本次使用只需填写一次）", key=f"{key}_name").strip()
    if typed:
        st.session_state[REVIEWER_KEY] = typed
    return typed


def decision_panel(current: View, table: pd.DataFrame, key: str, hint: str | None = None) -> None:
    """Mark one of the findings of `table` (with decisions joined) 确认问题 or 不是问题, or withdraw a decision;
    `hint` says which findings the list offers."""
    rows = views.in_reading_order(table[dec.decidable(table)])
    if rows.empty:
        st.caption("没有可审核的问题（报告未写明单位或年度的问题无法记录审核结论）。")
        return
    with st.container(border=True):
        st.markdown("**审核问题**")
        position = st.selectbox("选择问题", range(len(rows)), key=f"{key}_finding", help=hint,
                                format_func=lambda i: _label(rows.iloc[i]))
        finding = rows.iloc[position]
        st.caption(f"当前：{finding[dec.COL_VERDICT]}" + (f"（{plain(finding[dec.COL_REVIEWER])}，"
                                                       f"{finding[dec.COL_DECIDED]}）" if finding[dec.COL_DECIDED] else "")
                   + (f" ｜ 上年：{finding[dec.COL_LAST_YEAR]}" if finding[dec.COL_LAST_YEAR] else ""))
        name = reviewer(key)
        st.radio("审核结论", [CONFIRMED, DISMISSED], format_func=VERDICT_LABELS.get, horizontal=True,
                 key=f"{key}_verdict")
        note_key = f"{key}_note_{position}"
        st.text_input("审核意见（可不填）", value=finding[dec.COL_NOTE], key=note_key)
        save, withdraw = st.columns(2)
        # callbacks run before the page does, so the findings table of that run already shows the decision
        save.button("保存审核结论", key=f"{key}_save", type="primary", disabled=not name,
                    on_click=_record, args=(current, finding, f"{key}_verdict", note_key, name))
        if finding["review_state"] != dec.PENDING:
            withdraw.button("撤销审核结论", key=f"{key}_withdraw", on_click=_withdraw, args=(current, finding))
        if not name:
            st.caption("填写审核人姓名后即可保存。")


def _label(finding: pd.Series) -> str:
    message = str(finding["message"])
    return (f"{finding[dec.COL_VERDICT]} · {views.org_name(finding['org'])} {int(finding['year'])}年 · "
            f"{finding['title']}：{message[:60]}{'…' if len(message) > 60 else ''}")


def _record(current: View, finding: pd.Series, verdict_key: str, note_key: str, name: str) -> None:
    key = _key_of(finding)
    sha = current.all.reports.drop_duplicates("source").set_index("source")["sha256"]
    current.loaded.decisions.record(Decision(key["body"], int(key["year"]), key["rule"], key["metric"],
                                             key["applicant"], st.session_state[verdict_key],
                                             st.session_state.get(note_key, "").strip(), name,
                                             content_hash=str(sha.get(finding["source"], "")),
                                             source=str(finding["source"])))


def _withdraw(current: View, finding: pd.Series) -> None:
    key = _key_of(finding)
    current.loaded.decisions.withdraw(key["body"], int(key["year"]), key["rule"], key["metric"], key["applicant"])


def _key_of(finding: pd.Series) -> pd.Series:
    return dec.finding_keys(finding.to_frame().T).iloc[0]
