"""Which metrics compare across the 2019 and 2021 templates, and how the pickers name them."""
from __future__ import annotations

from collections.abc import Sequence

from ..catalog import metric_label, metrics
from .labels import COUNTERPARTS, SECTION_TITLES, TEMPLATE_LABELS
from .rates import INDICATORS


def comparability(metric_id: str) -> str:
    """A sentence saying whether a metric's series can run across the 2019 and 2021 templates."""
    m = metrics().get(metric_id)
    if m is None:
        return ""
    forms = [t for t in ("2019", "2021") if t in m.templates]
    if len(forms) == 2:
        return f"「{m.label}」在2019年版和2021年版模板中口径相同，可跨年度比较。"
    form = forms[0] if forms else "pre2019"
    text = f"「{m.label}」只在{TEMPLATE_LABELS[form]}中出现，只显示按该模板填报的年度。"
    other = COUNTERPARTS.get(metric_id)
    if other:
        text += f"另一版模板的相近指标「{metric_label(other)}」口径不同，分开显示，不连成一条序列。"
    return text


def comparable(metric_id: str) -> bool:
    """True when the metric is the same in the 2019 and 2021 templates."""
    m = metrics().get(metric_id)
    return bool(m) and {"2019", "2021"} <= set(m.templates)


def split_by_template(metric_ids: Sequence[str]) -> dict[str, list[str]]:
    """Metrics grouped as series may run: 两版通用 (both templates), then 2021年版 only, 2019年版 only."""
    groups: dict[str, list[str]] = {"两版模板通用": [], "仅2021年版模板": [], "仅2019年版模板": []}
    for mid in metric_ids:
        m = metrics()[mid]
        if comparable(mid):
            groups["两版模板通用"].append(mid)
        elif "2019" in m.templates:
            groups["仅2019年版模板"].append(mid)
        else:
            groups["仅2021年版模板"].append(mid)
    return {k: v for k, v in groups.items() if v}


def metric_groups() -> dict[str, list[str]]:
    """Metric ids grouped as the template groups them (section, then table item), in catalog order."""
    groups: dict[str, list[str]] = {}
    for m in metrics().values():
        groups.setdefault(group_title(m.section, m.table_item), []).append(m.id)
    return groups


def group_title(section: str, table_item: str) -> str:
    """Chinese title of a catalog group, e.g. 二、主动公开政府信息情况 · 第二十条第（五）项."""
    item = table_item.split("（一行")[0].strip()
    title = SECTION_TITLES.get(section, section)
    return f"{title} · {item}" if item and not title.startswith(item) else title


def section_metrics() -> dict[str, list[str]]:
    """Metric ids by section of the report (一 … 四), in catalog order — the builder's pickers."""
    out: dict[str, list[str]] = {}
    for m in metrics().values():
        out.setdefault(SECTION_TITLES.get(m.section, m.section), []).append(m.id)
    return out


def picker_label(metric_id: str) -> str:
    """A metric's label in the builder: its table item first where the section has several (第二十条第（五）项 …)."""
    m = metrics().get(metric_id)
    label = option_label(metric_id)
    if m is not None and m.section == "二" and m.table_item:
        return f"{m.table_item.replace('第二十条', '')} {label}"
    return label


def option_label(metric_id: str) -> str:
    """A metric's label for a picker, with the template it belongs to when only one has it."""
    if metric_id in INDICATORS:
        return INDICATORS[metric_id].label
    m = metrics()[metric_id]
    if comparable(metric_id) or not m.templates:
        return m.label
    only = "2019" if "2019" in m.templates else m.templates[0]
    return f"{m.label}（仅{TEMPLATE_LABELS.get(only, only)}）"
