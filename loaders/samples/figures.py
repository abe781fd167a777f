"""The figures of generated reports: fictional townships of 示例县, their numbers year after year.

Figures keep the template's arithmetic (each row's 总计 is the sum of its applicant columns, （七）总计 the
sum of the outcome rows, 新收 + 上年结转 = （七）总计 + 结转下年度 per column, each 表四 group's 总计 the
sum of its four results) and the rules across years of one township (上年结转 = last year's 结转下年度,
现行有效件数 = last year's + 本年制发 − 本年废止). Faults are planted later, on a copy.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from ..catalog import APPLICANT_IDS
from ..grammar import APPEAL_GROUPS, ROWS_2019, ROWS_2021

COUNTY = "示例县"
APPLICANT_PARTS = APPLICANT_IDS[:-1]
_NOT_OUTCOMES = ("apps.new_received", "apps.carried_over", "apps.outcome_total", "apps.carried_forward")
OUTCOMES = {
    "2019": tuple(k for k in ROWS_2019 if k not in _NOT_OUTCOMES),
    "2021": tuple(k for k in ROWS_2021 if k not in _NOT_OUTCOMES),
}
APPLICATION_ROWS = {"2019": ROWS_2019, "2021": ROWS_2021}
#: How often each outcome is chosen for an application (the rest share what is left).
_OUTCOME_WEIGHTS = {
    "apps.disclosed": 40, "apps.partial": 8, "apps.unavailable.not_held": 14, "apps.rejected.petition": 4,
    "apps.denied.third_party": 3, "apps.denied.process_info": 3, "apps.unavailable.needs_creation": 4,
    "apps.unavailable.unclear": 2, "apps.rejected.duplicate": 3, "apps.other": 3, "apps.other.other": 3,
    "apps.other.no_correction": 2, "apps.denied.admin_query": 2, "apps.denied.internal_affairs": 1,
}
_APPLICANT_WEIGHTS = (80, 9, 1, 2, 3, 5)  # natural_person … other_org
_LARGE_APPLICANT_WEIGHTS = (50, 15, 5, 8, 10, 12)  # a city office's: every column in the tens or hundreds

# Syllables of fictional place names, with their pinyin (for ASCII file names).
_FIRST = ("青 qing", "柳 liu", "白 bai", "云 yun", "桃 tao", "石 shi", "龙 long", "松 song", "梅 mei", "竹 zhu",
          "枫 feng", "杏 xing", "芦 lu", "荷 he", "兰 lan", "栗 li", "槐 huai", "金 jin", "丰 feng", "安 an",
          "宁 ning", "平 ping", "永 yong", "新 xin", "东 dong", "西 xi", "南 nan", "北 bei", "高 gao", "长 chang",
          "清 qing", "明 ming", "红 hong", "黄 huang", "双 shuang", "三 san", "凤 feng", "鹤 he", "麻 ma", "桂 gui")
_SECOND = ("石 shi", "溪 xi", "岭 ling", "源 yuan", "门 men", "潭 tan", "桥 qiao", "湾 wan", "坪 ping", "口 kou",
           "河 he", "塘 tang", "山 shan", "田 tian", "湖 hu", "林 lin", "泉 quan", "峰 feng", "坝 ba", "庄 zhuang",
           "铺 pu", "川 chuan", "渡 du", "洲 zhou", "坡 po", "岗 gang", "阳 yang", "集 ji", "港 gang", "滩 tan")
_KINDS = (("镇", "zhen", 6), ("乡", "xiang", 3), ("街道", "jiedao", 2))


@dataclass(frozen=True, slots=True)
class Org:
    """A fictional body: its short name (青石镇, 青石县财政局), an ASCII slug (qingshi-zhen), how busy it is,
    its county and whether it is a county department (whose name starts with its county)."""

    name: str
    slug: str
    busy: bool = False  # gets applications most years, in several applicant columns
    county: str = COUNTY
    department: bool = False


@dataclass(slots=True)
class Figures:
    """The numbers of one report, keyed (metric, applicant); amounts carry the unit the report states."""

    org: str
    year: int
    template: str  # "2019" (reports on 2019 and 2020) or "2021"
    values: dict[tuple[str, str], float] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # amount metric → unit as written ('万元', '元', '')
    county: str = COUNTY
    county_in_name: bool = False  # a county department's: its name says its county (青石县财政局)

    def get(self, metric: str, applicant: str = "") -> float:
        return self.values.get((metric, applicant), 0)

    def copy(self) -> "Figures":
        return Figures(self.org, self.year, self.template, dict(self.values), dict(self.units), self.county,
                       self.county_in_name)


def template_of(year: int) -> str:
    if year < 2019:
        raise ValueError(f"年份 {year}：只生成 2019 年及以后的报告（2019 年格式起）")
    return "2019" if year <= 2020 else "2021"


@cache
def _converters():
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


@cache
def _stems() -> tuple[tuple[str, str], ...]:
    """Two-syllable stems (青石, qingshi) that traditional conversion and back leaves as they were."""
    s2t, t2s = _converters()
    stems = [(a.split()[0] + b.split()[0], a.split()[1] + b.split()[1])
             for a in _FIRST for b in _SECOND if a.split()[0] != b.split()[0]]
    return tuple(s for s in stems if t2s.convert(s2t.convert(s[0])) == s[0])


def org_names(count: int, rnd: random.Random) -> list[Org]:
    """`count` distinct fictional townships (镇, 乡, 街道), about a third of them busy.

    Each stem (青石) is used once before any is used again with another kind (青石乡 beside 青石镇)."""
    stems = list(_stems())
    if count > len(stems) * len(_KINDS):
        raise ValueError(f"最多 {len(stems) * len(_KINDS)} 个单位")
    rnd.shuffle(stems)
    chosen: list[Org] = []
    first_kind: dict[int, int] = {}
    for i in range(count):
        stem, slug = stems[i % len(stems)]
        if i % len(stems) not in first_kind:
            first_kind[i % len(stems)] = rnd.choices(range(len(_KINDS)), weights=[k[2] for k in _KINDS])[0]
        kind, kind_slug, _ = _KINDS[(first_kind[i % len(stems)] + i // len(stems)) % len(_KINDS)]
        chosen.append(Org(stem + kind, f"{slug}-{kind_slug}", busy=rnd.random() < 0.35))
    return chosen


# ---------------------------------------------------------------------------------------------
# One township over the years
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _State:
    """What one year hands on to the next."""

    forward: dict[str, int]
    in_force: dict[str, int]  # rules / normative: 现行有效件数 (2021 form)
    published: dict[str, int]  # rules / normative: 对外公开总数量 (2019 form)
    items: dict[str, int]  # licensing / other_services / penalty / enforcement / fees: 项目数量


def _start(rnd: random.Random, org: Org) -> _State:
    return _State(
        forward={a: 0 for a in APPLICANT_PARTS},
        in_force={"rules": 0, "normative": rnd.randint(0, 25)},
        published={"rules": 0, "normative": rnd.randint(0, 40)},
        items={"licensing": rnd.randint(0, 40), "other_services": rnd.randint(0, 20), "penalty": rnd.randint(0, 30),
               "enforcement": rnd.randint(0, 8), "fees": rnd.randint(0, 4)},
    )


def series(org: Org, years, rnd: random.Random, large: bool = False) -> dict[int, Figures]:
    """Figures for every year of one township, consistent across years (years must be consecutive
    for the rules across years to hold; a year left out of the output keeps the chain intact).
    `large`: hundreds to thousands of applications a year, so that table cells have several digits."""
    state = _start(rnd, org)
    out = {}
    for year in range(min(years), max(years) + 1):
        fig = year_figures(org, year, rnd, state, large=large)
        if year in years:
            out[year] = fig
    return out


def year_figures(org: Org, year: int, rnd: random.Random, state: _State | None = None,
                 full: bool = False, large: bool = False) -> Figures:
    """One year's figures. `full`: every cell non-zero (for layout fixtures that must catch any column
    mix-up); `large`: many applications and appeals (cells of several digits); otherwise figures like
    a real township's, mostly small and often zero."""
    state = state or _start(rnd, org)
    template = template_of(year)
    fig = Figures(org.name, year, template, county=org.county, county_in_name=org.department)
    v = fig.values
    v[("proactive.items_total", "")] = rnd.randint(30, 1500) if not full else rnd.randint(100, 1500)
    _proactive(fig, rnd, state, full)
    _applications(fig, rnd, state, org.busy, full, large)
    _appeals(fig, rnd, org.busy, full, large)
    return fig


