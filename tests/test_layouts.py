"""One report per layout and per template, every cell non-zero, read back exactly.

The fixtures are written by loaders.samples from one set of figures per template (every column of every
table non-zero, signed changes, decimal amounts), so that a number put in the wrong column, dropped or
invented shows as a difference. Each is read alone through loaders.load and compared with its truth:
values, org, year, template — and a clean report must raise no finding at all.
"""
from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

import loaders
from loaders.catalog import APPLICANT_IDS
from loaders.samples import READ_LAYOUTS, ROW_LAYOUTS, Org, plain_style, render_report, write_report, year_figures

ORG = Org("青石镇", "qingshi-zhen")
STREET = Org("柳河街道", "liuhe-jiedao")
YEARS = {"2019": 2020, "2021": 2023}  # template → the data year of its fixture


def full_figures(template: str, org: Org = ORG):
    """Every cell non-zero; one 本年增/减 up and one down; amounts with decimals."""
    fig = year_figures(org, YEARS[template], random.Random(7), full=True)
    v = fig.values
    if template == "2019":
        v[("licensing.items_change", "")] = 3
        v[("penalty.items_change", "")] = -2
        v[("procurement.amount", "")] = 36.75
        fig.units["procurement.amount"] = "万元"
    else:
        v[("fees.amount", "")] = 2.35
    return fig


# (name, style changes, layouts it is tried in): the variations of the layouts real reports show
VARIATIONS = [
    ("nav-font-size", dict(nav=1), ("pipes", "cells")),
    ("nav-breadcrumb", dict(nav=2), ("tabs", "blank-cells")),
    ("nav-share", dict(nav=3), ("pipes-closed",)),
    ("split-headers", dict(split_headers=True), ("tabs", "pipes-closed", "blank-cells", "cells-pipe", "browser")),
    ("spaced", dict(spaced=True), ("tabs", "pipes", "cells")),
    ("halfwidth", dict(halfwidth=True), ("pipes-bare", "blank-cells")),
    ("traditional", dict(traditional=True), ("pipes", "cells-pipe", "browser")),
    ("gbk", dict(encoding="gbk"), ("tabs", "blank-cells", "html")),
    ("gb18030-traditional", dict(encoding="gb18030", traditional=True), ("pipes-closed", "cells")),
    ("utf-8-sig", dict(encoding="utf-8-sig"), ("markdown",)),
    ("md-ending", dict(suffix=".md"), ("tabs", "cells-pipe")),
    ("merged-all", dict(merged="all"), ("tabs", "pipes", "pipes-closed", "pipes-leading", "html", "browser")),
    ("bare-page-cells", dict(cell_paras=False, merged="trailing"), ("html", "browser")),
    ("trailing-empty-cells", dict(merged="trailing"), ("pipes", "pipes-closed")),
    ("trailing-empty-cells-tight", dict(merged="trailing", tight_trailing=True), ("pipes", "pipes-closed",
                                                                                   "cells-pipe")),
    ("no-bar-lines", dict(bar_line=False), ("cells-pipe",)),
    ("block-tables", dict(one_grid=False), ("markdown", "pipes", "cells")),
    ("appeals-split", dict(appeals_split=True), ("markdown", "tabs", "blank-cells")),
    ("logic-relation", dict(relation="逻辑"), ("pipes-bare",)),
    ("plus-sign", dict(plus_sign=True), ("pipes", "cells")),
    ("amount-in-cell", dict(amount_in_cell=True), ("tabs", "cells")),
    ("no-period", dict(period=False), ("pipes",)),
    ("title-forms", dict(title_form=3, county_in_title=False), ("pipes", "blank-cells")),
    ("title-year-first", dict(title_form=2), ("tabs",)),
    ("gov-suffix", dict(gov_suffix=True), ("pipes", "cells")),
    ("street", dict(org=STREET), ("pipes",)),
    ("street-office", dict(org=STREET, gov_suffix=True), ("pipes", "markdown")),
]

CASES = [pytest.param(layout, {}, template, id=f"{layout}-{template}")
         for layout in READ_LAYOUTS for template in YEARS]
CASES += [pytest.param(layout, changes, template, id=f"{name}-{layout}-{template}")
          for name, changes, layouts in VARIATIONS for layout in layouts for template in YEARS]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layouts")


