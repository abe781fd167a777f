"""Command line: `python3 -m loaders export PATH... --out DIR`, `python3 -m loaders show FILE` and
`python3 -m loaders notice DIR --year 2024 --out DIR`.

Every mistake is one line on stderr and a non-zero exit, said before any work starts; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from . import load
from .arguments import OneLineParser, output_folder_problem
from .export import csv_bytes, number_text
from .export.streamed import over_frames, write_facts_csv
from .formats import REPORT_SUFFIXES
from .frames import CHECK_COLUMNS, REPORT_COLUMNS
from .layout import official_tables
from .review.roster import Deadline, parse_deadline
from .review.workflow import checks_with_decisions, review_of, write_notices
from .rules import SEVERITY_LABELS
from .sources import find_reports


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python3 -m loaders", description="政府信息公开工作年度报告 → 数据表")
    # not `required`: argparse would then name the missing command before an unknown option (`--bogus`)
    sub = parser.add_subparsers(dest="command", metavar="{export,show,notice}")
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
    if args.command is None:
        parser.error("请指定命令：export、show 或 notice")
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
    """Write facts.csv, reports.csv and checks.csv of the reports under `paths` into the folder `out`.

    Everything that would stop it (a missing input, no report at all, an output that cannot be a
    folder) is said in one line before any report is read; the exit status is then non-zero."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        return _refuse(f"找不到：{'、'.join(missing)}")
    if not find_reports(paths):
        return _refuse(f"{'、'.join(paths)} 中没有报告文件（{' '.join(REPORT_SUFFIXES)}）")
    unwritable = output_folder_problem(out)
    if unwritable:
        return _refuse(f"--out {unwritable}")
    started = time.perf_counter()
    review = review_of(paths, deadline, progress=None if quiet else _progress_line, cache=cache)
    frames = review.frames
    if not quiet:
        print(file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    # straight from the load snapshot's Parquet: the facts are never a frame here
    with over_frames(frames.fact_table) as con, open(out / "facts.csv", "wb") as facts_csv:
        write_facts_csv(con, facts_csv)  # streamed: the CSV's text is never whole in memory
    for name, df, first in (("reports", frames.reports, REPORT_COLUMNS),
                            ("checks", checks_with_decisions(review), CHECK_COLUMNS)):
        (out / f"{name}.csv").write_bytes(csv_bytes(df[first + [c for c in df.columns if c not in first]]))
    status = frames.reports["status"].value_counts()
    print(f"{len(frames.reports)} 份报告（完整 {status.get('ok', 0)}，部分 {status.get('partial', 0)}，"
          f"失败 {status.get('failed', 0)}），{int(frames.reports['facts'].sum())} 个数值，{len(frames.checks)} 项检查发现，"
          f"用时 {time.perf_counter() - started:.1f} 秒 → {out}")
    return 0


def _refuse(reason: str, status: int = 2) -> int:
    print(reason, file=sys.stderr)
    return status


def notice(folder: str, year: int, out: Path, deadline: Deadline | None = None) -> int:
    """Write the year's 整改清单 and 通报 of the decisions kept beside the reports in `folder` into `out`."""
    if not Path(folder).is_dir():
        return _refuse(f"找不到文件夹：{folder}")
    review = review_of([folder], deadline)
    written = write_notices(review, year, out)
    print(f"{year} 年：{len(written)} 个文件 → {out}（审核结论：{review.store.path}）")
    return 0


def _progress_line(done: int, total: int, source: str) -> None:
    if done == total or done % 25 == 0:
        print(f"\r读取报告 {done}/{total}", end="", file=sys.stderr, flush=True)


def show(file: str) -> int:
    """Print one report's numbers as the official tables, then its findings; a folder lists its reports."""
    path = Path(file)
    if path.is_dir():
        return _list_folder(file)
    if not path.is_file():
        return _refuse(f"找不到文件：{file}")
    frames = load([file])
    rep = frames.reports.iloc[0]
    if rep["status"] == "failed":  # nothing was read: the reason alone, not empty tables
        return _refuse(f"{rep['source']}：{rep['message']}", status=1)
    year = "" if pd.isna(rep["year"]) else int(rep["year"])
    print(f"{rep['source']}\n单位：{rep['org'] or '（未写明）'}  县区：{rep['county'] or '—'}  年度：{year}  "
          f"模板：{rep['template'] or '—'}  状态：{rep['status']}\n{rep['message']}\n")
    # display widths: a Chinese character takes two columns of the terminal, so labels line up
    with pd.option_context("display.max_columns", 20, "display.width", 200, "display.max_colwidth", 40,
                           "display.unicode.east_asian_width", True):
        for table in official_tables(frames.facts, rep["template"]):
            shown = table.frame.astype(object).map(lambda v: "" if pd.isna(v) else number_text(v))
            print(f"{table.title}\n{shown.to_string()}\n")
        narrative = frames.facts[frames.facts["reading"] == "narrative"]
        for _, f in narrative.iterrows():
            print(f"正文：{f['metric_label']} = {number_text(f['value'])}{f['unit']}（第 {f['line']} 行）")
    print("\n检查发现：" if len(frames.checks) else "\n检查发现：无")
    for _, c in frames.checks.iterrows():
        print(f"  [{SEVERITY_LABELS[c['severity']]}] {c['title']}：{c['message']}")
    return 0


_LISTED = 20  # a folder's reports that `show DIR` names before "…"


def _list_folder(folder: str) -> int:
    """`show` takes one file: name the folder's reports to choose from (or say it holds none)."""
    reports = [r.source for r in find_reports([folder])]
    if not reports:
        return _refuse(f"{folder} 是文件夹，其中没有报告文件；show 只显示一份报告，请给出一个报告文件")
    print(f"{folder} 是文件夹，内有 {len(reports)} 份报告；show 只显示一份，请给出其中一个文件，例如：",
          file=sys.stderr)
    for report in reports[:_LISTED]:
        print(f"  python3 -m loaders show {report}", file=sys.stderr)
    if len(reports) > _LISTED:
        print(f"  …（另有 {len(reports) - _LISTED} 份；导出全部请用 python3 -m loaders export {folder} --out 文件夹）",
              file=sys.stderr)
    return 2
