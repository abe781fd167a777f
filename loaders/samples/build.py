"""One report from its figures (render_report), and a folder of them over townships and years (generate).

Beside each report NAME.txt/.md goes NAME.json: the truth in the team's label format (org, county,
year, template, values — only what the text shows), plus `layout`, `encoding`, `faults` (rule ids the
loaders must find), `variations`, `title_year` and `units` (the unit each amount is written in).
"""
from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..catalog import metrics
from ..grammar import APPEAL_GROUPS
from .contents import build_document
from .figures import APPLICATION_ROWS, Figures, series, template_of
from .layouts import ALL_LAYOUTS, LAYOUTS, PAGE_LAYOUTS, Style, render, traditional
from .page import render_page
from .province import bodies

#: Faults a report can carry, by the rule id the loaders report for it.
FAULTS = ("apps.balance", "table.cut", "section.missing", "report.title_year",
          "apps.row_total", "apps.outcome_total", "appeals.total",
          "xyear.carry_over", "xyear.in_force", "xyear.repeated_text")
#: How often each fault is chosen when faults are planted at random (those of the brief the most).
FAULT_WEIGHTS = {"apps.balance": 4, "table.cut": 4, "section.missing": 3, "report.title_year": 3,
                 "apps.row_total": 1, "apps.outcome_total": 1, "appeals.total": 1,
                 "xyear.carry_over": 1, "xyear.in_force": 1, "xyear.repeated_text": 1}
CROSS_YEAR = ("xyear.carry_over", "xyear.in_force", "xyear.repeated_text")
_ORDER = {(m, a): i for i, (m, a) in enumerate(
    (m, a) for m in metrics() for a in ("", "natural_person", "commercial", "research", "social_org",
                                        "legal_service", "other_org", "total"))}


@dataclass(slots=True)
class Rendered:
    """One generated report: its text, its bytes (in the style's encoding) and its truth."""

    name: str  # file name stem
    text: str
    data: bytes
    truth: dict
    style: Style
    spans: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------------------------
def random_style(rnd: random.Random, layouts=LAYOUTS) -> Style:
    layout = rnd.choice(list(layouts))
    r = rnd.random
    merged = "none"
    if layout in ("tabs", "pipes", "pipes-closed", "pipes-leading"):
        merged = rnd.choices(("none", "trailing", "all"), weights=(5, 3, 2))[0]
    elif layout == "cells-pipe":
        merged = "trailing"
    elif layout in PAGE_LAYOUTS:
        merged = rnd.choices(("none", "trailing", "all"), weights=(6, 3, 1))[0]
    encoding = rnd.choices(("utf-8", "gbk", "gb18030", "utf-8-sig"), weights=(75, 12, 5, 8))[0]
    return Style(
        layout=layout, nav=rnd.choices((0, 1, 2, 3), weights=(70, 10, 10, 10))[0], split_headers=r() < 0.25, spaced=r() < 0.2, halfwidth=r() < 0.4,
        traditional=r() < 0.1, encoding=encoding,
        suffix=".html" if layout == "html" else ".md" if layout == "markdown" or r() < 0.2 else ".txt",
        merged=merged, tight_trailing=r() < 0.5, one_grid=r() < (0.4 if layout == "markdown" else 0.75),
        appeals_split=r() < 0.2, relation="逻辑" if r() < 0.15 else "勾稽", plus_sign=r() < 0.3,
        bar_line=r() < 0.7, period=r() < 0.85, title_form=rnd.randrange(4), county_in_title=r() < 0.5,
        gov_suffix=r() < 0.2, amount_in_cell=r() < 0.3,
        **(_page_variations(rnd, layout) if layout in PAGE_LAYOUTS else {}),
    )


def _page_variations(rnd: random.Random, layout: str) -> dict:
    """The ways pages differ: bare cells or each cell in a <p>; a source without line breaks; a cell's
    lines (a split header, a label and its note) in <p>s of their own."""
    return {"cell_paras": rnd.random() < 0.75, "one_line": rnd.random() < (0.6 if layout == "glued" else 0.2),
            "cell_lines_as_paras": rnd.random() < 0.3}


def plain_style(layout: str, **changes) -> Style:
    """A style with no variation but the layout (and any changes given)."""
    style = Style(layout=layout, suffix={"markdown": ".md", "html": ".html"}.get(layout, ".txt"))
    return replace(style, **changes)


