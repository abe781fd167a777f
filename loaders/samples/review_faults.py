"""Faults for the evaluators' checks (loaders/review): a report published late, a later year on the 2019
form, 规章 reported by a township, text copied from another body. Each function changes figures or a
rendered report; `render_report` does the rest.

    fig = year_figures(Org("青石镇", "qingshi-zhen"), 2023, random.Random(0))
    late = published_on(render_report(fig, "pipes"), date(2024, 3, 1))      # a 发布日期 line at the top
    old = render_report(on_2019_form(fig), "pipes")                          # template.outdated
    made = render_report(with_rules(fig, 2), "pipes")                        # rules.not_competent
    copy = render_report(other_fig, "pipes", prose_seed=seed_of_fig_report)  # xbody.copied
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from .build import Rendered, _encode
from .figures import Figures, Org, year_figures

REVIEW_FAULTS = ("timeliness.late", "template.outdated", "rules.not_competent", "xbody.copied")
RULES_CELLS = {"2021": ("rules.issued", "rules.in_force"), "2019": ("rules.new_made", "rules.total_published")}


def published_on(rendered: Rendered, day: date) -> Rendered:
    """The report as a saved page's text: a 发布日期 line above the title (the page's own line, if the
    report has one, is replaced)."""
    kept = [line for line in rendered.text.split("\n") if not line.startswith("发布日期：")]
    text = f"发布日期：{day.isoformat()}　　来源：{rendered.truth['org']}\n" + "\n".join(kept)
    data, _ = _encode(text, rendered.truth["encoding"])
    return replace(rendered, text=text, data=data, truth=dict(rendered.truth, published=day.isoformat()))


def on_2019_form(fig: Figures) -> Figures:
    """A report of the figures' year (2021 or later) written on the 2019 form, with a 2019-form year's
    figures of the same body."""
    old = year_figures(Org(fig.org, "old-form"), 2019, random.Random(fig.year))
    return Figures(fig.org, fig.year, "2019", old.values, old.units, fig.county)


def with_rules(fig: Figures, count: int) -> Figures:
    """The figures with `count` 规章 made and in force (0: none, as a township's must be)."""
    out = fig.copy()
    for metric in RULES_CELLS[fig.template]:
        out.values[(metric, "")] = count
    if fig.template == "2021":  # keep 现行有效 following on from last year: nothing abolished
        out.values[("rules.abolished", "")] = 0
    return out