def _read(folder: Path, layout: str, changes: dict, template: str, name: str):
    changes = dict(changes)
    org = changes.pop("org", ORG)
    style = replace(plain_style(layout), **changes)
    rendered = render_report(full_figures(template, org), style, seed=3, name=name)
    path = write_report(rendered, folder)
    frames = loaders.load([path], cache=False)
    return rendered.truth, frames


def _diff(truth_values: dict, got: dict) -> list[str]:
    lines = []
    for key in sorted(set(truth_values) | set(got)):
        want, have = truth_values.get(key), got.get(key)
        if want is None:
            lines.append(f"extra   {key} = {have}")
        elif have is None:
            lines.append(f"missing {key} = {want}")
        elif abs(have - want) > 1e-9:
            lines.append(f"wrong   {key} = {have}, truth {want}")
    return lines


@pytest.mark.parametrize("layout,changes,template", CASES)
def test_layout_reads_back_exactly(folder, request, layout, changes, template):
    truth, frames = _read(folder, layout, changes, template, request.node.callspec.id)
    facts = frames.facts
    got = {(m, a or ""): float(v) for m, a, v in zip(facts["metric"], facts["applicant"], facts["value"])}
    want = {(v["metric"], v["applicant"]): float(v["value"]) for v in truth["values"]}
    diff = _diff(want, got)
    assert not diff, f"{len(diff)} differences of {len(want)} values:\n" + "\n".join(diff[:40])
    rep = frames.reports.iloc[0]
    assert (rep["org"], int(rep["year"]), rep["template"]) == (truth["org"], truth["year"], truth["template"])
    if truth["county"]:
        assert rep["county"] == truth["county"]


@pytest.mark.parametrize("layout,changes,template", CASES)
def test_clean_report_raises_no_finding(folder, request, layout, changes, template):
    _, frames = _read(folder, layout, changes, template, request.node.callspec.id + "-checks")
    findings = sorted(f"{r}: {m}" for r, m in zip(frames.checks["rule"], frames.checks["message"]))
    assert findings == []


@pytest.mark.parametrize("template", list(YEARS))
def test_fixture_figures_can_catch_a_column_mix_up(template):
    """The fixtures are only worth it if every cell is non-zero and neighbouring columns differ."""
    fig = full_figures(template)
    assert all(v != 0 for v in fig.values.values())
    rows = {m for m, a in fig.values if a}
    for row in rows:
        cells = [fig.values[(row, a)] for a in APPLICANT_IDS]
        assert sum(cells[:-1]) == cells[-1]
    same = sum(1 for row in rows if fig.values[(row, "natural_person")] == fig.values[(row, "commercial")])
    assert same < len(rows) / 2
    truth = render_report(fig, "pipes").truth
    per_template = {"2019": ("rules.new_made", "apps.other", "procurement.amount", "licensing.items_prev"),
                    "2021": ("rules.issued", "apps.other.unpaid_fee", "fees.amount", "normative.in_force")}
    shown = {v["metric"] for v in truth["values"]}
    assert set(per_template[template]) <= shown
    assert not set(per_template["2021" if template == "2019" else "2019"]) & shown
    assert len(truth["values"]) == len(fig.values)


@pytest.mark.parametrize("layout", ROW_LAYOUTS)
def test_row_layouts_write_one_row_per_line(layout):
    """A row layout puts all seven numbers of a section 三 row on the row's own line."""
    fig = full_figures("2021")
    text = render_report(fig, layout).text
    line = next(x for x in text.splitlines() if "本年新收政府信息公开申请数量" in x)
    numbers = [int(fig.values[("apps.new_received", a)]) for a in APPLICANT_IDS]
    cells = [c.strip() for c in line.replace("\t", "|").split("|") if c.strip()]
    assert [int(c) for c in cells[-7:]] == numbers


def test_truth_file_is_the_label_format(tmp_path):
    rendered = render_report(full_figures("2021"), plain_style("tabs", encoding="gbk"), name="x")
    write_report(rendered, tmp_path)
    truth = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert {"org", "county", "year", "template", "values", "layout", "encoding", "faults"} <= set(truth)
    assert truth["encoding"] == "gbk" and truth["layout"] == "tabs" and truth["faults"] == []
    assert all(set(v) == {"metric", "applicant", "value"} for v in truth["values"])
    (tmp_path / "x.txt").read_bytes().decode("gbk")  # written in the encoding it names