# ---------------------------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------------------------
def section_of(metric_id: str) -> str:
    return metrics()[metric_id].section


def _plant(fig: Figures, fault: str, rnd: random.Random) -> list[tuple[str, str]]:
    """Break one of the template's rules in the figures; return the cells the loaders need to see it."""
    v = fig.values
    d = rnd.randint(1, 5)
    if fault == "apps.balance":  # 新收 no longer equals 办理结果 + 结转 (row totals still hold)
        v[("apps.new_received", "natural_person")] += d
        v[("apps.new_received", "total")] += d
        return [(k, "natural_person") for k in ("apps.new_received", "apps.carried_over", "apps.outcome_total",
                                                "apps.carried_forward")]
    if fault == "apps.row_total":  # one row's 总计 is not the sum of its applicants
        key = rnd.choice(("apps.disclosed", "apps.new_received", "apps.outcome_total"))
        v[(key, "total")] += d
        return [(key, a) for a in ("natural_person", "commercial", "research", "social_org", "legal_service",
                                   "other_org", "total")]
    if fault == "apps.outcome_total":  # an outcome added where （七）总计 does not count it
        key = rnd.choice(("apps.disclosed", "apps.unavailable.not_held", "apps.partial"))
        v[(key, "natural_person")] += d
        v[(key, "total")] += d
        rows = [k for k in APPLICATION_ROWS[fig.template] if k not in (
            "apps.new_received", "apps.carried_over", "apps.carried_forward")]
        return [(k, "natural_person") for k in rows]
    if fault == "appeals.total":
        group = rnd.choice(APPEAL_GROUPS)
        v[(f"{group}.total", "")] += d
        return [(f"{group}.{c}", "") for c in ("upheld", "corrected", "other", "pending", "total")]
    if fault == "xyear.carry_over":  # 上年结转 differs from last year's 结转下年度; this year adds up
        for key in ("apps.carried_over", "apps.disclosed", "apps.outcome_total"):
            v[(key, "natural_person")] += d
            v[(key, "total")] += d
        return [("apps.carried_over", "natural_person")]
    if fault == "xyear.in_force":  # 现行有效 ≠ last year's + 本年制发 − 本年废止
        v[("normative.issued", "")] += d
        return [("normative.issued", ""), ("normative.abolished", ""), ("normative.in_force", "")]
    return []


def _cut_point(rnd: random.Random, spans: dict, shown: set) -> int:
    """A place inside a table where the text stops: within or just after a value that is not the last
    cell of the report's tables, so at least one cell of that table is lost."""
    table_keys = sorted((k for k in shown if section_of(k[0]) in ("二", "三", "四")), key=lambda k: spans[k][0])
    by_section: dict[str, list] = {}
    for k in table_keys:
        by_section.setdefault(section_of(k[0]), []).append(k)
    sections = list(by_section)
    weights = [{"二": 2, "三": 5, "四": 2}[s] for s in sections]
    section = rnd.choices(sections, weights=weights)[0]
    keys = by_section[section]
    key = rnd.choice(keys)
    start, end = spans[key]
    if key == keys[-1]:  # the last cell of its table: stop inside it or right at its end
        return rnd.randint(start, end)
    nxt = spans[keys[keys.index(key) + 1]][0]
    return rnd.randint(start, min(end + 3, nxt))


