"""One small fixture per quirk of real reports (written for these tests; no real report text)."""
from __future__ import annotations

import pytest

from loaders import read_report
from loaders.catalog import APPLICANT_IDS as APPLICANTS

HEAD = "示例镇2022年政府信息公开工作年度报告\n本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n全年共主动公开政府信息120条。\n"
SEC2_2021 = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
             "规章\t1\t2\t3\n行政规范性文件\t4\t5\t6\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t7\n"
             "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t8\n行政强制\t9\n"
             "第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t1.25\n")


def facts(text: str, name: str = "x.md") -> dict:
    report = read_report(name, text.encode("utf-8"))
    return {(f.metric, f.applicant): f.value for f in report.facts}


def rules(text: str) -> list[str]:
    return [f.rule for f in read_report("x.md", text.encode("utf-8")).findings]


def test_a_full_stop_after_a_cells_number_keeps_the_number():
    # "4。" used to read as a sentence, which ends a table row: the row's numbers were lost without a word
    got = facts(HEAD + "二、主动公开政府信息情况\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t4。\n"
                       "行政强制\t0；\n三、收到和处理政府信息公开申请情况\n"
                       "| 一、本年新收政府信息公开申请数量 | 2。 | 0 | 0 | 0 | 0 | 0 | 2件。 |\n")
    assert (got[("penalty.decisions", "")], got[("enforcement.decisions", "")]) == (4, 0)
    assert [got[("apps.new_received", a)] for a in ("natural_person", "commercial", "total")] == [2, 0, 2]


def test_a_footnote_mark_after_a_number_is_not_a_digit_of_it():
    # NFKC turns ① and ¹ into "1": "180①" was read as 1801
    got = facts(HEAD + "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t180①\n"
                       "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t7²\n")
    assert (got[("licensing.decisions", "")], got[("penalty.decisions", "")]) == (180, 7)


def test_a_number_ending_a_sentence_stays_prose():
    got = facts(HEAD + "二、主动公开政府信息情况\n第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t4\n"
                       "本年度行政强制 决定共 2。\n")
    assert got[("penalty.decisions", "")] == 4 and ("enforcement.decisions", "") not in got


def test_a_one_column_block_listed_labels_first_is_read_row_by_row():
    # PDF text taken box by box: the labels' box, then the numbers' box, each top to bottom
    got = facts(HEAD + "二、主动公开政府信息情况\n第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n\n行政强制\n\n"
                       "4119\n\n195\n\n第二十条第（八）项\n信息内容\n本年收费金额（单位：万元）\n行政事业性收费\n7730.28\n")
    assert (got[("penalty.decisions", "")], got[("enforcement.decisions", "")]) == (4119, 195)
    assert got[("fees.amount", "")] == 7730.28


def test_a_wider_table_listed_labels_first_is_not_guessed():
    # such tools list a table's columns in no certain order: two rows of three columns stay unread
    text = (HEAD + "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数 本年废止件数 现行有效件数\n"
            "规章\n行政规范性文件\n0\n0\n0\n5\n0\n5\n")
    assert not [k for k in facts(text) if k[0].startswith(("rules.", "normative."))]
    excess = [f.message for f in read_report("x.md", text.encode("utf-8")).findings if f.rule == "cell.excess"]
    assert excess == ["表二「行政规范性文件」行：6 个数值，多于 3 列：似为其上 2 行的数值列在全部行名之后（PDF 转出的文本常见），"
                      "各列次序无法确定，未采用"]


def test_page_footers_of_pdf_text_are_not_cells():
    got = facts(HEAD + "二、主动公开政府信息情况\n第二十条第（八）项\n信息内容本年收费金额（单位：万元）\n"
                       "行政事业性收费 0\n— 4 —\n三、收到和处理政府信息公开申请情况\n")
    assert got[("fees.amount", "")] == 0


def test_numbers_inside_a_sentence_are_not_cells():
    text = HEAD + SEC2_2021 + "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n" \
           "行政复议 行政诉讼\n针对 2024 年工作中存在的问题\n"
    got = facts(text)
    assert not [k for k in got if k[0].startswith("review.")]


