"""python3 -m loaders.samples OUT --orgs 15 --years 2019-2025 [--seed N] [--faults RATE] [--layouts a,b] [--force]"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..arguments import OneLineParser, output_folder_problem
from .build import FAULTS, generate
from .layouts import ALL_LAYOUTS, LAYOUTS


def _years(text: str) -> range:
    try:
        if "-" in text:
            first, last = (int(x) for x in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份写作 2019-2025 或 2022：{text!r}") from None
    if first > last or first < 2019 or last > 2100:
        raise argparse.ArgumentTypeError(f"年份范围须在 2019 年及以后且由小到大：{text!r}")
    return range(first, last + 1)


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"比例须为 0 到 1 之间的数：{text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"比例须为 0 到 1 之间的数：{text!r}")
    return value


def _layouts(text: str) -> tuple[str, ...]:
    names = tuple(x.strip() for x in text.split(",") if x.strip())
    bad = [x for x in names if x not in ALL_LAYOUTS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"未知的版式 {bad}；可选：{','.join(ALL_LAYOUTS)}")
    return names


def _faults(text: str) -> tuple[str, ...]:
    names = tuple(x.strip() for x in text.split(",") if x.strip())
    bad = [x for x in names if x not in FAULTS]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"未知的错误类型 {bad}；可选：{','.join(FAULTS)}")
    return names


def _unusable_output(out: Path, force: bool) -> str:
    """Why the reports cannot go into `out` ('' when they can). A folder that holds files already is
    refused unless forced: new reports would overwrite the same names and leave the others, mixing two
    corpora whose truths no longer agree with the folder."""
    problem = output_folder_problem(out)
    if problem:
        return problem
    if out.is_dir() and not force and any(not e.name.startswith(".") for e in out.iterdir()):
        return f"{out} 中已有文件；请换一个空文件夹，或加 --force 写入（同名文件被覆盖，其余文件保留）"
    return ""


def main(argv: list[str] | None = None) -> int:
    p = OneLineParser(prog="python3 -m loaders.samples",
                                description="生成示例数据：示例县虚构乡镇的政府信息公开工作年度报告，每份报告旁附真值 JSON")
    p.add_argument("out", help="输出文件夹")
    p.add_argument("--orgs", type=int, default=15,
                   help="单位个数，默认 15：至多 140 个时为示例县的乡镇（街道）；更多时为一个省，每县约 140 个乡镇、街道和县直部门")
    p.add_argument("--years", type=_years, default=range(2019, 2026), help="年份范围，如 2019-2025（默认）")
    p.add_argument("--seed", type=int, default=0, help="随机种子（同一种子生成相同的文件），默认 0")
    p.add_argument("--faults", type=_rate, default=0.0, metavar="RATE",
                   help="含一处错误的报告所占比例（0–1），默认 0")
    p.add_argument("--fault-kinds", type=_faults, default=None, metavar="A,B",
                   help=f"只埋这些错误（规则编号，逗号分隔）：{','.join(FAULTS)}")
    p.add_argument("--layouts", type=_layouts, default=None, metavar="A,B",
                   help=f"只用这些版式（逗号分隔）：{','.join(ALL_LAYOUTS)}；默认混用 {','.join(LAYOUTS)}")
    p.add_argument("--missing", type=_rate, default=0.0, metavar="RATE", help="缺少的乡镇年度所占比例（0–1），默认 0")
    p.add_argument("--force", action="store_true", help="输出文件夹已有文件时仍写入（同名文件被覆盖，其余保留）")
    p.add_argument("--large", action="store_true", help="数值较大（每年数百至数千件申请，表格单元格为多位数）")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    if a.orgs < 1:
        p.error("--orgs 至少为 1")
    refused = _unusable_output(Path(a.out), a.force)
    if refused:
        print(refused, file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        paths = generate(a.out, orgs=a.orgs, years=a.years, seed=a.seed, fault_rate=a.faults,
                         layouts=a.layouts, missing_rate=a.missing, faults=a.fault_kinds, large=a.large)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    if not a.quiet:
        print(f"{len(paths)} 份报告（附真值 JSON）→ {a.out}，用时 {time.perf_counter() - started:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
