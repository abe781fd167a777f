"""Generated sample reports (loaders.samples): the generator's own promises, then a round trip.

Round trip: a few hundred reports (fixed seed, every layout, both templates, faults planted) are read
through loaders.load; every value the truth lists must come back with the same value, nothing the truth
does not list may come back, org/year/template must match, every planted fault must be among the
report's findings, and a report without a planted fault must raise no finding. Summary figures are
printed (also without -s).
"""
from __future__ import annotations

import collections
import json
import math
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

import loaders
from loaders.catalog import APPLICANT_IDS, metrics
from loaders.rules import RULES
from loaders.samples import (CROSS_YEAR, FAULTS, LAYOUTS, READ_LAYOUTS, Org, generate, plain_style, render_report,
                             write_report, year_figures)
from conftest import DATA, ROOT

SEED = 20240601
ORGS = 45  # × 7 years, a few left out: about 300 reports
SAMPLE_COUNTY = DATA / "sample-county"
SAMPLE_COMMAND = ["--orgs", "15", "--years", "2019-2025", "--seed", "1", "--faults", "0.2", "--missing", "0.06"]
PARTS = APPLICANT_IDS[:-1]


def truths(folder: Path) -> dict[str, dict]:
    """Report file name → its truth, for every labelled report of a folder."""
    out = {}
    for j in sorted(folder.glob("*.json")):
        for ext in (".txt", ".md"):
            if j.with_suffix(ext).exists():
                out[j.with_suffix(ext).name] = json.loads(j.read_text(encoding="utf-8"))
    return out


# ---------------------------------------------------------------------------------------------
# The round trip
# ---------------------------------------------------------------------------------------------
@dataclass
class RoundTrip:
    truths: dict
    frames: loaders.Frames
    counts: collections.Counter = field(default_factory=collections.Counter)
    problems: dict = field(default_factory=lambda: collections.defaultdict(list))

    def examples(self, kind: str, limit: int = 25) -> str:
        rows = [f"{name} [{self.truths[name]['layout']} {'/'.join(self.truths[name]['variations'])} "
                f"faults={self.truths[name]['faults']}]: {p}"
                for name, ps in self.problems.items() for k, p in ps if k == kind]
        return f"{len(rows)} {kind}:\n" + "\n".join(rows[:limit])


def compare(folder: Path) -> RoundTrip:
    frames = loaders.load([folder], cache=False)
    rt = RoundTrip(truths(folder), frames)
    got: dict = collections.defaultdict(dict)
    units: dict = collections.defaultdict(dict)
    for src, m, a, v, u in zip(frames.facts["source"], frames.facts["metric"], frames.facts["applicant"],
                               frames.facts["value"], frames.facts["unit"]):
        got[Path(src).name][(m, a or "")] = float(v)
        units[Path(src).name][m] = u or ""
    found = collections.defaultdict(set)
    for src, r in zip(frames.checks["source"], frames.checks["rule"]):
        found[Path(src).name].add(r)
    reports = {Path(s).name: r for s, r in zip(frames.reports["source"], frames.reports.to_dict("records"))}
    c = rt.counts
    for name, truth in rt.truths.items():
        c["reports"] += 1
        mine = got.get(name, {})
        rep = reports.get(name)
        if rep is None:
            rt.problems[name].append(("unread", "not in the reports frame"))
            continue
        for key in ("org", "year", "template"):
            have = rep[key] if key != "year" or rep[key] is None else int(rep[key])
            if have != truth[key]:
                c["identity_wrong"] += 1
                rt.problems[name].append(("identity", f"{key} {have!r}, truth {truth[key]!r}"))
        want = {(v["metric"], v["applicant"]): float(v["value"]) for v in truth["values"]}
        for key, value in want.items():
            c["values"] += 1
            if key not in mine:
                c["missing"] += 1
                rt.problems[name].append(("missing", f"{key} = {value:g}"))
            elif not math.isclose(mine[key], value, abs_tol=1e-9):
                c["wrong"] += 1
                rt.problems[name].append(("wrong", f"{key} = {mine[key]:g}, truth {value:g}"))
            else:
                c["exact"] += 1
        for metric_id, unit in truth["units"].items():
            if (metric_id, "") in mine and units[name].get(metric_id) != unit:
                c["unit_wrong"] += 1
                rt.problems[name].append(("unit", f"{metric_id} unit {units[name].get(metric_id)!r}, truth {unit!r}"))
        for key in mine.keys() - want.keys():
            c["extra"] += 1
            rt.problems[name].append(("extra", f"{key} = {mine[key]:g} (not in the text)"))
        for fault in truth["faults"]:
            c["faults"] += 1
            if fault in found[name]:
                c["faults_found"] += 1
            else:
                rt.problems[name].append(("fault", f"{fault} not found; findings {sorted(found[name])}"))
        if not truth["faults"]:
            c["clean"] += 1
            if found[name]:
                c["clean_with_findings"] += 1
                rt.problems[name].append(("clean", f"findings {sorted(found[name])}"))
    return rt


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    generate(folder, orgs=ORGS, years=range(2019, 2026), seed=SEED, fault_rate=0.3, missing_rate=0.05)
    return folder


