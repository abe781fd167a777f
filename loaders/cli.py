"""Command line: `python -m loaders export PATH... --out DIR`, `python -m loaders show FILE` and
`python -m loaders notice DIR --year 2024 --out DIR`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from . import load
from .export import csv_bytes
from .frames import CHECK_COLUMNS, FACT_COLUMNS, REPORT_COLUMNS
from .layout import official_tables
from .review.roster import Deadline, parse_deadline
from .review.workflow import checks_with_decisions, review_of, write_notices
from .rules import SEVERITY_LABELS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="政府信息公开工作年度报告 → 数据表")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("export", help="读取报告文件或文件夹，写出 facts.csv、reports.csv、checks.csv")
    ex.add_argument("paths", nargs="+", help="报告文件或文件夹（文件夹递归读取 .txt/.md 等报告文件）")
    ex.add_argument("--out", required=True, help="输出文件夹")
    ex.add_argument("--quiet", action="store_true", help="不显示进度")
    ex.add_argument("--no-cache", action="store_true", help="不读写解析缓存（默认缓存于 $NIANBAO_CACHE 或 ~/.cache/nianbao）")
    ex.add_argument("--deadline", type=_deadline, default=None, help=_DEADLINE_HELP)
    sh = sub.add_parser("show", help="按官方表格显示一份报告的数值和检查发现")
    sh.add_argument("file")
    no = sub.add_parser("notice", help="按审核结论写出一个年度的整改清单（Excel、CSV）、各单位通报和全县通报（Word）")
    no.add_argument("folder", help="报告文件夹（审核结论保存在其中的 .nianbao/reviews.sqlite）")
    no.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    no.add_argument("--out", required=True, help="输出文件夹")
    no.add_argument("--deadline", type=_deadline, default=None, help=_DEADLINE_HELP)
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            return export(args.paths, Path(args.out), quiet=args.quiet, cache=not args.no_cache, deadline=args.deadline)
        if args.command == "notice":
            return notice(args.folder, args.year, Path(args.out), args.deadline)
        return show(args.file)
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0


_DEADLINE_HELP = "全县默认的年度报告公开截止日（次年的月-日，如 02-20）；roster.csv 的 deadline 列优先"


def _deadline(text: str) -> Deadline:
    try:
        return parse_deadline(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def export(paths: list[str], out: Path, quiet: bool = False, cache: bool = True,
           deadline: Deadline | None = None) -> int:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"找不到：{'、'.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    review = review_of(paths, deadline, progress=None if quiet else _progress_line, cache=cache)
    frames = review.frames
    if not quiet:
        print(file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    for name, df, first in (("facts", frames.facts, FACT_COLUMNS), ("reports", frames.reports, REPORT_COLUMNS),
                            ("checks", checks_with_decisions(review), CHECK_COLUMNS)):
        (out / f"{name}.csv").write_bytes(csv_bytes(df[first + [c for c in df.columns if c not in first]]))
    status = frames.reports["status"].value_counts()
    print(f"{len(frames.reports)} 份报告（完整 {status.get('ok', 0)}，部分 {status.get('partial', 0)}，"
          f"失败 {status.get('failed', 0)}），{len(frames.facts)} 个数值，{len(frames.checks)} 项检查发现，"
          f"用时 {time.perf_counter() - started:.1f} 秒 → {out}")
    return 0


def notice(folder: str, year: int, out: Path, deadline: Deadline | None = None) -> int:
    if not Path(folder).is_dir():
        print(f"找不到文件夹：{folder}", file=sys.stderr)
        return 2
    review = review_of([folder], deadline)
    written = write_notices(review, year, out)
    print(f"{year} 年：{len(written)} 个文件 → {out}（审核结论：{review.store.path}）")
    return 0


def _progress_line(done: int, total: int, source: str) -> None:
    if done == total or done % 25 == 0:
        print(f"\r读取报告 {done}/{total}", end="", file=sys.stderr, flush=True)


def show(file: str) -> int:
    if not Path(file).is_file():
        print(f"找不到文件：{file}", file=sys.stderr)
        return 2
    frames = load([file])
    rep = frames.reports.iloc[0]
    year = "" if pd.isna(rep["year"]) else int(rep["year"])
    print(f"{rep['source']}\n单位：{rep['org'] or '（未写明）'}  县区：{rep['county'] or '—'}  年度：{year}  "
          f"模板：{rep['template'] or '—'}  状态：{rep['status']}\n{rep['message']}\n")
    with pd.option_context("display.max_columns", 20, "display.width", 200, "display.max_colwidth", 40):
        for table in official_tables(frames.facts, rep["template"]):
            shown = table.frame.astype(object).where(table.frame.notna(), "")
            print(f"{table.title}\n{shown.to_string()}\n")
        narrative = frames.facts[frames.facts["reading"] == "narrative"]
        for _, f in narrative.iterrows():
            print(f"正文：{f['metric_label']} = {f['value']:g}{f['unit']}（第 {f['line']} 行）")
    print("\n检查发现：" if len(frames.checks) else "\n检查发现：无")
    for _, c in frames.checks.iterrows():
        print(f"  [{SEVERITY_LABELS[c['severity']]}] {c['title']}：{c['message']}")
    return 0
