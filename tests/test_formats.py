"""Reports as published — HTML pages, Word files, PDFs — read into the same facts as text reports.

Fixtures: tests/fixtures/ (written by tests/fixtures/make_fixtures.py from one set of figures per
template; TRUTH there says what every format must give). Hostile files are made at test time
(tests/fixtures/hostile.py). The published PDFs of ../shared/realworld-full are read where present.
"""
from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import pytest

import loaders
from conftest import labels, shared_folder
from narrative_names import org_matches
from fixtures import hostile, make_fixtures
from loaders.formats import REPORT_SUFFIXES, read_source
from loaders.formats.docx import MAX_RATIO
from loaders.formats.html_tree import declared_charset, decode_html
from loaders.formats.pdf import MAX_PAGES
from loaders.model import CellOrigin
from loaders.report import read_report
from loaders.sources import find_reports

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = {
    "qingshi-2022": ("qingshi-2022.html", "qingshi-2022.docx", "qingshi-2022.pdf"),
    "baisha-2020": ("baisha-2020.html", "baisha-2020-gbk.html", "baisha-2020.docx"),
}
ALL_FILES = [(name, f) for name, files in FORMATS.items() for f in files]


@functools.cache
def _read(filename: str):
    return read_report(filename, (FIXTURES / filename).read_bytes())


def _facts(report) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for f in report.facts:
        assert (f.metric, f.applicant) not in out, f"{f.metric}/{f.applicant} twice"
        out[(f.metric, f.applicant)] = f.value
    return out


# ---------------------------------------------------------------------------------------------
# the same report in every format
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, filename", ALL_FILES)
def test_every_format_gives_exactly_the_reports_figures(name, filename):
    report = _read(filename)
    rep = make_fixtures.REPORTS[name]
    assert (report.org, report.county, report.year, report.template) == (rep["org"], rep["county"], rep["year"],
                                                                         rep["template"])
    assert report.status == "ok", report.message
    assert report.format == Path(filename).suffix.lstrip(".")
    assert _facts(report) == make_fixtures.truth(name)


def test_html_docx_and_pdf_of_one_report_give_the_same_facts():
    facts = {f: _facts(_read(f)) for f in FORMATS["qingshi-2022"]}
    html, docx, pdf = facts.values()
    assert html == docx == pdf
    assert len(html) > 190


def test_html_and_docx_say_table_row_and_cell_of_each_table_number():
    html, docx = (_read(f) for f in ("qingshi-2022.html", "qingshi-2022.docx"))
    origin = {(f.metric, f.applicant): f.origin for f in html.facts if not f.from_narrative}
    assert all(o is not None and o.page == 0 and o.table and o.row and o.cell for o in origin.values())
    assert origin == {(f.metric, f.applicant): f.origin for f in docx.facts if not f.from_narrative}
    # 二、上年结转: the fifth row of the second table (表三); 科研机构 is its sixth grid column
    # (three label columns, then 自然人, 商业企业, 科研机构)
    o = origin[("apps.carried_over", "research")]
    assert (o.table, o.row, o.cell) == (2, 5, 6)
    o = origin[("lit_after_review.total", "")]
    assert (o.table, o.row, o.cell) == (3, 4, 15)


@pytest.mark.parametrize("filename", [f for _, f in ALL_FILES])
def test_each_fact_stands_on_its_line_in_its_field(filename):
    src = read_source(filename, (FIXTURES / filename).read_bytes())
    report = _read(filename)
    for f in report.facts:
        line = src.lines[f.line - 1]
        if f.from_narrative:
            assert f"{f.value:g}" in line.replace(" ", "")
            continue
        fields = line.split("|")
        assert fields[f.field - 1].strip() == f"{f.value:g}", (f, line)


