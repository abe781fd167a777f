"""Plotly figures of the dashboard, each built from one frame of loaders.views (Chinese headers).

No Streamlit here: every builder takes the frame it draws and returns a figure, so the tests can
read the figure's data and compare it with the frame (which is also the chart's CSV). Missing values
stay missing: no bar, a gap in a line — never a 0.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from loaders.views import (COL_CATEGORY, COL_CHANGE, COL_COUNT, COL_COUNTY, COL_LINE, COL_METRIC, COL_ORG, COL_PREVIOUS,
                           COL_SOURCE, COL_VALUE, COL_YEAR, INDICATORS, MIN_RATE_BASE, county_of, denominator_column,
                           in_list_order, numerator_column)
from loaders.views.drill import COL_HOLDS, COL_TOTAL

from .safe import plot_text

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
HEIGHT = 420
PALETTE = qualitative.Safe + qualitative.Pastel
YEAR_PALETTE = qualitative.G10
MAX_LABELLED_BARS = 40
#: Above this many bodies a metric is drawn as a body × year grid instead of grouped bars.
MAX_BARS_BODIES = 15
# The chart toolbar's tooltips and notes in Chinese. Plotly's own zh-CN locale is a separate script that
# Streamlit's bundled plotly.js does not load, but plotly reads a locale's dictionary from the chart's config.
ZH_CN = {
    "Zoom": "缩放", "Pan": "平移", "Box Select": "框选", "Lasso Select": "套索选择", "Zoom in": "放大",
    "Zoom out": "缩小", "Autoscale": "自动缩放", "Reset axes": "重置坐标轴", "Reset view": "重置视图",
    "Reset views": "重置视图", "Reset": "重置", "Toggle Spike Lines": "显示或隐藏辅助线",
    "Show closest data on hover": "悬停时显示最近的数据", "Compare data on hover": "悬停时比较数据",
    "Toggle show closest data on hover": "切换悬停显示最近的数据",
    "Download plot as a PNG": "下载图表（PNG）", "Download plot": "下载图表", "Download plot as JSON": "下载图表（JSON）",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载", "Sorry, there was a problem downloading your image!": "图片下载失败。",
    "Double-click to zoom back out": "双击恢复原来的缩放",
    "Double-click on legend to isolate one trace": "双击图例只显示这一项",
    "Click to enter Colorscale title": "点击输入色阶标题", "Click to enter Plot title": "点击输入图表标题",
    "Click to enter X axis title": "点击输入横轴标题", "Click to enter Y axis title": "点击输入纵轴标题",
}
#: What every chart is drawn with: no plotly logo, the toolbar in Chinese.
PLOTLY_CONFIG = {"displaylogo": False, "locale": "zh-CN", "locales": {"zh-CN": {"dictionary": ZH_CN}}}


def year_label(year) -> str:
    """A year as a category label (2021 → 2021年) so that axes never show 2,021.5."""
    return f"{int(year)}年"


def _style(fig: go.Figure, title: str, unit: str = "", x_title: str = "", height: int = HEIGHT) -> go.Figure:
    """The dashboard's look. The unit follows each y tick (100 件): an axis title would stand rotated
    sideways. The toolbar stands upright in a right margin of its own, where a long legend above the
    plot cannot run into it."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}, "yref": "container",
               "y": 1 - 14 / height, "yanchor": "top"},
        font={"family": FONT, "size": 13}, height=height, margin={"l": 10, "r": 40, "t": 70, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT}}, separators=".,", plot_bgcolor="white", modebar={"orientation": "v"},
    )
    fig.update_yaxes(title_text="", ticksuffix=f" {unit}" if unit else "", gridcolor="#e5e5e5",
                     zerolinecolor="#bbbbbb", rangemode="tozero")
    fig.update_xaxes(title_text=x_title, type="category", automargin=True)
    return fig


def _hover(extra: str = "") -> str:
    return ("%{customdata[0]}<br>%{customdata[1]}：%{y:,.10~g}" + extra
            + "<br>来源：%{customdata[2]} 第%{customdata[3]}行<extra></extra>")


def _custom(rows: pd.DataFrame, label_column: str) -> list[list]:
    line = rows[COL_LINE] if COL_LINE in rows else pd.Series([None] * len(rows), index=rows.index)
    return [[plot_text(o), lab, plot_text(s), "" if pd.isna(ln) else int(ln)]
            for o, lab, s, ln in zip(rows[COL_ORG], rows[label_column], rows[COL_SOURCE], line)]


