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
    # a channel named in the sentence: the total when the year states no other count
    ("2022年，我镇通过政府门户网站主动公开政府信息63条。", 63),
    ("全年通过门户网站、政务微信等渠道主动公开政府信息210条。", 210),
    # 累计 within the year, 截至 the end of the report's own year
    ("全年累计主动公开政务信息179条，全文电子化率达100%。", 179),
    ("截至2022年12月31日，我镇共主动公开政府信息240条。", 240),
    # 发布 or 公布 instead of 公开
    ("全年共发布政府信息204条。", 204),
    ("2022年，我镇公布政务信息151条，内容涵盖财政、民生等方面。", 151),
    # the year or the body first, the noun before the verb, the number before the noun
    ("青石镇2022年政府信息主动公开数量为88条。", 88),
    ("今年我镇公开134条政务信息，机构职能类信息4条，财政预决算类信息10条，其他应主动公开的政府信息120条。", 134),
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
])
def test_the_years_proactive_total_in_the_forms_reports_write_it(prose, expected):
    assert total(prose) == expected


@pytest.mark.parametrize("prose", [
    # one channel's count when the year states another count
    "2022年，我镇通过政府门户网站主动公开政府信息63条，通过微信公众号发布信息20条。",
    "全年通过镇政府网站主动公开政府信息94条，全年公开规范性文件3件。",
    # a count of one kind of document, and the parts of its breakdown
    "全年公开公文类政府信息共33条，其中规范性文件1条，其他应主动公开的政府信息8条。",
    "全年主动公开规范性文件12件。",
    "全年主动公开文件20份。",
    # counts since an earlier year, or until a day that is not the year's end
    "自2015年以来累计主动公开政府信息5000条。",
    "截至目前共发布政府信息592条。",
    "截至2022年11月30日，我镇主动公开政府信息230条。",
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
