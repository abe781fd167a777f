"""Speed and memory of the loaders and of every page on 100, 10,000 and 100,000 generated reports.

    .venv/bin/python benchmarks/bench.py                        # every size; corpora in a temp folder
    .venv/bin/python benchmarks/bench.py --sizes 100,10000 --work /work/bench --pages 总览,主动公开
    .venv/bin/python benchmarks/bench.py --sizes 100000 --work /work/bench --skip-app --skip-export

Progress goes to stderr, the table to stdout. Each size is one folder of reports from
`loaders.samples.generate` (fixed seed, 7 years 2019-2025, one report in five with a planted fault):
up to 140 bodies the townships of 示例县, beyond that a province of counties of ~140 bodies each, so
100,000 reports are ~14,300 bodies × 7 years. `--work DIR` keeps the folders (province-100,
province-10k, province-100k) for the next run. Every figure is taken in a fresh Python process
(benchmarks/measure.py), so imports, caches and memory of one measurement never reach another; timers
start after the imports. The files are read from the OS page cache (just written or read), as an app
rereading its folder would.

- read+decode floor: read each report's bytes and `loaders.text.decode` them, one process — the least
  any load must do.
- number-scan floor: the same, then find every number of every line with one regex and keep its line
  and value in Python lists — the least a pure-Python reader of the numbers does, before it knows what
  any of them means (no labels, tables, checks or frames).
- cold parse: `loaders.load(folder, cache=<empty folder>)`, default workers (every core): read, hash,
  parse, write the Parquet cache, assemble the frames. CPU / wall says how many cores were busy.
- warm load: the same call again on the filled cache, RERUNS times (each in a fresh process): the
  median, and the median of its user+system seconds (what a loaded machine does not change). The
  load snapshot answers it once every file's path, size, mtime, inode and ctime agree.
- peak RSS: ru_maxrss of the measuring process (RUSAGE_SELF), and of its largest forked pool worker
  (RUSAGE_CHILDREN: the largest child, not a sum). Workers run side by side and share pages with the
  parent, so the machine's peak lies between `main` and `main + workers × worker`.
- every page (as app.py registers them; 上传报告 left out: it draws no data) under
  streamlit.testing.v1.AppTest on the folder with the warm parse cache. The first run reads the frames
  (load snapshot → st.cache_resource); then the sidebar's 年度 filter changes three times (one year
  left out, another left out, all years again) and the median of those reruns is what a filter change
  costs. A run past 120 s stops that page's measurement: "> 120". AppTest builds every element's
  message (Arrow tables included) but no browser draws them.
- CSV export: the tidy CSV of every fact, written from DuckDB over the load snapshot into a file in
  batches (as the downloads and the CLI write it) after a warm load, in a process of its own: its
  seconds and the process's peak RSS. (The app's download button then holds the file's bytes.)
- single-core parse: cold parse of the 1,000 folder with workers=1, in ms per report.
- generate: `loaders.samples.generate` writing the folder, reports/s (only when this run wrote it).
- hostile files: the slowest refusal of a zip-bomb .docx, a 500-page PDF and a scanned PDF (each
  must be refused from its declared sizes, before anything is read whole).

A child that passes `--memory-cap` MB resident is killed and shown as "> cap" (a load that does not
fit must not take the machine's memory from everyone else).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from measure import PAGE_TIMEOUT, RERUNS, app_pages, measure

SEED = 1
YEARS = range(2019, 2026)
FAULT_RATE = 0.2  # as the bundled sample county
SINGLE_CORE_SIZE = 1000
SKIPPED_PAGES = ("上传报告",)  # draws no data: nothing to measure at any size
MEMORY_CAP_MB = 16_000
GB = 1024  # MB


# ---------------------------------------------------------------------------------------------
# The run: corpora, figures per size
# ---------------------------------------------------------------------------------------------
@dataclass
class Figures:
    """Every figure of one size; None: not measured; math.inf: stopped (timeout or memory cap)."""

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
    single_ms: float | None = None
    generated: float | None = None  # reports/s of the generator, when this run wrote the folder
    export: float | None = None
    export_rss: float | None = None
    first: dict[str, float] = field(default_factory=dict)  # page title → first run, s
    rerun: dict[str, float] = field(default_factory=dict)  # page title → filter change, s
    stopped: dict[str, str] = field(default_factory=dict)  # figure → what the table shows for math.inf ("> 120")
    notes: list[str] = field(default_factory=list)  # why figures were stopped

    @property
    def rate(self) -> float | None:
        return self.reports / self.cold if self.cold and math.isfinite(self.cold) else None

    @property
    def busy_cores(self) -> float | None:
        return self.cold_cpu / self.cold if self.cold_cpu and self.cold and math.isfinite(self.cold) else None


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def folder_name(size: int) -> str:
    return f"province-{size // 1000}k" if size >= 1000 and size % 1000 == 0 else f"province-{size}"


def generator_digest() -> str:
    """A digest of the generator's code: a kept corpus that other code made is made again (the same
    recipe gives other reports once the generator changes)."""
    from loaders import samples

    h = hashlib.sha256()
    for path in sorted(Path(samples.__file__).parent.glob("*.py")):
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def corpus(work: Path, size: int) -> tuple[Path, float | None]:
    """The folder of `size` reports (bodies × 7 years ≈ size), generated unless a finished one that the
    same generator code made is there, and the generator's reports/s when it was generated now."""
    from loaders.samples.province import COUNTY_BODIES

    folder = work / folder_name(size)
    recipe = {"orgs": max(1, round(size / len(YEARS))), "years": [YEARS[0], YEARS[-1]], "seed": SEED,
              "fault_rate": FAULT_RATE, "county_bodies": COUNTY_BODIES, "generator": generator_digest()}
    marker = folder / ".bench.json"  # hidden: neither the loaders nor the app read it
    if marker.is_file() and json.loads(marker.read_text()) == recipe:
        return folder, None
    from loaders.samples import generate

    shutil.rmtree(folder, ignore_errors=True)
    say(f"{size}: generating {recipe['orgs']} bodies × {len(YEARS)} years")
    start = time.perf_counter()
    written = generate(folder, orgs=recipe["orgs"], years=YEARS, seed=SEED, fault_rate=FAULT_RATE)
    seconds = time.perf_counter() - start
    marker.write_text(json.dumps(recipe))
    say(f"{size}: generated in {seconds:.1f} s")
    return folder, len(written) / seconds


