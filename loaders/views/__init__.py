"""What the dashboard pages show: selections (the facts asked of DuckDB, see queries.py), wide tables, derived rates, coverage.

Pages ask here for frames and only draw them. Nothing in this module knows Streamlit or plotly.
Every table meant for people carries Chinese headers (the `COL_*` names), and a value a report does
not show stays missing (NaN / <NA>) — never a 0. Every row that holds numbers keeps the file
(`来源文件`) and, for single values, the line (`行号`) it was read from.

The package is split by concern: labels, selection, queries (the facts asked of DuckDB), values, tables, rates,
breakdowns, comparability, builder, coverage, headline, drill (province → county → body, and tables a page at a time).
"""
from .labels import (
    COL_ORG, COL_COUNTY, COL_YEAR, COL_TEMPLATE, COL_SOURCE, COL_LINE, COL_METRIC, COL_APPLICANT, COL_VALUE,
    COL_UNIT, COL_SECTION, COL_READING, COL_STATUS, COL_FINDINGS, COL_ERRORS, COL_COVERAGE, COL_SEVERITY,
    COL_RULE, COL_MESSAGE, COL_CATEGORY, COL_COUNT, COL_SHARE, COL_PREVIOUS, COL_CHANGE, COL_TIMELINESS,
    REVIEW_COLUMNS, LATE, TEMPLATE_LABELS, STATUS_LABELS, READING_LABELS, COVERAGE_LABELS, NO_ORG, MISSING,
    MIN_RATE_BASE, REPEATED_SHARE_FLAG, SECTION_TITLES, COUNTERPARTS,
)
from .selection import (
    Selection, Options, options, org_name, org_names, distinct_bodies, unknown_values, select_reports, select_checks, of_reports,
)
from .queries import VALUE_COLUMNS, ALL_COLUMNS, TOTALS, select, one_report, narrowed, selected_facts, columns_query
from .values import metric_values, complete_years, yearly_totals, change_from_previous_year, without_value, ranking
from .tables import tidy_table, wide_table
from .rates import (
    Indicator, INDICATORS, INDICATOR_COLUMNS, indicators, indicator_metrics, rows_of_reports, numerator_column, denominator_column, small_column, indicator_by_year,
    rankable, rate_ranking,
)
from .breakdowns import (
    OUTCOME_GROUPS, outcome_breakdown, applicant_breakdown, APPEAL_GROUPS, APPEAL_RESULTS,
    appeal_results, Breakdown, OUTCOMES, APPLICANT_TYPES, appeal_breakdown,
)
from .comparability import (
    comparability, comparable, split_by_template, metric_groups, group_title, section_metrics, picker_label,
    option_label,
)
from .builder import OPERATORS, Condition, build_table, apply_conditions, value_columns, long_table
from .coverage import (
    year_range, coverage, coverage_cells, coverage_of, CoverageCells, body_counties, NO_COUNTY, county_groups, coverage_cell_text, coverage_grid,
    missing_reports, missing_by_body, years_text, unplaced, report_list, findings_table, in_reading_order,
    filter_findings, rule_title, finding_counts, repeated_text,
)
from .headline import HEADLINE_METRICS, HEADLINE_IDS, Headline, headline_values, headline
from .drill import (
    MAX_BODY_ROWS, PAGE_ROWS, COL_WITH_VALUE, CountyPick, county_of, county_choices, in_list_order, rows_are_counties, in_county,
    county_totals, yearly_sums, page_count, page_of, bodies_page, county_parts, coverage_by_county,
)