def test_pdf_gives_page_and_line_and_joins_a_table_over_a_page_break():
    report = _read("qingshi-2022.pdf")
    src = read_source("qingshi-2022.pdf", (FIXTURES / "qingshi-2022.pdf").read_bytes())
    by = {(f.metric, f.applicant): f for f in report.facts}
    first, last = by[("apps.new_received", "total")], by[("apps.carried_forward", "total")]
    assert first.origin.page == 1 and last.origin.page == 2  # the application table runs over the break
    assert first.origin.table == last.origin.table  # … and is one table
    assert last.origin.row > first.origin.row
    for f in report.facts:
        assert f.origin is not None and f.origin.page >= 1
        assert f"{f.value:g}" in src.raw_lines[f.line - 1].replace(" ", "")
    narrative = by[("proactive.items_total", "")]
    assert narrative.from_narrative and narrative.origin.page == 1
    assert "315" in src.raw_lines[narrative.line - 1]


def test_pdf_paragraphs_wrapped_by_the_page_are_one_line():
    src = read_source("qingshi-2022.pdf", (FIXTURES / "qingshi-2022.pdf").read_bytes())
    intro = [line for line in src.lines if line.startswith("本报告由")]
    assert len(intro) == 1 and intro[0].endswith("党政办公室联系。")  # three printed lines, one paragraph
    assert "2022年1月1日起至2022年12月31日止" in intro[0]


def test_pdf_page_numbers_are_dropped_and_mixed_font_sizes_stay_on_their_line():
    src = read_source("qingshi-2022.pdf", (FIXTURES / "qingshi-2022.pdf").read_bytes())
    assert not [line for line in src.raw_lines if re.fullmatch(r"- \d -", line)]  # Chromium printed "- 1 -" …
    data = hostile.pdf_bytes(1, text=[(72, 700, 18, "Annual report of the year"), (300, 700, 9, "315 items"),
                                      (72, 686, 12, "second line of the page body"), (290, 40, 10, "- 1 -")])
    assert read_source("x.pdf", data).raw_lines == ["Annual report of the year 315 items",
                                                    "second line of the page body"]


def test_pdf_merged_cells_come_back_as_a_grid():
    """Ruled cells in a hand-drawn PDF: a label merged over two rows, a label over two columns, and a
    number wrapped by its narrow column (4472 / 28)."""
    drawing = hostile.rules((100, 700, 400, 700), (200, 680, 400, 680), (100, 650, 400, 650), (100, 630, 400, 630),
                            (100, 700, 100, 630), (200, 700, 200, 650), (300, 700, 300, 630), (400, 700, 400, 630))
    text = [(72, 760, 12, "Annual report table test page"), (105, 672, 9, "Group"), (205, 686, 9, "a"),
            (305, 686, 9, "12"), (205, 662, 9, "b"), (305, 668, 9, "4472"), (305, 656, 9, "28"),
            (105, 636, 9, "Total"), (305, 636, 9, "4484")]
    src = read_source("t.pdf", hostile.pdf_bytes(1, text=text, drawing=drawing))
    assert src.raw_lines == ["Annual report table test page", "Group | a | 12 |", "Group | b | 447228 |",
                             "Total | Total | 4484 |"]
    assert src.origins[(3, 3)] == CellOrigin(page=1, table=1, row=2, cell=3)


def test_pdf_table_over_a_page_break_is_one_table_and_its_cut_label_is_mended():
    page1 = ([(72, 760, 12, "Annual report table test page"), (105, 106, 9, "Gro"), (205, 106, 9, "a"),
              (305, 106, 9, "12")],
             hostile.rules((100, 120, 400, 120), (100, 100, 400, 100), (100, 120, 100, 100), (200, 120, 200, 100),
                           (300, 120, 300, 100), (400, 120, 400, 100)))
    page2 = ([(105, 766, 9, "up"), (205, 776, 9, "b"), (305, 776, 9, "3"), (205, 756, 9, "c"), (305, 756, 9, "4"),
              (72, 700, 12, "after the table")],
             hostile.rules((100, 790, 400, 790), (200, 770, 400, 770), (100, 750, 400, 750), (100, 790, 100, 750),
                           (200, 790, 200, 750), (300, 790, 300, 750), (400, 790, 400, 750)))
    src = read_source("t.pdf", hostile.pages_pdf([page1, page2]))
    assert src.raw_lines == ["Annual report table test page", "Gro up | a | 12 |", "Gro up | b | 3 |",
                             "Gro up | c | 4 |", "after the table"]
    assert [src.origins[(n, 3)] for n in (2, 3, 4)] == [CellOrigin(1, 1, 1, 3), CellOrigin(2, 1, 2, 3),
                                                        CellOrigin(2, 1, 3, 3)]


