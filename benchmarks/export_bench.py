"""Speed and memory of the downloads written from DuckDB (loaders.export.streamed) over a facts Parquet.

    .venv/bin/python benchmarks/export_bench.py                                  # 20M facts (~100,000 reports)
    .venv/bin/python benchmarks/export_bench.py --rows 2000000 --work /tmp/export-bench --pandas

The Parquet is the bundled data's facts (`loaders.load("data")`: the sample county, its saved pages and
the seed report, ~20,000 facts of 104 reports) repeated until it holds `--rows` rows: copy i renames
every file and body (`…·i`), so 20M facts are ~100,000 reports of ~1,700 × 9 bodies, as a province's
office holds them; reports.parquet beside it is the reports repeated the same way. Both are written copy
by copy (`--work DIR` keeps them for the next run).

Every figure is taken in a fresh Python process (this script with `--child`): the seconds from opening
the Parquet to the last byte of the file, its CPU seconds (user + system, all threads: what a busy
machine does not change), and the process's peak RSS (ru_maxrss), for the tidy CSV
(明细, streamed), the wide CSV (宽表, one row per report) and the CLI's facts.csv (streamed). `--pandas`
adds the tidy CSV by the path before DuckDB (read the Parquet, csv_bytes of views.tidy_table), for sizes
that fit in memory. Target (issue 15): at 100,000 reports, CSV export ≤ 60 s in ≤ 2 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 60
TARGET_RSS_MB = 2048
KINDS = ("tidy", "wide", "facts")


def make_parquet(work: Path, rows: int) -> tuple[Path, Path]:
    """facts.parquet and reports.parquet of `rows` facts in `work` (kept when they already hold that many)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    facts_path, reports_path = work / f"facts-{rows}.parquet", work / f"reports-{rows}.parquet"
    if facts_path.exists() and reports_path.exists():
        return facts_path, reports_path
    os.environ.setdefault("NIANBAO_CACHE", str(work / "cache"))
    import loaders

    frames = loaders.load([str(ROOT / "data")])
    facts = pa.Table.from_pandas(frames.facts, preserve_index=False)
    reports = pa.Table.from_pandas(frames.reports, preserve_index=False)
    copies = -(-rows // len(facts))
    with pq.ParquetWriter(facts_path.with_suffix(".tmp"), facts.schema) as f_out, \
         pq.ParquetWriter(reports_path.with_suffix(".tmp"), reports.schema) as r_out:
        for i in range(copies):
            kept = min(len(facts), rows - i * len(facts))
            f_out.write_table(_renamed(facts.slice(0, kept), i, pa, pc))
            r_out.write_table(_renamed(reports, i, pa, pc))
    facts_path.with_suffix(".tmp").rename(facts_path)
    reports_path.with_suffix(".tmp").rename(reports_path)
    return facts_path, reports_path


def _renamed(table, copy: int, pa, pc):
    """The table with every source and body named for this copy (copy 0 as it is)."""
    if copy == 0:
        return table
    for name in ("source", "org"):
        column = table.column(name)
        renamed = pc.binary_join_element_wise(column, pa.scalar(f"·{copy}", column.type), pa.scalar("", column.type))
        table = table.set_column(table.schema.get_field_index(name), name, renamed)
    return table


def child(kind: str, facts_path: str, reports_path: str, out_path: str) -> dict:
    """One file written from the Parquet; seconds, peak RSS in MB, rows and MB written."""
    import duckdb

    from loaders.export import streamed

    start, cpu = time.perf_counter(), time.process_time()
    if kind == "pandas":
        import pandas as pd

        from loaders import views
        from loaders.export import csv_bytes

        Path(out_path).write_bytes(csv_bytes(views.tidy_table(pd.read_parquet(facts_path))))
        rows = None
    else:
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.read_parquet(facts_path).create_view("facts")
        con.read_parquet(reports_path).create_view("reports")
        write = {"tidy": streamed.write_tidy_csv, "wide": streamed.write_wide_csv,
                 "facts": streamed.write_facts_csv}[kind]
        with open(out_path, "wb") as out:
            rows = write(con, out)
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    return {"kind": kind, "seconds": seconds, "cpu": me.ru_utime + me.ru_stime - cpu, "rss_mb": me.ru_maxrss / 1024,
            "rows": rows, "mb": Path(out_path).stat().st_size / 2**20}


def measure(kind: str, facts_path: Path, reports_path: Path, work: Path) -> dict:
    out = work / f"out-{kind}.csv"
    try:
        done = subprocess.run([sys.executable, __file__, "--child", kind, str(facts_path), str(reports_path), str(out)],
                              check=True, capture_output=True, text=True)
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        out.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000, help="facts in the Parquet (default 20,000,000)")
    parser.add_argument("--work", help="folder for the Parquet files (kept); default a temporary folder")
    parser.add_argument("--pandas", action="store_true", help="also the tidy CSV by the pandas path")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "FACTS", "REPORTS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    with tempfile.TemporaryDirectory(prefix="export-bench-") as scratch:
        work = Path(args.work or scratch)
        work.mkdir(parents=True, exist_ok=True)
        print(f"Parquet of {args.rows:,} facts in {work} …", file=sys.stderr)
        started = time.perf_counter()
        facts_path, reports_path = make_parquet(work, args.rows)
        print(f"  ready in {time.perf_counter() - started:.0f} s ({facts_path.stat().st_size / 2**20:.0f} MB)",
              file=sys.stderr)
        kinds = KINDS + (("pandas",) if args.pandas else ())
        print(f"| file ({args.rows:,} facts) | seconds | CPU seconds | peak RSS MB | rows | CSV MB |")
        print("|---|---|---|---|---|---|")
        for kind in kinds:
            r = measure(kind, facts_path, reports_path, work)
            rows = "" if r["rows"] is None else f"{r['rows']:,}"
            print(f"| {kind} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} | {rows} | {r['mb']:.0f} |",
                  flush=True)
        print(f"target: each CSV ≤ {TARGET_SECONDS} s in ≤ {TARGET_RSS_MB} MB at 100,000 reports (~20M facts)")


if __name__ == "__main__":
    main()