def figure(fig: Figures, name: str, answer: dict, key: str, cap: float) -> float | None:
    """A figure of a child's answer; math.inf when the child was stopped, noted as why in fig.stopped
    (what the table shows) and fig.notes (what it prints under the table)."""
    if answer.get("timeout"):  # the page stopped itself: one of its runs took longer than PAGE_TIMEOUT
        fig.stopped[name] = f"> {PAGE_TIMEOUT:g}"
        return math.inf
    if "killed" not in answer:
        return answer.get(key)
    after = answer["after"]
    fig.stopped[name] = f"> {cap:,.0f}" if name.endswith("rss") else f"> {after:,.0f}"
    why = f"its process held more than {cap:,.0f} MB" if answer["killed"] == "memory" else "it ran too long"
    note = f"{fig.size:,}: {name.removesuffix('_rss')} stopped after {after:,.0f} s: {why}"
    if note not in fig.notes:
        fig.notes.append(note)
    return math.inf


def run_size(size: int, work: Path, caches: Path, a: argparse.Namespace) -> Figures:
    path, generated = corpus(work, size)
    folder, cap = str(path), a.memory_cap
    fig = Figures(size, generated=generated)
    say(f"{size}: read+decode floor")
    floor = measure("floor", folder=folder)
    fig.reports, fig.floor, fig.scan_ms = floor["reports"], floor["seconds"], floor["scan_ms"]
    cache = str(caches / f"cache-{size}")
    say(f"{size}: cold parse of {fig.reports} reports")
    cold = measure("load", memory_cap_mb=cap, folder=folder, cache=cache, workers=None)
    fig.cold, fig.cold_cpu = figure(fig, "cold", cold, "seconds", cap), cold.get("cpu")
    fig.cold_rss = figure(fig, "cold_rss", cold, "rss_main", cap)
    fig.cold_worker_rss = cold.get("rss_worker") or None  # 0: too few files for a pool, all parsed in one process
    if "killed" in cold:
        say(f"{size}: cold parse stopped ({cold['killed']}): nothing else to measure at this size")
        return fig
    say(f"{size}: warm load ×{RERUNS}")
    warm = measure("load", memory_cap_mb=cap, folder=folder, cache=cache, workers=None)
    if warm.get("version", cold["version"]) != cold["version"]:
        # the cache is keyed by a hash of the parser's code: an edit in between made this a re-parse
        say(f"{size}: parser code changed since the cold parse; warm load measured again")
        warm = measure("load", memory_cap_mb=cap, folder=folder, cache=cache, workers=None)
    warms = [warm] + [measure("load", memory_cap_mb=cap, folder=folder, cache=cache, workers=None)
                      for _ in range(RERUNS - 1)]
    fig.warm = statistics.median(figure(fig, "warm", w, "seconds", cap) for w in warms)
    fig.warm_cpu = statistics.median(w.get("cpu", math.inf) for w in warms)
    fig.warm_rss = max(figure(fig, "warm_rss", w, "rss_main", cap) for w in warms)
    if size == SINGLE_CORE_SIZE:
        say(f"{size}: single-core parse")
        single = measure("load", folder=folder, cache=str(caches / f"single-{size}"), workers=1)
        fig.single_ms = 1000 * single["seconds"] / single["reports"]
    for page, title in pages(a.pages) if not a.skip_app else ():
        say(f"{size}: page {title} (AppTest)")
        # the child stops itself at a page run past PAGE_TIMEOUT; this is the net should AppTest not
        answer = measure("page", timeout=PAGE_TIMEOUT * (RERUNS + 2), memory_cap_mb=cap, folder=folder,
                         cache=cache, page=page)
        if answer.get("timeout") == "first":  # no filter change was tried
            fig.first[title] = figure(fig, f"first {title}", answer, "first", cap)
        else:  # a rerun past PAGE_TIMEOUT: the first run was measured
            fig.first[title] = answer["first"] if answer.get("timeout") else figure(fig, f"first {title}", answer, "first", cap)
            fig.rerun[title] = figure(fig, f"rerun {title}", answer, "rerun", cap)
        if answer.get("version", warm["version"]) != warm["version"]:
            say(f"{size}: WARNING parser code changed before the page run: its first run re-parsed")
    if not a.skip_export:
        say(f"{size}: CSV export")
        export = measure("export", memory_cap_mb=cap, folder=folder, cache=cache)
        fig.export, fig.export_rss = figure(fig, "export", export, "seconds", cap), figure(fig, "export_rss", export, "rss_main", cap)
    say(f"{size}: done {json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(fig).items()})}")
    return fig


