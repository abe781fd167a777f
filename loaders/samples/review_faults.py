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
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from .build import Rendered, _encode, plain_style, render_report, write_report
from .figures import Figures, Org, series, year_figures

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


# ---------------------------------------------------------------------------------------------
# Saved web pages for the bundled sample (data/sample-pages)
# ---------------------------------------------------------------------------------------------
DEPARTMENT = Org("示例县卫生健康委员会", "shilixian-weijianwei", busy=True, department=True)
#: year → (publication date, where the page states it): its 发布日期 line, or only its meta tags.
PAGE_DATES = {2021: (date(2022, 1, 28), "line"), 2023: (date(2024, 2, 6), "line"), 2024: (date(2025, 1, 15), "meta")}


def sample_pages(out_dir) -> list[Path]:
    """A county department's reports as saved web pages (some years missing), each with its
    publication date, for the bundled sample: deterministic, beside each page its truth."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures = series(DEPARTMENT, range(min(PAGE_DATES), max(PAGE_DATES) + 1), random.Random(14))
    written = []
    for year, (day, where) in PAGE_DATES.items():
        rendered = render_report(figures[year], plain_style("html", nav=1), seed=year, name=f"{DEPARTMENT.slug}-{year}")
        written.append(write_report(_dated_page(rendered, day, where), out))
    return written


def _dated_page(rendered: Rendered, day: date, where: str) -> Rendered:
    """The page with its date where a site puts it: the 发布日期 line, or a PubDate meta tag only."""
    html = re.sub(r"发布日期：\d{4}-\d{2}-\d{2}", f"发布日期：{day.isoformat()}", rendered.text)
    if where == "meta":
        html = re.sub(r"<div>发布日期：[^<]*</div>\n?", "", html)
        html = html.replace("</head>", f'<meta name="PubDate" content="{day.isoformat()} 09:30">\n</head>', 1)
    data, _ = _encode(html, rendered.truth["encoding"])
    return replace(rendered, text=html, data=data, truth=dict(rendered.truth, published=day.isoformat()))
