"""The sidebar filters (单位, 年度, 模板), kept in the URL, and the view every page draws from.

`app.py` calls `prepare()` once per run, before the page: it reads the folder (cached), draws the
filters and keeps the resulting `View` in session state; a page calls `view()`. The filters are
bound to query parameters (`?town=…&year=…&tpl=…`), so a link carries the view and a reload keeps
it. A value in a link that the data does not have is dropped by the widget; `prepare` notices it
first and the page says so (`View.notices`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import pandas as pd
import streamlit as st

from loaders import views
from loaders.frames import Frames

from .data import Loaded, folders, is_sample_folder, load
from .safe import plain

TOWN_KEY, YEAR_KEY, TEMPLATE_KEY = "town", "year", "tpl"
_VIEW_KEY = "_nianbao_view"
_NOTICE_KEY = "_nianbao_link_notices"
SAMPLE_KEY = "_nianbao_sample"


@dataclass
class View:
    """The loaded data, what the sidebar selected, and the frames restricted to it.

    Each part of the selection is worked out when a page first asks for it: the overview, which needs
    only the reports and their findings, never reads the ~200 numbers per report; other pages ask
    `facts` for the few metrics they draw.
    """

    loaded: Loaded
    options: views.Options
    selection: views.Selection
    notices: list[str] = field(default_factory=list)
    _facts: dict = field(default_factory=dict, repr=False)

    @cached_property
    def reports(self) -> pd.DataFrame:
        """The selected reports."""
        return views.select_reports(self.all.reports, self.selection)

    @cached_property
    def checks(self) -> pd.DataFrame:
        """The findings of the selected reports."""
        if self.reports is self.all.reports:  # nothing filtered out
            return self.all.checks
        return views.select_checks(self.all.checks, self.reports)

    @cached_property
    def frames(self) -> Frames:
        """Facts, reports and findings of the selection (the facts narrowed, not read: see `facts`)."""
        return views.select(self.all, self.selection)

    def facts(self, metrics: Sequence[str], columns: Sequence[str] = views.VALUE_COLUMNS,
              years: Sequence[int] | None = None, applicants: Sequence[str] | None = None) -> pd.DataFrame:
        """The selected reports' facts of these metrics (and applicant columns: None, all), only these
        columns (asked of DuckDB; kept for this run). `years` replaces the selection's years (() = every year)."""
        selection = self.selection if years is None else replace(self.selection, years=tuple(years))
        key = (tuple(metrics), tuple(columns), selection, None if applicants is None else tuple(applicants))
        if key not in self._facts:
            self._facts[key] = views.selected_facts(self.all, selection, list(metrics), columns,
                                                    applicants=applicants)
        return self._facts[key]

    @property
    def all(self) -> Frames:
        """Every report of the folder, whatever the filters."""
        return self.loaded.frames

    @property
    def years(self) -> list[int]:
        """The years in view: those selected, else the whole range of the data."""
        return views.year_range(self.all.reports, self.selection.years)


def prepare() -> View:
    """Load the frames, draw the sidebar filters and keep the view for the page of this run."""
    loaded = load(sample=_sample_switch())
    opts = loaded.options
    _check_link(opts)
    selection = _sidebar(opts)
    result = View(loaded, opts, selection, list(st.session_state.get(_NOTICE_KEY, [])))
    st.session_state[_VIEW_KEY] = result
    return result


def view() -> View:
    """The view `app.py` prepared for this run (prepared here when a page runs on its own)."""
    _leave_legacy_pages_mode()
    current = st.session_state.get(_VIEW_KEY)
    return current if current is not None else prepare()


def _leave_legacy_pages_mode() -> None:
    """Rerun through app.py when Streamlit ran this page file without it.

    With a `pages/` folder beside app.py, Streamlit starts in its legacy mode (every file of pages/ a
    page, run on its own) until st.navigation is first called; so the first request after a server
    start that opens a page's URL directly would run that page without app.py's navigation and
    filters. Leaving the mode is what st.navigation itself does (it clears the same flag).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _sample_switch() -> bool:
    """While the app shows the reviewer's own reports, a switch in the sidebar back to the bundled sample."""
    where = folders()
    if not where.own_shown or is_sample_folder(where.own):
        return False
    with st.sidebar:
        return st.toggle("查看随附示例数据", key=SAMPLE_KEY, on_change=_clear_notices,
                         help="打开：显示随附的示例报告（只读）；关闭：回到您自己的报告文件夹。")


def _check_link(opts: views.Options) -> None:
    """Note values of the URL the data lacks, before the widgets drop them (kept until a filter changes)."""
    params = st.query_params
    _label_plain_years(params)
    notices = []
    towns = views.unknown_values(params.get_all(TOWN_KEY), opts.orgs)
    if towns:
        notices.append(f"链接中的单位「{_listed(towns)}」不在已读取的报告中，已忽略。")
    years = views.unknown_values(params.get_all(YEAR_KEY), [_year_label(y) for y in opts.years])
    if years:
        notices.append(f"链接中的年度「{_listed(years)}」没有报告，已忽略。")
    tpls = views.unknown_values(params.get_all(TEMPLATE_KEY), [views.TEMPLATE_LABELS[t] for t in opts.templates])
    if tpls:
        notices.append(f"链接中的模板「{_listed(tpls)}」无法识别，已忽略。")
    if notices:
        st.session_state[_NOTICE_KEY] = notices


def _year_label(year: int) -> str:
    """A year as every chart and table names it (2023年)."""
    return f"{int(year)}年"


def _label_plain_years(params) -> None:
    """Links made before the filter said 2023年 hold plain years (?year=2023): written as the widget's labels."""
    asked = params.get_all(YEAR_KEY)
    if any(y.isdigit() for y in asked):
        params[YEAR_KEY] = [_year_label(y) if y.isdigit() else y for y in asked]
        st.rerun()  # the widget takes its value from the link when the run starts


def _listed(values: list[str]) -> str:
    return "、".join(plain(v) for v in values)


def _clear_notices() -> None:
    st.session_state.pop(_NOTICE_KEY, None)


def _sidebar(opts: views.Options) -> views.Selection:
    with st.sidebar:
        st.header("筛选")
        # select_all=False on every multiselect: Streamlit names that row "Select all" in English whatever the
        # page's language, and an empty filter already means all
        towns = st.multiselect("单位（乡镇、街道）", opts.orgs, key=TOWN_KEY, bind="query-params", select_all=False,
                               placeholder="全部单位", on_change=_clear_notices)
        # the URL holds what the widget shows: years as 2023年 (as everywhere else), template names in Chinese
        by_year_label = {_year_label(y): y for y in opts.years}
        years = st.multiselect("年度", list(by_year_label), key=YEAR_KEY, bind="query-params", select_all=False,
                               placeholder="全部年度", on_change=_clear_notices)
        by_label = {views.TEMPLATE_LABELS[t]: t for t in opts.templates}
        templates = st.multiselect("模板", list(by_label), key=TEMPLATE_KEY, bind="query-params", select_all=False,
                                   placeholder="全部模板", on_change=_clear_notices)
        st.caption("不选即为全部。筛选条件保存在网址中，复制网址即可分享当前视图。")
    return views.Selection(tuple(towns), tuple(by_year_label[y] for y in years), tuple(by_label[t] for t in templates))
