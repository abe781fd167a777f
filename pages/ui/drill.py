"""Province → county → body on the pages: the county pick (sidebar, kept in the URL) and the page picker of long tables.

A load whose bodies come from several counties gets a 县（市、区） picker under the sidebar filters; the pages
that draw it (blocks.header(…, county_pick=True)) narrow their facts and reports to the picked county's
bodies. The pick lives beside the sidebar's Selection (views.CountyPick), not in it.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from loaders import views
from loaders.frames import Frames

from .safe import plain
from .state import View

#: Reports a chooser lists at once; a selection of more is chosen from in two steps, a body (单位) then one of its
#: reports (the 报告 page): a list of a province's 100,000 was megabytes of labels, built, serialised and hashed
#: on every rerun and sent to the browser again on every filter change (the 单位 list of 14,000 is 0.4 MB).
MAX_LISTED_REPORTS = 2000
COUNTY_KEY = "county"
ALL_COUNTIES = "全部县（市、区）"
_PICK_KEY = "_nianbao_county_pick"  # (the view of this run, its pick): a pick never outlives its run
_COUNTIES_KEY = "_nianbao_body_counties"  # (the reports frame, body → county): worked out once per load


def counties(current: View) -> dict[str, str]:
    """Each body's county (the one its reports name most, else roster.csv's), once per loaded folder."""
    reports = current.all.reports
    known = st.session_state.get(_COUNTIES_KEY)
    if known is None or known[0] is not reports:
        known = (reports, views.body_counties(reports, {e.org: e.county for e in current.loaded.roster_entries}))
        st.session_state[_COUNTIES_KEY] = known
    return known[1]


def county_picker(current: View) -> views.CountyPick:
    """Draw the 县（市、区） picker under the sidebar filters when the bodies in view come from several counties."""
    choices = views.county_choices(counties(current), views.distinct_bodies(current.reports["org"]))
    pick = views.CountyPick()
    asked = st.query_params.get(COUNTY_KEY)
    if asked and asked not in choices:  # the widget would drop it silently, and the page show every county
        st.warning(f"链接中的县（市、区）「{plain(asked)}」不在所选单位中，已忽略。", icon="🔗")
    if len(choices) > 1:
        with st.sidebar:
            chosen = st.selectbox("县（市、区）", [ALL_COUNTIES, *choices], key=COUNTY_KEY, bind="query-params",
                                  help=f"所选单位超过 {views.MAX_BODY_ROWS} 个时，图表按县（市、区）汇总；选择一个县可看该县的各个单位。")
        pick = views.CountyPick("" if chosen == ALL_COUNTIES else chosen)
    st.session_state[_PICK_KEY] = (current, pick)
    return pick


def picked(current: View) -> views.CountyPick:
    """The county this run's page narrows to (none when the page draws no picker)."""
    stored = st.session_state.get(_PICK_KEY)
    return stored[1] if stored is not None and stored[0] is current else views.CountyPick()


def facts(current: View, metrics: Sequence[str], years: Sequence[int] | None = None,
          applicants: Sequence[str] | None = None, columns: Sequence[str] = views.VALUE_COLUMNS) -> pd.DataFrame:
    """The selection's facts of these metrics (`years`, `applicants`, `columns` as View.facts; columns hold
    "org"), narrowed to the picked county's bodies."""
    return views.in_county(current.facts(metrics, columns, years=years, applicants=applicants), counties(current),
                           picked(current), org_column="org")


def reports(current: View) -> pd.DataFrame:
    """The selection's reports, narrowed to the picked county's bodies."""
    return views.in_county(current.reports, counties(current), picked(current), org_column="org")


def frames(current: View) -> Frames:
    """Facts, reports and findings of the selection in the picked county (the selection's own when none is)."""
    if not picked(current).county:
        return current.frames
    chosen = reports(current)
    bodies = views.Selection(orgs=tuple(views.distinct_bodies(chosen["org"])))
    return Frames(views.narrowed(current.frames, bodies), chosen, views.select_checks(current.checks, chosen))


def page_picker(rows: int, key: str, per_page: int = views.PAGE_ROWS, what: str = "行") -> int:
    """The page of a long table to show (1 when it fits one page, and no picker is drawn)."""
    pages = views.page_count(rows, per_page)
    if pages == 1:
        return 1
    left, right = st.columns([1, 3], vertical_alignment="center")
    page = left.selectbox("页", list(range(1, pages + 1)), format_func=lambda p: f"第 {p} / {pages} 页", key=key,
                          label_visibility="collapsed")
    right.caption(f"共 {rows:,} {what}，每页 {per_page} {what}。")
    return page
