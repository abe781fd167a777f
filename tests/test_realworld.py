"""Accuracy on the labelled real reports of ../shared (skipped cleanly when the folder is absent)."""
from __future__ import annotations

import math
from pathlib import Path

import loaders
from conftest import labels, shared_folder
from narrative_names import org_matches

MIN_EXACT, MAX_WRONG = 97.0, 0.5


def score(folder: Path) -> dict:
    docs = {j: d for j in sorted(folder.glob("*.json"))
            for d in [j.with_suffix(".txt"), j.with_suffix(".md")] if d.exists()}
    frames = loaders.load(list(docs.values()))
    got: dict = {}
    for src, m, a, v in zip(frames.facts["source"], frames.facts["metric"], frames.facts["applicant"],
                            frames.facts["value"]):
        got.setdefault((Path(src).name, m, a), set()).add(v)
    meta = {Path(s).name: r for s, r in zip(frames.reports["source"], frames.reports.to_dict("records"))}
    n = exact = wrong = 0
    misses = []
    for j, doc in docs.items():
        lab = labels(j)
        rep = meta[doc.name]
        if not org_matches(rep["org"], lab.get("org", "")):
            misses.append(f"{doc.name}: org {rep['org']!r} != {lab['org']!r}")
        if rep["year"] != lab["year"]:
            misses.append(f"{doc.name}: year {rep['year']} != {lab['year']}")
        if rep["template"] != lab["template"]:
            misses.append(f"{doc.name}: template {rep['template']} != {lab['template']}")
        for v in lab["values"]:
            n += 1
            vals = got.get((doc.name, v["metric"], v["applicant"]), set())
            if len(vals) == 1 and math.isclose(next(iter(vals)), v["value"], abs_tol=1e-6):
                exact += 1
            elif vals:
                wrong += 1
                misses.append(f"{doc.name}: WRONG {v['metric']}[{v['applicant']}] {vals} != {v['value']}")
    return {"reports": len(docs), "values": n, "exact": 100 * exact / max(n, 1),
            "wrong": 100 * wrong / max(n, 1), "misses": misses}


def test_realworld_accuracy():
    result = score(shared_folder("realworld"))
    print(f"\nrealworld: {result['reports']} reports, {result['values']} labelled values, "
          f"{result['exact']:.1f}% exact, {result['wrong']:.1f}% wrong")
    assert result["exact"] >= MIN_EXACT, result["misses"]
    assert result["wrong"] <= MAX_WRONG, result["misses"]
    assert not [m for m in result["misses"] if ": org " in m or ": year " in m or ": template " in m]