def render_report(fig: Figures, style: Style | str = "pipes", faults=(), seed: int = 0,
                  prose_seed: int | None = None, name: str | None = None,
                  cut_after: tuple[tuple[str, str], int] | None = None) -> Rendered:
    """One report from its figures, in a layout (a Style or a layout name), with faults planted.

    `faults`: rule ids of FAULTS. Arithmetic faults change a copy of the figures; table.cut stops the
    text inside a table; section.missing leaves section 四 (or 三, 二) out; report.title_year puts last
    year in the title while the 统计期限 gives the data year. Cross-year faults need last year's report
    beside this one (generate() takes care of that). The truth lists only what the text shows, and in
    `faults` the rules a reader must find (an arithmetic fault hidden by a cut is not listed).
    `prose_seed`: the narrative's random seed (the same seed as last year's gives repeated text).
    `cut_after`: ((metric, applicant), n) puts the table.cut right there, n characters after that value's
    cell (0: the text ends on the value's last character; 1: on the separator after it), instead of at
    a random place.
    """
    if isinstance(style, str):
        style = plain_style(style)
    unknown = set(faults) - set(FAULTS)
    if unknown:
        raise ValueError(f"未知的错误类型：{sorted(unknown)}（可选：{'、'.join(FAULTS)}）")
    rnd = random.Random(seed)
    fig = fig.copy()
    needs: dict[str, list] = {}
    for fault in faults:
        if fault == "xyear.in_force" and fig.template != "2021":
            raise ValueError("xyear.in_force 只适用于 2021 年格式（现行有效件数）")
        needs[fault] = _plant(fig, fault, rnd)
    if "report.title_year" in faults:
        style = replace(style, period=True)
    title_year = fig.year - 1 if "report.title_year" in faults else fig.year
    drop = ""
    if "section.missing" in faults:
        drop = rnd.choices(("四", "三", "二"), weights=(6, 2, 2))[0]
    doc = build_document(fig, style, rnd, prose_seed if prose_seed is not None else rnd.randrange(2**31),
                         title_year, drop)
    writer = (render_page if style.layout in PAGE_LAYOUTS else render)(
        doc, style, fig.values, fig.units, traditional if style.traditional else None)
    text = writer.text()
    shown = set(writer.spans)
    if "table.cut" in faults:
        if cut_after is not None:
            cut = writer.spans[cut_after[0]][1] + cut_after[1]
        else:
            cut = _cut_point(rnd, writer.spans, shown)
        if style.layout == "html":  # a page cut off keeps whole cells (a half number would be another number)
            cut = text.index("</td>", cut) + len("</td>")
        text = text[:cut]
        shown = {k for k in shown if writer.spans[k][1] < cut}
    shown.add(("proactive.items_total", ""))
    expected = []
    for fault in faults:
        if all(k in shown for k in needs.get(fault, ())):
            expected.append(fault)
    data, encoding = _encode(text, style.encoding)
    county = fig.county if style.county_in_title or fig.county_in_name else ""
    order = _KEYS.get(fig.template)
    if order is None or len(order) != len(fig.values):
        order = _KEYS[fig.template] = sorted(fig.values, key=_ORDER.__getitem__)
    fv = fig.values
    truth = {
        "org": fig.org, "county": county, "year": fig.year, "template": fig.template,
        "values": [{"metric": k[0], "applicant": k[1], "value": fv[k]} for k in order if k in shown],
        "layout": style.layout, "encoding": encoding, "faults": expected,
        "variations": style.variations(), "title_year": title_year,
        "units": {m: _stated_unit(fig, m) for m in fig.units if (m, "") in shown},
        "notes": "示例数据：loaders.samples 生成的虚构报告（示例县的虚构乡镇），不是真实的政府信息公开年度报告。",
    }
    if drop:
        truth["missing_section"] = drop
    return Rendered(name or f"{fig.org}-{fig.year}", text, data, truth, style, writer.spans)


def _stated_unit(fig: Figures, metric_id: str) -> str:
    """The unit the text states for an amount: 万元 in the fees header; a procurement amount's unit in its
    cell or its header, but none at all where the amount is 0 (written as a bare 0 under 采购总金额)."""
    if metric_id == "procurement.amount" and not fig.get(metric_id):
        return ""
    return fig.units.get(metric_id, "")


_KEYS: dict[str, list] = {}  # every (metric, applicant) of a template's figures, in catalog order


def _encode(text: str, encoding: str) -> tuple[bytes, str]:
    try:
        return text.encode(encoding), encoding
    except UnicodeEncodeError:
        return text.encode("gb18030"), "gb18030"


