"""The generator's province (loaders.samples.province): 100,000 reports as ~14,300 bodies × 7 real years,
in counties of ~140 townships, streets and county departments, each body read back with its county."""
from __future__ import annotations

import collections
import json
import random
from pathlib import Path

import loaders
from loaders.samples import generate, org_names
from loaders.samples.figures import COUNTY
from loaders.samples.province import COUNTY_BODIES, bodies, departments, province_bodies


def test_a_province_of_100000_reports_is_about_14000_distinct_bodies_in_about_100_counties():
    rnd = random.Random(1)
    province = province_bodies(14_286, rnd)  # the benchmark's 100,000: round(100,000 / 7) bodies
    assert len(province) == len({b.name for b in province}) == 14_286
    by_county = collections.defaultdict(list)
    for body in province:
        by_county[body.county].append(body)
    assert len(by_county) == 103  # ceil(14,286 / 140)
    assert all(name.endswith("县") for name in by_county)
    for county, members in by_county.items():
        assert 138 <= len(members) <= COUNTY_BODIES
        towns = [b for b in members if not b.department]
        assert len(members) // 8 <= len(towns) <= len(members) // 4
        assert all(b.name.endswith(("镇", "乡", "街道")) for b in towns)
        depts = [b for b in members if b.department]
        assert county + "人民政府办公室" in {b.name for b in depts}
        assert all(b.name.startswith(county) and len(b.name) > len(county) + 1 for b in depts)
    assert province_bodies(14_286, random.Random(1)) == province  # deterministic for a seed


def test_up_to_one_county_of_bodies_the_generator_makes_the_townships_of_the_sample_county_as_before():
    assert bodies(COUNTY_BODIES, random.Random(3)) == org_names(COUNTY_BODIES, random.Random(3))
    assert {b.county for b in bodies(12, random.Random(3))} == {COUNTY}
    assert {b.county for b in bodies(COUNTY_BODIES + 1, random.Random(3))} != {COUNTY}
    assert len(departments()) >= COUNTY_BODIES - COUNTY_BODIES // 8  # a county can fill up with departments


def test_every_body_of_a_province_is_read_back_with_its_name_and_county(tmp_path):
    """Departments name their county in their title (青石县财政局); townships when the title says it."""
    generate(tmp_path, orgs=COUNTY_BODIES + 20, years=range(2023, 2025), seed=7)
    frames = loaders.load([tmp_path], cache=False)
    read = {Path(s).stem: (o, c) for s, o, c in zip(frames.reports["source"], frames.reports["org"],
                                                     frames.reports["county"])}
    truths = {j.stem: json.loads(j.read_text(encoding="utf-8")) for j in tmp_path.glob("*.json")}
    assert len(read) == len(truths) == 2 * (COUNTY_BODIES + 20)
    wrong = [(name, read[name], (t["org"], t["county"])) for name, t in truths.items()
             if read[name][0] != t["org"] or (t["county"] and read[name][1] != t["county"])]
    assert not wrong, wrong[:5]
    departments_read = [c for name, (o, c) in read.items() if not o.endswith(("镇", "乡", "街道"))]
    assert departments_read and all(c.endswith("县") and c != COUNTY for c in departments_read)
    assert len({c for _, c in read.values() if c}) == 2