def pages(chosen: list[str] | None) -> list[tuple[str, str]]:
    """(file, title) of the pages to measure: the app's pages with data, or those chosen by title."""
    every = [(p, t) for p, t in app_pages().items() if t not in SKIPPED_PAGES]
    return [(p, t) for p, t in every if chosen is None or t in chosen]


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------
def at_most(limit: float):
    return lambda v: v <= limit


def at_least(limit: float):
    return lambda v: v >= limit


def rows(figs: list[Figures]) -> list[tuple]:
    """(label, figure name, value of a size, format, {target size: (target, test)}) for every row."""
    base = figs[0]
    cores = os.cpu_count() or 1  # the CPU a cold parse may spend per report is cores / 1,000

    def ratio(f: Figures, title: str) -> float | None:
        now, then = f.rerun.get(title), base.rerun.get(title)
        if now is None or not then or not math.isfinite(then):
            return None
        return now / then

    out = [
        ("reports", "", lambda f: f.reports, ",d", {}),
        ("read+decode floor, s", "", lambda f: f.floor, ".2f", {}),
        ("cold parse, s", "cold", lambda f: f.cold, ".2f", {}),
        ("cold parse, reports/s", "", lambda f: f.rate, ",.0f", {10_000: ("≥ 1,000", at_least(1000))}),
        ("cold parse CPU (main+workers), s", "", lambda f: f.cold_cpu, ".2f", {}),
        ("cold parse CPU / wall, ×", "", lambda f: f.busy_cores, ".2f", {100_000: ("≥ 1.8", at_least(1.8))}),
        ("cold / floor, ×", "", lambda f: f.cold / f.floor if f.cold and f.floor else None, ".1f", {}),
        ("number-scan floor, ms/report (1 core)", "", lambda f: f.scan_ms, ".2f", {}),
        ("cold parse CPU, ms/report", "", lambda f: 1000 * f.cold_cpu / f.reports if f.cold_cpu else None, ".2f",
         {10_000: (f"≤ {cores:.1f}", None)}),
        ("warm load, s", "warm", lambda f: f.warm, ".2f",
         {10_000: ("≤ 1.5", at_most(1.5)), 100_000: ("≤ 3", at_most(3))}),
        ("warm load CPU, s", "", lambda f: f.warm_cpu, ".2f", {}),
        ("peak RSS cold, main, MB", "cold_rss", lambda f: f.cold_rss, ",.0f", {100_000: ("≤ 2,048", at_most(2 * GB))}),
        ("peak RSS cold, largest worker, MB", "", lambda f: f.cold_worker_rss, ",.0f", {}),
        ("peak RSS warm, MB", "warm_rss", lambda f: f.warm_rss, ",.0f", {100_000: ("≤ 1,536", at_most(1.5 * GB))}),
        ("single-core parse, ms/report", "", lambda f: f.single_ms, ".2f", {}),
        ("generate, reports/s", "", lambda f: f.generated, ",.0f", {}),
        ("CSV export (tidy, everything), s", "export", lambda f: f.export, ".1f", {100_000: ("≤ 60", at_most(60))}),
        ("CSV export peak RSS, MB", "export_rss", lambda f: f.export_rss, ",.0f", {100_000: ("≤ 2,048", at_most(2 * GB))}),
    ]
    for title in dict.fromkeys(t for f in figs for t in f.first):
        out += [
            (f"{title} first run, s", f"first {title}", lambda f, t=title: f.first.get(t), ".2f",
             {10_000: ("≤ 2.5", at_most(2.5))}),
            (f"{title} filter change, s", f"rerun {title}", lambda f, t=title: f.rerun.get(t), ".2f",
             {100_000: ("≤ 1", at_most(1))}),
            (f"{title} filter change / at {base.size:,}, ×", "", lambda f, t=title: ratio(f, t), ".1f",
             {10_000: ("≤ 2×", at_most(2))}),
        ]
    return out


