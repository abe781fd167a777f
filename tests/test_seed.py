"""The seed report (data/jianchi-2021.md) parses to exactly its labels, and no more."""
from __future__ import annotations

import json

import pytest

import loaders
from conftest import DATA, ROOT

SEED_LABELS = {
    "org": "涧池镇", "year": 2021, "template": "2021",
    "values": {
        ("proactive.items_total", ""): 315,
        ("rules.issued", ""): 0, ("rules.abolished", ""): 0, ("rules.in_force", ""): 0,
        ("normative.issued", ""): 0, ("normative.abolished", ""): 0, ("normative.in_force", ""): 0,
        ("licensing.decisions", ""): 188, ("penalty.decisions", ""): 5, ("enforcement.decisions", ""): 0,
        ("fees.amount", ""): 0,
        **{(f"apps.denied.{k}", "total"): 0 for k in (
            "state_secret", "law_prohibited", "security_stability", "third_party", "internal_affairs",
            "process_info", "enforcement_file", "admin_query")},
        **{(f"apps.unavailable.{k}", "total"): 0 for k in ("not_held", "needs_creation", "unclear")},
        ("apps.rejected.petition", "total"): 0,
    },
}


@pytest.fixture(scope="module")
def seed():
    return loaders.load([DATA / "jianchi-2021.md"])


def test_seed_values_exactly(seed):
    got = {(m, a): v for m, a, v in zip(seed.facts["metric"], seed.facts["applicant"], seed.facts["value"])}
    assert got == SEED_LABELS["values"]


def test_seed_identity(seed):
    rep = seed.reports.iloc[0]
    assert (rep["org"], rep["year"], rep["template"], rep["status"]) == ("涧池镇", 2021, "2021", "partial")


def test_seed_findings_name_the_cut_table_and_the_missing_section(seed):
    checks = seed.checks
    cut = checks[checks["rule"] == "table.cut"]["message"].tolist()
    assert any("重复申请" in m and "中断" in m for m in cut)
    missing = checks[checks["rule"] == "section.missing"]["message"].tolist()
    assert any("第四部分" in m for m in missing)
    # the rows whose single number cannot be placed are findings, not values
    uncertain = checks[checks["rule"] == "cell.uncertain"]["metric"].tolist()
    assert sorted(uncertain) == sorted(["apps.new_received", "apps.carried_over", "apps.disclosed",
                                        "apps.partial", "apps.rejected.duplicate"])


def test_seed_has_no_value_past_the_cut(seed):
    metrics = set(seed.facts["metric"])
    assert not metrics & {"apps.outcome_total", "apps.carried_forward", "review.total", "apps.rejected.publication"}


def test_seed_matches_the_shared_labels_when_present():
    path = ROOT.parent / "shared" / "seed" / "jianchi-2021.json"
    if not path.exists():
        pytest.skip("../shared/seed is not present")
    lab = json.loads(path.read_text(encoding="utf-8"))
    expected = {(v["metric"], v["applicant"]): v["value"] for v in lab["values"]}
    assert expected == SEED_LABELS["values"]


def test_seed_lines_point_at_their_numbers(seed):
    lines = (DATA / "jianchi-2021.md").read_text(encoding="utf-8").splitlines()
    for line, value in zip(seed.facts["line"], seed.facts["value"]):
        assert f"{value:g}" in lines[line - 1].replace(" ", "")