@pytest.fixture(scope="module")
def round_trip(corpus) -> RoundTrip:
    return compare(corpus)


def test_round_trip_summary(round_trip, capsys):
    c = round_trip.counts
    kinds = collections.Counter(k for ps in round_trip.problems.values() for k, _ in ps)
    with capsys.disabled():
        print(f"\nround trip: {c['reports']} reports, {c['values']} values: {c['exact']} exact, {c['wrong']} wrong, "
              f"{c['missing']} missing, {c['extra']} extra, {c['unit_wrong']} units wrong; identity wrong {c['identity_wrong']}; "
              f"faults {c['faults_found']}/{c['faults']} found; clean reports with findings "
              f"{c['clean_with_findings']}/{c['clean']}; problems by kind {dict(kinds)}")
    assert c["reports"] >= 250 and c["values"] >= 40_000
    assert len(round_trip.frames.reports) == c["reports"]


def test_no_value_is_wrong_or_invented(round_trip):
    c = round_trip.counts
    assert c["wrong"] == 0, round_trip.examples("wrong")
    assert c["extra"] == 0, round_trip.examples("extra")


def test_amounts_keep_the_unit_the_report_states(round_trip):
    assert round_trip.counts["unit_wrong"] == 0, round_trip.examples("unit")


def test_every_value_the_text_shows_is_read(round_trip):
    assert round_trip.counts["missing"] == 0, round_trip.examples("missing")


def test_org_year_and_template(round_trip):
    assert round_trip.counts["identity_wrong"] == 0, round_trip.examples("identity")


def test_every_planted_fault_is_found(round_trip):
    c = round_trip.counts
    assert c["faults"] >= 50
    assert c["faults_found"] == c["faults"], round_trip.examples("fault")


def test_reports_without_faults_raise_no_findings(round_trip):
    assert round_trip.counts["clean_with_findings"] == 0, round_trip.examples("clean")


def test_no_report_fails(round_trip):
    failed = round_trip.frames.reports[round_trip.frames.reports["status"] == "failed"]
    assert failed.empty, failed[["source", "message"]].to_string()


# ---------------------------------------------------------------------------------------------
# Each fault, forced, in each layout
# ---------------------------------------------------------------------------------------------
# table.cut is tried at several places (seeds), in the plain layout and with the grid kept (merged cells as
# empty cells, headers over two lines), since where the text stops matters more than for other faults
CUT_STYLES = {"plain": {}, "grid": {"merged": "all", "split_headers": True}}
FORCED = [pytest.param(fault, layout, year, seed, look, id=f"{fault}-{layout}-{year}-{seed}-{look}")
          for fault in FAULTS for layout in READ_LAYOUTS
          for year in ((2023,) if fault == "xyear.in_force" else (2020, 2023))
          for seed in ((1, 2, 3) if fault == "table.cut" else (1,))
          for look in (CUT_STYLES if fault == "table.cut" else ("plain",))]
_FORCED: dict = {}


@pytest.fixture(scope="module")
def forced_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("forced")


