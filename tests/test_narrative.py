"""The prose of a report: the year's proactive total, the body's name and the year (fixtures in the team's words)."""
from __future__ import annotations

import pytest

from loaders import read_report

TITLE = "青石镇2022年政府信息公开工作年度报告\n一、总体情况\n"


def read(text: str):
    return read_report("x.md", text.encode("utf-8"))


def total(prose: str):
    facts = {f.metric: f for f in read(TITLE + prose + "\n").facts}
    fact = facts.get("proactive.items_total")
    return fact.value if fact else None


@pytest.mark.parametrize("prose, expected", [
    # a channel named in the sentence: the total when the year states no other count and its parts add up
    ("2022年，我镇通过政府门户网站主动公开政府信息63条，其中工作动态类信息40条、通知公告类信息23条。", 63),
    ("全年通过门户网站、政务微信等渠道主动公开政府信息210条：其中门户网站150条、政务微信60条。", 210),
    # 累计 within the year, 截至 the end of the report's own year
    ("全年累计主动公开政务信息179条，全文电子化率达100%。", 179),
    ("截至2022年12月31日，我镇共主动公开政府信息240条。", 240),
    # 发布 or 公布 instead of 公开
    ("全年共发布政府信息204条。", 204),
    ("2022年，我镇公布政务信息151条，内容涵盖财政、民生等方面。", 151),
    # the year or the body first, the noun before the verb, the number before the noun
    ("青石镇2022年政府信息主动公开数量为88条。", 88),
    ("今年我镇公开134条政务信息，机构职能类信息4条，财政预决算类信息10条，其他应主动公开的政府信息120条。", 134),
    # 主动向社会公开, 条数, and a count that is the only one the year states
    ("2022年，我镇主动向社会公开政府信息条数为97条。", 97),
    ("我镇公开各类信息315条，涉及财政、民生等方面。", 315),
    # items called 件
    ("2022年，青石镇共公布政府信息126件。", 126),
    # followed by a breakdown, by channel or by kind
    ("全年主动公开政府信息300条：其中通过门户网站公开200条、通过政务新媒体公开100条。", 300),
    ("全年主动公开政府信息90条（其中门户网站60条、微信公众号30条）。", 90),
    ("全年主动公开政府信息75条。其中，工作动态40条，通知公告35条。", 75),
    # a thousands comma, and a sentence that holds other numbers
    ("全年共主动公开政府信息1,315条。", 1315),
    ("2022年，我镇召开专题会议4次，培训干部30人次，主动公开政府信息152条，公开率100%。", 152),
    # a count of everything produced whose 主动公开 part is given: the part
    ("2022年我镇共制发政府信息405条，其中主动公开政府信息140条、依申请公开177条、不予公开88条。", 140),
    # last year's count beside this year's
    ("2021年主动公开政府信息280条，2022年主动公开政府信息300条。", 300),
    ("上年度主动公开政府信息250条，全年主动公开政府信息310条。", 310),
    # a count up to the year's end whose part is the year's
    ("截至2022年底，我镇累计公开政府信息3000条，其中2022年公开320条。", 320),
    # the number after a colon; a 主动公开 count beside a count of everything published
    ("2022年度主动公开政府信息数量：296条。", 296),
    ("本年度，我镇共发布政务信息500条，主动公开政府信息330条。", 330),
])
def test_the_years_proactive_total_in_the_forms_reports_write_it(prose, expected):
    assert total(prose) == expected


@pytest.mark.parametrize("prose", [
    # one channel's count when the year states another count, or with nothing to show it is the year's
    "2022年，我镇通过政府门户网站主动公开政府信息63条，通过微信公众号发布信息20条。",
    "2022年，我镇通过政府门户网站主动公开政府信息63条。",
    "全年通过镇政府网站主动公开政府信息94条，全年公开规范性文件3件。",
    # a count of one kind of document, and the parts of its breakdown
    "全年公开公文类政府信息共33条，其中规范性文件1条，其他应主动公开的政府信息8条。",
    "全年主动公开规范性文件12件。",
    "全年主动公开文件20份。",
    # counts since an earlier year, or until a day that is not the year's end
    "自2015年以来累计主动公开政府信息5000条。",
    "截至目前共发布政府信息592条。",
    "截至2022年11月30日，我镇主动公开政府信息230条。",
    # a count presented neither as the year's nor as the only one
    "我镇公开各类信息315条，公开规范性文件2件。",
    # part of the year
    "2022年1-11月主动公开政府信息280条。",
    "2022年上半年主动公开政府信息150条。",
    # approximate counts
    "全年主动公开政府信息300余条。",
    "全年主动公开政府信息近300条。",
    "全年主动公开政府信息300多条。",
])
def test_counts_that_are_never_the_years_total(prose):
    assert total(prose) is None


