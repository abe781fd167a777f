"""Every kind of finding the loaders can report: one stable id, a severity and a Chinese title each.

Findings are rows of the `checks` frame. The id is the contract (tests, filters and saved links use it);
the title is what a reviewer reads in the app.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    title: str


_RULES = (
    # reading the file
    Rule("file.unreadable", ERROR, "文件无法读取"),
    Rule("file.empty", ERROR, "空文件"),
    Rule("file.binary", ERROR, "不是文本文件"),
    Rule("file.encoding", ERROR, "无法识别的文字编码"),
    Rule("file.too_large", ERROR, "文件过大"),
    Rule("file.not_report", ERROR, "不是政府信息公开年度报告"),
    Rule("file.unsupported", ERROR, "不支持的文件格式"),
    Rule("file.scanned", ERROR, "扫描件，无文字层"),
    Rule("file.too_many_pages", ERROR, "页数超过上限"),
    Rule("pdf.table_skipped", WARNING, "PDF 页面表格线过多，未按表格读取"),
    Rule("list.unreadable", ERROR, "别名或单位名单文件无法读取"),
    Rule("list.bad_row", WARNING, "别名或单位名单中有无法采用的行"),
    # what the report shows or lacks
    Rule("report.no_org", WARNING, "未写明报告单位"),
    Rule("report.no_year", WARNING, "无法确定数据年度"),
    Rule("report.title_year", WARNING, "标题年份与数据年度不一致"),
    Rule("section.missing", WARNING, "缺少章节"),
    Rule("table.cut", WARNING, "表格不完整"),
    Rule("table.missing", WARNING, "章节中没有表格"),
    Rule("cell.uncertain", WARNING, "数值所在列无法确定"),
    Rule("cell.excess", WARNING, "数值多于表格列数"),
    Rule("cell.truncated", INFO, "文本在数字处截断"),
    Rule("row.label_variant", INFO, "行名不是模板写法，按行序读取"),
    Rule("cell.placeholder", INFO, "单元格为“—”“/”“无”"),
    Rule("unit.missing", INFO, "金额未注明单位"),
    Rule("value.duplicate", WARNING, "同一数值出现两次且不一致"),
    Rule("value.negative", ERROR, "数量为负数"),
    # 勾稽关系 and other arithmetic of the template
    Rule("apps.balance", ERROR, "勾稽关系不平衡（新收+上年结转≠办理结果总计+结转下年度）"),
    Rule("apps.row_total", ERROR, "总计列不等于各类申请人之和"),
    Rule("apps.outcome_total", ERROR, "办理结果总计不等于各项办理结果之和"),
    Rule("appeals.total", ERROR, "复议或诉讼总计不等于各项结果之和"),
    # the narrative against the tables
    Rule("narrative.no_applications", ERROR, "正文称未收到申请，但表格新收申请大于0"),
    Rule("narrative.mismatch", WARNING, "正文数字与表格不一致"),
    Rule("proactive.ambiguous", WARNING, "正文主动公开总数有多种读法，未采用"),
    Rule("narrative.fees", ERROR, "正文称未收费，但表格有收费金额"),
    Rule("section5.empty", WARNING, "“存在的主要问题及改进情况”为空或仅写“无”"),
    Rule("findings.capped", WARNING, "同类检查发现过多，只列出一部分"),
    # across reports
    Rule("report.duplicate", WARNING, "同一单位同一年度有多份报告"),
    Rule("xyear.carry_over", ERROR, "上年结转与上一年报告的结转下年度不一致"),
    Rule("xyear.in_force", ERROR, "现行有效件数与上一年报告不衔接"),
    Rule("xyear.repeated_text", WARNING, "正文大量重复上一年报告"),
    Rule("xbody.copied", WARNING, "正文大量与其他单位同年度报告相同"),
    # what evaluators check beyond the form (loaders/review/evaluate.py)
    Rule("timeliness.late", ERROR, "年度报告逾期公开"),
    Rule("template.outdated", WARNING, "2021年及以后的报告仍用2019年版模板"),
    Rule("rules.not_competent", ERROR, "无规章制定权的机关填报了规章"),
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def rule(rule_id: str) -> Rule:
    """The rule of an id (KeyError for an unknown id: every finding must use a registered rule)."""
    return RULES[rule_id]