def forced(folder: Path, fault: str, layout: str, year: int, seed: int, look: str):
    """A report with every cell non-zero and one fault forced into it, read (with last year's report
    beside it for a cross-year fault): (rendered, its facts {(metric, applicant): value}, its rule ids)."""
    key = (fault, layout, year, seed, look)
    if key in _FORCED:
        return _FORCED[key]
    org = Org("白沙镇", "baisha-zhen", busy=True)
    rnd = random_source(seed)
    last = year_figures(org, year - 1, rnd, full=True)
    fig = year_figures(org, year, rnd, full=True)
    fig.values.update({(m, a): last.values[(m.replace("carried_over", "carried_forward"), a)]
                       for m, a in fig.values if m == "apps.carried_over"})  # this year follows on
    _keep_balance(fig)
    if fig.template == "2021" and last.template == "2021":
        for kind in ("rules", "normative"):
            fig.values[(f"{kind}.in_force", "")] = (last.values[(f"{kind}.in_force", "")]
                                                    + fig.values[(f"{kind}.issued", "")]
                                                    - fig.values[(f"{kind}.abolished", "")])
    style = replace(plain_style(layout), **CUT_STYLES.get(look, {}))
    name = "-".join(map(str, key)).replace(".", "_")
    before = render_report(last, style, seed=seed, prose_seed=11, name=name + "-last")
    rendered = render_report(fig, style, [fault], seed=seed,
                             prose_seed=11 if fault == "xyear.repeated_text" else 12, name=name)
    assert rendered.truth["faults"] == [fault]
    paths = [write_report(rendered, folder)]
    if fault in CROSS_YEAR:
        paths.append(write_report(before, folder))
    frames = loaders.load(paths, cache=False)
    facts = frames.facts[frames.facts["source"] == str(paths[0])]
    got = {(m, a or ""): float(v) for m, a, v in zip(facts["metric"], facts["applicant"], facts["value"])}
    rules = set(frames.checks.loc[frames.checks["source"] == str(paths[0]), "rule"])
    _FORCED[key] = rendered, got, rules
    return _FORCED[key]


@pytest.mark.parametrize("fault,layout,year,seed,look", FORCED)
def test_forced_fault_is_found(forced_dir, fault, layout, year, seed, look):
    """Each fault, forced into a report with every cell non-zero, is among that report's findings."""
    rendered, _, rules = forced(forced_dir, fault, layout, year, seed, look)
    assert fault in rules, f"{fault} not among {sorted(rules)}; the text ends:\n" + rendered.text[-300:]


@pytest.mark.parametrize("fault,layout,year,seed,look", FORCED)
def test_forced_fault_gives_the_truth_or_less(forced_dir, fault, layout, year, seed, look):
    """Whatever the fault, no number is read that the text does not show in that place."""
    rendered, got, _ = forced(forced_dir, fault, layout, year, seed, look)
    want = {(v["metric"], v["applicant"]): float(v["value"]) for v in rendered.truth["values"]}
    bad = [f"{k}: read {got[k]:g}, truth {want.get(k, 'not shown')}" for k in sorted(got)
           if k not in want or not math.isclose(got[k], want[k], abs_tol=1e-9)]
    assert not bad, "\n".join(bad[:20]) + "\nthe text ends:\n" + rendered.text[-300:]


# A cut right inside a row of each table (after its second cell, on the separator that closes it), in
# the plain layout and with the grid kept: the cells before the cut must be read, in their columns.
CUT_ROWS = {"2019": (("normative.new_published", ""), ("apps.partial", "commercial"), ("review.corrected", "")),
            "2021": (("normative.abolished", ""), ("apps.partial", "commercial"), ("review.corrected", ""))}
CUT_CASES = [pytest.param(layout, template, key, look, id=f"{layout}-{template}-{key[0]}-{look}")
             for layout in READ_LAYOUTS for template in ("2019", "2021") for key in CUT_ROWS[template]
             for look in CUT_STYLES]


@pytest.mark.parametrize("layout,template,key,look", CUT_CASES)
def test_a_row_cut_by_the_end_of_the_text_is_read_up_to_the_cut(tmp_path, layout, template, key, look):
    fig = year_figures(Org("白沙镇", "baisha-zhen"), 2020 if template == "2019" else 2023, random_source(5), full=True)
    for k in [k for k in fig.values if k[0].endswith(".items_change")]:
        fig.values[k] = abs(fig.values[k])  # signed changes have a test of their own (test_layouts)
    style = replace(plain_style(layout), **CUT_STYLES[look])
    rendered = render_report(fig, style, ["table.cut"], seed=1, name="cut", cut_after=(key, 1))
    assert key in {(v["metric"], v["applicant"]) for v in rendered.truth["values"]}
    path = write_report(rendered, tmp_path)
    frames = loaders.load([path], cache=False)
    got = {(m, a or ""): float(v) for m, a, v in zip(frames.facts["metric"], frames.facts["applicant"],
                                                     frames.facts["value"])}
    want = {(v["metric"], v["applicant"]): float(v["value"]) for v in rendered.truth["values"]}
    diff = [f"{k}: read {got.get(k)}, truth {want.get(k)}" for k in sorted(set(got) | set(want))
            if got.get(k) is None or want.get(k) is None or not math.isclose(got[k], want[k], abs_tol=1e-9)]
    rules = set(frames.checks["rule"])
    assert not diff and "table.cut" in rules, ("\n".join(diff[:12]) + f"\nfindings {sorted(rules)}\nthe text ends:\n"
                                               + rendered.text[-250:])


