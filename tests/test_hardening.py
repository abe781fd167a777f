"""Holes a hostile-input probe found (issue 12), each closed: a file that once stopped a load, lost
its numbers silently or was answered stale now gives its numbers, or a failed row saying why."""
from __future__ import annotations

from pathlib import Path

import pytest

import loaders
from conftest import DATA
from loaders.report import read_report

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "qingshi-2022.html").read_text(encoding="utf-8")
PAGE_NUMBERS = 194  # what qingshi-2022.html gives read whole (test_formats checks each one)


def _page_with(inserted: str, wrapped_in: str = "") -> bytes:
    """The fixture page with markup put right after <body>, or its body wrapped `wrapped_in` deep."""
    at = PAGE.index(">", PAGE.index("<body")) + 1
    return (PAGE[:at] + inserted + wrapped_in + PAGE[at:]).encode("utf-8")


# 5. deep nesting
def test_a_page_nested_a_thousand_levels_deep_is_read_whole():
    report = read_report("deep.html", _page_with("", "<div>" * 1000))
    assert (report.status, len(report.facts)) == ("ok", PAGE_NUMBERS)


def test_a_page_nested_past_the_parsers_limit_says_so():
    report = read_report("deeper.html", _page_with("", "<div>" * 3000))
    assert report.status == "failed"
    assert report.message == "网页元素嵌套超过 2048 层，无法完整读取，未读取（正常网页只有几十层）"


# 6. control characters
def test_a_control_character_after_a_removed_element_does_not_stop_the_page():
    for inserted in ("<p>说明<img src='a.png'>\x0c见下表</p>", "<p>说明<img src='a.png'>&#1;见下表</p>",
                     "<p>说明<script>x</script>&#x1f;见下表</p>"):
        report = read_report("page.html", _page_with(inserted))
        assert (report.status, len(report.facts)) == ("ok", PAGE_NUMBERS), inserted


# 10. reasons that said only an error's name
def _one_page_pdf(*page_settings: bytes) -> bytes:
    from fixtures import hostile

    pdf = hostile.pdf_bytes(1, text=[(50, 700, 12, "Annual report text on the page")])
    return pdf.replace(b"/MediaBox [0 0 595 842]", b" ".join(page_settings), 1)


@pytest.mark.parametrize("settings", [(b"/MediaBox [0 0 (a) 842]",), (b"/MediaBox [0 0 595]",),
                                      (b"/MediaBox [0 0 595 842]", b"/Rotate (x)")])
def test_a_pdf_whose_page_settings_are_broken_says_so(settings):
    report = read_report("broken.pdf", _one_page_pdf(*settings))
    assert report.status == "failed"
    assert report.message == "PDF 的页面设置已损坏（页面大小、裁切框或旋转角度无法识别），无法读取"


def test_a_pdf_that_will_not_close_cleanly_keeps_what_was_read(monkeypatch):
    import pdfplumber

    def refuse(self):
        raise TypeError("a stream of the file is broken")

    monkeypatch.setattr(pdfplumber.PDF, "close", refuse)
    report = read_report("qingshi-2022.pdf", (FIXTURES / "qingshi-2022.pdf").read_bytes())
    assert report.status == "ok" and len(report.facts) == PAGE_NUMBERS


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_read(encoding):
    seed = (DATA / "jianchi-2021.md").read_text(encoding="utf-8")
    report = read_report("jianchi.txt", seed.encode(encoding))
    assert (report.org, report.year, len(report.facts)) == ("涧池镇", 2021, 23)


def test_binary_bytes_are_refused_saying_they_are_no_text_in_any_encoding():
    report = read_report("data.txt", bytes(range(256)) * 40)
    assert report.message == ("文件含二进制内容（不是 UTF-8、GBK 等文字编码的文本，也不是 UTF-16 编码的中文），"
                              "不是文本报告")


