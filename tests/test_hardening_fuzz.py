"""Hostile and unlucky files through loaders.load: never an exception, always one row with a reason.

Hypothesis makes the files: any text in several encodings, a real report mutated byte by byte in
several encodings, random bytes under every ending, and the HTML, DOCX and PDF fixtures mutated (the
DOCX both as bytes and inside its XML). Each file is loaded alone; the load must give exactly one
reports row, and no reason may be the readers' last guard ("读取失败（SomeError）"), which says only
that something unforeseen happened.

Examples per test: $NIANBAO_FUZZ_EXAMPLES (60 by default, for CI). A long run:
    NIANBAO_FUZZ_EXAMPLES=2000 python -m pytest -q tests/test_hardening_fuzz.py
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
FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = (DATA / "jianchi-2021.md").read_text(encoding="utf-8")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be")
# the last guards of read_report: an error no reader foresaw (the type name is all they say)
GENERIC = re.compile(r"(?:读取|解析)失败[（：(]\s*[A-Za-z_.]*(?:Error|Exception|Exit|Interrupt)\b")

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


def _loaded_alone(name: str, data: bytes) -> None:
    """Load one file: one reports row with a status and a reason that is not the last guard's."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        # a folder is searched for report files; a file of another ending is read when named
        frames = loaders.load([folder if name.endswith(REPORT_SUFFIXES) else path], cache=False, workers=1)
    assert len(frames.reports) == 1
    row = frames.reports.iloc[0]
    assert row["status"] in ("ok", "partial", "failed")
    assert row["message"].strip()
    reasons = [row["message"], *frames.checks["message"]]
    generic = [r for r in reasons if GENERIC.search(r)]
    assert not generic, generic


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


@FUZZ
@given(text=st.text(max_size=3000), encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from((".txt", ".md")))
def test_any_text_in_any_encoding(text, encoding, suffix):
    _loaded_alone("report" + suffix, text.encode(encoding, errors="replace"))


@FUZZ
@given(encoding=st.sampled_from(ENCODINGS), edits=EDITS, cut=CUT, suffix=st.sampled_from((".txt", ".md")))
def test_a_report_mutated_in_any_encoding(encoding, edits, cut, suffix):
    data = SEED_TEXT.encode(encoding, errors="replace")
    _loaded_alone("report" + suffix, _cut(_mutated(data, edits), cut))


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(REPORT_SUFFIXES + (".doc", "")))
def test_random_bytes_under_any_ending(data, suffix):
    _loaded_alone("report" + suffix, data)


MARKUP = st.sampled_from(("<img>\x0c", "&#1;", "<div>" * 300, "</td>", "<table>", "<br>\x01", "&#x0;", "\r",
                          "<td colspan=99999>", "<![CDATA[", "<?xml ?>", "<table><tr><td>" * 100))


@FUZZ
@given(name=st.sampled_from(("qingshi-2022.html", "baisha-2020-gbk.html", "qingshi-2022.pdf", "qingshi-2022.docx")),
       edits=EDITS, cut=CUT, markup=st.lists(st.tuples(st.integers(0, 1 << 24), MARKUP), max_size=4))
def test_a_published_format_mutated(name, edits, cut, markup):
    data = (FIXTURES / name).read_bytes()
    if name.endswith(".html"):  # markup that once stopped the page reader, among random edits
        data = _mutated(data, [(at, 0, m.encode()) for at, m in markup])
    _loaded_alone(name, _cut(_mutated(data, edits), cut))


@FUZZ
@given(edits=EDITS, cut=CUT, part=st.sampled_from(("word/document.xml", "word/numbering.xml", "word/styles.xml",
                                                   "[Content_Types].xml", "word/_rels/document.xml.rels")))
def test_a_docx_with_a_mutated_part(edits, cut, part):
    """Inside an intact zip, so the XML reader gets the damage (byte edits mostly break the zip)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / "qingshi-2022.docx") as original, zipfile.ZipFile(buf, "w") as out:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == part:
                content = _cut(_mutated(content, edits), cut)
            out.writestr(info.filename, content)
    _loaded_alone("report.docx", buf.getvalue())