def random_source(seed: int):
    import random

    return random.Random(seed)


def _keep_balance(fig) -> None:
    """After 上年结转 changed: let 新收 take up the difference so that each column still adds up."""
    v = fig.values
    for a in PARTS:
        v[("apps.new_received", a)] = (v[("apps.outcome_total", a)] + v[("apps.carried_forward", a)]
                                       - v[("apps.carried_over", a)])
        assert v[("apps.new_received", a)] >= 0
    for key in ("apps.new_received", "apps.carried_over"):
        v[(key, "total")] = sum(v[(key, a)] for a in PARTS)


# ---------------------------------------------------------------------------------------------
# The generator's promises (no parser involved)
# ---------------------------------------------------------------------------------------------
def _rule_holds(rule: str, v: dict, template: str) -> bool | None:
    """Whether the truth values keep one of the template's rules (None where the text hides a cell)."""
    get = v.get
    checks = []
    if rule == "apps.row_total":
        for m in {m for m, a in v if a}:
            cells = [get((m, a)) for a in APPLICANT_IDS]
            if None not in cells:
                checks.append(sum(cells[:-1]) == cells[-1])
    elif rule == "apps.balance":
        for a in APPLICANT_IDS:
            cells = [get((m, a)) for m in ("apps.new_received", "apps.carried_over", "apps.outcome_total",
                                           "apps.carried_forward")]
            if None not in cells:
                checks.append(cells[0] + cells[1] == cells[2] + cells[3])
    elif rule == "apps.outcome_total":
        from loaders.samples.figures import OUTCOMES

        for a in APPLICANT_IDS:
            cells = [get((m, a)) for m in OUTCOMES[template]] + [get(("apps.outcome_total", a))]
            if None not in cells:
                checks.append(sum(cells[:-1]) == cells[-1])
    elif rule == "appeals.total":
        for g in ("review", "lit_direct", "lit_after_review"):
            cells = [get((f"{g}.{c}", "")) for c in ("upheld", "corrected", "other", "pending", "total")]
            if None not in cells:
                checks.append(sum(cells[:-1]) == cells[-1])
    return all(checks) if checks else None


ARITHMETIC = ("apps.row_total", "apps.balance", "apps.outcome_total", "appeals.total")


def test_truth_keeps_the_arithmetic_unless_a_fault_breaks_it(corpus):
    seen = collections.Counter()
    for name, truth in truths(corpus).items():
        values = {(x["metric"], x["applicant"]): x["value"] for x in truth["values"]}
        for rule in ARITHMETIC:
            holds = _rule_holds(rule, values, truth["template"])
            if rule in truth["faults"]:
                assert holds is False, f"{name}: planted {rule} but the values keep it"
                seen[rule] += 1
            elif not set(truth["faults"]) & set(ARITHMETIC) or rule == "appeals.total":
                assert holds is not False, f"{name}: {rule} broken without a planted fault"
    assert set(seen) == set(ARITHMETIC)


def test_truth_follows_on_across_years(corpus):
    """上年结转 = last year's 结转下年度; 现行有效件数 = last year's + 制发 − 废止 (unless planted otherwise)."""
    by_org = collections.defaultdict(dict)
    for truth in truths(corpus).values():
        by_org[truth["org"]][truth["year"]] = truth
    pairs = carried = in_force = 0
    for years in by_org.values():
        for year, truth in years.items():
            last = years.get(year - 1)
            if last is None:
                continue
            pairs += 1
            now = {(x["metric"], x["applicant"]): x["value"] for x in truth["values"]}
            before = {(x["metric"], x["applicant"]): x["value"] for x in last["values"]}
            for a in APPLICANT_IDS:
                x, y = now.get(("apps.carried_over", a)), before.get(("apps.carried_forward", a))
                if x is not None and y is not None and "xyear.carry_over" not in truth["faults"]:
                    assert x == y, (truth["org"], year, a)
                    carried += 1
            parts = [now.get((f"normative.{c}", "")) for c in ("in_force", "issued", "abolished")]
            prev = before.get(("normative.in_force", ""))
            if None not in parts and prev is not None and "xyear.in_force" not in truth["faults"]:
                assert parts[0] == prev + parts[1] - parts[2], (truth["org"], year)
                in_force += 1
    assert pairs > 100 and carried > 300 and in_force > 50


