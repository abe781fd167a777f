"""Command-line arguments: a parser whose mistakes are one line in Chinese, and the app's own options.

argparse prints its usage and an English sentence over several lines; a person who mistyped an option
needs one line that names it, then `--help` for the rest. The app (`streamlit run app.py -- …`) cannot
stop on a mistake, so its options are read leniently: what is not understood is returned, to be said
on the page and in the log.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

# argparse's sentences (Python 3.11–3.13), in the words the rest of the tools use
_MESSAGES = (
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{0}"),
    (re.compile(r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)"), "{0} 不能是 {1}，可选：{2}"),
    (re.compile(r"argument (.+?): invalid (\w+) value: (.*)"), "{0} 须为{1}：{2}"),
    (re.compile(r"argument (.+?): expected one argument"), "{0} 后面缺少取值"),
    (re.compile(r"argument (.+?): (.*)"), "{0}：{1}"),
)
_KINDS = {"int": "整数", "float": "数"}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser that states a mistake in one line on stderr and exits with status 2."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}：{said(message)}（{self.prog} --help 查看用法）", file=sys.stderr)
        raise SystemExit(2)


def said(message: str) -> str:
    """argparse's message in Chinese where it is one of its usual sentences; else as it is."""
    for pattern, words in _MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return words.format(*(_KINDS.get(g, g) for g in found.groups()))
    return message


def output_folder_problem(out: Path) -> str:
    """Why `out` cannot be made or written as a folder ('' when it can): its nearest existing part must
    be a folder this user may write into. Checked before the work, which would otherwise fail at its end."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{out}：{existing} 是文件，不是文件夹"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{out}：没有权限写入 {existing}"
    return ""


@dataclass(frozen=True)
class AppOptions:
    """What `streamlit run app.py -- …` was given: the reports folder, and the words not understood."""

    reports: str | None
    ignored: tuple[str, ...]

    def ignored_message(self) -> str:
        """A sentence for people about the ignored words ('' when there are none)."""
        if not self.ignored:
            return ""
        words = " ".join(self.ignored)
        guess = difflib.get_close_matches(self.ignored[0], ["--reports"], n=1, cutoff=0.6)
        hint = "（是否想写 --reports？）" if guess and self.ignored[0] != "--reports" else ""
        return (f"启动参数「{words}」无法识别，已忽略{hint}。"
                "指定报告文件夹请写：streamlit run app.py -- --reports 文件夹")


class _Lenient(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def app_options(argv: list[str]) -> AppOptions:
    """The app's options from its command line (after `--`); never exits."""
    parser = _Lenient(add_help=False, allow_abbrev=False)
    parser.add_argument("--reports")
    try:
        known, rest = parser.parse_known_args(argv)
    except ValueError:  # e.g. `--reports` with no folder after it
        return AppOptions(None, tuple(argv))
    return AppOptions(known.reports, tuple(rest))