def _names(values) -> list[str]:
    """Names of bodies as plotly may show them (plotly reads <…> in labels as markup)."""
    return [plot_text(v) for v in values]


ALL_ZERO = "均为 0"


def bar_labels(values: pd.Series, label_all: bool, quiet: pd.Series | None = None) -> list[str]:
    """Text over bars: every value when there are few bars, else only the zeros — so that a reported 0
    (labelled) can be told from a value not reported (no bar, no label). `quiet` marks zeros that a label
    of their group already names (a body whose bars are all 0 gets one "0", not a run of "0000")."""
    quiet = pd.Series(False, index=values.index) if quiet is None else quiet
    return ["" if v == 0 and q else f"{v:,.10g}" if label_all or v == 0 else "" for v, q in zip(values, quiet)]


def _zero_bodies(values: pd.DataFrame) -> set:
    """Bodies with more than one bar whose reported values are all 0 (labelled once, above their group)."""
    reported = values.dropna(subset=[COL_VALUE])
    by_body = reported.groupby(COL_ORG)[COL_VALUE]
    return {org for org, n in by_body.size().items() if n > 1 and (by_body.get_group(org) == 0).all()}


def _grouped_year_bars(fig: go.Figure, values: pd.DataFrame, years: list, label_all: bool, hovertemplate: str,
                       show_legend: bool = True, **where) -> None:
    """A bar per year for each body (x), a reported 0 labelled once per body whose bars are all 0."""
    zero_bodies = _zero_bodies(values)
    for i, year in enumerate(years):
        rows = values[(values[COL_YEAR] == year) & values[COL_VALUE].notna()]
        rows = rows.assign(_y=year_label(year))
        fig.add_bar(name=year_label(year), x=_names(rows[COL_ORG]), y=rows[COL_VALUE], legendgroup=str(year),
                    showlegend=show_legend, marker_color=YEAR_PALETTE[i % len(YEAR_PALETTE)],
                    text=bar_labels(rows[COL_VALUE], label_all, rows[COL_ORG].isin(zero_bodies)),
                    textposition="outside", textfont={"size": 10}, cliponaxis=False,
                    customdata=_custom(rows, "_y"), hovertemplate=hovertemplate, **where)
    for org in sorted(zero_bodies):
        fig.add_annotation(x=plot_text(org), y=0, text="0", showarrow=False, yshift=10, font={"size": 11}, **where)


def say_all_zero(fig: go.Figure, values, **where) -> bool:
    """Write 均为 0 across a chart (or one panel) whose reported values are all 0: bars of height 0 and a
    flat line would otherwise look like a chart with nothing reported."""
    reported = pd.Series(values, dtype="float64").dropna()
    if reported.empty or (reported != 0).any():
        return False
    fig.add_annotation(text=ALL_ZERO, showarrow=False, font={"size": 15, "color": "#555555"}, xref="x domain",
                       yref="y domain", x=0.5, y=0.5, **where)
    fig.update_yaxes(range=[0, 1], **where)
    return True