def truth_json(truth: dict) -> str:
    """The truth as JSON, one value per line (laid out by hand: the C encoder, ten times faster than indent)."""
    dump = json.dumps
    lines = []
    for key, item in truth.items():
        if key == "values":  # ids are plain ASCII: no escaping needed
            rows = ",\n".join(f'  {{"metric": "{v["metric"]}", "applicant": "{v["applicant"]}", "value": {v["value"]}}}'
                               for v in item)
            lines.append(f' "values": [\n{rows}\n ]')
        else:
            lines.append(f" {dump(key)}: {dump(item, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write_report(rendered: Rendered, folder: Path) -> Path:
    """Write NAME.txt/.md and NAME.json into the folder; return the report's path."""
    path = os.path.join(folder, rendered.name + rendered.style.suffix)
    with open(path, "wb") as f:
        f.write(rendered.data)
    with open(os.path.join(folder, rendered.name + ".json"), "w", encoding="utf-8") as f:
        f.write(truth_json(rendered.truth))
    return Path(path)


# ---------------------------------------------------------------------------------------------
# A folder of reports
# ---------------------------------------------------------------------------------------------
def generate(out_dir, orgs: int = 15, years=range(2019, 2026), seed: int = 0, fault_rate: float = 0.0,
             layouts=None, missing_rate: float = 0.0, faults=None, style: dict | None = None,
             large: bool = False) -> list[Path]:
    """Reports of `orgs` fictional bodies over `years`, with truth beside each: up to COUNTY_BODIES
    (140), the townships of 示例县; more, a province of counties of ~140 townships, streets and county
    departments each (province.py), so that N reports are ~N / 7 bodies × 7 real years.

    Deterministic for a seed. `fault_rate`: share of reports with one planted fault (chosen among
    `faults`, default all of FAULTS, weighted by FAULT_WEIGHTS); `missing_rate`: share of township-years
    left out (the figures of the years around them still follow on); `style`: Style fields to pin in
    every report (e.g. {"encoding": "gbk", "nav": False}); `large`: figures of several digits (hundreds to
    thousands of applications). Returns the report paths written.
    """
    pinned = dict(style or {})
    unknown = set(pinned) - set(Style.__dataclass_fields__)
    if unknown:
        raise ValueError(f"未知的样式项：{sorted(unknown)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    years = sorted(set(years))
    for y in years:
        template_of(y)
    layouts = tuple(layouts or LAYOUTS)
    bad = set(layouts) - set(ALL_LAYOUTS)
    if bad:
        raise ValueError(f"未知的版式：{sorted(bad)}（可选：{'、'.join(ALL_LAYOUTS)}）")
    pool = tuple(faults or FAULTS)
    rnd = random.Random(seed)
    written: list[Path] = []
    slugs: set[str] = set()
    for org in bodies(orgs, rnd):
        slug = org.slug
        n = 2
        while slug in slugs:
            slug, n = f"{org.slug}{n}", n + 1
        slugs.add(slug)
        figures = series(org, years, rnd, large)
        previous: dict | None = None  # last year's written report: year, truth, prose seed
        for year in years:
            if missing_rate and rnd.random() < missing_rate:
                previous = None
                continue
            fig = figures[year]
            style = random_style(rnd, layouts)
            if pinned:
                style = replace(style, **pinned)
            prose_seed = rnd.randrange(2**31)
            chosen: list[str] = []
            if fault_rate and rnd.random() < fault_rate:
                options = [f for f in pool if _fault_fits(f, fig, previous, year)]
                if options:
                    chosen = [rnd.choices(options, weights=[FAULT_WEIGHTS[f] for f in options])[0]]
            if "xyear.repeated_text" in chosen:
                prose_seed = previous["prose_seed"]
            rendered = render_report(fig, style, chosen, seed=rnd.randrange(2**31), prose_seed=prose_seed,
                                     name=f"{slug}-{year}")
            written.append(write_report(rendered, out))
            previous = {"year": year, "faults": chosen, "prose_seed": prose_seed,
                        "shown": {(v["metric"], v["applicant"]) for v in rendered.truth["values"]}}
    return written


def _fault_fits(fault: str, fig: Figures, previous: dict | None, year: int) -> bool:
    """A cross-year fault only where last year's report is there to compare with, showing what it needs."""
    if fault not in CROSS_YEAR:
        return True
    if previous is None or previous["year"] != year - 1:
        return False
    if fault == "xyear.carry_over":
        return ("apps.carried_forward", "natural_person") in previous["shown"]
    if fault == "xyear.in_force":
        return fig.template == "2021" and ("normative.in_force", "") in previous["shown"]
    return "table.cut" not in previous["faults"]  # repeated text: last year's sections 五 and 六 are there
