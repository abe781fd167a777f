"""Speed and memory of the loaders and the 总览 page on 100, 1,000 and 10,000 generated reports.

    .venv/bin/python benchmarks/bench.py                        # every size; corpora in a temp folder
    .venv/bin/python benchmarks/bench.py --sizes 100,1000 --work /tmp/nianbao-bench --skip-app

Progress goes to stderr, the table to stdout. Each size is one folder of reports from
`loaders.samples.generate` (fixed seed, 7 years, one report in five with a planted fault; `--work DIR`
keeps the folders for the next run). Every figure is taken in a fresh Python process (this script
run with `--child`), so imports, caches and memory of one measurement never reach another; timers
start after the imports. The files are read from the OS page cache (just written or read), as an app
rereading its folder would.

- read+decode floor: read each report's bytes and `loaders.text.decode` them, one process — the least
  any load must do.
- number-scan floor: the same, then find every number of every line with one regex and keep its line
  and value in Python lists — the least a pure-Python reader of the numbers does, before it knows what
  any of them means (no labels, tables, checks or frames).
- cold parse: `loaders.load(folder, cache=<empty folder>)`, default workers (every core): read, hash,
  parse, write the Parquet cache, assemble the frames.
- warm load: the same call again on the filled cache, RERUNS times (each in a fresh process): the
  median, and the median of its user+system seconds (what a loaded machine does not change). The
  load snapshot answers it once every file's path, size, mtime, inode and ctime agree.
- cold parse CPU: user+system seconds of the process and its workers during the load.
- peak RSS: ru_maxrss of the measuring process (RUSAGE_SELF), and of its largest forked pool worker
  (RUSAGE_CHILDREN: the largest child, not a sum). Workers run side by side and share pages with the
  parent, so the machine's peak lies between `main` and `main + workers × worker`.
- overview: the app under streamlit.testing.v1.AppTest on the folder with the warm parse cache. The
  first run reads the frames (load snapshot → st.cache_resource); then the 年度 filter changes three
  times (one year left out, another left out, all years again) and the median of those reruns is what
  a filter change costs.
  AppTest builds every element's message (Arrow tables included) but no browser draws them.
- single-core parse: cold parse of the 1,000 folder with workers=1, in ms per report.
- generate: `loaders.samples.generate` writing the folder, reports/s (only when this run wrote it).
- hostile files: the slowest refusal of a zip-bomb .docx, a 500-page PDF and a scanned PDF (each
  must be refused from its declared sizes, before anything is read whole).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 1
YEARS = range(2019, 2026)
FAULT_RATE = 0.2  # as the bundled sample county
RERUNS = 3
SINGLE_CORE_SIZE = 1000
TARGET_SIZE = 10000  # the size the targets are stated at
TARGET_RATE = 1000  # cold parse, reports/s
CORES = os.cpu_count() or 1  # the CPU a cold parse may spend per report is CORES / TARGET_RATE
TARGET_WARM = 1.5  # warm load, s
TARGET_RATIO = 2.0  # overview rerun, × its time at the smallest size


# ---------------------------------------------------------------------------------------------
# Measurements, each run in its own process (`bench.py --child KIND JSON`)
# ---------------------------------------------------------------------------------------------
def usage() -> dict:
    """High-water RSS in MB of this process and of its largest finished child (Linux counts KiB), and
    CPU seconds of both (the workers' CPU shows whether the cores were really free)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rss_main": me.ru_maxrss / 1024, "rss_worker": kids.ru_maxrss / 1024,
            "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}


def child_floor(folder: str) -> dict:
    from loaders.sources import find_reports
    from loaders.text import UnreadableText, decode

    files = [f.source for f in find_reports([folder])]  # the loader's own listing, not timed
    start = time.perf_counter()
    texts = []
    for path in files:
        try:
            texts.append(decode(Path(path).read_bytes()).text)
        except UnreadableText:  # a planted unreadable file costs its read all the same
            pass
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        lines, values = [], []
        for n, line in enumerate(text.splitlines(), start=1):
            for m in NUMBER.finditer(line):
                lines.append(n)
                values.append(float(m.group()))
    scan = seconds + time.perf_counter() - start
    return {"seconds": seconds, "scan_ms": 1000 * scan / len(files), "reports": len(files)}


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def child_load(folder: str, cache: str, workers: int | None) -> dict:
    import loaders
    from loaders.cache import parser_version

    cpu, start = usage()["cpu"], time.perf_counter()
    frames = loaders.load(folder, cache=cache, workers=workers)
    seconds = time.perf_counter() - start
    after = usage()
    return {"seconds": seconds, "reports": len(frames.reports), **after, "cpu": after["cpu"] - cpu,
            "version": parser_version()}


def child_app(folder: str, cache: str) -> dict:
    # pages/ui/data.py reads NIANBAO_REPORTS; loaders.load(cache=True) reads NIANBAO_CACHE
    os.environ.update(NIANBAO_REPORTS=folder, NIANBAO_CACHE=cache)
    os.chdir(ROOT)  # app.py names its pages relative to the repository
    from streamlit.testing.v1 import AppTest

    from loaders.cache import parser_version

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    if "总览" not in [t.value for t in at.title] + [h.value for h in at.header]:
        raise RuntimeError("the first run did not draw 总览")
    # a filter change: leave out one year, then another, then show all again (each a new selection)
    years = [int(y) for y in at.sidebar.multiselect(key="year").options]
    picks = [[y for y in years if y != years[0]], [y for y in years if y != years[-1]], []]
    reruns = []
    for pick in picks[:RERUNS]:
        start = time.perf_counter()
        at.sidebar.multiselect(key="year").set_value(pick).run()
        reruns.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
    return {"first": first, "rerun": statistics.median(reruns), "version": parser_version()}


def child_hostile() -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures import hostile

    from loaders import read_report

    files = {"bomb.docx": hostile.zip_bomb_docx(), "500-pages.pdf": hostile.pdf_bytes(500),
             "scan.pdf": hostile.pdf_bytes(3, image=True)}
    seconds = {}
    for name, data in files.items():
        start = time.perf_counter()
        read_report(name, data)
        seconds[name] = time.perf_counter() - start
    return seconds


CHILDREN = {"floor": child_floor, "load": child_load, "app": child_app, "hostile": child_hostile}


def measure(kind: str, **args) -> dict:
    """Run one measurement in a fresh interpreter; its answer is the last line of its stdout."""
    done = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(args)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{kind} {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# The run: corpora, figures per size, the table
# ---------------------------------------------------------------------------------------------
@dataclass
class Figures:
    size: int
    reports: int = 0
    floor: float | None = None
    scan_ms: float | None = None
    cold: float | None = None
    cold_cpu: float | None = None
    cold_rss: float | None = None
    cold_worker_rss: float | None = None
    warm: float | None = None
    warm_cpu: float | None = None
    warm_rss: float | None = None
    app_first: float | None = None
    app_rerun: float | None = None
    single_ms: float | None = None
    generated: float | None = None  # reports/s of the generator, when this run wrote the folder

    @property
    def rate(self) -> float | None:
        return self.reports / self.cold if self.cold else None


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def corpus(work: Path, size: int) -> tuple[Path, float | None]:
    """The folder of `size` reports (orgs × 7 years ≈ size), generated unless a finished one is there,
    and the generator's reports/s when it was generated now."""
    folder = work / f"reports-{size}"
    recipe = {"orgs": max(1, round(size / len(YEARS))), "years": [YEARS[0], YEARS[-1]], "seed": SEED,
              "fault_rate": FAULT_RATE}
    marker = folder / ".bench.json"  # hidden: neither the loaders nor the app read it
    if marker.is_file() and json.loads(marker.read_text()) == recipe:
        return folder, None
    from loaders.samples import generate

    shutil.rmtree(folder, ignore_errors=True)
    say(f"{size}: generating {recipe['orgs']} orgs × {len(YEARS)} years")
    start = time.perf_counter()
    written = generate(folder, orgs=recipe["orgs"], years=YEARS, seed=SEED, fault_rate=FAULT_RATE)
    seconds = time.perf_counter() - start
    marker.write_text(json.dumps(recipe))
    say(f"{size}: generated in {seconds:.1f} s")
    return folder, len(written) / seconds


def run_size(size: int, work: Path, caches: Path, skip_app: bool) -> Figures:
    path, generated = corpus(work, size)
    folder = str(path)
    fig = Figures(size, generated=generated)
    say(f"{size}: read+decode floor")
    floor = measure("floor", folder=folder)
    fig.reports, fig.floor, fig.scan_ms = floor["reports"], floor["seconds"], floor["scan_ms"]
    cache = str(caches / f"cache-{size}")
    say(f"{size}: cold parse of {fig.reports} reports")
    cold = measure("load", folder=folder, cache=cache, workers=None)
    fig.cold, fig.cold_cpu, fig.cold_rss = cold["seconds"], cold["cpu"], cold["rss_main"]
    fig.cold_worker_rss = cold["rss_worker"] or None  # 0: too few files for a pool, all parsed in one process
    say(f"{size}: warm load ×{RERUNS}")
    warm = measure("load", folder=folder, cache=cache, workers=None)
    if warm["version"] != cold["version"]:
        # the cache is keyed by a hash of the parser's code: an edit in between made this a re-parse
        say(f"{size}: parser code changed since the cold parse; warm load measured again")
        warm = measure("load", folder=folder, cache=cache, workers=None)
    warms = [warm] + [measure("load", folder=folder, cache=cache, workers=None) for _ in range(RERUNS - 1)]
    fig.warm = statistics.median(w["seconds"] for w in warms)
    fig.warm_cpu = statistics.median(w["cpu"] for w in warms)
    fig.warm_rss = max(w["rss_main"] for w in warms)
    if size == SINGLE_CORE_SIZE:
        say(f"{size}: single-core parse")
        single = measure("load", folder=folder, cache=str(caches / f"single-{size}"), workers=1)
        fig.single_ms = 1000 * single["seconds"] / single["reports"]
    if not skip_app:
        say(f"{size}: overview page (AppTest)")
        app = measure("app", folder=folder, cache=cache)
        fig.app_first, fig.app_rerun = app["first"], app["rerun"]
        if app["version"] != warm["version"]:
            say(f"{size}: WARNING parser code changed before the overview run: its first run re-parsed")
    say(f"{size}: done {json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(fig).items()})}")
    return fig


def num(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def table(figs: list[Figures]) -> str:
    """Rows of figures by size, the issue's target beside them and whether the target size meets it."""
    at = next((f for f in figs if f.size == TARGET_SIZE), None)
    base = figs[0].app_rerun if figs else None
    ratio = {f.size: f.app_rerun / base if f.app_rerun and base else None for f in figs}

    def verdict(value: float | None, ok) -> str:
        return "" if value is None else ("met" if ok(value) else "MISSED")

    rows = [  # label, value of a size, format, target, verdict at TARGET_SIZE
        ("reports", lambda f: f.reports, ",d", "", ""),
        ("read+decode floor, s", lambda f: f.floor, ".2f", "", ""),
        ("cold parse, s", lambda f: f.cold, ".2f", "", ""),
        ("cold parse, reports/s", lambda f: f.rate, ",.0f", f"≥ {TARGET_RATE:,}",
         verdict(at and at.rate, lambda v: v >= TARGET_RATE)),
        ("cold parse CPU (main+workers), s", lambda f: f.cold_cpu, ".2f", "", ""),
        ("cold / floor, ×", lambda f: f.cold / f.floor if f.cold and f.floor else None, ".1f", "", ""),
        ("number-scan floor, ms/report (1 core)", lambda f: f.scan_ms, ".2f", "", ""),
        ("cold parse CPU, ms/report", lambda f: 1000 * f.cold_cpu / f.reports if f.cold_cpu else None, ".2f",
         f"≤ {1000 * CORES / TARGET_RATE:.1f}", ""),
        ("warm load, s", lambda f: f.warm, ".2f", f"≤ {TARGET_WARM}",
         verdict(at and at.warm, lambda v: v <= TARGET_WARM)),
        ("warm load CPU, s", lambda f: f.warm_cpu, ".2f", "", ""),
        ("peak RSS cold, main, MB", lambda f: f.cold_rss, ",.0f", "", ""),
        ("peak RSS cold, largest worker, MB", lambda f: f.cold_worker_rss, ",.0f", "", ""),
        ("peak RSS warm, MB", lambda f: f.warm_rss, ",.0f", "", ""),
        ("single-core parse, ms/report", lambda f: f.single_ms, ".2f", "", ""),
        ("generate, reports/s", lambda f: f.generated, ",.0f", "", ""),
        ("overview first run, s", lambda f: f.app_first, ".2f", "", ""),
        ("overview rerun (filter change), s", lambda f: f.app_rerun, ".2f", "", ""),
        (f"overview rerun / at {figs[0].size:,}", lambda f: ratio[f.size], ".1f",
         f"≤ {TARGET_RATIO:g}×", verdict(at and ratio[at.size], lambda v: v <= TARGET_RATIO)),
    ]
    header = ["", *(f"{f.size:,}" for f in figs), f"target at {TARGET_SIZE:,}", ""]
    body = [[label, *(num(get(f), fmt) for f in figs), target, mark] for label, get, fmt, target, mark in rows]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for r in [header, *body]:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:-2], widths[1:-2])]
        lines.append("  ".join(cells + [r[-2].ljust(widths[-2]), r[-1]]).rstrip())
    return "\n".join(lines)


