"""Chinese headers and labels of the tables people see and download: one source for every page."""
from __future__ import annotations

from ..review.decisions import COL_LAST_YEAR, DECISION_COLUMNS


# Chinese headers of the tables people see and download.
COL_ORG = "单位"
COL_COUNTY = "县（市、区）"
COL_YEAR = "年度"
COL_TEMPLATE = "模板"
COL_SOURCE = "来源文件"
COL_LINE = "行号"
COL_METRIC = "指标"
COL_APPLICANT = "申请人类型"
COL_VALUE = "数值"
COL_UNIT = "计量单位"
COL_SECTION = "部分"
COL_READING = "读取方式"
COL_STATUS = "读取情况"
COL_FINDINGS = "问题数"
COL_ERRORS = "错误数"
COL_COVERAGE = "报告情况"
COL_SEVERITY = "严重程度"
COL_RULE = "问题类型"
COL_MESSAGE = "说明"
COL_CATEGORY = "类别"
COL_COUNT = "件数"
COL_SHARE = "占比"
COL_PREVIOUS = "上年数值"
COL_CHANGE = "增减"
COL_TIMELINESS = "公开时限"
REVIEW_COLUMNS = DECISION_COLUMNS + [COL_LAST_YEAR]
LATE = "逾期"

TEMPLATE_LABELS = {"2019": "2019年版模板", "2021": "2021年版模板", "pre2019": "2019年以前格式", "": "未识别模板"}
STATUS_LABELS = {"ok": "已读取", "partial": "部分读取", "failed": "无法读取"}
READING_LABELS = {"table": "表格", "narrative": "正文", "glued": "表格（连写数字拆分）", "arithmetic": "表格（按表内合计推定）"}
COVERAGE_LABELS = {"ok": "已报告", "partial": "部分读取", "failed": "无法读取", "missing": "未报告"}
NO_ORG = "（未写明单位）"
MISSING = "未报告"

#: A rate over fewer cases than this is shown with its count and marked 样本少; it is never ranked.
MIN_RATE_BASE = 10
#: A report repeating at least this share of last year's narrative sentences is flagged.
REPEATED_SHARE_FLAG = 0.5

SECTION_TITLES = {"一": "一、总体情况", "二": "二、主动公开政府信息情况",
                  "三": "三、收到和处理政府信息公开申请情况", "四": "四、行政复议、行政诉讼情况"}

# Metrics of one template and the other template's nearest metric: never one series, said side by side.
COUNTERPARTS = {
    "rules.issued": "rules.new_made", "rules.in_force": "rules.total_published",
    "normative.issued": "normative.new_made", "normative.in_force": "normative.total_published",
    "fees.amount": "fees.items_prev",
}
COUNTERPARTS |= {v: k for k, v in COUNTERPARTS.items()}