def _nz(rnd: random.Random, lo: int, hi: int, full: bool, p_zero: float) -> int:
    """A count in [lo, hi], zero with probability p_zero unless `full`."""
    if full:
        return rnd.randint(max(lo, 1), max(hi, 2))
    return 0 if rnd.random() < p_zero else rnd.randint(lo, hi)


def _change(rnd: random.Random, current: int, full: bool) -> int:
    """本年增/减: a small signed change that never takes the count below zero."""
    if full:
        return rnd.choice((-1, 1)) * rnd.randint(1, 5) if current >= 5 else rnd.randint(1, 5)
    if rnd.random() < 0.55:
        return 0
    return rnd.randint(-min(current, 4), 6)


def _proactive(fig: Figures, rnd: random.Random, state: _State, full: bool) -> None:
    v = fig.values
    if fig.template == "2019":
        for kind, (lo, hi, p0) in (("rules", (1, 2, 0.95)), ("normative", (1, 6, 0.55))):
            made = _nz(rnd, lo, hi, full, p0)
            published = made if not full else max(1, made - rnd.randint(0, 1))
            if full and kind == "rules":
                state.published[kind] = max(state.published[kind], 3)
            state.published[kind] += published
            v[(f"{kind}.new_made", "")] = made
            v[(f"{kind}.new_published", "")] = published
            v[(f"{kind}.total_published", "")] = state.published[kind]
        for kind, hi, p0 in (("licensing", 500, 0.15), ("other_services", 120, 0.5), ("penalty", 100, 0.35),
                             ("enforcement", 12, 0.7)):
            if full:
                state.items[kind] = max(state.items[kind], 6)
            prev = state.items[kind]
            change = _change(rnd, prev, full)
            state.items[kind] = prev + change
            v[(f"{kind}.items_prev", "")] = prev
            v[(f"{kind}.items_change", "")] = change
            v[(f"{kind}.decisions", "")] = _nz(rnd, 1, hi, full, p0)
        if full:
            state.items["fees"] = max(state.items["fees"], 6)
        prev = state.items["fees"]
        change = _change(rnd, prev, full)
        state.items["fees"] = prev + change
        v[("fees.items_prev", "")] = prev
        v[("fees.items_change", "")] = change
        projects = _nz(rnd, 1, 12, full, 0.6)
        v[("procurement.projects", "")] = projects
        if projects:
            if rnd.random() < 0.25 and not full:
                v[("procurement.amount", "")] = rnd.randint(20, 900) * 1000
                fig.units["procurement.amount"] = "元"
            else:
                v[("procurement.amount", "")] = _amount(rnd.uniform(2, 600), rnd.choice((1, 2)))
                fig.units["procurement.amount"] = "万元"
        else:
            v[("procurement.amount", "")] = 0
            fig.units["procurement.amount"] = "万元"
    else:
        for kind, (lo, hi, p0) in (("rules", (1, 1, 0.97)), ("normative", (1, 4, 0.6))):
            if full:
                state.in_force[kind] = max(state.in_force[kind], 4)
            issued = _nz(rnd, lo, hi, full, p0)
            abolished = min(state.in_force[kind], _nz(rnd, 1, 3, full, 0.8))
            state.in_force[kind] += issued - abolished
            v[(f"{kind}.issued", "")] = issued
            v[(f"{kind}.abolished", "")] = abolished
            v[(f"{kind}.in_force", "")] = state.in_force[kind]
        v[("licensing.decisions", "")] = _nz(rnd, 1, 500, full, 0.15)
        v[("penalty.decisions", "")] = _nz(rnd, 1, 100, full, 0.35)
        v[("enforcement.decisions", "")] = _nz(rnd, 1, 12, full, 0.7)
        fee = _amount(rnd.uniform(0.05, 30), rnd.choice((1, 2))) if full or rnd.random() < 0.12 else 0
        v[("fees.amount", "")] = fee or (0.5 if full else 0)
        fig.units["fees.amount"] = "万元"


