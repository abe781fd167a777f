"""The metric catalog: every number an annual report carries, with its stable id.

`data/metrics.csv` is a copy of the project's data contract (shared/spec/metrics.csv). This module is
the one place that reads it; everything else asks here for ids, labels and units.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Applicant:
    """One applicant column of section 三."""

    id: str
    label: str


#: Section 三's applicant columns, in template order (spec README).
APPLICANTS: tuple[Applicant, ...] = (
    Applicant("natural_person", "自然人"),
    Applicant("commercial", "商业企业"),
    Applicant("research", "科研机构"),
    Applicant("social_org", "社会公益组织"),
    Applicant("legal_service", "法律服务机构"),
    Applicant("other_org", "其他组织"),
    Applicant("total", "总计"),
)
APPLICANT_IDS: tuple[str, ...] = tuple(a.id for a in APPLICANTS)
APPLICANT_LABELS: dict[str, str] = {a.id: a.label for a in APPLICANTS}

TEMPLATES = ("2019", "2021", "pre2019")


@dataclass(frozen=True, slots=True)
class Metric:
    """One row of metrics.csv."""

    id: str
    section: str
    templates: tuple[str, ...]
    table_item: str
    row_zh: str
    col_zh: str
    unit: str
    per_applicant: bool
    note: str

    @property
    def label(self) -> str:
        """A short Chinese label for people (charts, CSV headers): row, then column where there is one."""
        if self.id in _LABEL_OVERRIDES:
            return _LABEL_OVERRIDES[self.id]
        row = _short_row(self.row_zh)
        if self.section == "四":
            return f"{row}·{self.col_zh}"
        if self.col_zh:
            return f"{row}·{_short_col(self.col_zh)}"
        group = _short_row(self.table_item) if self.table_item.startswith("（") else ""
        return f"{group}·{row}" if group and group not in row else row

    @property
    def default_unit(self) -> str:
        """The unit a value has when the report states none ('' where the catalog leaves it open)."""
        return self.unit if self.unit in ("件", "项", "条", "万元", "元") else ""


# Labels the official wording makes too long for a chart axis or a CSV header.
_LABEL_OVERRIDES = {
    "apps.new_received": "本年新收申请",
    "apps.carried_over": "上年结转申请",
    "apps.outcome_total": "办理结果总计",
    "apps.carried_forward": "结转下年度继续办理",
    "apps.rejected.reconfirm": "不予处理·要求确认或重新出具已获取信息",
    "apps.other.no_correction": "其他处理·逾期不补正",
    "apps.other.unpaid_fee": "其他处理·逾期未缴费",
}


def _short_row(text: str) -> str:
    for mark in ("（区分处理的", "（正文叙述）", "（一行15格）"):
        text = text.split(mark)[0]
    return text.lstrip("一二三四五六七、（）．1234567890").replace(" · ", "·") or text


def _short_col(text: str) -> str:
    return text.replace("（本年）", "").replace("（单位：万元）", "")


@cache
def metrics() -> dict[str, Metric]:
    """All metrics by id, in catalog order."""
    with resources.files(__package__).joinpath("data/metrics.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        r["metric"]: Metric(
            id=r["metric"],
            section=r["section"],
            templates=tuple(r["templates"].split("|")),
            table_item=r["table_item"],
            row_zh=r["row_zh"],
            col_zh=r["col_zh"],
            unit=r["unit"],
            per_applicant=r["per_applicant"] == "yes",
            note=r["note"],
        )
        for r in rows
    }


def metric(metric_id: str) -> Metric:
    """The catalog entry of one id (KeyError for an id the catalog does not know)."""
    return metrics()[metric_id]


def metric_label(metric_id: str) -> str:
    """The Chinese label of a metric id, or the id itself when the catalog does not know it."""
    m = metrics().get(metric_id)
    return m.label if m else metric_id
