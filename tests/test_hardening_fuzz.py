"""Hostile and unlucky files through loaders.load: never an exception, always one row with a reason.

Hypothesis makes the files: any text in several encodings, a real report mutated byte by byte in
several encodings, random bytes under every ending, and HTML, DOCX and PDF reports mutated (the DOCX
both as bytes and inside its XML). Each example is one to eight such files loaded together as one
folder; the load must give one reports row per file, and no reason may be the readers' last guard
("读取失败（SomeError）"), which says only that something unforeseen happened.

Examples per test: $NIANBAO_FUZZ_EXAMPLES (60 by default, for CI). A long run, counting its files:
    NIANBAO_FUZZ_EXAMPLES=600 NIANBAO_FUZZ_TALLY=/tmp/tally python -m pytest -q tests/test_hardening_fuzz.py
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loaders
from conftest import DATA
from loaders.formats import REPORT_SUFFIXES

EXAMPLES = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "60"))
TALLY = os.environ.get("NIANBAO_FUZZ_TALLY")  # a file to count the files loaded in (a long run's note)
FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = (DATA / "jianchi-2021.md").read_text(encoding="utf-8")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be")
# the last guards of read_report: an error no reader foresaw (the type name is all they say)
GENERIC = re.compile(r"(?:读取|解析)失败[（：(]\s*[A-Za-z_.]*(?:Error|Exception|Exit|Interrupt)\b")
FILES = 8  # at most, per load: bad files side by side must not disturb one another

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


def _small_pdf() -> bytes:
    """Two pages of text and a ruled table (small, so that many mutations are read in little time)."""
    from fixtures import hostile

    rows = [(40, 700 - 20 * i, 10, f"Row {i} of the table {i * 7} {i * 13} 56") for i in range(10)]
    grid = hostile.rules(*[(30, 710 - 20 * i, 500, 710 - 20 * i) for i in range(11)],
                         *[(30 + 94 * j, 510, 30 + 94 * j, 710) for j in range(6)])
    return hostile.pdf_bytes(2, text=rows, drawing=grid)


BASES = {name: (FIXTURES / name).read_bytes() for name in ("qingshi-2022.html", "baisha-2020-gbk.html",
                                                           "qingshi-2022.docx")} | {"ruled.pdf": _small_pdf()}


def _loaded_together(files: list[tuple[str, bytes]]) -> None:
    """Load the files as one folder: one reports row each, with a status and a reason that is not
    the last guard's. A file of another ending is named, as a folder search would pass it by."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, (name, data) in enumerate(files):
            path = Path(folder, f"{i:02d}-{name}")
            path.write_bytes(data)
            paths.append(path)
        others = [p for p in paths if not p.name.endswith(REPORT_SUFFIXES)]
        frames = loaders.load([folder, *others], cache=False, workers=1)
    assert sorted(Path(s).name for s in frames.reports["source"]) == sorted(p.name for p in paths)
    assert frames.reports["status"].isin(["ok", "partial", "failed"]).all()
    assert frames.reports["message"].str.strip().astype(bool).all()
    reasons = [*frames.reports["message"], *frames.checks["message"]]
    generic = [r for r in reasons if GENERIC.search(r)]
    assert not generic, generic
    if TALLY:
        with open(TALLY, "a", encoding="utf-8") as tally:
            tally.write(f"{len(files)}\n")


def _mutated(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """`data` with each (position, length removed, bytes inserted) applied in turn."""
    out = bytearray(data)
    for position, removed, inserted in edits:
        at = position % (len(out) + 1)
        out[at:at + removed] = inserted
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 24), st.integers(0, 64), st.binary(max_size=16)), max_size=12)
CUT = st.one_of(st.none(), st.integers(0, 1 << 24))


def _cut(data: bytes, at: int | None) -> bytes:
    return data if at is None else data[: at % (len(data) + 1)]


def _batch(case) -> st.SearchStrategy:
    return st.lists(case, min_size=1, max_size=FILES)


@st.composite
def any_text(draw):
    text, encoding = draw(st.text(max_size=3000)), draw(st.sampled_from(ENCODINGS))
    return "report" + draw(st.sampled_from((".txt", ".md"))), text.encode(encoding, errors="replace")


@st.composite
def mutated_report(draw):
    data = SEED_TEXT.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return "report" + draw(st.sampled_from((".txt", ".md"))), _cut(_mutated(data, draw(EDITS)), draw(CUT))


@st.composite
def random_bytes(draw):
    return "report" + draw(st.sampled_from(REPORT_SUFFIXES + (".doc", ""))), draw(st.binary(max_size=4096))


MARKUP = st.sampled_from(("<img>\x0c", "&#1;", "<div>" * 300, "</td>", "<table>", "<br>\x01", "&#x0;", "\r",
                          "<td colspan=99999>", "<![CDATA[", "<?xml ?>", "<table><tr><td>" * 100))


@st.composite
def mutated_format(draw):
    name = draw(st.sampled_from(sorted(BASES)))
    data = BASES[name]
    if name.endswith(".html"):  # markup that once stopped the page reader, among random edits
        data = _mutated(data, [(at, 0, m.encode()) for at, m in draw(st.lists(st.tuples(st.integers(0, 1 << 24), MARKUP),
                                                                              max_size=4))])
    return name, _cut(_mutated(data, draw(EDITS)), draw(CUT))


@st.composite
def docx_with_a_mutated_part(draw):
    """Inside an intact zip, so the XML reader gets the damage (byte edits mostly break the zip)."""
    part = draw(st.sampled_from(("word/document.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml",
                                 "word/_rels/document.xml.rels")))
    edits, cut = draw(EDITS), draw(CUT)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BASES["qingshi-2022.docx"])) as original, zipfile.ZipFile(buf, "w") as out:
        for info in original.infolist():
            content = original.read(info)
            out.writestr(info.filename, _cut(_mutated(content, edits), cut) if info.filename == part else content)
    return "report.docx", buf.getvalue()


@FUZZ
@given(files=_batch(any_text()))
def test_any_text_in_any_encoding(files):
    _loaded_together(files)


@FUZZ
@given(files=_batch(mutated_report()))
def test_a_report_mutated_in_any_encoding(files):
    _loaded_together(files)


@FUZZ
@given(files=_batch(random_bytes()))
def test_random_bytes_under_any_ending(files):
    _loaded_together(files)


@FUZZ
@given(files=_batch(mutated_format()))
def test_a_published_format_mutated(files):
    _loaded_together(files)


@FUZZ
@given(files=_batch(docx_with_a_mutated_part()))
def test_a_docx_with_a_mutated_part(files):
    _loaded_together(files)