def test_two_totals_the_text_does_not_settle_give_none_and_a_finding():
    report = read(TITLE + "全年主动公开政府信息300条。\n（二）公开平台建设\n全年主动公开政府信息320条。\n")
    assert "proactive.items_total" not in {f.metric for f in report.facts}
    finding = next(f for f in report.findings if f.rule == "proactive.ambiguous")
    assert "300" in finding.message and "320" in finding.message and finding.line == 3


def test_of_two_totals_the_one_its_breakdown_adds_up_to_is_the_total():
    report = read(TITLE + "全年主动公开政府信息300条，其中工作动态类信息200条、通知公告类信息100条。\n"
                          "（二）公开平台建设\n全年主动公开政府信息320条。\n")
    assert {f.metric: f.value for f in report.facts}["proactive.items_total"] == 300
    assert "proactive.ambiguous" not in {f.rule for f in report.findings}


BODY_TEXT = "一、总体情况\n2022年，我镇认真落实条例要求，全年主动公开政府信息120条。\n我镇将继续做好公开工作。\n"


@pytest.mark.parametrize("head", ["2021 年度政府信息公开工作年度报告\n示例县青石镇人民政府\n",
                                  "示例县青石镇人民政府\n2021年度政府信息公开工作年度报告\n",
                                  "首页 > 白河县人民政府\n2021年度政府信息公开工作年度报告\n示例县青石镇人民政府\n"])
def test_a_title_without_its_body_takes_the_body_from_the_line_beside_it(head):
    report = read(head + BODY_TEXT.replace("2022年", "2021年"))
    assert (report.org, report.county, report.year) == ("青石镇", "示例县", 2021)


@pytest.mark.parametrize("text", [
    "根据条例规定，特向社会公布2022年政府信息公开工作年度报告。\n" + BODY_TEXT,
    "一、总体情况\n2022年，本单位高度重视，主管领导为街道党工委副书记，全年主动公开政府信息120条。\n",
    "一、总体情况\n2022年，我镇主动公开政府信息120条，深入开展下乡宣传活动，我镇将继续做好公开工作。\n",
    "一、总体情况\n2022年全镇共主动公开政府信息120条。全镇将继续做好公开工作。\n",  # a date, then 全镇: no name
    "一、总体情况\n2022年，我镇主动公开政府信息120条。充分利用镇政务微信公众号，依托镇便民服务中心开展宣传。\n",
])
def test_a_fragment_of_a_sentence_is_never_a_body_name(text):
    report = read(text)
    assert report.org == "" and "report.no_org" in {f.rule for f in report.findings}


def test_a_township_named_right_after_a_date_is_named_without_the_date():
    report = read("一、总体情况\n2022年青石镇全年主动公开政府信息120条，青石镇将继续做好公开工作。\n")
    assert report.org == "青石镇"


@pytest.mark.parametrize("publisher", ["发布机构：示例县人民政府办公室", "来源：示例县人民政府门户网站",
                                       "示例县人民政府办公室关于公布2022年政府信息公开工作年度报告的通知"])
def test_a_county_office_or_a_portal_that_published_a_townships_report_is_not_its_body(publisher):
    # the publisher's line, or a title of the county office's own notice that publishes the report
    report = read(publisher + "\n一、总体情况\n2022年，青石镇人民政府认真落实条例要求，我镇全年主动公开政府信息120条。"
                              "\n我镇将继续做好公开工作。\n")
    assert report.org == "青石镇"


@pytest.mark.parametrize("field", ["发布机构", "编制单位"])
def test_a_publisher_line_naming_a_body_names_it_when_the_title_does_not(field):
    report = read(f"{field}：示例县交通运输局 浏览次数：12\n一、总体情况\n2022年，我局全年主动公开政府信息60条。"
                  "会同青石镇人民政府开展宣传，会同青石镇人民政府开展培训。\n")
    assert report.org == "示例县交通运输局"


def test_a_body_that_names_itself_only_where_it_gives_its_contact_office():
    report = read("根据条例要求编制本报告。如对本报告有疑问，请与示例综合实验区市场监督管理局办公室联系。\n"
                  "一、总体情况\n2022年，我局全年主动公开政府信息60条，我局将继续做好公开工作。\n")
    assert report.org == "示例综合实验区市场监督管理局"


def test_a_breadcrumb_before_the_name_and_a_shortened_name_are_not_the_body_name():
    crumb = read("当前位置：首页政务公开政府信息公开示例县交通运输局政府信息公开年报\n" + BODY_TEXT.replace("我镇", "我局"))
    assert crumb.org == "示例县交通运输局"
    short = read("区财政金融局2022年政府信息公开工作年度报告\n一、总体情况\n2022年，示例综合实验区财政金融局全年主动公开"
                 "政府信息61条。请与示例综合实验区财政金融局办公室联系。\n")
    assert short.org == "示例综合实验区财政金融局"


def test_the_year_a_text_states_as_the_end_of_its_data_is_the_year():
    report = read("青石镇政府信息公开工作年度报告\n一、总体情况\n截止2023年12月31日，我镇依照2022年工作方案和"
                  "2022年考核办法，全年主动公开政府信息88条。\n")
    assert report.year == 2023
