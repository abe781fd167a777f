"""loaders.views: what the dashboard shows, on small frames made by hand (no parser, no Streamlit)."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from loaders import views
from loaders.catalog import metric_label, metrics
from loaders.frames import CHECK_COLUMNS, CHECK_EXTRA, FACT_COLUMNS, FACT_EXTRA, REPORT_COLUMNS, REPORT_EXTRA, Frames

INT_COLUMNS = {"line", "year", "page", "table", "row", "cell", "char_start", "char_end", "facts", "findings", "title_year",
               "size"}


def _typed(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c in INT_COLUMNS:
            df[c] = df[c].astype("Int64")
        elif c in ("value",):
            df[c] = df[c].astype("float64")
        elif c == "repeated_share":
            df[c] = df[c].astype("Float64")
        else:
            df[c] = df[c].astype("object").fillna("").astype("str")  # a text column no row gave is all NaN
    return df


class County:
    """A few reports written by hand: facts, reports and checks frames as the loaders make them."""

    def __init__(self):
        self.facts: list[dict] = []
        self.reports: list[dict] = []
        self.checks: list[dict] = []

    def report(self, org, year, template="2021", status="ok", source=None, repeated=None) -> str:
        source = source or f"{org}-{year}.md"
        self.reports.append(dict(source=source, org=org, county="某县", year=year, template=template, status=status,
                                 facts=0, message="", title_year=year, format="text", findings=0, sections="一二三四五六",
                                 repeated_share=repeated, size=100, sha256="x"))
        return source

    def fact(self, source, org, year, template, metric_id, value, applicant="", line=1, reading="table"):
        m = metrics()[metric_id]
        if m.per_applicant and not applicant:
            applicant = "total"
        self.facts.append(dict(source=source, line=line, org=org, county="某县", year=year, template=template,
                               section=m.section, metric=metric_id, applicant=applicant, value=value,
                               unit=m.default_unit, metric_label=m.label, applicant_label="", reading=reading))

    def finding(self, source, rule, severity="error", line=None, message="不平衡"):
        rep = next(r for r in self.reports if r["source"] == source)
        rep["findings"] += 1
        self.checks.append(dict(source=source, org=rep["org"], year=rep["year"], rule=rule, severity=severity,
                                message=message, title=views.rule_title(rule), line=line, metric="", applicant=""))

    def frames(self) -> Frames:
        for r in self.reports:
            r["facts"] = sum(1 for f in self.facts if f["source"] == r["source"])
        return Frames(_typed(self.facts, FACT_COLUMNS + FACT_EXTRA),
                      _typed(self.reports, REPORT_COLUMNS + REPORT_EXTRA),
                      _typed(self.checks, CHECK_COLUMNS + CHECK_EXTRA))


def put_outcomes(county: County, source: str, disclosed, total) -> None:
    """A report's 予以公开 and 办理结果总计 (部分公开 0): what the substantive-disclosure rate reads."""
    put(county, source, "apps.disclosed", disclosed)
    put(county, source, "apps.partial", 0)
    put(county, source, "apps.outcome_total", total)


def put(county: County, source: str, metric_id: str, value, applicant="", line=1):
    rep = next(r for r in county.reports if r["source"] == source)
    county.fact(source, rep["org"], rep["year"], rep["template"], metric_id, value, applicant, line)


