"""Every Report the parser makes of some folders, one line per item, and the CPU the parse took.

    .venv/bin/python -c "from loaders.samples import generate; generate('/tmp/gen', orgs=150, seed=1, fault_rate=0.2)"
    .venv/bin/python benchmarks/parse_dump.py /tmp/before.txt /tmp/gen ../shared/realworld tests/fixtures data
    (change the parser)
    .venv/bin/python benchmarks/parse_dump.py /tmp/after.txt /tmp/gen ../shared/realworld tests/fixtures data
    cmp /tmp/before.txt /tmp/after.txt

A change to the parser's speed must leave the dump byte for byte the same: every field of every Report
(status, message, body, year, template, sections, narrative, dates, finding counts), every fact (line,
field, metric, applicant, value, unit, section, reading, origin, characters) and every finding. The CPU
milliseconds per report of `loaders.read_report` alone (files read beforehand, dump formatting not
counted) go to stderr: one cold pass in this fresh process, as a pool worker parses.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders import read_report  # noqa: E402
from loaders.model import Report  # noqa: E402
from loaders.sources import find_reports  # noqa: E402


def report_lines(r: Report) -> list[str]:
    """The dump of one Report: an R line, its narrative and copy text, an F line a fact, an X line a finding."""
    out = [f"R {r.source} {r.status} {r.message!r} {r.org!r} {r.county!r} {r.year} {r.title_year} {r.template} "
           f"{r.format} {r.sha256} {r.size} {r.sections} {r.published!r} {r.published_from!r} {r.signed!r} "
           f"{sorted(r.finding_counts.items())}", f"N {r.narrative!r}", f"C {r.copy_text!r}"]
    out += [f"F {x.line} {x.field} {x.metric} {x.applicant!r} {x.value!r} {x.unit!r} {x.section} {x.reading!r} "
            f"{x.origin} {x.from_narrative} {x.char_start} {x.char_end}" for x in r.facts]
    out += [f"X {x.rule} {x.line} {x.metric!r} {x.applicant!r} {x.message!r}" for x in r.findings]
    return out


def main(out_path: str, folders: list[str]) -> None:
    files = [(f.source, Path(f.source).read_bytes()) for f in find_reports(folders)]
    reports, cpu = [], 0.0
    for source, data in files:
        start = time.process_time()
        reports.append(read_report(source, data))
        cpu += time.process_time() - start
    with open(out_path, "w", encoding="utf-8") as out:
        for r in reports:
            out.write("\n".join(report_lines(r)) + "\n")
    print(f"{len(files)} reports, {1000 * cpu / max(1, len(files)):.3f} ms of CPU per report", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: parse_dump.py OUT FOLDER [FOLDER ...]")
    main(sys.argv[1], sys.argv[2:])