def sizes(text: str) -> list[int]:
    """`--sizes 100,1000`: positive report counts, sorted, each once."""
    try:
        counts = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为逗号分隔的正整数，如 100,1000：{text!r}") from None
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError(f"须为逗号分隔的正整数，如 100,1000：{text!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    from loaders.arguments import OneLineParser, output_folder_problem

    p = OneLineParser(prog="benchmarks/bench.py", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=sizes, default="100,1000,10000", help="report counts, comma-separated")
    p.add_argument("--work", type=Path, help="keep the generated corpora here between runs")
    p.add_argument("--skip-app", action="store_true", help="leave out the overview page")
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        kind, args = a.child
        print(json.dumps(CHILDREN[kind](**json.loads(args))))
        return 0
    if a.work and output_folder_problem(a.work):
        p.error(f"--work {output_folder_problem(a.work)}")
    started_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = a.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        caches = Path(tempfile.mkdtemp(prefix="caches-", dir=tmp))  # fresh each run, even with --work
        figs = [run_size(size, work, caches, a.skip_app) for size in a.sizes]
    # other work on the machine slows every wall-clock figure: the load average says how busy it was
    print(f"{os.cpu_count()} cores; load average {started_load:.1f} at start, {os.getloadavg()[0]:.1f} at end; "
          f"seed {SEED}; years {YEARS[0]}-{YEARS[-1]}; faults {FAULT_RATE:g}; times are wall clock")
    print(table(figs))
    refused = measure("hostile")
    print("hostile files, seconds to refuse: " + ", ".join(f"{n} {s:.2f}" for n, s in refused.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