# 7. a page whose rules would keep the table finder busy for minutes
def test_a_docx_whose_parts_point_before_its_start_is_refused_saying_it_is_damaged():
    """Found by the 10,000-case fuzz run: a zip that lost its first byte makes zipfile seek to -1 for
    the part that stood first (ValueError), which came out as the last guard's 读取失败（ValueError）."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
        z.writestr("[Content_Types].xml", "<Types/>")
    report = read_report("cut.docx", buf.getvalue()[1:])
    assert report.status == "failed"
    assert report.message == "DOCX 部件 _rels/.rels 已损坏，无法解压"


def test_a_page_ruled_as_a_dense_grid_is_read_as_lines_with_a_finding_that_says_why():
    from fixtures import hostile

    n, step = 120, 4.0  # 121 × 121 rules: 14,641 crossings
    grid = [(40, 100 + i * step, 40 + n * step, 100 + i * step) for i in range(n + 1)]
    grid += [(40 + i * step, 100, 40 + i * step, 100 + n * step) for i in range(n + 1)]
    pdf = hostile.pdf_bytes(1, text=[(40, 700, 12, "Annual report of the office, with one table below")],
                            drawing=hostile.rules(*grid))
    report = read_report("grid.pdf", pdf)
    skipped = [f.message for f in report.findings if f.rule == "pdf.table_skipped"]
    assert skipped == ["PDF 第 1 页的表格线纵横交叉 14641 处，超过上限 10000（年度报告的表格不到 1000 处），"
                       "该页不按表格读取，其文字按行读取，数值可能无法对应到表格的行列"]


# 9. findings without end
def test_past_two_hundred_findings_of_one_rule_a_report_lists_a_sample_and_counts_the_rest(tmp_path):
    seed = (DATA / "jianchi-2021.md").read_text(encoding="utf-8")
    repeated = "".join(f"行政许可\t{200 + i}\t\t\n" for i in range(600))  # 600 rows contradicting 188
    text = seed.replace("行政许可\t188\t\t\n", "行政许可\t188\t\t\n" + repeated)
    (tmp_path / "many.md").write_text(text, encoding="utf-8")
    frames = loaders.load([tmp_path], cache=False)
    rules = frames.checks["rule"].value_counts()
    assert rules["value.duplicate"] == 200
    capped = frames.checks[frames.checks["rule"] == "findings.capped"]
    first_unlisted = text.splitlines().index("行政许可\t400\t\t") + 1
    assert capped["message"].tolist() == [f"「同一数值出现两次且不一致」共 600 项，只列出前 200 项，"
                                          f"其余 400 项（自第 {first_unlisted} 行起）未逐项列出"]
    assert capped["line"].tolist() == [first_unlisted]
    assert frames.reports.iloc[0]["message"].endswith("600 项检查发现")


# 3. paths that are not regular files
def _row(frames, name: str):
    rows = frames.reports[frames.reports["source"].str.endswith(name)]
    assert len(rows) == 1, name
    return rows.iloc[0]


def test_a_link_to_a_device_and_a_pipe_are_failed_rows_and_the_rest_loads(tmp_path):
    import os

    (tmp_path / "report.md").write_bytes((DATA / "jianchi-2021.md").read_bytes())
    (tmp_path / "zeros.md").symlink_to("/dev/zero")  # stat says 0 bytes; reading never ends
    os.mkfifo(tmp_path / "pipe.md")  # opening it waits for a writer
    frames = loaders.load([tmp_path], cache=tmp_path / "cache")
    assert _row(frames, "report.md")["facts"] == 23
    assert _row(frames, "zeros.md")["message"] == "这不是普通文件，而是字符设备，未读取（只读取普通的报告文件）"
    assert _row(frames, "pipe.md")["message"] == "这不是普通文件，而是命名管道（FIFO），未读取（只读取普通的报告文件）"
    assert set(frames.checks.loc[frames.checks["source"].str.endswith(("zeros.md", "pipe.md")), "rule"]) == {
        "file.unreadable"}


def test_a_subfolder_that_cannot_be_listed_is_a_row_saying_so(tmp_path, monkeypatch):
    import os

    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "report.md").write_bytes((DATA / "jianchi-2021.md").read_bytes())
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.md").write_bytes((DATA / "jianchi-2021.md").read_bytes())
    listing = os.scandir

    def scandir(path="."):  # as for a folder without read permission (tests may run as root)
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    frames = loaders.load([tmp_path], cache=False)
    assert len(frames.reports) == 2
    assert _row(frames, "open/report.md")["facts"] == 23
    locked = _row(frames, "locked")
    assert (locked["status"], locked["message"]) == ("failed", "文件夹无法读取（没有读取权限），其中的报告文件均未读取")


# 1. aliases.csv and roster.csv as Excel saves them, or broken
def _folder_with_lists(tmp_path, aliases: bytes, roster: bytes):
    (tmp_path / "report.md").write_bytes((DATA / "jianchi-2021.md").read_bytes())
    (tmp_path / "aliases.csv").write_bytes(aliases)
    (tmp_path / "roster.csv").write_bytes(roster)
    return tmp_path


def test_gbk_lists_as_excel_saves_them_are_read(tmp_path):
    from loaders.lists import read_roster

    folder = _folder_with_lists(tmp_path, "alias,name\r\n涧池镇,涧池镇人民政府\r\n".encode("gbk"),
                                "org,county\r\n涧池镇人民政府,某县\r\n新河镇人民政府,某县\r\n".encode("gbk"))
    frames = loaders.load([folder], cache=False)
    assert set(frames.reports["org"]) == {"涧池镇人民政府"}
    assert read_roster([folder]) == ["涧池镇人民政府", "新河镇人民政府"]
    assert not frames.checks["rule"].str.startswith("list.").any()


def test_a_broken_list_is_a_finding_naming_file_and_line_and_the_load_goes_on(tmp_path):
    from loaders.lists import read_roster

    huge = "长" * 200_000  # past the csv module's field limit
    folder = _folder_with_lists(tmp_path, f"alias,name\n涧池镇,涧池乡\n{huge},某镇\n只有一列\n".encode("utf-8"),
                                bytes(range(256)) * 8)
    frames = loaders.load([folder], cache=tmp_path / "cache")
    assert set(frames.reports["org"]) == {"涧池乡"} and frames.reports.iloc[0]["facts"] == 23
    found = frames.checks[frames.checks["rule"].str.startswith("list.")]
    assert list(zip(found["source"].str.rsplit("/", n=1).str[-1], found["rule"], found["line"].fillna(0),
                    found["message"])) == [
        ("aliases.csv", "list.bad_row", 3, "aliases.csv 第 3 行无法按 CSV 读取（字段超过 131072 个字符），未采用"),
        ("aliases.csv", "list.bad_row", 4, "aliases.csv 第 4 行应为“别名,名称”两列，缺少其中一列，未采用"),
        ("roster.csv", "list.unreadable", 0, "roster.csv 无法读取：文件含二进制内容（不是 UTF-8、GBK 等文字编码的文本，"
                                             "也不是 UTF-16 编码的中文），不是文本报告，其中的单位名单均未采用"),
    ]
    assert read_roster([folder]) == []
    again = loaders.load([folder], cache=tmp_path / "cache")  # from the snapshot: the same findings
    assert again.checks["message"].tolist() == frames.checks["message"].tolist()


# 2. a cache write cut short
def _load_killed_at_the_nth_publish(folder: Path, cache: Path, n: int) -> int:
    """Load in a child process that dies (as if killed) right after the cache moved its n-th file into place."""
    import multiprocessing
    import os

    def child():
        from loaders import cache as cache_module

        moves = []
        real = os.replace

        def replace_then_die(src, dst):
            real(src, dst)
            moves.append(dst)
            if len(moves) == n:
                os._exit(9)

        cache_module.os.replace = replace_then_die
        loaders.load([folder], cache=cache)
        os._exit(0)

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join()
    return process.exitcode


@pytest.mark.parametrize("killed_after", [1, 2])
def test_a_load_killed_while_writing_the_cache_leaves_no_report_without_its_numbers(tmp_path, killed_after):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.md").write_bytes((DATA / "jianchi-2021.md").read_bytes())
    cache = tmp_path / "cache"
    assert _load_killed_at_the_nth_publish(folder, cache, killed_after) == 9
    (folder / "other.md").write_bytes((DATA / "jianchi-2021.md").read_bytes() + b"\n")  # no snapshot answers
    again = loaders.load([folder], cache=cache)
    fresh = loaders.load([folder], cache=False)
    assert again.reports.set_index("source")["facts"].to_dict() == {str(folder / "other.md"): 23,
                                                                    str(folder / "report.md"): 23}
    assert len(again.facts) == len(fresh.facts) and len(again.checks) == len(fresh.checks)


def test_compacting_entries_that_hold_the_same_file_keeps_its_numbers_once(tmp_path):
    from loaders.cache import MAX_PARTS, ParseCache
    from loaders.frames import ParsedRows
    from loaders.parsed_facts import ParsedFacts

    rows = ParsedRows()
    rows.add("k1.md", read_report("a.md", (DATA / "jianchi-2021.md").read_bytes()))
    for _ in range(MAX_PARTS + 1):  # the same file stored by many loads, then merged into one entry
        ParseCache(tmp_path).put(rows.frames())
    cache = ParseCache(tmp_path)
    assert len(list((cache.root / "reports").glob("part-*.parquet"))) == 1
    got = cache.get({"k1.md"})
    facts = ParsedFacts()
    facts.add_file(got.facts_at["k1.md"], ["k1.md"])
    assert (len(got.reports), int(facts.counts()["k1.md"])) == (1, 23)


# 4. a file edited in place that keeps its size and mtime
def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    import os

    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `touch -r` leave it
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_report_edited_in_place_keeping_size_and_mtime_is_not_answered_from_the_snapshot(tmp_path):
    report = tmp_path / "report.md"
    report.write_bytes((DATA / "jianchi-2021.md").read_bytes())
    assert set(loaders.load([tmp_path], cache=tmp_path / "cache").reports["org"]) == {"涧池镇"}
    _edit_keeping_size_and_mtime(report, "涧池镇", "新河镇")
    assert set(loaders.load([tmp_path], cache=tmp_path / "cache").reports["org"]) == {"新河镇"}


def test_the_apps_folder_signature_sees_an_edit_that_keeps_size_and_mtime(tmp_path):
    from pages.ui import listing

    report = tmp_path / "report.md"
    report.write_bytes((DATA / "jianchi-2021.md").read_bytes())
    before = listing.folder_signature(tmp_path)
    _edit_keeping_size_and_mtime(report, "涧池镇", "新河镇")
    assert listing.folder_signature(tmp_path) != before


# 8. a file name with a bare CR, and Streamlit's own download button
def test_no_text_cell_of_a_download_holds_a_line_break_or_tab_and_formulas_stay_inert():
    import csv
    import io

    import pandas as pd

    from loaders.export import csv_bytes

    frame = pd.DataFrame({"source": ["报告\r=cmd|' /C calc'!A0.md", "a\nb\tc.md", "=1+1"], "value": [1.0, 2.0, None]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "\r" not in text.replace("\r\n", "") and "\t" not in text
    lines = text.splitlines()  # also what a spreadsheet that ends rows at CR sees
    assert lines == ["source,value", "报告 =cmd|' /C calc'!A0.md,1", "a b c.md,2", "'=1+1,"]  # whole numbers as integers
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == ["报告 =cmd|' /C calc'!A0.md", "a b c.md", "'=1+1"]


def test_streamlits_own_table_download_is_off():
    import tomllib

    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


# 11. uploads: the size is checked before the bytes are taken
class _Uploaded:
    """As Streamlit's UploadedFile: name and size known, bytes taken by getvalue()."""

    def __init__(self, name: str, size: int, data: bytes = b""):
        self.name, self.size, self.data, self.taken = name, size, data, False

    def getvalue(self) -> bytes:
        self.taken = True
        return self.data


