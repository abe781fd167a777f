"""Uploading reports: several at once, saved atomically, never overwriting, never stored twice, each
read at once with its result; hostile names and files refused with their reason."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from fixtures import hostile
from loaders import upload
from loaders.upload import safe_name, save_uploads

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEED = (ROOT / "data" / "jianchi-2021.md").read_bytes()
QINGSHI = (FIXTURES / "qingshi-2022.docx").read_bytes()
BAISHA = (FIXTURES / "baisha-2020.html").read_bytes()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_several_files_at_once_each_saved_and_read(tmp_path):
    results = save_uploads([("青石镇2022年报.docx", QINGSHI), ("白沙乡.html", BAISHA), ("涧池镇.md", SEED)], tmp_path)
    assert [(r.saved_as, r.stored, r.status) for r in results] == [
        ("青石镇2022年报.docx", "new", "ok"), ("白沙乡.html", "new", "ok"), ("涧池镇.md", "new", "partial")]
    assert [r.report.org for r in results] == ["青石镇", "白沙乡", "涧池镇"]
    assert _files(tmp_path) == {"青石镇2022年报.docx": QINGSHI, "白沙乡.html": BAISHA, "涧池镇.md": SEED}
    assert all("已保存" in r.message for r in results)


def test_an_identical_file_is_recognised_by_its_hash_and_not_stored_twice(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "old-name.md").write_bytes(SEED)
    results = save_uploads([("renamed.md", SEED), ("again.md", SEED)], tmp_path)
    assert [(r.stored, r.saved_as) for r in results] == [("duplicate", "sub/old-name.md")] * 2
    assert all("内容相同" in r.message and "未重复保存" in r.message for r in results)
    assert results[0].status == "partial"  # still read, so the reviewer sees its result
    assert _files(tmp_path) == {"sub/old-name.md": SEED}


def test_the_same_file_twice_in_one_upload_is_stored_once(tmp_path):
    results = save_uploads([("a.html", BAISHA), ("b.html", BAISHA)], tmp_path)
    assert [r.stored for r in results] == ["new", "duplicate"]
    assert _files(tmp_path) == {"a.html": BAISHA}


def test_a_different_file_of_the_same_name_never_overwrites(tmp_path):
    (tmp_path / "报告.md").write_bytes(SEED)
    before = os.stat(tmp_path / "报告.md").st_mtime_ns
    other = SEED.replace("315条".encode(), "316条".encode())
    results = save_uploads([("报告.md", other), ("报告.md", other + b"\n")], tmp_path)
    assert [r.saved_as for r in results] == ["报告 (2).md", "报告 (3).md"]
    assert "另存为" in results[0].message
    assert (tmp_path / "报告.md").read_bytes() == SEED and os.stat(tmp_path / "报告.md").st_mtime_ns == before
    assert (tmp_path / "报告 (2).md").read_bytes() == other


@pytest.mark.parametrize("name, expected", [
    ("../../x.md", "x.md"),
    ("..\\..\\windows\\x.md", "x.md"),
    ("/etc/passwd.md", "passwd.md"),
    ("..", ""),
    ("", ""),
    (".hidden.md", "hidden.md"),
    ("a\x00b\nc.md", "a_b_c.md"),
    ('报告<1>:"2"|?*.PDF', "报告_1___2____.pdf"),
    ("CON.md", "_CON.md"),
    ("长" * 200 + ".pdf", "长" * 58 + ".pdf"),
])
def test_names_are_made_safe(name, expected):
    assert safe_name(name) == expected


def test_an_upload_named_to_climb_out_lands_inside_the_folder(tmp_path):
    folder = tmp_path / "reports"
    results = save_uploads([("../../x.md", SEED), ("../escape.md", b"\n" + SEED)], folder)
    assert [r.saved_as for r in results] == ["x.md", "escape.md"]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["escape.md", "x.md"]
    assert all(p.parent == folder for p in tmp_path.rglob("*.md"))


def test_a_name_with_nothing_left_is_refused(tmp_path):
    results = save_uploads([("..", SEED), ("/", SEED), (".md", SEED)], tmp_path)
    assert all(r.stored == "refused" and r.status == "failed" for r in results)
    assert "文件名无效" in results[0].message and "文件名无效" in results[1].message
    assert "不支持的文件类型" in results[2].message  # ".md" is a name without a type
    assert _files(tmp_path) == {}


def test_type_and_size_limits_are_enforced_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    results = save_uploads([("big.md", SEED), ("report.exe", b"MZ"), ("report.doc", b"x"), ("empty.md", b"")],
                           tmp_path)
    assert [r.stored for r in results] == ["refused"] * 4
    assert "超过上限" in results[0].message and "MB" in results[0].message
    assert "不支持的文件类型" in results[1].message and ".exe" in results[1].message
    assert "不支持" in results[2].message
    assert "为空" in results[3].message
    assert _files(tmp_path) == {}


@pytest.mark.parametrize("name, make, words", [
    ("scan.pdf", lambda: hostile.pdf_bytes(2, image=True), "扫描件，无文字层"),
    ("500.pdf", lambda: hostile.pdf_bytes(500), "页数上限"),
    ("bomb.docx", hostile.zip_bomb_docx, "压缩炸弹"),
    ("fake.pdf", lambda: b"GIF89a not a pdf", "不是 PDF"),
    ("notes.md", lambda: "今天天气很好。".encode(), "不是政府信息公开"),
])
def test_a_file_that_cannot_be_read_is_failed_with_its_reason_and_not_stored(tmp_path, name, make, words):
    (tmp_path / "keep.md").write_bytes(SEED)
    results = save_uploads([(name, make()), ("good.html", BAISHA)], tmp_path)
    assert (results[0].status, results[0].stored) == ("failed", "refused")
    assert words in results[0].message and "未保存" in results[0].message
    assert (results[1].status, results[1].stored) == ("ok", "new")  # the next file is not disturbed
    assert _files(tmp_path) == {"keep.md": SEED, "good.html": BAISHA}


def test_no_temporary_file_is_left_behind(tmp_path, monkeypatch):
    def broken_link(src, dst):
        raise PermissionError("no links here")

    monkeypatch.setattr(os, "link", broken_link)  # a file system without hard links: os.replace instead
    results = save_uploads([("a.md", SEED), ("a.md", SEED + b"\n")], tmp_path)
    assert [r.saved_as for r in results] == ["a.md", "a (2).md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a (2).md", "a.md"]


def test_too_many_files_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILES", 2)
    results = save_uploads([("a.md", SEED), ("b.md", SEED + b"\n"), ("c.md", SEED + b"\n\n")], tmp_path)
    assert [r.stored for r in results] == ["new", "new", "refused"] and "最多" in results[2].message


def test_results_frame_for_people(tmp_path):
    frame = upload.results_frame(save_uploads([("x.exe", b"MZ"), ("白沙乡.html", BAISHA)], tmp_path))
    assert list(frame.columns)[:4] == ["上传文件", "结果", "保存", "保存为"]
    assert list(frame["结果"]) == ["读取失败", "完整读取"] and list(frame["保存"]) == ["未保存", "已保存"]
    assert frame["年度"].tolist()[1] == 2020 and frame["单位"].tolist()[1] == "白沙乡"


def test_the_page_states_types_and_limit_and_shows_a_result_per_file(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NIANBAO_REPORTS", str(tmp_path))
    monkeypatch.chdir(ROOT)
    from pages.ui import data

    assert data.load().frames.reports.empty  # the other pages have listed the empty folder
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60)
    at.run()
    assert not at.exception
    shown = " ".join(c.value for c in at.caption)
    assert f"{upload.MAX_UPLOAD_MB} MB" in shown and ".pdf" in shown and ".docx" in shown
    uploader = at.get("file_uploader")[0]
    assert uploader.accept_multiple_files
    assert {"pdf", "docx", "html", "htm", "txt", "md"} <= {t.lstrip(".") for t in uploader.allowed_type}
    evil = "<script>alert(1)</script>.html"
    uploader.set_value([("白沙乡.html", BAISHA, "text/html"), (evil, b"<script>alert(1)</script>", "text/html"),
                        ("../../x.md", SEED, "text/markdown")])
    at.run()
    at.button[0].click()
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["上传文件"]) == ["白沙乡.html", evil, "../../x.md"]
    assert list(table["结果"]) == ["完整读取", "读取失败", "部分读取"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md", "白沙乡.html"]
    assert not any("<script>" in m.value for m in at.markdown)  # file names never rendered as markup
    assert len(data.load().frames.reports) == 2  # saved files show at once, not after LISTING_SECONDS


def test_a_file_just_over_the_size_limit_never_reads_as_the_limit(tmp_path):
    result = save_uploads([("big.md", b"x" * (upload.MAX_UPLOAD_BYTES + 1))], tmp_path)[0]
    assert result.stored == "refused"
    assert f"文件大小 {upload.MAX_UPLOAD_MB}.1 MB，超过上限 {upload.MAX_UPLOAD_MB} MB" in result.message