def cell(fig: Figures, name: str, value: float | None, fmt: str) -> str:
    if value is None:
        return "—"
    if not math.isfinite(value):
        return fig.stopped.get(name, "—")  # a ratio to a stopped figure: unknown
    return format(value, fmt)


def table(figs: list[Figures]) -> str:
    """Rows of figures by size, and for each target size measured the issue's target and its verdict."""
    by_size = {f.size: f for f in figs}
    targets = [s for s in (10_000, 100_000) if s in by_size]
    header = ["", *(f"{f.size:,}" for f in figs)]
    for s in targets:
        header += [f"target at {s:,}", ""]
    body = []
    for label, name, get, fmt, goals in rows(figs):
        line = [label, *(cell(f, name, get(f), fmt) for f in figs)]
        for s in targets:
            goal, ok = goals.get(s, ("", None))
            value = get(by_size[s]) if goal else None
            line += [goal, "" if ok is None or value is None else ("met" if ok(value) else "MISSED")]
        body.append(line)
    widths = [max(shown_width(r[i]) for r in [header, *body]) for i in range(len(header))]
    numbers = 1 + len(figs)
    out = []
    for r in [header, *body]:
        pads = [" " * (w - shown_width(c)) for c, w in zip(r, widths)]
        cells = [r[0] + pads[0]] + [pad + c for c, pad in zip(r[1:numbers], pads[1:numbers])]
        cells += [c + pad for c, pad in zip(r[numbers:], pads[numbers:])]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def shown_width(text: str) -> int:
    """Columns a terminal gives the text: two for each Chinese character (the page titles)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sizes(text: str) -> list[int]:
    """`--sizes 100,10000`: positive report counts, sorted, each once."""
    try:
        counts = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为逗号分隔的正整数，如 100,1000：{text!r}") from None
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError(f"须为逗号分隔的正整数，如 100,1000：{text!r}")
    return counts


def page_titles(text: str) -> list[str]:
    """`--pages 总览,主动公开`: titles of the app's pages."""
    chosen = [t.strip() for t in text.split(",") if t.strip()]
    known = [t for _, t in pages(None)]
    bad = [t for t in chosen if t not in known]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"未知的页面 {bad}；可选：{','.join(known)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    from loaders.arguments import OneLineParser, output_folder_problem

    p = OneLineParser(prog="benchmarks/bench.py", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=sizes, default="100,10000,100000", help="report counts, comma-separated")
    p.add_argument("--work", type=Path, help="keep the generated corpora here between runs")
    p.add_argument("--skip-app", action="store_true", help="leave out the pages")
    p.add_argument("--pages", type=page_titles, help="only these pages (titles, comma-separated)")
    p.add_argument("--skip-export", action="store_true", help="leave out the CSV export")
    p.add_argument("--memory-cap", type=float, default=MEMORY_CAP_MB, metavar="MB",
                   help=f"stop a measurement whose process holds more than this (default {MEMORY_CAP_MB:,} MB)")
    a = p.parse_args(argv)
    if a.work and output_folder_problem(a.work):
        p.error(f"--work {output_folder_problem(a.work)}")
    started_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = a.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        caches = Path(tempfile.mkdtemp(prefix="caches-", dir=tmp))  # fresh each run, even with --work
        figs = [run_size(size, work, caches, a) for size in a.sizes]
    # other work on the machine slows every wall-clock figure: the load average says how busy it was
    print(f"{os.cpu_count()} cores; load average {started_load:.1f} at start, {os.getloadavg()[0]:.1f} at end; "
          f"seed {SEED}; years {YEARS[0]}-{YEARS[-1]}; faults {FAULT_RATE:g}; times are wall clock")
    print(table(figs))
    for note in (n for f in figs for n in f.notes):
        print(f"stopped: {note}")
    refused = measure("hostile")
    print("hostile files, seconds to refuse: " + ", ".join(f"{n} {s:.2f}" for n, s in refused.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