def _amount(x: float, digits: int) -> float | int:
    """An amount rounded as reports write it (a whole number stays an int: 12, not 12.0)."""
    x = round(x, digits)
    return int(x) if x == int(x) else x


def _applications(fig: Figures, rnd: random.Random, state: _State, busy: bool, full: bool,
                  large: bool = False) -> None:
    v = fig.values
    outcomes = OUTCOMES[fig.template]
    cells = {k: {a: 0 for a in APPLICANT_PARTS} for k in outcomes}
    carried = dict(state.forward)
    if full:  # every cell 1–9 at random, 新收 whatever makes the columns add up
        forward = {a: rnd.randint(1, 3) for a in APPLICANT_PARTS}
        carried = {a: max(c, rnd.randint(1, 3)) for a, c in carried.items()}
        for k in outcomes:
            for a in APPLICANT_PARTS:
                cells[k][a] = rnd.randint(1, 9)
        new = {a: sum(cells[k][a] for k in outcomes) + forward[a] - carried[a] for a in APPLICANT_PARTS}
    elif large:
        new = {a: 0 for a in APPLICANT_PARTS}
        for a in rnd.choices(APPLICANT_PARTS, weights=_LARGE_APPLICANT_WEIGHTS, k=rnd.randint(100, 4000)):
            new[a] += 1
        forward = {a: rnd.randint(0, (new[a] + carried[a]) // 10) for a in APPLICANT_PARTS}
        weights = [_OUTCOME_WEIGHTS.get(k, 2) for k in outcomes]
        for a in APPLICANT_PARTS:
            for k in rnd.choices(outcomes, weights=weights, k=new[a] + carried[a] - forward[a]):
                cells[k][a] += 1
    else:
        new = {a: 0 for a in APPLICANT_PARTS}
        if rnd.random() < (0.8 if busy else 0.2):
            n = rnd.randint(1, 30) if busy else rnd.choice((1, 1, 1, 2, 2, 3, 4, 6))
            for _ in range(n):
                new[rnd.choices(APPLICANT_PARTS, weights=_APPLICANT_WEIGHTS)[0]] += 1
        forward = {}
        for a in APPLICANT_PARTS:
            have = new[a] + carried[a]
            forward[a] = rnd.randint(1, min(2, have)) if have and rnd.random() < 0.2 else 0
        weights = [_OUTCOME_WEIGHTS.get(k, 0.5) for k in outcomes]
        for a in APPLICANT_PARTS:
            for k in rnd.choices(outcomes, weights=weights, k=new[a] + carried[a] - forward[a]):
                cells[k][a] += 1
    rows = {"apps.new_received": new, "apps.carried_over": carried, **cells,
            "apps.outcome_total": {a: sum(cells[k][a] for k in outcomes) for a in APPLICANT_PARTS},
            "apps.carried_forward": forward}
    for key, row in rows.items():
        for a in APPLICANT_PARTS:
            v[(key, a)] = row[a]
        v[(key, "total")] = sum(row.values())
    state.forward = forward


def _appeals(fig: Figures, rnd: random.Random, busy: bool, full: bool, large: bool = False) -> None:
    v = fig.values
    odds = {"review": 0.25 if busy else 0.06, "lit_direct": 0.12 if busy else 0.03,
            "lit_after_review": 0.08 if busy else 0.02}
    for group in APPEAL_GROUPS:
        parts = {c: 0 for c in ("upheld", "corrected", "other", "pending")}
        if full:
            parts = {c: rnd.randint(1, 6) for c in parts}
        elif large:
            parts = {c: rnd.choice((0, rnd.randint(1, 9), rnd.randint(10, 60))) for c in parts}
        elif rnd.random() < odds[group]:
            for c in rnd.choices(list(parts), weights=(6, 1, 2, 2), k=rnd.randint(1, 4)):
                parts[c] += 1
        for c, n in parts.items():
            v[(f"{group}.{c}", "")] = n
        v[(f"{group}.total", "")] = sum(parts.values())


def received_total(fig: Figures) -> int:
    return int(fig.get("apps.new_received", "total"))