def test_a_row_of_numbers_without_its_label_is_not_added_to_the_row_before():
    text = HEAD + ("三、收到和处理政府信息公开申请情况\n| （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n"
                   "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
    got = facts(text)
    assert got[("apps.disclosed", "total")] == 9
    assert "cell.uncertain" in rules(text)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_title_broken_over_two_lines(gap):
    report = read_report("x.md", f"2024 年示例县交通运输局政府信息公开{gap}工作年度报告\n一、总体情况\n".encode())
    assert (report.org, report.year) == ("示例县交通运输局", 2024)


def test_a_number_at_the_very_end_of_a_cut_text_is_not_trusted():
    got = facts(HEAD + SEC2_2021.replace("行政事业性收费\t1.25\n", "行政事业性收费\t1.2"))
    assert ("fees.amount", "") not in got
    assert got[("enforcement.decisions", "")] == 9


def test_blank_line_cells_where_each_extra_break_is_an_empty_cell():
    rows = "一、本年新收政府信息公开申请数量\n\n12\n\n\n\n\n\n\n12\n\n二、上年结转政府信息公开申请数量\n\n\n\n\n\n\n\n\n" \
           "三、本年度办理结果\n\n（一）予以公开\n\n4\n\n\n\n\n\n\n\n（二）部分公开\n\n"
    sec2 = "二、主动公开政府信息情况\n\n规章\n\n0\n\n0\n\n0\n\n行政规范性文件\n\n0\n\n0\n\n0\n\n"
    got = facts(HEAD + sec2 + "三、收到和处理政府信息公开申请情况\n\n" + rows)
    assert got[("apps.new_received", "natural_person")] == 12 and got[("apps.new_received", "total")] == 12
    assert ("apps.new_received", "commercial") not in got
    assert got[("apps.disclosed", "natural_person")] == 4 and ("apps.disclosed", "total") not in got
    assert not [k for k in got if k[0] == "apps.carried_over"]


TRADITIONAL = ("示例鎮2022年政府信息公開工作年度報告\n本報告所列數(shù)據統計期限自2022年1月1日起至2022年12月31日止。\n"
               "二、主動公開政府信息情況\n第二十條第（六）項\n信息內容 | 本年處理決定數量 |\n行政處罰 | 4 |\n行政強製 | 0 |\n")
TRADITIONAL_VALUES = {("penalty.decisions", ""): 4, ("enforcement.decisions", ""): 0}


def _values(report) -> dict:
    return {(f.metric, f.applicant): f.value for f in report.facts}


def test_traditional_characters_and_pinyin_glosses():
    report = read_report("x.md", TRADITIONAL.encode("utf-8"))
    assert (report.org, report.year, _values(report)) == ("示例镇", 2022, TRADITIONAL_VALUES)


def test_a_traditional_report_saved_as_big5_is_not_read_as_gbk_nonsense():
    # Big5 bytes also decode as GB18030, to other characters: the reader must pick the reading a report makes
    text = TRADITIONAL.replace("(shù)", "")
    report = read_report("x.txt", text.encode("big5"))
    assert (report.org, report.year, _values(report)) == ("示例镇", 2022, TRADITIONAL_VALUES)
    gbk = read_report("x.txt", text.replace("鎮", "镇").encode("gb18030"))  # the same text as GBK still reads as GBK
    assert (gbk.org, _values(gbk)) == ("示例镇", TRADITIONAL_VALUES)


def test_section_four_as_three_tables_of_five():
    text = HEAD + ("四、政府信息公开行政复议、行政诉讼情况\n### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                   "| 2 | 1 | 0 | 0 | 3 |\n### 行政诉讼（未经复议直接起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                   "| 1 | 0 | 0 | 1 | 2 |\n### 行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                   "| 0 | 0 | 0 | 0 | 0 |\n五、存在的主要问题及改进情况\n")
    got = facts(text)
    assert got[("review.total", "")] == 3 and got[("lit_direct.pending", "")] == 1
    assert got[("lit_after_review.total", "")] == 0


def test_the_2019_single_other_row_and_the_2021_three_rows():
    seven = " | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"
    old = facts(HEAD + "三、收到和处理政府信息公开申请情况\n（六）其他处理" + seven + "\n（七）总计" + seven + "\n")
    assert old[("apps.other", "total")] == 1 and not [k for k in old if k[0].startswith("apps.other.")]
    new = facts(HEAD + "三、收到和处理政府信息公开申请情况\n（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                + seven + "\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" + seven
                + "\n3.其他" + seven + "\n")
    assert new[("apps.other.no_correction", "total")] == 1 and new[("apps.other.other", "natural_person")] == 1
    assert ("apps.other", "total") not in new


def test_section_two_stated_in_a_sentence_and_the_table_winning_over_a_sentence():
    got = facts(HEAD + "二、主动公开政府信息情况\n2022年，本机关办理行政许可办件量3361件，行政处罚案件13件、行政强制案件0件。\n")
    assert (got[("licensing.decisions", "")], got[("penalty.decisions", "")]) == (3361, 13)
    text = HEAD + SEC2_2021.replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n全年行政处罚共处理决定80起。\n")
    assert facts(text)[("penalty.decisions", "")] == 8
    assert "narrative.mismatch" in rules(text)


@pytest.mark.parametrize("sentence, expected", [
    ("全年共主动公开政府信息315条。", 315),
    ("2019年公开政府信息60条，其中，概况信息2篇。", 60),
    ("2019年，通过政府门户网站，主动公开政府信息63条，通过微信公众号发布信息20条。", None),  # one channel of two
    ("截至目前共发布592条信息，2019年公开政府信息60条。", 60),
    ("通过微信公众号推送政务动态68余条。", None),
])
def test_proactive_total_is_the_years_total_not_one_channels(sentence, expected):
    got = facts("示例镇2019年政府信息公开工作年度报告\n一、总体情况\n" + sentence + "\n")
    assert got.get(("proactive.items_total", "")) == expected


@pytest.mark.parametrize("body, sentence, expected", [
    ("青石县融媒体中心", "2022年，青石县融媒体中心共主动公开政府信息120条。", 120),  # its name, not a channel
    ("青石县融媒体中心", "2022年，县融媒体中心共主动公开政府信息120条。", 120),
    ("青石县政务数据服务平台", "2022年，县政务数据服务平台共主动公开政府信息75条。", 75),
    ("示例镇人民政府", "2022年，通过县融媒体中心主动公开政府信息120条，通过微信公众号发布信息20条。", None),
    ("青石县融媒体中心", "2022年，通过门户网站主动公开政府信息120条，通过微信公众号发布信息20条。", None),
])
def test_a_body_named_after_a_channel_states_its_own_total(body, sentence, expected):
    got = facts(f"{body}2022年政府信息公开工作年度报告\n一、总体情况\n{sentence}\n")
    assert got.get(("proactive.items_total", "")) == expected


def test_title_year_that_is_not_the_data_year_is_a_finding():
    text = HEAD.replace("示例镇2022年", "示例镇2021年") + SEC2_2021
    report = read_report("x.md", text.encode("utf-8"))
    assert report.year == 2022 and report.title_year == 2021
    assert "report.title_year" in [f.rule for f in report.findings]


def test_a_2021_table_with_the_old_procurement_block():
    text = HEAD + SEC2_2021 + "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t251000元\n"
    report = read_report("x.md", text.encode("utf-8"))
    got = {(f.metric, f.applicant): (f.value, f.unit) for f in report.facts}
    assert report.template == "2021"
    assert got[("procurement.projects", "")] == (3, "项") and got[("procurement.amount", "")] == (251000, "元")
    assert got[("fees.amount", "")] == (1.25, "万元")


def test_the_same_value_twice_with_two_numbers_keeps_the_first_and_says_so():
    text = HEAD + SEC2_2021 + "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t10\n"
    assert facts(text)[("penalty.decisions", "")] == 8
    assert "value.duplicate" in rules(text)


def test_a_decrease_on_a_line_of_its_own_is_a_number_not_a_page_number():
    got = facts(HEAD.replace("2022", "2020") + "二、主动公开政府信息情况\n第二十条第（六）项\n信息内容\n上一年项目数量\n"
                "本年增/减\n处理决定数量\n行政处罚\n12\n-3\n40\n")
    assert (got[("penalty.items_prev", "")], got[("penalty.items_change", "")], got[("penalty.decisions", "")]) \
        == (12, -3, 40)


@pytest.mark.parametrize("nav", ["字体：大 中 小", "当前位置：首页 > 政务公开 > 年度报告"])
def test_navigation_above_the_title_is_not_part_of_the_name(nav):
    assert read_report("x.md", (nav + "\n" + HEAD).encode()).org == "示例镇"


def test_a_subdistrict_office_is_named_as_the_subdistrict():
    assert read_report("x.md", HEAD.replace("示例镇", "柳河街道办事处").encode()).org == "柳河街道"


def test_merged_label_cells_of_a_markdown_grid_do_not_shift_a_cut_row():
    grid = ("三、收到和处理政府信息公开申请情况\n| （本列数据的勾稽关系） |  |  | 申请人情况 |  |  |  |  |  |  |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |\n"
            "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |\n"
            "| 一、本年新收政府信息公开申请数量 |  |  | 3 | 1 | ")
    got = facts(HEAD + grid)
    assert {k: v for k, v in got.items() if k[0] == "apps.new_received"} == \
        {("apps.new_received", "natural_person"): 3, ("apps.new_received", "commercial"): 1}
    assert "table.cut" in rules(HEAD + grid)


def test_empty_cells_of_section_four_header_lines_are_not_data():
    text = (HEAD + "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
            "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
            "3\t1\t2\t5\t")
    assert facts(text) == {**facts(HEAD), ("review.upheld", ""): 3, ("review.corrected", ""): 1,
                           ("review.other", ""): 2, ("review.pending", ""): 5}


def test_a_closing_pipe_at_the_end_of_the_text_closes_the_last_cell():
    text = HEAD + "三、收到和处理政府信息公开申请情况\n二、上年结转政府信息公开申请数量 | 1 | 2 |"
    assert facts(text)[("apps.carried_over", "commercial")] == 2
    assert "cell.truncated" not in rules(text)


def test_a_row_label_with_a_typo_is_read_by_the_templates_row_order():
    rows = ("三、收到和处理政府信息公开申请情况\n（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n"
            "（三）不予公开\t2.其他法律行政止公开\t2\t0\t0\t0\t0\t0\t2\n"
            "（三）不予公开\t3.危及“三安全一稳定”\t3\t0\t0\t0\t0\t0\t3\n")
    got = facts(HEAD + SEC2_2021 + rows)
    assert [got[(m, "total")] for m in ("apps.denied.state_secret", "apps.denied.law_prohibited",
                                         "apps.denied.security_stability")] == [1, 2, 3]
    assert "row.label_variant" in rules(HEAD + SEC2_2021 + rows)


def test_an_unknown_label_that_could_be_two_rows_gives_no_numbers():
    rows = ("三、收到和处理政府信息公开申请情况\n（四）无法提供\t3.补正后申请内容仍不明确\t1\t0\t0\t0\t0\t0\t1\n"
            "（五）不予处理\t类申请\t2\t0\t0\t0\t0\t0\t2\n"  # like 1.信访举报投诉类申请 and 2.重复申请
            "（五）不予处理\t3.要求提供公开出版物\t3\t0\t0\t0\t0\t0\t3\n")
    got = facts(HEAD + SEC2_2021 + rows)
    assert ("apps.rejected.petition", "total") not in got
    assert ("apps.rejected.duplicate", "total") not in got
    assert got[("apps.rejected.publication", "total")] == 3
    assert "cell.uncertain" in rules(HEAD + SEC2_2021 + rows)


BLOCK_5 = ("二、主动公开政府信息情况\n第二十条第（五）项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
           "行政许可 | 5 | 1 | 7 |\n其他对外管理服务事项 | 2 | 0 | 3 |\n")


@pytest.mark.parametrize("wrap", ["其他对外管理\n服务事项", "其他对外管理<br>服务事项", "其他对外管理<br/>\n服务事项"])
def test_a_row_label_wrapped_over_two_lines_or_by_a_br_tag_is_one_label(wrap):
    got = facts(HEAD.replace("2022", "2020") + BLOCK_5.replace("其他对外管理服务事项", wrap))
    assert (got[("licensing.decisions", "")], got[("other_services.items_prev", "")],
            got[("other_services.decisions", "")]) == (7, 2, 3)


def test_html_entities_left_in_a_copied_page_are_read_as_their_characters():
    text = (HEAD + "三、收到和处理政府信息公开申请情况\n（三）不予公开 | 3.危及&ldquo;三安全一稳定&rdquo; | "
            "2 | 0 | 0 | 0 | 0 | 0 | 2 |\n&nbsp;\n四、政府信息公开行政复议、行政诉讼情况\n")
    assert facts(text)[("apps.denied.security_stability", "total")] == 2


def test_words_among_a_rows_cells_stop_reading_it_by_position():
    block = ("二、主动公开政府信息情况\n\n第二十条第（一）项\n\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n\n"
             "行政规范性文件\n\n2*\n\n1\n\n5\n")
    got = facts(HEAD + block)
    assert not [k for k in got if k[0].startswith("normative.")]
    assert "cell.uncertain" in rules(HEAD + block)


def test_pdf_text_where_an_unknown_label_carries_its_numbers_on_its_line():
    # numbers printed above a label in PDF text: a label alone takes nothing from rows further down
    rows = ("三、收到和处理政府信息公开申请情况\n0 0 0 0 0 0 0\n1.属于国家秘密\n三\n、 2.其他法律行政止公开 4 0 0 0 0 0 4\n本\n"
            "1 0 0 0 0 0 1\n年 3.危及“三安全一稳定”\n办 4.保护第三方合法权益 0 0 0 0 0 0 0\n")
    got = facts(HEAD + SEC2_2021 + rows)
    assert ("apps.denied.state_secret", "total") not in got
    assert got[("apps.denied.law_prohibited", "total")] == 4
    assert got[("apps.denied.third_party", "total")] == 0


NO_TITLE = ("一、总体情况\n2020年，我镇严格按照《条例》规定推进政务公开，全年主动公开政府信息86条。"
            "由两城镇人民政府党政办公室编制。\n")


@pytest.mark.parametrize("chrome", ["", "发布时间：2021-01-29 来源：党政办公室 浏览次数：123\n", "信息来源：党政综合办公室\n"])
def test_the_body_is_not_taken_from_an_office_in_the_page_metadata(chrome):
    report = read_report("x.md", (chrome + NO_TITLE).encode())
    assert (report.org, report.year) == ("两城镇", 2020)


@pytest.mark.parametrize("link", ["上一篇：两城镇2019年政府信息公开工作年度报告", "相关文章：示范县交通运输局2018年政府信息公开工作年度报告"])
def test_links_to_other_pages_of_the_site_give_neither_body_nor_year(link):
    for text in (link + "\n" + NO_TITLE, NO_TITLE + link + "\n"):
        report = read_report("x.md", text.encode())
        assert (report.org, report.year, report.title_year) == ("两城镇", 2020, None)


def test_the_years_total_wrapped_onto_the_next_line_is_read_where_the_number_stands():
    text = HEAD.replace("全年共主动公开政府信息120条。\n", "2022年，我镇严格落实条例要求，全年共主动公开政府信息\n232条，其中通过网站公开100条。\n")
    report = read_report("x.md", text.encode())
    total = next(f for f in report.facts if f.metric == "proactive.items_total")
    assert (total.value, total.line) == (232, 5)


@pytest.mark.parametrize("heading", ["主动公开政府信息情况", "(二)主动公开政府信息情况", "2.主动公开政府信息情况",
                                     "第二部分 主动公开政府信息情况"])
def test_section_headings_numbered_otherwise_or_not_at_all(heading):
    text = HEAD + heading + "\n" + SEC2_2021.split("\n", 1)[1]
    assert facts(text)[("licensing.decisions", "")] == 7
    missing = [f.message for f in read_report("x.md", text.encode()).findings if f.rule == "section.missing"]
    assert not [m for m in missing if "第二部分" in m]


def test_a_narrative_subheading_that_mentions_review_is_not_section_four():
    from loaders.grammar import section_heading
    assert section_heading("(三)依法做好行政复议应诉工作") is None


def test_a_pipe_header_over_tab_rows_does_not_move_the_applicant_columns():
    # "| |自然人|…" and "\t自然人\t…" both put 自然人 in the second field: a header line in pipes over
    # tab rows (the merged label column flattened into one more field) must not make the row's lone
    # number, which stands under 其他 here, read as 总计 when the text ends after the row
    text = (HEAD + "三、收到和处理政府信息公开申请情况\n\t申请人情况\t\t\t\t\t\t总计\n"
            "| |自然人|法人或其他组织| | | | | |\n| ||商业企业|科研机构|社会公益组织|法律服务机构|其他| |\n\n"
            "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\t3\t\n| ")
    assert not [k for k in facts(text) if k[0] == "apps.new_received"]


ROW_ONE = "一、本年新收政府信息公开申请数量"
ROW_TWO = "二、上年结转政府信息公开申请数量"


def test_a_cut_row_of_a_layout_that_drops_empty_cells_is_not_read_from_its_left():
    # one cell per paragraph, empty cells left out: row 一 (truth 3, empty, 1, 0, 0, 2, 6) shows six
    # cells, so the cut row 二 (truth: 自然人 empty, 商业企业 2, 科研机构 1) showing "2, 1" would put 2
    # under 自然人 if read from the left
    cells = [ROW_ONE, "3", "1", "0", "0", "2", "6", ROW_TWO, "2", "1", ""]
    text = HEAD + "三、收到和处理政府信息公开申请情况\n\n" + "\n\n".join(cells)
    assert not [k for k in facts(text) if k[0].startswith("apps.")]
    assert rules(text).count("cell.uncertain") == 2


def test_a_cut_row_is_read_from_its_left_where_the_layout_shows_its_empty_cells():
    # the same layout, but an empty cell keeps its place as one more line break
    text = (HEAD + "三、收到和处理政府信息公开申请情况\n\n" + ROW_ONE + "\n\n3\n\n\n1\n\n0\n\n0\n\n2\n\n6\n\n"
            + ROW_TWO + "\n\n\n2\n\n1\n")
    got = facts(text)
    assert [got.get(("apps.new_received", a)) for a in APPLICANTS] == [3, None, 1, 0, 0, 2, 6]
    assert {k: v for k, v in got.items() if k[0] == "apps.carried_over"} == {
        ("apps.carried_over", "commercial"): 2, ("apps.carried_over", "research"): 1}


def test_empty_cells_written_as_paragraphs_of_their_own():
    # cells between blank lines, an empty cell an empty paragraph (two more line breaks, never one)
    body = "\n\n".join([ROW_ONE, "3", "", "1", "0", "0", "2", "6", ROW_TWO, "0", "0", "", "0", "", "0", "0", "（一）予以公开"])
    got = facts(HEAD + "三、收到和处理政府信息公开申请情况\n\n" + body)
    assert [got.get(("apps.new_received", a)) for a in APPLICANTS] == [3, None, 1, 0, 0, 2, 6]
    assert [got.get(("apps.carried_over", a)) for a in APPLICANTS] == [0, 0, None, 0, None, 0, 0]


def test_dash_cells_are_missing_and_the_table_says_so():
    text = (HEAD + "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t—\t—\t—\n行政规范性文件\t4\t5\t6\n四、政府信息公开行政复议、行政诉讼情况\n"
            "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + "\t".join(["/"] * 15) + "\n")
    report = read_report("x.md", text.encode("utf-8"))
    got = {f.metric for f in report.facts}
    assert not {m for m in got if m.startswith(("rules.", "review.", "lit_"))}
    assert {"normative.issued", "normative.abolished", "normative.in_force"} <= got
    placeholders = [f.message for f in report.findings if f.rule == "cell.placeholder"]
    assert placeholders == ["表二「规章」行共 3 格填写“—”，未作为 0 读取，视为未填报",
                            "表四（行政复议、行政诉讼）共 15 格填写“/”，未作为 0 读取，视为未填报"]


def test_a_row_total_below_the_applicant_cells_it_shows_is_a_finding_even_with_blank_cells():
    row = "\t".join([ROW_ONE, "4", "", "3", "", "", "", "5"])
    report = read_report("x.md", (HEAD + "三、收到和处理政府信息公开申请情况\n" + row + "\n" + ROW_TWO + "\t0\t0\t0\t0\t0\t0\t0\n").encode())
    assert [f.message for f in report.findings if f.rule == "apps.row_total"] == [
        "本年新收申请：已填的 2 类申请人合计 7（另有 4 格未填），总计列为 5"]
    below = "\t".join([ROW_ONE, "1", "", "3", "", "", "", "5"])  # the blank cells may hold the rest
    assert "apps.row_total" not in rules(HEAD + "三、收到和处理政府信息公开申请情况\n" + below + "\n")


def test_section_four_with_header_cells_and_numbers_separated_by_spaces():
    text = (HEAD + "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
            "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
            + " ".join(["结果维持 结果纠正 其他结果 尚未审结 总计"] * 2) + "\n2 1 0 0 3 0 0 0 0 0 0 1 0 0 1\n")
    got = facts(text)
    assert [got.get((m, "")) for m in ("review.upheld", "review.corrected", "review.total", "lit_after_review.corrected",
                                       "lit_after_review.total")] == [2, 1, 3, 1, 1]
    assert len([k for k in got if k[0].startswith(("review.", "lit_"))]) == 15


def test_a_dash_cell_and_an_empty_field_at_the_end_of_the_line_keep_the_row():
    row = "\t".join([ROW_ONE, "2", "0", "—", "0", "0", "1", "3", ""])
    got = facts(HEAD + "三、收到和处理政府信息公开申请情况\n" + row + "\n" + ROW_TWO + "\t0\t0\t0\t0\t0\t0\t0\n")
    assert [got.get(("apps.new_received", a)) for a in APPLICANTS] == [2, 0, None, 0, 0, 1, 3]


def test_page_numbers_of_pdf_text_beside_its_page_breaks_are_not_cells():
    # one cell per line; the text a PDF tool made keeps a form feed at each page end, the page's
    # number on the line before it: "4" and "5" count the pages, so they are not cells of row 一
    rows = [ROW_ONE, "3", "0", "1", "0", "0", "2", "4\f", "6", ROW_TWO, "0", "5\f", "0", "0", "0", "0", "0", "0",
            "（一）予以公开"]
    text = HEAD.replace("\n", "\n\f", 1) + "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"
    got = facts(text)
    assert [got.get(("apps.new_received", a)) for a in APPLICANTS] == [3, 0, 1, 0, 0, 2, 6]
    assert [got.get(("apps.carried_over", a)) for a in APPLICANTS] == [0] * 7


def test_a_number_that_ends_a_page_without_counting_the_pages_stays_a_cell():
    rows = [ROW_ONE, "3", "0", "1", "0", "0", "2", "6\f", ROW_TWO, "0", "0", "0", "0", "0", "0", "0", "（一）予以公开"]
    got = facts(HEAD + "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n")
    assert [got.get(("apps.new_received", a)) for a in APPLICANTS] == [3, 0, 1, 0, 0, 2, 6]