def test_an_upload_over_the_limit_is_refused_before_its_bytes_are_taken(tmp_path):
    from loaders.upload import save_uploads

    big = _Uploaded("big.pdf", 25 * 1024 * 1024)
    small = _Uploaded("report.md", 0, (DATA / "jianchi-2021.md").read_bytes())
    small.size = len(small.data)
    results = save_uploads([big, small], tmp_path)
    assert not big.taken
    assert (results[0].stored, results[0].message) == ("refused", "文件大小 25.0 MB，超过上限 20 MB，未保存")
    assert (results[1].stored, results[1].saved_as, len(results[1].report.facts)) == ("new", "report.md", 23)


def test_the_report_pages_text_of_a_pipe_is_a_reason_not_a_wait(tmp_path):
    import os

    from loaders.text import UnreadableText

    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(UnreadableText, match="^这不是普通文件，而是命名管道（FIFO），未读取"):
        loaders.source_text(tmp_path / "pipe.md")


def test_the_report_pages_text_is_read_again_after_an_edit_that_keeps_size_and_mtime(tmp_path):
    from pages.ui.sources import text_of

    report = tmp_path / "report.md"
    report.write_bytes((DATA / "jianchi-2021.md").read_bytes())
    assert any("涧池镇" in line for line in text_of(report).lines)
    _edit_keeping_size_and_mtime(report, "涧池镇", "新河镇")
    assert not any("涧池镇" in line for line in text_of(report).lines)