def grouped_bars(values: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """One metric per body, a bar per year side by side (x: 单位; colour: 年度). Missing: no bar."""
    fig = go.Figure()
    label_all = values[COL_VALUE].notna().sum() <= MAX_LABELLED_BARS
    _grouped_year_bars(fig, values, sorted(values[COL_YEAR].dropna().unique()), label_all, _hover())
    fig.update_layout(barmode="group", showlegend=True)  # the legend names the year even when there is one
    fig.update_xaxes(categoryorder="array", categoryarray=_names(sorted(values[COL_ORG].unique())))
    _style(fig, title, unit)
    say_all_zero(fig, values[COL_VALUE])
    return fig


def value_grid(values: pd.DataFrame, title: str, unit: str = "", counties: Mapping[str, str] | None = None) -> go.Figure:
    """One metric as a body × year grid (for many bodies, where bars would crowd): each cell shows its value;
    a cell no report fills stays blank — never a 0. Bodies of several `counties` (body → county) are grouped
    county by county, each group under its county's name, instead of mixed by name."""
    years = sorted(values[COL_YEAR].dropna().unique())
    orgs = sorted(values[COL_ORG].dropna().unique())
    groups = county_of(counties or {}, orgs)
    grouped = len(set(groups)) > 1
    if grouped:
        rank = {c: i for i, c in enumerate(in_list_order(groups))}
        orgs, groups = map(list, zip(*sorted(zip(orgs, groups), key=lambda pair: (rank[pair[1]], pair[0]))))
    # one reindex onto the whole grid: a look-up per cell took seconds at thousands of bodies
    cells = values.dropna(subset=[COL_VALUE]).drop_duplicates([COL_ORG, COL_YEAR]).set_index([COL_ORG, COL_YEAR])
    grid = cells[[COL_VALUE, COL_SOURCE, COL_LINE]].reindex(pd.MultiIndex.from_product([orgs, years]))
    shape = (len(orgs), len(years))
    # numpy arrays: plotly checks nested lists element by element (seconds for a large grid)
    flat = grid[COL_VALUE].to_numpy(dtype=float, na_value=np.nan)
    sources = {s: plot_text(s) for s in grid[COL_SOURCE].dropna().unique()}
    cell_info = [["未报告", ""] if np.isnan(v) else [sources.get(src, "未报告"), "" if pd.isna(ln) else int(ln)]
                 for v, src, ln in zip(flat, grid[COL_SOURCE], grid[COL_LINE])]
    z = flat.reshape(shape)
    text = np.array(["" if np.isnan(v) else f"{v:,.10g}" for v in flat], dtype=object).reshape(shape)
    custom = np.array(cell_info, dtype=object).reshape(*shape, 2)
    # a two-level axis (county, then body) names each county once beside its bodies
    rows = [_names(groups), _names(orgs)] if grouped else _names(orgs)
    fig = go.Figure(go.Heatmap(
        z=z, x=[year_label(y) for y in years], y=rows, text=text, texttemplate="%{text}",
        colorscale="Blues", hoverongaps=False, customdata=custom, xgap=2, ygap=2,
        colorbar={"title": {"text": unit}, "thickness": 12},
        hovertemplate="%{y} %{x}：%{text}<br>来源：%{customdata[0]} 第%{customdata[1]}行<extra></extra>"))
    _style(fig, title, height=max(HEIGHT, 24 * len(orgs) + 110))
    fig.update_yaxes(type="multicategory" if grouped else "category", autorange="reversed", title_text="",
                     gridcolor=None, rangemode=None)
    fig.update_layout(plot_bgcolor="#fafafa")
    return fig


def county_grid(totals: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """One metric as a county × year grid (views.county_totals): each cell the county's sum and how many of its
    reports the sum holds (n/m); a county-year where no report shows the metric stays blank — never a 0."""
    years = sorted(totals[COL_YEAR].dropna().unique())
    counties = in_list_order(totals[COL_COUNTY])
    grid = totals.set_index([COL_COUNTY, COL_YEAR]).reindex(pd.MultiIndex.from_product([counties, years]))
    shape = (len(counties), len(years))
    z = grid[COL_TOTAL].to_numpy(dtype=float, na_value=np.nan).reshape(shape)
    held = grid[COL_HOLDS].fillna("没有报告").to_numpy(dtype=object).reshape(shape)
    text = np.array(["" if np.isnan(v) else f"{v:,.10g}<br>({h.replace(' 份报告', '')})"
                     for v, h in zip(z.ravel(), held.ravel())], dtype=object).reshape(shape)
    fig = go.Figure(go.Heatmap(
        z=z, x=[year_label(y) for y in years], y=_names(counties), text=text, texttemplate="%{text}",
        colorscale="Blues", hoverongaps=False, customdata=held, xgap=2, ygap=2,
        colorbar={"title": {"text": unit}, "thickness": 12},
        hovertemplate="%{y} %{x}：合计 %{z:,.10~g}（%{customdata}）<extra></extra>"))
    _style(fig, title, height=max(HEIGHT, 36 * len(counties) + 110))
    fig.update_yaxes(type="category", autorange="reversed", title_text="", gridcolor=None, rangemode=None)
    fig.update_layout(plot_bgcolor="#fafafa")
    return fig


def trend_lines(values: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """One metric over the years, a line per body; a year with no value is a gap, not a 0.

    `values` should have a row for every body × year (views.complete_years) so that gaps show.
    """
    fig = go.Figure()
    years = sorted(values[COL_YEAR].dropna().unique())
    orgs = sorted(values[COL_ORG].unique())
    labelled = len(orgs) == 1  # one line has room for its values; several would print over each other
    for i, org in enumerate(orgs):
        rows = values[values[COL_ORG] == org].set_index(COL_YEAR).reindex(years).reset_index()
        rows[COL_ORG] = org
        rows["_y"] = [year_label(y) for y in rows[COL_YEAR]]
        fig.add_scatter(name=plot_text(org), x=rows["_y"], y=rows[COL_VALUE], connectgaps=False,
                        mode="lines+markers+text" if labelled else "lines+markers",
                        text=["" if pd.isna(v) else f"{v:,.10g}" for v in rows[COL_VALUE]], textposition="top center",
                        line={"color": PALETTE[i % len(PALETTE)], "width": 2}, marker={"size": 7}, cliponaxis=False,
                        customdata=_custom(rows.fillna({COL_SOURCE: "未报告"}), "_y"), hovertemplate=_hover())
    fig.update_xaxes(categoryorder="array", categoryarray=[year_label(y) for y in years])
    _style(fig, title, unit)
    say_all_zero(fig, values[COL_VALUE])
    return fig


def yearly_total_bars(totals: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """The sum over reporting bodies per year, each bar saying how many bodies it sums."""
    labels = [f"{v:,.10g}（{int(n)}个单位）" for v, n in zip(totals["合计"], totals["报告单位数"])]
    fig = go.Figure(go.Bar(x=[year_label(y) for y in totals[COL_YEAR]], y=totals["合计"], text=labels,
                           textposition="outside", cliponaxis=False, marker_color=PALETTE[0],
                           hovertemplate="%{x}：%{text}<extra></extra>"))
    _style(fig, title, unit)
    say_all_zero(fig, totals["合计"])
    return fig


def ranking_bars(ranked: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """Bodies ranked in one year, largest on top, each bar labelled with its value."""
    return _ranked_bars(ranked, COL_VALUE, [f"{v:,.10g}" for v in ranked[COL_VALUE]], title, unit)


def rate_ranking_bars(ranked: pd.DataFrame, indicator_id: str, title: str) -> go.Figure:
    """Bodies ranked by a rate in one year (views.rate_ranking: only rates on enough cases), highest on top,
    each bar labelled with the rate and its counts."""
    ind = INDICATORS[indicator_id]
    labels = [f"{r:.0%}（{a:.10g}/{b:.10g}）" for r, a, b in
              zip(ranked[ind.label], ranked[numerator_column(ind)], ranked[denominator_column(ind)])]
    fig = _ranked_bars(ranked, ind.label, labels, title, ind.label)
    # room for the labels right of a 100 % bar, but no tick past 100 %
    fig.update_xaxes(tickformat=".0%", range=[0, 1.25], tickvals=[i / 5 for i in range(6)])
    return fig


def _ranked_bars(ranked: pd.DataFrame, column: str, labels: list[str], title: str, x_title: str) -> go.Figure:
    """Horizontal bars of `column` in the order of `ranked` (first on top), each with its label."""
    rows = ranked.iloc[::-1].assign(_text=labels[::-1])
    rows = rows.assign(_y=rows[COL_YEAR].map(year_label))
    line = " 第%{customdata[3]}行" if COL_LINE in rows else ""  # a rate sums several lines
    fig = go.Figure(go.Bar(x=rows[column], y=_names(rows[COL_ORG]), orientation="h", text=rows["_text"],
                           textposition="outside", marker_color=PALETTE[0], customdata=_custom(rows, "_y"),
                           hovertemplate="%{customdata[0]}：%{text}<br>来源：%{customdata[2]}" + line + "<extra></extra>"))
    _style(fig, title, height=max(HEIGHT, 28 * len(rows) + 120))
    fig.update_xaxes(type="linear", title_text=x_title, gridcolor="#e5e5e5", rangemode="tozero")
    fig.update_yaxes(type="category", title_text="", categoryorder="array", categoryarray=_names(rows[COL_ORG]))
    return fig


def change_bars(changes: pd.DataFrame, title: str, unit: str = "") -> go.Figure:
    """Each body's change against its previous year (增减); bodies without both years have no bar."""
    rows = changes.dropna(subset=[COL_CHANGE]).sort_values(COL_ORG)
    colors = ["#2e7d32" if v >= 0 else "#c62828" for v in rows[COL_CHANGE]]
    fig = go.Figure(go.Bar(x=_names(rows[COL_ORG]), y=rows[COL_CHANGE], marker_color=colors, text=rows[COL_CHANGE],
                           texttemplate="%{text:+,.10~g}", textposition="outside",
                           customdata=list(zip(rows[COL_PREVIOUS], rows[COL_VALUE])),
                           hovertemplate="%{x}<br>上年 %{customdata[0]:,.10~g} → 本年 %{customdata[1]:,.10~g}"
                                         "<br>增减 %{y:+,.10~g}<extra></extra>"))
    _style(fig, title, unit)
    fig.update_yaxes(rangemode="normal")
    return fig


def stacked_bars(parts: pd.DataFrame, title: str, unit: str = "件", x: str = COL_ORG) -> go.Figure:
    """Parts of a whole per body (x) stacked by 类别 (in the order of the frame); missing parts absent."""
    fig = go.Figure()
    categories = list(dict.fromkeys(parts[COL_CATEGORY]))
    order = _names(sorted(parts[x].dropna().unique()))
    for i, cat in enumerate(categories):
        rows = parts[(parts[COL_CATEGORY] == cat) & parts[COL_COUNT].notna()]
        fig.add_bar(name=cat, x=_names(rows[x]), y=rows[COL_COUNT], marker_color=PALETTE[i % len(PALETTE)],
                    customdata=[[c] for c in rows[COL_CATEGORY]],
                    hovertemplate="%{x}<br>%{customdata[0]}：%{y:,.10~g}<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    say_all_zero(fig, parts[COL_COUNT])
    return _legend_on_top(_style(fig, title, unit), len(categories))


def _legend_on_top(fig: go.Figure, items: int, per_row: int = 3) -> go.Figure:
    """A long legend between the title and the plot, in rows, where it covers neither the title nor the
    axis labels (rotated body names below the plot)."""
    rows = -(-items // per_row)
    top = 60 + 22 * rows
    height = fig.layout.height + 22 * rows
    fig.update_layout(height=height, margin={"t": top}, title={"y": 1 - 14 / height},
                      legend={"orientation": "h", "yref": "container", "y": 1 - 48 / height, "yanchor": "top",
                              "x": 0, "traceorder": "normal"})
    return fig


def rate_by_year(by_year: pd.DataFrame, indicator_id: str, title: str) -> go.Figure:
    """A rate per year over all bodies in view, each bar labelled with its count (n = 分母).

    A year whose count is under MIN_RATE_BASE is drawn pale and labelled 样本少.
    """
    ind = INDICATORS[indicator_id]
    num, den = numerator_column(ind), denominator_column(ind)
    rows = by_year.dropna(subset=[ind.label])
    small = rows[den] < MIN_RATE_BASE
    labels = [f"{r:.0%}（{int(a)}/{int(b)}）" + ("·样本少" if s else "")
              for r, a, b, s in zip(rows[ind.label], rows[num], rows[den], small)]
    fig = go.Figure(go.Bar(x=[year_label(y) for y in rows[COL_YEAR]], y=rows[ind.label], text=labels,
                           textposition="outside", marker_color=["#b0bec5" if s else PALETTE[0] for s in small],
                           hovertemplate="%{x}：%{text}<extra></extra>"))
    _style(fig, title)  # the ticks say %, the title names the rate
    say_all_zero(fig, rows[ind.label])  # all 0 % looks like an empty chart
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    return fig


def metric_facets(long: pd.DataFrame, title: str) -> go.Figure:
    """Several metrics one under another (each its own scale): bodies on x, a bar per year."""
    from plotly.subplots import make_subplots

    metric_names = list(dict.fromkeys(long[COL_METRIC]))
    fig = make_subplots(rows=len(metric_names), cols=1, subplot_titles=metric_names,
                        vertical_spacing=0.45 / len(metric_names))
    years = sorted(long[COL_YEAR].dropna().unique())
    orgs = _names(sorted(long[COL_ORG].dropna().unique()))
    fig.update_annotations(font={"family": FONT, "size": 13}, xanchor="left", x=0)  # the panels' titles
    hover = "%{x} %{customdata[1]}：%{y:,.10~g}<extra></extra>"
    for k, name in enumerate(metric_names, start=1):
        panel = long[long[COL_METRIC] == name]
        # zeros labelled (a rate's other values are left to the hover: the panel does not know its format)
        _grouped_year_bars(fig, panel, years, False, hover, show_legend=k == 1, row=k, col=1)
        say_all_zero(fig, panel[COL_VALUE], row=k, col=1)
    _style(fig, title, height=HEIGHT + 300 * (len(metric_names) - 1))
    fig.update_layout(barmode="group")
    _legend_on_top(fig, len(years), per_row=len(years))  # one row of years, above the first panel's title
    fig.update_layout(margin={"t": fig.layout.margin.t + 30})
    fig.update_xaxes(categoryorder="array", categoryarray=orgs)
    return fig


def figure_values(fig: go.Figure) -> pd.DataFrame:
    """The (trace, x, y) points a figure draws — for tests and checks that a chart shows its frame."""
    rows = []
    for trace in fig.data:
        xs = list(trace.x) if trace.x is not None else []
        ys = list(trace.y) if trace.y is not None else []
        rows.extend((trace.name, x, y) for x, y in zip(xs, ys))
    return pd.DataFrame(rows, columns=["trace", "x", "y"])
