"""What the template (or the 条例) requires, per finding rule, in the words a 通报 uses."""
from __future__ import annotations

from ..rules import rule

REQUIREMENTS = {
    "apps.balance": "表三中第一项加第二项之和等于第三项加第四项之和（本年新收政府信息公开申请数量 + 上年结转政府信息公开"
                    "申请数量 = 本年度办理结果总计 + 结转下年度继续办理），每一列都应如此。",
    "apps.row_total": "表三每一行的“总计”列等于自然人、法人或其他组织各类申请人之和。",
    "apps.outcome_total": "表三“（七）总计”等于“（一）予以公开”至“（六）其他处理”各项办理结果之和。",
    "appeals.total": "表四行政复议、行政诉讼的“总计”等于结果维持、结果纠正、其他结果、尚未审结之和。",
    "xyear.carry_over": "本年“上年结转政府信息公开申请数量”等于上一年度报告“结转下年度继续办理”的数量。",
    "xyear.in_force": "本年规章、行政规范性文件“现行有效件数”等于上年现行有效件数加本年制发件数减本年废止件数。",
    "xyear.repeated_text": "年度报告应如实反映本年度工作，不得大量照搬上一年度报告。",
    "xbody.copied": "年度报告应如实反映本机关本年度工作，不得照搬其他机关的报告。",
    "timeliness.late": "《中华人民共和国政府信息公开条例》第四十九条：年度报告应于每年1月31日前向社会公布"
                       "（乡镇、街道按本县规定的时限）。",
    "template.outdated": "2021年度起的报告应使用国办公开办函〔2021〕30号印发的年度报告格式。",
    "rules.not_competent": "规章由省、自治区、直辖市和设区的市人民政府制定；乡镇、街道和县级部门的规章各项应为0，"
                           "行政规范性文件填在“行政规范性文件”一行。",
    "narrative.no_applications": "正文所述与表三数字一致。",
    "narrative.mismatch": "正文所述数字与表格一致。",
    "narrative.fees": "正文所述收费情况与表格一致。",
    "section5.empty": "第五部分应如实写明存在的主要问题及改进情况。",
    "section.missing": "年度报告应包括格式规定的全部六个部分。",
    "table.cut": "年度报告应完整列出格式规定的各项表格。",
    "table.missing": "年度报告应完整列出格式规定的各项表格。",
    "report.title_year": "标题年度与统计期限一致。",
    "report.duplicate": "同一机关同一年度只公开一份年度报告。",
    "value.negative": "各项数量不小于0。",
}


def requirement(rule_id: str) -> str:
    """The requirement a finding of this rule breaks; the rule's title where no text is written."""
    return REQUIREMENTS.get(rule_id, f"报告应符合年度报告格式的要求（{rule(rule_id).title}）。")