def test_pdf_kangxi_radicals_are_mended_in_the_normalised_lines():
    src = read_source("qingshi-2022.pdf", (FIXTURES / "qingshi-2022.pdf").read_bytes())
    assert any("⼈" in line or "⾏" in line for line in src.raw_lines)  # Chromium's text layer uses radicals
    assert not any("⼈" in line or "⾏" in line for line in src.lines)


# ---------------------------------------------------------------------------------------------
# the grid says which column a number is in
# ---------------------------------------------------------------------------------------------
def test_structure_places_numbers_that_the_flattened_text_cannot():
    """二、上年结转 shows one number (科研机构 = 1) and six empty cells; 2.重复申请 only its 总计.

    Copied as text (cells separated by spaces, empty cells gone) the rows are ambiguous and the text
    reader rightly places nothing; the HTML and DOCX grids put each number in its column."""
    for name, metric, applicant in (("qingshi-2022", "apps.carried_over", "research"),
                                    ("baisha-2020", "apps.rejected.duplicate", "total")):
        html = _facts(_read(f"{name}.html"))
        docx = _facts(_read(f"{name}.docx"))
        placed = {a for (m, a) in html if m == metric}
        assert placed == {applicant} and html[(metric, applicant)] == make_fixtures.truth(name)[(metric, applicant)]
        assert {a for (m, a) in docx if m == metric} == {applicant}
        src = read_source(f"{name}.html", (FIXTURES / f"{name}.html").read_bytes())
        flattened = "\n".join(" ".join(c.strip() for c in line.split(" | ") if c.strip()) for line in src.raw_lines)
        text = read_report(f"{name}.txt", flattened.encode("utf-8"))
        assert not {a for (m, a) in _facts(text) if m == metric}, "the text version is ambiguous here"
        assert "cell.uncertain" in {f.rule for f in text.findings}


def test_a_merged_number_cell_counts_once_in_its_first_column():
    """行政许可's one number spans the three value columns of the grid: it stands in the first only."""
    page = """<html><body><h1>某镇2021年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>
    <table><tr><td colspan="4">第二十条第（一）项</td></tr>
    <tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr>
    <tr><td colspan="4">第二十条第（五）项</td></tr>
    <tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
    <tr><td>行政许可</td><td colspan="3">188</td></tr></table></body></html>"""
    src = read_source("x.html", page.encode("utf-8"))
    row = next(line for line in src.raw_lines if line.startswith("行政许可"))
    assert row == "行政许可 | 188 |  |  |"
    header = next(line for line in src.raw_lines if "本年处理决定数量" in line)
    assert header.count("本年处理决定数量") == 3  # text spreads over the positions it covers
    facts = _facts(read_report("x.html", page.encode("utf-8")))
    assert facts[("licensing.decisions", "")] == 188 and facts[("rules.in_force", "")] == 5


def test_columns_no_row_with_text_tells_apart_are_one_column():
    """Word's HTML export adds an invisible spacer row of narrow columns under a table whose rows do not
    line up; the numbers must still come out one field per applicant column."""
    cells = "".join("<td width=20 style='border:none'></td>" for _ in range(12))
    page = f"""<html><body><p>某镇2021年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>
    <table border=1><tr><td colspan=3 rowspan=2>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td rowspan=2>自然人</td><td colspan=6>法人或其他组织</td><td rowspan=2 colspan=2>总计</td></tr>
    <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td colspan=2>其他</td></tr>
    <tr><td colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td></td><td>1</td><td>0</td><td>0</td>
    <td colspan=2>0</td><td colspan=2>6</td></tr>
    <![if !supportMisalignedColumns]><tr height=0>{cells}</tr><![endif]></table></body></html>"""
    src = read_source("w.html", page.encode("utf-8"))
    assert "一、本年新收政府信息公开申请数量 | 5 |  | 1 | 0 | 0 | 0 | 6 |" in src.raw_lines
    facts = _facts(read_report("w.html", page.encode("utf-8")))
    assert {a: v for (m, a), v in facts.items() if m == "apps.new_received"} == {
        "natural_person": 5, "research": 1, "social_org": 0, "legal_service": 0, "other_org": 0, "total": 6}


