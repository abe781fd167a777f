"""Generated sample reports (示例数据) with their truth: for tests, demos and benchmark corpora.

    from loaders.samples import generate, render_report, year_figures, Org
    generate("out/", orgs=15, years=range(2019, 2026), seed=1, fault_rate=0.1)
    fig = year_figures(Org("青石镇", "qingshi-zhen"), 2022, random.Random(0), full=True)
    rendered = render_report(fig, "tabs", faults=["apps.balance"])   # .text, .data, .truth

Command line: python3 -m loaders.samples OUT --orgs 15 --years 2019-2025 [--seed N] [--faults RATE]
[--layouts a,b,...] [--missing RATE] [--large]. Every report is fiction: up to 140 bodies, the townships of
the fictional 示例县; more, a fictional province of counties of ~140 townships, streets and county
departments each (province.py), so that 100,000 reports are ~14,300 bodies × 7 years.

Layouts: text layouts (layouts.py) and layouts taken from the report's web page (page.py): `html` the
page itself, `browser` its select-all copy (innerText), `glued` its lxml text_content().
"""
from __future__ import annotations

from .build import (CROSS_YEAR, FAULT_WEIGHTS, FAULTS, Rendered, generate, plain_style, random_style,
                    render_report, write_report)
from .figures import COUNTY, Figures, Org, org_names, series, template_of, year_figures
from .layouts import ALL_LAYOUTS, CELL_LAYOUTS, LAYOUT_NOTES, LAYOUTS, PAGE_LAYOUTS, READ_LAYOUTS, ROW_LAYOUTS, Style

__all__ = ["ALL_LAYOUTS", "CELL_LAYOUTS", "COUNTY", "CROSS_YEAR", "FAULTS", "FAULT_WEIGHTS", "Figures", "LAYOUTS", "LAYOUT_NOTES",
           "PAGE_LAYOUTS", "READ_LAYOUTS", "ROW_LAYOUTS", "Org", "Rendered", "Style", "generate", "org_names", "plain_style", "random_style",
           "render_report", "series", "template_of", "write_report", "year_figures"]