def test_truth_lists_only_catalog_ids_of_the_report_template(corpus):
    catalog = metrics()
    for name, truth in truths(corpus).items():
        assert truth["template"] == ("2019" if truth["year"] <= 2020 else "2021")
        for x in truth["values"]:
            m = catalog[x["metric"]]
            assert truth["template"] in m.templates, (name, x)
            assert (x["applicant"] in PARTS + ("total",)) if m.per_applicant else x["applicant"] == "", (name, x)
        assert set(truth["faults"]) <= set(FAULTS) and set(truth["faults"]) <= set(RULES)


def test_corpus_covers_layouts_templates_encodings_and_faults(corpus):
    all_truths = list(truths(corpus).values())
    assert {t["layout"] for t in all_truths} == set(LAYOUTS)
    assert {t["template"] for t in all_truths} == {"2019", "2021"}
    assert {t["encoding"] for t in all_truths} == {"utf-8", "utf-8-sig", "gbk", "gb18030"}
    assert {f for t in all_truths for f in t["faults"]} == set(FAULTS)
    variations = {v for t in all_truths for v in t["variations"]}
    assert {"split_headers", "spaced", "traditional", "halfwidth", "merged-all", "merged-trailing",
            "block-tables", "appeals_split", "gov_suffix"} <= variations
    assert {"nav-1", "nav-2", "nav-3"} <= variations
    suffixes = {p.suffix for p in corpus.iterdir()}
    assert {".txt", ".md", ".json"} == suffixes
    orgs = {t["org"] for t in all_truths}
    assert len(orgs) == ORGS and all(o.endswith(("镇", "乡", "街道")) for o in orgs)


def test_files_are_in_the_encoding_their_truth_names(corpus):
    for name, truth in truths(corpus).items():
        data = (corpus / name).read_bytes()
        text = data.decode(truth["encoding"])
        if truth["encoding"] == "utf-8-sig":
            assert data.startswith(b"\xef\xbb\xbf")
        if truth["encoding"] in ("gbk", "gb18030") and not text.isascii():
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        if "traditional" in truth["variations"]:
            assert "報告" in text or "报告" not in text


def test_cut_report_truth_stops_at_the_cut(corpus):
    cut = [(n, t) for n, t in truths(corpus).items() if "table.cut" in t["faults"]]
    assert cut
    full = {t: len(year_figures(Org("石门乡", "shimen-xiang"), y, random_source(1)).values)
            for t, y in (("2019", 2020), ("2021", 2022))}
    for name, truth in cut:
        text = (corpus / name).read_bytes().decode(truth["encoding"])
        assert len(truth["values"]) < full[truth["template"]], name
        assert "六、" not in text and "其他需要报告" not in text and "存在的主要问题" not in text, name


def test_generation_is_deterministic(tmp_path):
    a = generate(tmp_path / "a", orgs=4, years=range(2019, 2026), seed=5, fault_rate=0.5, missing_rate=0.1)
    b = generate(tmp_path / "b", orgs=4, years=range(2019, 2026), seed=5, fault_rate=0.5, missing_rate=0.1)
    c = generate(tmp_path / "c", orgs=4, years=range(2019, 2026), seed=6, fault_rate=0.5, missing_rate=0.1)
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes()
        assert pa.with_suffix(".json").read_bytes() == pb.with_suffix(".json").read_bytes()
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