@pytest.fixture
def county() -> County:
    c = County()
    a20 = c.report("甲镇", 2020, template="2019")
    put(c, a20, "licensing.decisions", 100, line=15)
    put(c, a20, "normative.new_made", 3, line=12)
    put(c, a20, "apps.disclosed", 4)
    put(c, a20, "apps.partial", 1)
    put(c, a20, "apps.outcome_total", 8)
    put(c, a20, "apps.other", 2)
    a21 = c.report("甲镇", 2021)
    put(c, a21, "licensing.decisions", 120, line=15)
    put(c, a21, "normative.issued", 2, line=12)
    put(c, a21, "apps.disclosed", 10)
    put(c, a21, "apps.partial", 2)
    put(c, a21, "apps.outcome_total", 20)
    put(c, a21, "apps.other.no_correction", 1)
    put(c, a21, "apps.other.other", 3)
    put(c, a21, "apps.new_received", 12, "natural_person")
    put(c, a21, "apps.new_received", 0, "commercial")
    put(c, a21, "review.corrected", 1)
    put(c, a21, "review.total", 4)
    put(c, a21, "lit_direct.corrected", 0)
    put(c, a21, "lit_direct.total", 1)
    put(c, a21, "lit_after_review.corrected", 1)
    put(c, a21, "lit_after_review.total", 1)
    b21 = c.report("乙乡", 2021, status="partial")
    put(c, b21, "licensing.decisions", 0, line=20)
    put(c, b21, "apps.outcome_total", 0)
    b22 = c.report("乙乡", 2022, repeated=0.8)
    put(c, b22, "penalty.decisions", 7)
    c.finding(b21, "apps.balance", line=33)
    c.finding(b21, "section5.empty", severity="warning")
    c.finding(b22, "xyear.repeated_text", severity="warning")
    return c


# ---------------------------------------------------------------- selection


def test_select_filters_every_frame_and_checks_follow_their_reports(county):
    frames = county.frames()
    chosen = views.select(frames, views.Selection(orgs=("乙乡",), years=(2021,)))
    assert set(chosen.reports["source"]) == {"乙乡-2021.md"}
    assert set(chosen.facts["source"]) == {"乙乡-2021.md"}
    assert set(chosen.checks["rule"]) == {"apps.balance", "section5.empty"}
    by_template = views.select(frames, views.Selection(templates=("2019",)))
    assert list(by_template.reports["source"]) == ["甲镇-2020.md"]
    assert views.select(frames, views.Selection()).facts.equals(frames.facts)


def test_options_list_bodies_with_the_roster_years_and_templates(county):
    opts = views.options(county.frames(), roster=["丙村", "甲镇"])
    assert opts.orgs == sorted(["甲镇", "乙乡", "丙村"])
    assert opts.years == [2020, 2021, 2022]
    assert opts.templates == ["2019", "2021"]


def test_unknown_values_keep_the_order_of_the_link():
    assert views.unknown_values(["乙乡", "不存在镇", "甲镇", "也没有"], ["甲镇", "乙乡"]) == ["不存在镇", "也没有"]


def test_a_report_without_a_name_gets_a_placeholder_never_an_empty_cell(county):
    county.report("", 2021, source="nameless.md")
    opts = views.options(county.frames())
    assert views.NO_ORG in opts.orgs
    chosen = views.select(county.frames(), views.Selection(orgs=(views.NO_ORG,)))
    assert list(chosen.reports["source"]) == ["nameless.md"]


# ---------------------------------------------------------------- values


