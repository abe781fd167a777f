"""The benchmark's measurements, each run in a fresh Python process: `measure(kind, **args)`.

    .venv/bin/python benchmarks/measure.py page '{"folder": "...", "cache": "...", "page": "pages/proactive.py"}'

A child prints its figures as one JSON line. The parent watches it: a child that runs past its time
or whose resident memory passes the cap is killed and reported as such ({"killed": "timeout" or
"memory", "after": seconds}), so one page that takes minutes at 100,000 reports does not hang the run.
"""
from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RERUNS = 3  # filter changes per page, and warm loads per size
PAGE_TIMEOUT = 120.0  # s: a page run slower than this is reported as "> 120 s"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def app_pages() -> dict[str, str]:
    """Page file → title, as app.py registers them (the one list of the app's pages)."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    return dict(re.findall(r'st\.Page\("([^"]+)",\s*title="([^"]+)"', text))


def usage() -> dict:
    """High-water RSS in MB of this process and of its largest finished child (Linux counts KiB), and
    CPU seconds of both (the workers' CPU shows whether the cores were really free)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rss_main": me.ru_maxrss / 1024, "rss_worker": kids.ru_maxrss / 1024,
            "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}


def child_floor(folder: str) -> dict:
    """Read and decode every report (the least any load does), then find every number of every line."""
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


def child_load(folder: str, cache: str, workers: int | None) -> dict:
    """`loaders.load` of the folder with this parse cache: its time, CPU and peak memory."""
    import loaders
    from loaders.cache import parser_version

    cpu, start = usage()["cpu"], time.perf_counter()
    frames = loaders.load(folder, cache=cache, workers=workers)
    seconds = time.perf_counter() - start
    after = usage()
    return {"seconds": seconds, "reports": len(frames.reports), **after, "cpu": after["cpu"] - cpu,
            "version": parser_version()}


def child_page(folder: str, cache: str, page: str) -> dict:
    """One page under AppTest: its first run (which reads the load snapshot), then the sidebar's 年度
    filter changed RERUNS times (one year left out, another left out, all years again): the median.
    A run past PAGE_TIMEOUT ends the measurement, reported as {"timeout": "first" | "rerun"}."""
    # pages/ui/data.py reads NIANBAO_REPORTS; loaders.load(cache=True) reads NIANBAO_CACHE
    os.environ.update(NIANBAO_REPORTS=folder, NIANBAO_CACHE=cache)
    os.chdir(ROOT)  # app.py names its pages relative to the repository
    from streamlit.testing.v1 import AppTest

    from loaders.cache import parser_version

    title = app_pages()[page]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=PAGE_TIMEOUT)
    if page != next(iter(app_pages())):
        at.switch_page(page)
    out: dict = {"version": parser_version()}

    def timed(run) -> float | None:
        start = time.perf_counter()
        try:
            run()
        except RuntimeError as e:  # AppTest's "script run timed out"; the script thread runs on
            if "timed out" not in str(e):
                raise
            return None
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        return time.perf_counter() - start

    out["first"] = timed(at.run)
    if out["first"] is None:
        return {**out, "timeout": "first"}
    if title not in [t.value for t in at.title] + [h.value for h in at.header]:
        raise RuntimeError(f"the first run did not draw {title}")
    years = list(at.sidebar.multiselect(key="year").options)
    picks = [[y for y in years if y != years[0]], [y for y in years if y != years[-1]], []]
    reruns = []
    for pick in picks[:RERUNS]:
        seconds = timed(lambda: at.sidebar.multiselect(key="year").set_value(pick).run())
        if seconds is None:
            return {**out, "timeout": "rerun"}
        reruns.append(seconds)
    return {**out, "rerun": statistics.median(reruns)}


def child_export(folder: str, cache: str) -> dict:
    """The tidy CSV of every report (the 明细 of 下载, all rows), written as the downloads and the CLI
    write it: from DuckDB over the load snapshot, batch by batch, into a file. Its seconds and size, and
    the process's peak memory (load included). The app's download button then holds the finished
    file's bytes: Streamlit keeps what it serves in memory."""
    import tempfile

    import loaders
    from loaders.cache import parser_version
    from loaders.export import streamed

    frames = loaders.load(folder, cache=cache)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, streamed.over_frames(frames.fact_table, frames.reports) as con:
        streamed.write_tidy_csv(con, out)
        size = out.tell()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "mb": size / 2**20, "rss_main": usage()["rss_main"],
            "version": parser_version()}


def child_hostile() -> dict:
    """Seconds to refuse a zip-bomb .docx, a 500-page PDF and a scanned PDF."""
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


CHILDREN = {"floor": child_floor, "load": child_load, "page": child_page, "export": child_export,
            "hostile": child_hostile}


def _rss_mb(pid: int) -> float:
    """Resident memory of a running process, MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:")), 0.0)
    except OSError:
        return 0.0


def measure(kind: str, timeout: float | None = None, memory_cap_mb: float | None = None, **args) -> dict:
    """Run one measurement in a fresh interpreter; its answer is the last line of its stdout. Past
    `timeout` seconds, or with more than `memory_cap_mb` resident, the child is killed."""
    # output goes to files, not pipes: a child that logs more than a pipe holds would block while polled
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, __file__, kind, json.dumps(args)], cwd=ROOT, stdout=out, stderr=err)
        start, killed = time.monotonic(), ""
        while child.poll() is None and not killed:
            time.sleep(0.2)
            if timeout and time.monotonic() - start > timeout:
                killed = "timeout"
            elif memory_cap_mb and _rss_mb(child.pid) > memory_cap_mb:
                killed = "memory"
        if killed:
            child.kill()
            child.wait()
            return {"killed": killed, "after": time.monotonic() - start}
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{kind} {args} failed:\n{err.read()[-3000:]}")
        return json.loads(out.read().strip().splitlines()[-1])


if __name__ == "__main__":
    kind, arguments = sys.argv[1:3]
    print(json.dumps(CHILDREN[kind](**json.loads(arguments))), flush=True)
    os._exit(0)  # a page that timed out leaves its script thread running: do not wait for it