def test_render_report_plants_what_it_is_asked_for():
    org = Org("石门乡", "shimen-xiang")
    fig = year_figures(org, 2022, random_source(4), full=True)
    clean = render_report(fig, "tabs", seed=2)
    assert clean.truth["faults"] == []
    balance = render_report(fig, "tabs", ["apps.balance"], seed=2)
    got = {(x["metric"], x["applicant"]): x["value"] for x in balance.truth["values"]}
    assert _rule_holds("apps.balance", got, "2021") is False
    assert _rule_holds("apps.row_total", got, "2021") is True
    missing = render_report(fig, "tabs", ["section.missing"], seed=2)
    gone = missing.truth["missing_section"]
    assert gone in ("二", "三", "四")
    assert not {x["metric"] for x in missing.truth["values"]} & {m for m, x in metrics().items() if x.section == gone}
    title = render_report(fig, "tabs", ["report.title_year"], seed=2)
    assert title.truth["title_year"] == 2021 and title.truth["year"] == 2022
    assert "2021年" in title.text.splitlines()[0] and "统计期限" in title.text
    cut = render_report(fig, "tabs", ["table.cut"], seed=2)
    assert len(cut.text) < len(clean.text) and len(cut.truth["values"]) < len(clean.truth["values"])
    assert fig.values == year_figures(org, 2022, random_source(4), full=True).values  # the figures given stay as they were
    with pytest.raises(ValueError):
        render_report(fig, "tabs", ["no.such_rule"])


def test_generate_refuses_unknown_names(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, orgs=1, layouts=["tabs", "nope"])
    with pytest.raises(ValueError):
        generate(tmp_path, orgs=1, years=[2018, 2019])
    with pytest.raises(ValueError):
        generate(tmp_path, orgs=1, style={"colour": "red"})


def test_command_line(tmp_path):
    out = tmp_path / "cli"
    run = subprocess.run([sys.executable, "-m", "loaders.samples", str(out), "--orgs", "2", "--years", "2021-2022",
                          "--seed", "5", "--faults", "0.5", "--layouts", "tabs,cells"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "4 份报告" in run.stdout
    docs = sorted(p for p in out.iterdir() if p.suffix != ".json")
    assert len(docs) == 4 and all(p.with_suffix(".json").exists() for p in docs)
    assert {json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["layout"] for p in docs} <= {"tabs", "cells"}
    bad = subprocess.run([sys.executable, "-m", "loaders.samples", str(out), "--layouts", "nope"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "nope" in bad.stderr


def test_a_thousand_reports_are_all_generated_with_their_truth(tmp_path):
    """The generator lists every report it writes, each beside its truth (its speed is measured in
    benchmarks/bench.py, not asserted here: a shared machine makes any time limit random)."""
    paths = generate(tmp_path, orgs=143, years=range(2019, 2026), seed=9, fault_rate=0.1)
    assert len(paths) == 1001 == len(set(paths))
    assert all(p.is_file() and p.with_suffix(".json").is_file() for p in paths)
    assert len(list(tmp_path.glob("*.json"))) == 1001


# ---------------------------------------------------------------------------------------------
# The bundled sample data
# ---------------------------------------------------------------------------------------------
def test_sample_county_is_what_its_readme_says(tmp_path):
    if not SAMPLE_COUNTY.is_dir():
        pytest.fail("data/sample-county is missing")
    readme = (SAMPLE_COUNTY / "README.md").read_text(encoding="utf-8")
    assert "示例数据" in readme and "python3 -m loaders.samples data/sample-county " + " ".join(SAMPLE_COMMAND) + " --force" in readme
    fresh = tmp_path / "fresh"
    generate(fresh, orgs=15, years=range(2019, 2026), seed=1, fault_rate=0.2, missing_rate=0.06)
    bundled = {p.name: p.read_bytes() for p in SAMPLE_COUNTY.iterdir() if p.name != "README.md"}
    regenerated = {p.name: p.read_bytes() for p in fresh.iterdir()}
    assert bundled.keys() == regenerated.keys()
    changed = [n for n in bundled if bundled[n] != regenerated[n]]
    assert not changed, f"{len(changed)} files differ from a fresh run, e.g. {changed[:5]}"


def test_sample_county_covers_what_the_app_needs():
    all_truths = list(truths(SAMPLE_COUNTY).values())
    orgs = collections.defaultdict(set)
    for t in all_truths:
        orgs[t["org"]].add(t["year"])
    assert len(orgs) >= 15
    assert set().union(*orgs.values()) == set(range(2019, 2026))
    assert any(len(years) < 7 for years in orgs.values())  # a few missing years
    assert {t["template"] for t in all_truths} == {"2019", "2021"}
    assert len({t["layout"] for t in all_truths}) == len(LAYOUTS)
    assert {f for t in all_truths for f in t["faults"]} == set(FAULTS)
    assert 0 < sum(bool(t["faults"]) for t in all_truths) < len(all_truths) / 3