# ---------------------------------------------------------------------------------------------
# HTML pages
# ---------------------------------------------------------------------------------------------
def test_html_page_chrome_scripts_and_hidden_text_are_left_out():
    src = read_source("qingshi-2022.html", (FIXTURES / "qingshi-2022.html").read_bytes())
    text = "\n".join(src.raw_lines)
    for noise in ("首页", "当前位置", "备案号", "分享到", "澳门赌场", "document.write", "99 99 99", "请启用脚本",
                  "青石镇2021年政府信息公开工作年度报告"):  # the side bar's link to last year's report
        assert noise not in text
    assert src.raw_lines[0] == "青石镇2022年政府信息公开工作年度报告"  # the article's title, kept


def test_gbk_page_is_read_by_its_meta_charset():
    gbk = (FIXTURES / "baisha-2020-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert declared_charset(gbk) == "gb18030"
    assert decode_html(gbk) == (FIXTURES / "baisha-2020.html").read_text(encoding="utf-8").replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')


def test_gbk_page_without_a_declared_charset_falls_back_to_the_text_decoder():
    page = (FIXTURES / "baisha-2020.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    report = read_report("x.html", page.encode("gbk"))
    assert report.org == "白沙乡" and _facts(report) == make_fixtures.truth("baisha-2020")


def test_page_declaring_the_wrong_charset_is_still_read():
    page = (FIXTURES / "baisha-2020.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gbk"')
    report = read_report("x.html", page.encode("utf-8"))  # says GBK, is UTF-8
    assert report.org == "白沙乡" and _facts(report) == make_fixtures.truth("baisha-2020")


def test_scripts_never_run_and_their_text_is_never_read():
    _, body = make_fixtures.report_html("qingshi-2022")
    page = hostile.script_html(f"<h1>青石镇2022年政府信息公开工作年度报告</h1>{body}")
    report = read_report("evil.html", page.encode("utf-8"))
    assert _facts(report) == make_fixtures.truth("qingshi-2022")  # no 999, 777 or 555 from the scripts
    src = read_source("evil.html", page.encode("utf-8"))
    assert not any(w in "\n".join(src.raw_lines) for w in ("999", "777", "555", "alert", "fetch", "cookie"))


def test_a_layout_table_around_the_report_is_read_as_content():
    _, body = make_fixtures.report_html("baisha-2020")
    page = (f"<html><body><table><tr><td>网站导航</td><td><h1>白沙乡2020年政府信息公开工作年度报告</h1>{body}</td>"
            f"</tr></table></body></html>")
    report = read_report("layout.htm", page.encode("utf-8"))
    assert _facts(report) == make_fixtures.truth("baisha-2020")


def test_html_title_only_in_the_browser_tab_is_used():
    _, body = make_fixtures.report_html("baisha-2020")
    page = f"<html><head><title>白沙乡2020年政府信息公开工作年度报告_云溪县人民政府</title></head><body>{body}</body></html>"
    report = read_report("x.html", page.encode("utf-8"))
    assert report.org == "白沙乡" and report.year == 2020


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------
def _p(text: str, num: tuple[int, int] | None = None) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


_NUMBERING = """<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"""


def test_docx_automatic_list_numbers_are_part_of_the_text():
    body = (_p("总体情况", (1, 0)) + _p("主动公开情况", (1, 1)) + _p("依申请公开情况", (1, 1))
            + _p("主动公开政府信息情况", (1, 0)) + _p("收到和处理政府信息公开申请情况", (1, 0)))
    src = read_source("x.docx", hostile.docx_bytes(body, _NUMBERING))
    assert src.raw_lines == ["一、总体情况", "（一）主动公开情况", "（二）依申请公开情况", "二、主动公开政府信息情况",
                             "三、收到和处理政府信息公开申请情况"]


def test_docx_deleted_hidden_and_field_code_text_is_left_out_inserted_text_kept():
    body = ('<w:p><w:r><w:t>全年共主动公开政府信息</w:t></w:r><w:del><w:r><w:delText>999</w:delText></w:r></w:del>'
            '<w:ins><w:r><w:t>315</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>777</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE 555 </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>条</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    src = read_source("x.docx", hostile.docx_bytes(body))
    assert src.raw_lines == ["全年共主动公开政府信息315条"]


def test_docx_vertical_merge_spreads_a_label_but_not_a_number():
    cell = '<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>'
    rows = [
        [cell.format(pr='<w:vMerge w:val="restart"/>', t="（三）不予公开"), cell.format(pr="", t="1.属于国家秘密"),
         cell.format(pr='<w:vMerge w:val="restart"/>', t="7")],
        [cell.format(pr="<w:vMerge/>", t=""), cell.format(pr="", t="2.其他法律行政法规禁止公开"),
         cell.format(pr="<w:vMerge/>", t="")],
        [cell.format(pr='<w:gridSpan w:val="2"/>', t="合计"), cell.format(pr="", t="7")],
    ]
    body = "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"
    src = read_source("x.docx", hostile.docx_bytes(body))
    assert src.raw_lines == ["（三）不予公开 | 1.属于国家秘密 | 7 |", "（三）不予公开 | 2.其他法律行政法规禁止公开 |  |",
                             "合计 | 合计 | 7 |"]
    assert src.origins[(2, 1)].row == 2 and src.origins[(3, 3)].cell == 3


def test_docx_text_boxes_and_content_controls_are_read_in_order():
    body = ('<w:sdt><w:sdtContent>' + _p("标题在内容控件里") + '</w:sdtContent></w:sdt>'
            '<w:p><w:r><w:t>前</w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="urn:x"><w:txbxContent>'
            + _p("文本框里的字") + '</w:txbxContent></wp:inline></w:drawing></w:r></w:p>')
    src = read_source("x.docx", hostile.docx_bytes(body))
    assert src.raw_lines == ["标题在内容控件里", "前", "文本框里的字"]


# ---------------------------------------------------------------------------------------------
# hostile and odd files: each refused with its reason, quickly
# ---------------------------------------------------------------------------------------------
HOSTILE = {
    "bomb.docx": (hostile.zip_bomb_docx, "file.too_large", "压缩炸弹"),
    "500-pages.pdf": (lambda: hostile.pdf_bytes(500), "file.too_many_pages", f"{MAX_PAGES} 页"),
    "lying-count.pdf": (lambda: hostile.pdf_bytes(300, declared_count=2), "file.too_many_pages", "页数上限"),
    "scan.pdf": (lambda: hostile.pdf_bytes(3, image=True), "file.scanned", "扫描件，无文字层"),
    "not-a-pdf.pdf": (lambda: "<html>年度报告</html>".encode(), "file.unreadable", "不是 PDF"),
    "truncated.pdf": (lambda: (FIXTURES / "qingshi-2022.pdf").read_bytes()[:3000], "file.unreadable", "PDF"),
    "old-word.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file.unsupported", "另存为"),
    "not-a-zip.docx": (lambda: "年度报告".encode() * 50, "file.unreadable", "不是有效的 .docx"),
    "pdf-named.html": (lambda: hostile.pdf_bytes(1), "file.unreadable", "内容是PDF"),
    "dtd.docx": (lambda: _dtd_docx(), "file.unreadable", "DTD"),
}


def _dtd_docx() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>')
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_its_reason(name):
    make, rule, words = HOSTILE[name]
    report = read_report(name, make())  # how fast it is refused: benchmarks/bench.py
    assert report.status == "failed" and not report.facts
    assert [f.rule for f in report.findings] == [rule], report.message
    assert words in report.message


def test_zip_ratio_limit_is_generous_for_real_documents():
    assert MAX_RATIO >= 50
    for filename in ("qingshi-2022.docx", "baisha-2020.docx"):
        assert _read(filename).status == "ok"


def test_hostile_files_disturb_nothing_else(tmp_path):
    for name, (make, _, _) in HOSTILE.items():
        (tmp_path / name).write_bytes(make())
    for filename in FORMATS["qingshi-2022"]:
        (tmp_path / filename).write_bytes((FIXTURES / filename).read_bytes())
    frames = loaders.load([tmp_path])
    status = dict(zip(frames.reports["source"].map(lambda s: Path(s).name), frames.reports["status"]))
    assert {n: status[n] for n in HOSTILE} == {n: "failed" for n in HOSTILE}
    assert {status[f] for f in FORMATS["qingshi-2022"]} == {"ok"}
    good = frames.facts[frames.facts["source"].str.contains("qingshi")]
    assert len(good) == 3 * len(make_fixtures.truth("qingshi-2022"))


# ---------------------------------------------------------------------------------------------
# the command line and the folder reader take every format
# ---------------------------------------------------------------------------------------------
def test_report_suffixes_cover_every_format():
    for suffix in (".txt", ".md", ".html", ".htm", ".docx", ".pdf"):
        assert suffix in REPORT_SUFFIXES


def test_export_reads_a_folder_of_mixed_formats(tmp_path, capsys):
    from loaders.cli import main

    folder = tmp_path / "reports"
    folder.mkdir()
    for filename in ("qingshi-2022.pdf", "baisha-2020-gbk.html", "baisha-2020.docx"):
        (folder / filename).write_bytes((FIXTURES / filename).read_bytes())
    (folder / "jianchi-2021.md").write_bytes((Path(__file__).parent.parent / "data" / "jianchi-2021.md").read_bytes())
    assert main(["export", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    import pandas as pd

    reports = pd.read_csv(tmp_path / "out" / "reports.csv", encoding="utf-8-sig")
    assert sorted(reports["format"]) == ["docx", "html", "pdf", "text"]
    facts = pd.read_csv(tmp_path / "out" / "facts.csv", encoding="utf-8-sig")
    pdf = facts[facts["source"].str.endswith(".pdf") & (facts["reading"] == "table")]
    assert pdf["page"].notna().all() and pdf["line"].notna().all()
    docx = facts[facts["source"].str.endswith(".docx") & (facts["reading"] == "table")]
    assert docx[["table", "row", "cell"]].notna().all().all()
    assert list(facts.columns[:11]) == ["source", "line", "org", "county", "year", "template", "section", "metric",
                                        "applicant", "value", "unit"]


def test_source_text_of_every_format_for_the_report_page():
    for _, filename in ALL_FILES:
        src = loaders.source_text(FIXTURES / filename)
        assert len(src.raw_lines) == len(src.lines) > 40
        assert src.structured and src.format in ("html", "docx", "pdf")


# ---------------------------------------------------------------------------------------------
# published PDFs (../shared/realworld-full; skipped where absent)
# ---------------------------------------------------------------------------------------------
def test_published_pdfs_are_read_with_no_number_in_a_wrong_column():
    folder = shared_folder("realworld-full")
    pdfs = sorted(folder.glob("0*.pdf"))
    if not pdfs:
        pytest.skip("no published PDFs in ../shared/realworld-full")
    frames = loaders.load(pdfs)
    n = exact = wrong = 0
    for pdf in pdfs:
        lab = labels(pdf.with_suffix(".json"))
        rep = frames.reports[frames.reports["source"] == str(pdf)].iloc[0]
        assert int(rep["year"]) == lab["year"] and rep["template"] == lab["template"]
        assert org_matches(rep["org"], lab["org"])
        facts = frames.facts[frames.facts["source"] == str(pdf)]
        got: dict = {}
        for m, a, v in zip(facts["metric"], facts["applicant"].fillna(""), facts["value"]):
            got.setdefault((m, a), set()).add(v)
        for v in lab["values"]:
            n += 1
            vals = got.get((v["metric"], v["applicant"]), set())
            if len(vals) == 1 and math.isclose(next(iter(vals)), v["value"], abs_tol=1e-6):
                exact += 1
            elif vals:
                wrong += 1
        assert facts[facts["reading"] == "table"]["page"].notna().all()
    assert wrong == 0
    assert exact / n >= 0.97, f"{exact}/{n}"


def test_find_reports_picks_up_every_format(tmp_path):
    for name in ("a.html", "b.HTM", "c.docx", "d.pdf", "e.md", "f.txt", "g.json", ".h.pdf", "i.pdf.part"):
        (tmp_path / name).write_bytes(b"x")
    found = sorted(Path(f.source).name for f in find_reports([tmp_path]))
    assert found == ["a.html", "b.HTM", "c.docx", "d.pdf", "e.md", "f.txt"]