def test_metric_values_carry_file_and_line_and_only_values_shown(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    assert list(values.columns) == [views.COL_ORG, views.COL_YEAR, views.COL_TEMPLATE, views.COL_METRIC,
                                    views.COL_VALUE, views.COL_UNIT, views.COL_SOURCE, views.COL_LINE]
    assert values[[views.COL_ORG, views.COL_YEAR, views.COL_VALUE, views.COL_LINE]].values.tolist() == [
        ["乙乡", 2021, 0.0, 20], ["甲镇", 2020, 100.0, 15], ["甲镇", 2021, 120.0, 15]]
    assert set(values[views.COL_METRIC]) == {"行政许可·处理决定数量"}


def test_metric_values_of_a_per_applicant_metric_take_the_total_column(county):
    values = views.metric_values(county.frames().facts, ["apps.outcome_total"])
    assert values[views.COL_VALUE].tolist() == [0.0, 8.0, 20.0]
    applicant = views.metric_values(county.frames().facts, ["apps.new_received"], applicant="natural_person")
    assert applicant[views.COL_VALUE].tolist() == [12.0]


def test_complete_years_adds_gaps_as_missing_never_zero(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    grid = views.complete_years(values, ["甲镇", "乙乡"], [2020, 2021, 2022])
    assert len(grid) == 6
    gaps = grid[grid[views.COL_VALUE].isna()]
    assert sorted(zip(gaps[views.COL_ORG], gaps[views.COL_YEAR])) == [("乙乡", 2020), ("乙乡", 2022), ("甲镇", 2022)]
    assert (grid[views.COL_VALUE] == 0).sum() == 1  # 乙乡 2021 reported a real 0


def test_change_from_previous_year_needs_both_years(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    change = views.change_from_previous_year(values).set_index([views.COL_ORG, views.COL_YEAR])
    assert change.loc[("甲镇", 2021), "增减"] == 20
    assert change.loc[("甲镇", 2021), "增减率"] == pytest.approx(0.2)
    assert pd.isna(change.loc[("甲镇", 2020), "增减"])
    assert pd.isna(change.loc[("乙乡", 2021), "上年数值"])


def test_ranking_puts_the_largest_first_and_lists_who_did_not_report(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    ranked, missing = views.ranking(values, 2021, orgs=["丙村"])
    assert ranked[[views.COL_ORG, "名次"]].values.tolist() == [["甲镇", 1], ["乙乡", 2]]
    assert missing == ["丙村"]
    ranked, missing = views.ranking(values, 2020)
    assert list(ranked[views.COL_ORG]) == ["甲镇"] and missing == ["乙乡"]


# ---------------------------------------------------------------- tables


def test_wide_table_has_one_row_per_report_chinese_headers_and_gaps(county):
    frames = county.frames()
    wide = views.wide_table(frames.facts, frames.reports)
    assert len(wide) == len(frames.reports) == wide[views.COL_SOURCE].nunique()
    identity = [views.COL_ORG, views.COL_COUNTY, views.COL_YEAR, views.COL_TEMPLATE, views.COL_SOURCE]
    assert list(wide.columns[:5]) == identity
    assert not any("." in c for c in wide.columns), "no raw metric ids in headers"
    row = wide.set_index(views.COL_SOURCE).loc["乙乡-2022.md"]
    assert row["行政处罚·处理决定数量"] == 7
    assert pd.isna(row["行政许可·处理决定数量"])
    assert wide.set_index(views.COL_SOURCE).loc["乙乡-2021.md", "行政许可·处理决定数量"] == 0


def test_wide_table_keeps_a_report_without_numbers_as_an_empty_row(county):
    county.report("丙村", 2021)
    frames = county.frames()
    wide = views.wide_table(frames.facts, frames.reports).set_index(views.COL_SOURCE)
    assert wide.loc["丙村-2021.md", views.value_columns(wide.reset_index())].isna().all()


def test_wide_table_gives_one_column_per_applicant_type_asked(county):
    frames = county.frames()
    wide = views.wide_table(frames.facts, frames.reports, ["apps.new_received"], applicants=["natural_person", "total"])
    assert list(wide.columns[5:]) == ["本年新收申请·自然人", "本年新收申请"]
    assert wide.set_index(views.COL_SOURCE).loc["甲镇-2021.md", "本年新收申请·自然人"] == 12


def test_tidy_table_has_chinese_headers_file_and_line(county):
    tidy = views.tidy_table(county.frames().facts)
    assert views.COL_SOURCE in tidy and views.COL_LINE in tidy
    assert all("." not in str(v) for v in tidy[views.COL_METRIC])
    assert tidy[views.COL_VALUE].dtype == "float64"


# ---------------------------------------------------------------- derived indicators


def test_substantive_rate_is_granted_over_outcomes_with_its_counts(county):
    frames = county.frames()
    table = views.indicators(frames.facts, frames.reports).set_index(views.COL_SOURCE)
    ind = views.INDICATORS["derived.substantive_rate"]
    assert table.loc["甲镇-2021.md", ind.label] == pytest.approx(12 / 20)
    assert table.loc["甲镇-2021.md", views.numerator_column(ind)] == 12
    assert table.loc["甲镇-2021.md", views.denominator_column(ind)] == 20
    assert table.loc["甲镇-2021.md", views.small_column(ind)] == "否"
    assert table.loc["甲镇-2020.md", views.small_column(ind)] == "是"  # 8 cases: shown, never ranked
    # 0 outcomes: no rate (not 0 %); a missing part: no rate
    assert pd.isna(table.loc["乙乡-2021.md", ind.label])
    assert pd.isna(table.loc["乙乡-2022.md", ind.label])
    assert pd.isna(table.loc["乙乡-2022.md", views.denominator_column(ind)])


def test_correction_rates_sum_both_litigation_groups(county):
    frames = county.frames()
    table = views.indicators(frames.facts, frames.reports).set_index(views.COL_SOURCE)
    assert table.loc["甲镇-2021.md", "复议纠错率"] == pytest.approx(0.25)
    assert table.loc["甲镇-2021.md", "诉讼纠错率"] == pytest.approx(0.5)
    assert pd.isna(table.loc["甲镇-2020.md", "复议纠错率"])


def test_a_rate_takes_each_reports_first_value_of_a_metric_at_its_total_column():
    def fact(source, metric, value, applicant="total"):
        return {"source": source, "org": source[:2], "county": "", "year": 2021, "template": "2021", "metric": metric,
                "applicant": applicant, "value": value}

    facts = pd.DataFrame([
        fact("甲镇-2021.md", "review.total", 8.0, ""), fact("甲镇-2021.md", "review.corrected", 2.0, ""),
        fact("甲镇-2021.md", "review.total", 99.0, ""),  # a second 总计 row of the same report: the first counts
        fact("乙乡-2021.md", "review.total", 5.0, ""), fact("乙乡-2021.md", "review.corrected", float("nan"), ""),
        fact("丙村-2021.md", "apps.outcome_total", 10.0), fact("丙村-2021.md", "apps.disclosed", 4.0),
        fact("丙村-2021.md", "apps.partial", 1.0), fact("丙村-2021.md", "apps.disclosed", 7.0, "natural"),
    ])
    reports = pd.DataFrame({"source": ["甲镇-2021.md", "乙乡-2021.md", "丙村-2021.md", "丁镇-2021.md"],
                            "org": ["甲镇", "乙乡", "丙村", "丁镇"], "county": "", "year": 2021, "template": "2021"})
    table = views.indicators(facts, reports, ["derived.review_correction_rate", "derived.substantive_rate"])
    table = table.set_index(views.COL_SOURCE)
    assert table.loc["甲镇-2021.md", "复议纠错率"] == pytest.approx(2 / 8)
    assert pd.isna(table.loc["乙乡-2021.md", "复议纠错率"])  # a part with no number: no rate, never 0
    assert table.loc["丙村-2021.md", "实质公开率"] == pytest.approx(5 / 10)  # 总计 column, not 自然人's 7
    assert table.loc["丁镇-2021.md", ["复议纠错率", "实质公开率"]].isna().all()  # a report without facts
    assert pd.isna(table.loc["丙村-2021.md", "复议纠错率·分母（复议总计）"])


def test_the_rates_of_a_selection_are_the_rows_of_every_reports_rates_for_its_reports(county):
    frames = county.frames()
    every = views.indicators(frames.facts, frames.reports)
    for selection in (views.Selection(years=(2021,)), views.Selection(orgs=(frames.reports["org"].iloc[-1],)),
                      views.Selection()):
        chosen = views.select(frames, selection)
        alone = views.indicators(chosen.facts, chosen.reports)
        taken = views.rows_of_reports(every, chosen.reports)
        assert 0 < len(taken) < len(every) or selection == views.Selection()
        pd.testing.assert_frame_equal(taken, alone)
    assert views.rows_of_reports(every, frames.reports.iloc[:0]).empty


def test_rate_by_year_counts_only_reports_with_both_parts_and_rankable_skips_small_counts(county):
    frames = county.frames()
    table = views.indicators(frames.facts, frames.reports)
    by_year = views.indicator_by_year(table, "derived.substantive_rate").set_index(views.COL_YEAR)
    assert by_year.loc[2021, "实质公开率"] == pytest.approx(12 / 20)  # 乙乡 2021 has outcomes 0 but no parts
    assert by_year.loc[2021, "报告数"] == 1
    assert by_year.loc[2020, "实质公开率·样本少"] == "是"
    assert list(views.rankable(table, "derived.substantive_rate")[views.COL_SOURCE]) == ["甲镇-2021.md"]


def test_rate_ranking_ranks_only_rates_on_enough_cases_and_keeps_the_others_by_body(county):
    c = county
    for org, disclosed, total in [("丙村", 9, 10), ("丁镇", 3, 3)]:
        put_outcomes(c, c.report(org, 2021), disclosed, total)
    frames = c.frames()
    table = views.indicators(frames.facts, frames.reports)
    ranked, others = views.rate_ranking(table, "derived.substantive_rate", 2021)
    assert ranked[["名次", views.COL_ORG, "实质公开率"]].values.tolist() == [[1, "丙村", 0.9], [2, "甲镇", 0.6]]
    assert list(others[views.COL_ORG]) == ["丁镇", "乙乡"]  # 3 cases; a count of 0 — never ranked


def test_without_value_names_the_bodies_a_chart_cannot_draw(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    changes = views.change_from_previous_year(values)
    assert views.without_value(changes[changes[views.COL_YEAR] == 2021], views.COL_CHANGE, ["甲镇", "乙乡", "丙村"]) \
        == ["丙村", "乙乡"]


# ---------------------------------------------------------------- breakdowns


def test_outcomes_group_other_handling_across_templates_and_leave_unreported_groups_out(county):
    parts = views.outcome_breakdown(county.frames().facts)
    a21 = parts[parts[views.COL_SOURCE] == "甲镇-2021.md"].set_index(views.COL_CATEGORY)[views.COL_COUNT]
    assert a21["予以公开"] == 10 and a21["部分公开"] == 2
    assert a21["其他处理"] == 4  # 2021's three rows summed
    assert "不予处理" not in a21.index  # no row shown: missing, not 0
    a20 = parts[parts[views.COL_SOURCE] == "甲镇-2020.md"].set_index(views.COL_CATEGORY)[views.COL_COUNT]
    assert a20["其他处理"] == 2
    order = [name for name, _ in views.OUTCOME_GROUPS]
    assert list(a21.index) == [c for c in order if c in a21.index]


def test_applicant_breakdown_without_the_total(county):
    parts = views.applicant_breakdown(county.frames().facts)
    assert parts[[views.COL_CATEGORY, views.COL_COUNT]].values.tolist() == [["自然人", 12.0], ["商业企业", 0.0]]


def test_appeal_results_of_one_group(county):
    parts = views.appeal_results(county.frames().facts, "review")
    assert parts[[views.COL_CATEGORY, views.COL_COUNT]].values.tolist() == [["结果纠正", 1.0]]


# ---------------------------------------------------------------- comparability


def test_series_say_whether_they_cross_templates():
    assert views.comparable("licensing.decisions")
    assert not views.comparable("normative.issued")
    assert "可跨年度比较" in views.comparability("licensing.decisions")
    note = views.comparability("normative.issued")
    assert "2021年版" in note and metric_label("normative.new_made") in note and "不连成一条序列" in note
    groups = views.split_by_template(["licensing.decisions", "normative.issued", "normative.new_made"])
    assert groups == {"两版模板通用": ["licensing.decisions"], "仅2021年版模板": ["normative.issued"],
                      "仅2019年版模板": ["normative.new_made"]}


def test_every_catalog_metric_is_in_exactly_one_group_and_one_section():
    grouped = [m for ids in views.metric_groups().values() for m in ids]
    assert sorted(grouped) == sorted(metrics())
    by_section = [m for ids in views.section_metrics().values() for m in ids]
    assert sorted(by_section) == sorted(metrics())


def test_labels_for_people_never_show_raw_ids():
    for metric_id in list(metrics()) + list(views.INDICATORS):
        for label in (views.option_label(metric_id), views.picker_label(metric_id)):
            assert metric_id not in label and not label.isascii()
    assert "仅2019年版" in views.option_label("rules.new_made")


# ---------------------------------------------------------------- builder


def test_build_table_with_a_numeric_condition_drops_rows_where_the_value_is_missing(county):
    frames = county.frames()
    table = views.build_table(frames.facts, frames.reports, ["licensing.decisions", "derived.substantive_rate"])
    assert len(table) == 4 and "实质公开率" in table and "实质公开率·分母（办理结果总计）" in table
    over = views.build_table(frames.facts, frames.reports, ["licensing.decisions"],
                             conditions=[views.Condition("行政许可·处理决定数量", ">", 50)])
    assert sorted(over[views.COL_SOURCE]) == ["甲镇-2020.md", "甲镇-2021.md"]
    under = views.build_table(frames.facts, frames.reports, ["licensing.decisions"],
                              conditions=[views.Condition("行政许可·处理决定数量", "<", 50)])
    assert list(under[views.COL_SOURCE]) == ["乙乡-2021.md"]  # 乙乡 2022 (not reported) never passes


def test_long_table_keeps_missing_values(county):
    frames = county.frames()
    table = views.build_table(frames.facts, frames.reports, ["licensing.decisions"])
    long = views.long_table(table, ["行政许可·处理决定数量"])
    assert len(long) == 4 and long[views.COL_VALUE].isna().sum() == 1


# ---------------------------------------------------------------- coverage and quality


def test_coverage_expects_every_year_of_a_body_seen_once_plus_the_roster(county):
    frames = county.frames()
    cov = views.coverage(frames.reports, frames.checks, [2020, 2021, 2022], roster=["丙村"])
    state = {(o, y): s for o, y, s in zip(cov[views.COL_ORG], cov[views.COL_YEAR], cov["status"])}
    assert state[("甲镇", 2020)] == "ok" and state[("甲镇", 2022)] == "missing"
    assert state[("乙乡", 2020)] == "missing" and state[("乙乡", 2021)] == "partial"
    assert all(state[("丙村", y)] == "missing" for y in (2020, 2021, 2022))
    assert len(cov) == 9
    cell = cov[(cov[views.COL_ORG] == "乙乡") & (cov[views.COL_YEAR] == 2021)].iloc[0]
    assert cell[views.COL_FINDINGS] == 2 and cell[views.COL_ERRORS] == 1 and cell[views.COL_SOURCE] == "乙乡-2021.md"
    assert views.missing_reports(cov).shape[0] == 5


def test_coverage_of_one_year_lists_the_bodies_that_skipped_it(county):
    frames = county.frames()
    cov = views.coverage(frames.reports, frames.checks, [2022])
    assert views.missing_reports(cov).values.tolist() == [["甲镇", 2022]]  # 甲镇 reported 2020 and 2021 only
    only = views.coverage(frames.reports, frames.checks, [2020], orgs=["乙乡"])
    assert only[[views.COL_ORG, views.COL_COVERAGE]].values.tolist() == [["乙乡", "未报告"]]


def test_missing_reports_by_body_name_the_years_most_missing_first(county):
    frames = county.frames()
    cov = views.coverage(frames.reports, frames.checks, [2019, 2020, 2021, 2022], roster=["丙村"])
    table = views.missing_by_body(cov)
    assert table.values.tolist() == [["丙村", "2019年、2020年、2021年、2022年", 4], ["乙乡", "2019年、2020年", 2],
                                     ["甲镇", "2019年、2022年", 2]]


def test_years_text_says_a_run_of_years_as_a_range():
    assert views.years_text([2021, 2019, 2020]) == "2019—2021年"
    assert views.years_text([2019, 2022]) == "2019年、2022年"
    assert views.years_text([2020, 2021]) == "2020年、2021年" and views.years_text([]) == ""


def test_coverage_grid_cells_say_status_and_findings(county):
    frames = county.frames()
    grid = views.coverage_grid(views.coverage(frames.reports, frames.checks, [2021, 2022])).set_index(views.COL_ORG)
    assert grid.loc["乙乡", "2021年"] == "部分读取(2)"
    assert grid.loc["甲镇", "2022年"] == "未报告"
    assert grid.loc["甲镇", "2021年"] == "已报告"


def test_coverage_takes_the_best_read_of_duplicate_reports_and_counts_them(county):
    county.report("甲镇", 2021, status="failed", source="甲镇-2021-副本.md")
    frames = county.frames()
    cov = views.coverage(frames.reports, frames.checks, [2021], orgs=["甲镇"])
    assert cov[[views.COL_SOURCE, "报告份数"]].values.tolist() == [["甲镇-2021.md", 2]]


def test_year_range_spans_from_first_to_last_year_and_reports_without_year_are_unplaced(county):
    county.report("丙村", None, source="no-year.md")
    frames = county.frames()
    assert views.year_range(frames.reports) == [2020, 2021, 2022]
    assert views.year_range(frames.reports, (2022, 2020)) == [2020, 2022]
    assert list(views.unplaced(frames.reports)[views.COL_SOURCE]) == ["no-year.md"]
    cov = views.coverage(frames.reports, frames.checks, [2020, 2021, 2022])
    assert "no-year.md" not in set(cov[views.COL_SOURCE].dropna())


def test_findings_filter_by_rule_and_severity_with_chinese_titles(county):
    checks = county.frames().checks
    table = views.findings_table(checks, severities=["warning"])
    assert set(table[views.COL_SEVERITY]) == {"警告"} and len(table) == 2
    only = views.findings_table(checks, rules=["apps.balance"])
    assert only[[views.COL_RULE, views.COL_LINE]].values.tolist() == [[views.rule_title("apps.balance"), 33]]
    counts = views.finding_counts(checks)
    assert counts[views.COL_FINDINGS].sum() == 3 and not any("." in r for r in counts[views.COL_RULE])


def test_repeated_text_lists_reports_with_a_previous_year_and_flags_high_shares(county):
    table = views.repeated_text(county.frames().reports)
    assert table[[views.COL_SOURCE, "是否标记"]].values.tolist() == [["乙乡-2022.md", "大量重复"]]


def test_headline_sums_what_reports_show_and_says_none_when_nobody_does(county):
    frames = county.frames()
    items = {h.label: h for h in views.headline(frames.reports, frames.checks, views.headline_values(frames.facts))}
    assert items["报告"].value == 4 and items["单位"].value == 2 and items["发现问题"].value == 3
    assert items["行政许可决定"].value == 220 and items["行政许可决定"].reports == 3
    assert items["主动公开信息"].value is None  # nobody reported it: not 0


def test_headline_of_a_selection_sums_only_its_reports_from_the_values_of_the_whole_load(county):
    frames = county.frames()
    values = views.headline_values(frames.facts)  # once per load
    chosen = views.select(frames, views.Selection(orgs=("乙乡",)))
    items = {h.label: h for h in views.headline(chosen.reports, chosen.checks, values)}
    own = {h.label: h for h in views.headline(chosen.reports, chosen.checks, views.headline_values(chosen.facts))}
    assert items == own
    assert items["报告"].value == len(chosen.reports) < len(frames.reports)


# ---------------------------------------------------------------- purity and empty input


def test_views_import_neither_streamlit_nor_plotly():
    code = "import sys, loaders.views; print(any(m.split('.')[0] in ('streamlit', 'plotly') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_view_of_empty_frames_is_empty_not_an_error():
    empty = County().frames()
    assert views.options(empty) == views.Options()
    assert views.wide_table(empty.facts, empty.reports).empty
    assert views.indicators(empty.facts, empty.reports).empty
    assert views.outcome_breakdown(empty.facts).empty
    assert views.coverage(empty.reports, empty.checks, []).empty
    assert views.coverage_grid(views.coverage(empty.reports, empty.checks, [])).empty
    assert views.findings_table(empty.checks).empty and views.finding_counts(empty.checks).empty
    assert views.repeated_text(empty.reports).empty
    assert [h.value for h in views.headline(empty.reports, empty.checks, views.headline_values(empty.facts))][3] is None



def test_one_report_keeps_only_that_file(county):
    frames = views.one_report(county.frames(), "乙乡-2021.md")
    for df in (frames.facts, frames.reports, frames.checks):
        assert set(df["source"]) == {"乙乡-2021.md"}


def test_yearly_totals_sum_reported_values_and_count_the_bodies(county):
    values = views.metric_values(county.frames().facts, ["licensing.decisions"])
    totals = views.yearly_totals(values).set_index(views.COL_YEAR)
    assert totals.loc[2021, "合计"] == 120 and totals.loc[2021, "报告单位数"] == 2
    assert 2022 not in totals.index


def test_a_report_from_another_county_is_grouped_apart_in_the_coverage(tmp_path):
    c = County()
    for org, year in [("甲镇", 2021), ("甲镇", 2022), ("乙乡", 2021), ("远镇", 2022)]:
        c.report(org, year)
    c.reports[-1]["county"] = "外县"  # uploaded into this county's folder by mistake
    c.report("乙乡", 2022)
    c.reports[-1]["county"] = ""  # a report that does not name its county keeps the body's county
    (tmp_path / "roster.csv").write_text("org,county\n丙村,某县\n丁村\n", encoding="utf-8")
    from loaders.review.roster import read_roster_entries

    frames = c.frames()
    cov = views.coverage(frames.reports, frames.checks, [2021, 2022], roster=["丙村", "丁村"],
                         roster_counties={e.org: e.county for e in read_roster_entries([tmp_path])})
    counties = cov.drop_duplicates(views.COL_ORG).set_index(views.COL_ORG)[views.COL_COUNTY].to_dict()
    assert counties == {"甲镇": "某县", "乙乡": "某县", "远镇": "外县", "丙村": "某县", "丁村": ""}
    groups = {name: sorted(part[views.COL_ORG].unique()) for name, part in views.county_groups(cov)}
    assert groups == {"外县": ["远镇"], "某县": ["丙村", "乙乡", "甲镇"], views.NO_COUNTY: ["丁村"]}
    one_county = cov[cov[views.COL_COUNTY] != "外县"]
    assert [name for name, _ in views.county_groups(one_county)] == [""]  # one county: one grid, no heading


@pytest.mark.parametrize("how", [{"a": "甲", "b": "乙"}, {"a": 1, "b": 2}, lambda v: f"<{v}>"])
def test_mapped_once_is_series_map_with_each_distinct_value_looked_up_once(how):
    values = pd.Series(["a", "b", None, "c", "a", "b"], dtype="str", index=[5, 4, 3, 2, 1, 0])
    expected = values.map(how)
    got = views.selection.mapped_once(values, how)
    pd.testing.assert_series_equal(got, expected, check_dtype=False)
    assert got.dtype == expected.dtype


def test_body_names_in_arrow_treat_blanks_as_python_strip_does_and_keep_first_appearance():
    blanks = [chr(i) for i in range(0x3100) if chr(i).isspace()] + ["\u3000\u3000", " \t\n"]
    orgs = pd.Series(["乙镇", *blanks, None, "甲镇", "\x00", " 乙镇", "乙镇"], dtype=object)
    assert views.org_names(orgs).tolist() == [views.org_name(o) for o in orgs]
    assert list(views.distinct_bodies(orgs)) == ["乙镇", views.NO_ORG, "甲镇", "\x00", " 乙镇"]
    assert list(views.distinct_bodies(pd.Series(["甲镇", None], dtype="str"))) == ["甲镇", views.NO_ORG]


def test_findings_follow_their_reports_order_a_repeated_source_at_its_last_row_and_list_files_last():
    from loaders.frames import in_report_order

    reports = pd.Series(["a", "b", "c", "b", "d"], dtype="str")
    sources = pd.Series(["d", "aliases.csv", "b", "a", "c", "b", "roster.csv", "a"], dtype="str")
    order = {s: i for i, s in enumerate(reports)}  # the dict it replaces, for the same order
    assert list(in_report_order(reports, sources)) == list(sources.map(order).argsort(kind="stable"))
    assert list(sources.iloc[in_report_order(reports, sources)]) == ["a", "a", "c", "b", "b", "d", "aliases.csv",
                                                                      "roster.csv"]
