"""One report file → a Report: read, recover the tables, map them to the catalog, check."""
from __future__ import annotations

import hashlib
import re

from . import checks, grammar, narrative
from .catalog import metric, metrics
from .cells import tokenize
from .formats import read_source
from .glued import GluedTables, read_glued
from .model import Fact, Report, SourceText
from .placement import aligned_sections, place_row
from .tables import ORPHAN, Row, Tables, application_rows, name_unknown_rows, recover_rows
from .review import dates
from .text import UnreadableText

# findings that make a report 'partial' rather than 'ok'
_INCOMPLETE = frozenset({"table.cut", "table.missing", "section.missing", "cell.uncertain", "cell.excess"})
_SECTION_RULE_LABELS = {"二": "第二部分（主动公开政府信息情况）", "三": "第三部分（收到和处理政府信息公开申请情况）",
                        "四": "第四部分（行政复议、行政诉讼情况）"}


def read_report(source: str, data: bytes) -> Report:
    """Read one report file's bytes. Never raises: a file that cannot be read is a 'failed' report."""
    report = Report(source=source, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    try:
        src = read_source(source, data)
    except UnreadableText as e:
        report.find(e.rule, str(e))
        report.message = str(e)
        return report
    except Exception as e:  # a reader's bug or a hostile file must not stop the other files
        report.find("file.unreadable", f"读取失败：{type(e).__name__}")
        report.message = f"读取失败（{type(e).__name__}），请检查文件是否完整"
        return report
    report.format = src.format
    for finding in src.findings:
        report.find(finding.rule, finding.message, finding.line)
    report.published, report.published_from = dates.publication_date(src.lines, data, src.format)
    try:
        parse_source(report, src)
    except Exception as e:  # pragma: no cover - a last guard; the parser is meant never to get here
        report.facts.clear()
        report.find("file.unreadable", f"解析失败：{type(e).__name__}: {e}")
        report.status, report.message = "failed", f"解析失败（{type(e).__name__}）"
    return report


def parse_source(report: Report, src: SourceText) -> None:
    """Fill a Report from a report's text."""
    lines = src.lines
    tables = recover_rows(tokenize(src))
    glued = read_glued(lines, src.ends_mid_text)
    claimed = glued.claimed
    tables.rows = [r for r in tables.rows if (r.line, r.section) not in claimed]
    bounds = _section_bounds(tables, len(lines))
    _read_identity(report, lines, tables, bounds)
    if not _looks_like_report(lines, tables) and not glued.rows:
        report.find("file.not_report", "文本中没有政府信息公开年度报告的标题、章节或表格")
        report.status, report.message = "failed", "不是政府信息公开工作年度报告（未找到报告标题、章节或表格）"
        return
    report.template = _template(tables, report.year)
    _place_tables(report, tables)
    _place_glued(report, glued)
    _read_sentences(report, lines, bounds)
    if src.origins:
        for fact in report.facts:
            fact.origin = src.origins.get((fact.line, fact.field))
    _completeness(report, tables, glued)
    checks.check_report(report, lines, bounds, glued.section_text("五"))
    report.narrative = "\n".join(
        "\n".join(lines[a:b]) for sec, (a, b) in sorted(bounds.items()) if sec in ("一", "五", "六"))
    report.copy_text = "\n".join("\n".join(lines[a:b]) for sec, (a, b) in sorted(bounds.items()) if sec in ("一", "五"))
    report.signed = dates.signed_date(lines)
    report.sections = tuple(sorted(set(tables.headings) | {r.section for r in tables.rows} | _glued_sections(glued),
                                   key="一二三四五六".index))
    _status(report)


def _section_bounds(tables: Tables, n_lines: int) -> dict[str, tuple[int, int]]:
    """Section → (first line index, end index) in 0-based line indexes; the part before 二 is 一."""
    starts = dict(tables.headings)
    for row in tables.rows:
        starts.setdefault(row.section, row.line)
    order = sorted((line, sec) for sec, line in starts.items())
    bounds = {}
    for i, (line, sec) in enumerate(order):
        end = order[i + 1][0] - 1 if i + 1 < len(order) else n_lines
        bounds[sec] = (line - 1, end)
    first = order[0][0] - 1 if order else n_lines
    one_start, one_end = bounds.get("一", (0, first))
    bounds["一"] = (0, max(one_end, first) if "二" not in bounds else min(max(one_end, first), bounds["二"][0]))
    return bounds


def _read_identity(report: Report, lines: list[str], tables: Tables, bounds) -> None:
    lines = narrative.without_page_links(lines)
    title_line, title_name, title_year = narrative.find_title(lines)
    body = narrative.find_body(lines, title_name)
    report.org, report.county = body.org, body.county
    report.title_year = title_year
    year, _ = narrative.find_year(lines, bounds["一"][1])
    if year is None:
        year = title_year
    if year is None:
        head = narrative.years_in_text(lines[: bounds["一"][1]])
        counts = head if head else narrative.years_in_text(lines)
        year = counts.most_common(1)[0][0] if counts else None
    report.year = year
    if not report.org:
        report.find("report.no_org", "正文未写明报告单位名称（只称“我镇”“本机关”等）")
    if report.year is None:
        report.find("report.no_year", "正文未写明报告所属年度")


def _looks_like_report(lines: list[str], tables: Tables) -> bool:
    if tables.rows or len(tables.headings) >= 2:
        return True
    text = "".join(lines[:200])
    return "信息公开" in text and bool(re.search(r"年度报告|年报|工作报告|主动公开", text))


def _template(tables: Tables, year: int | None) -> str:
    votes = tables.forms()
    if votes:
        return votes.most_common(1)[0][0]
    if year is None:
        return ""
    if year < 2019:
        return "pre2019"
    return "2019" if year <= 2020 else "2021"


def _place_tables(report: Report, tables: Tables) -> None:
    for row in name_unknown_rows(tables.rows, report.template):
        report.find("row.label_variant", f"第 {row.line} 行的行名“{row.label}”不是模板中的写法，"
                                         f"按表格行序读作「{metric(row.key).label}」", row.line, row.key)
    rows = [r for r in tables.rows if r.section != "三"] + application_rows(tables.rows)
    rows.sort(key=lambda r: r.line)
    aligned = aligned_sections(rows, report.template)
    seen: dict = {}
    placeholders: dict[str, list] = {}  # section → its rows with "—" cells, and their marks
    for row in rows:
        placed = place_row(row, report.template, row.section in aligned.sections, aligned.drops_empty_cells)
        for fact in placed.facts:
            _add_fact(report, fact, seen)
        if placed.doubt:
            metric_id = row.key if row.key in metrics() else ""  # section 二/四 rows span several metrics
            report.find(placed.doubt, f"{_row_name(row)}：{placed.detail}", row.line, metric_id)
        marks = []
        for cell in row.cells:
            if cell.kind == "cut":
                report.find("cell.truncated", f"文本在数字“{cell.text}”处结束，该数字可能不完整，未采用", cell.line)
            elif cell.kind == "dash":
                marks.append(cell.text)
        if marks and row.key != ORPHAN:
            placeholders.setdefault(row.section, []).append((row, marks))
    for section, marked in placeholders.items():
        _placeholder_finding(report, section, marked)


def _place_glued(report: Report, glued: GluedTables) -> None:
    """The values of tables whose cells ran together, after the other tables' (the first table's value wins)."""
    seen = {(f.metric, f.applicant): f for f in report.facts}
    for fact in glued.facts:
        _add_fact(report, fact, seen)
    for note in glued.notes:
        report.find(note.rule, note.message, note.line, note.metric, note.applicant)


def _glued_sections(glued: GluedTables) -> set[str]:
    return set(glued.headings) | {r.section for r in glued.rows}


def _placeholder_finding(report: Report, section: str, marked: list[tuple[Row, list[str]]]) -> None:
    """One finding per table for its "—" "/" "无" cells: they are not read as 0 (the report may mean
    zero, or not applicable), so a reviewer sees why those cells are empty."""
    cells = sum(len(marks) for _, marks in marked)
    shown = "”“".join(dict.fromkeys(m for _, marks in marked for m in marks))
    names = "、".join(_row_name(row).removeprefix(f"表{section}") for row, _ in marked[:3])
    more = f"等 {len(marked)} 行" if len(marked) > 3 else ""
    report.find("cell.placeholder", f"表{section}{names}{more}共 {cells} 格填写“{shown}”，未作为 0 读取，视为未填报",
                marked[0][0].line)


def _row_name(row: Row) -> str:
    if row.key == ORPHAN:
        return f"表{row.section or ''}无行名的一行"
    if row.section == "三":
        return f"表三「{metric(row.key).label}」行"
    if row.section == "四":
        return "表四（行政复议、行政诉讼）"
    return f"表二「{row.label}」行"


def _add_fact(report: Report, fact: Fact, seen: dict) -> None:
    """One value per metric and applicant: the first the tables show; a different second one is a finding."""
    other = seen.get((fact.metric, fact.applicant))
    if other is None:
        seen[(fact.metric, fact.applicant)] = fact
        report.facts.append(fact)
    elif other.value != fact.value:
        report.find("value.duplicate",
                    f"{metric(fact.metric).label}{_applicant(fact)}：第 {other.line} 行为 {other.value:g}，"
                    f"第 {fact.line} 行为 {fact.value:g}；采用先出现的表格数值", fact.line, fact.metric,
                    fact.applicant)


def _applicant(fact: Fact) -> str:
    from .catalog import APPLICANT_LABELS

    return f"（{APPLICANT_LABELS[fact.applicant]}）" if fact.applicant else ""


def _read_sentences(report: Report, lines: list[str], bounds) -> None:
    start, end = bounds["一"]
    if "三" in bounds:
        end = max(end, bounds["三"][0])
    own = (report.org, report.org.removeprefix(report.county)) if report.org else ()
    reading = narrative.proactive_total(lines, start, end, report.year, own)
    if stated := reading.total:
        report.facts.append(Fact(stated.metric, "", stated.value, stated.unit, stated.line, "一", from_narrative=True))
    if reading.ambiguous:
        shown = "、".join(f"第 {s.line} 行 {s.value:g} 条" for s in reading.ambiguous)
        report.find("proactive.ambiguous", f"正文给出多个可能的主动公开总数（{shown}），无法确定哪个是全年总数，均未采用",
                    reading.ambiguous[0].line, "proactive.items_total")
    if "二" not in bounds:
        return
    have = {f.metric: f for f in report.facts}
    for s in narrative.section2_sentences(lines, *bounds["二"]):
        table = have.get(s.metric)
        if table is None:
            report.facts.append(Fact(s.metric, "", s.value, s.unit if s.metric in grammar.AMOUNT_METRICS else "件",
                                     s.line, "二", from_narrative=True))
        elif not _same_amount(table, s):
            report.find("narrative.mismatch",
                        f"{metric(s.metric).label}：正文第 {s.line} 行为 {s.value:g}{s.unit}，"
                        f"表格第 {table.line} 行为 {table.value:g}{table.unit}；采用表格数值", s.line, s.metric)


def _same_amount(fact: Fact, stated) -> bool:
    if fact.metric in grammar.AMOUNT_METRICS and fact.unit != stated.unit:
        scale = {"万元": 10000.0, "元": 1.0}
        return abs(fact.value * scale.get(fact.unit, 1) - stated.value * scale.get(stated.unit, 1)) < 0.5
    return fact.value == stated.value


def _completeness(report: Report, tables: Tables, glued: GluedTables) -> None:
    if report.template == "pre2019":
        return
    seen = set(tables.headings) | {r.section for r in tables.rows} | _glued_sections(glued)
    for sec, label in _SECTION_RULE_LABELS.items():
        sec_rows = [r for r in tables.rows if r.section == sec]
        if any(r.section == sec for r in glued.rows):
            continue
        if sec not in seen:
            report.find("section.missing", f"缺少{label}，其中的数值视为缺失")
        elif not sec_rows or not any(r.cells for r in sec_rows):
            report.find("table.missing", f"{label}有标题但没有表格数值", tables.headings.get(sec, 0))
    _application_table_cut(report, tables, glued)
    _proactive_table_cut(report, tables, glued)


def _application_table_cut(report: Report, tables: Tables, glued: GluedTables) -> None:
    rows = application_rows(tables.rows)
    keys = [r.key for r in rows] + [r.key for r in glued.rows if r.section == "三"]
    if not keys:
        return
    first_line = min([r.line for r in rows] + [r.line for r in glued.rows if r.section == "三"])
    last_line = max([r.line for r in rows] + [r.line for r in glued.rows if r.section == "三"])
    if any(k.startswith("apps.other.") for k in keys):
        expected = grammar.ROWS_2021
    elif "apps.other" in keys:
        expected = grammar.ROWS_2019
    else:
        expected = grammar.ROWS_2021 if report.template == "2021" else grammar.ROWS_2019
    last = max((expected.index(k) for k in keys if k in expected), default=-1)
    if last < len(expected) - 1 and last >= 0:
        report.find("table.cut", f"表三在「{metric(expected[last]).label}」之后中断，"
                                 f"其后 {len(expected) - 1 - last} 行缺失", last_line)
    missing = [k for k in expected[: last + 1] if k not in keys]
    if missing:
        names = "、".join(metric(k).label for k in missing[:6]) + ("等" if len(missing) > 6 else "")
        report.find("table.cut", f"表三缺少 {len(missing)} 行：{names}", first_line)


def _proactive_table_cut(report: Report, tables: Tables, glued: GluedTables) -> None:
    keys = [r.key for r in tables.rows if r.section == "二"] + [r.key for r in glued.rows if r.section == "二"]
    if not keys:
        return
    order = list(grammar.PROACTIVE_ORDER)
    if report.template == "2021":
        order = [k for k in order if k not in ("other_services", "procurement")]
    last = max((order.index(k) for k in keys if k in order), default=-1)
    if 0 <= last < len(order) - 1:
        names = "、".join(grammar.PROACTIVE_ROWS[k].label for k in order[last + 1:])
        report.find("table.cut", f"表二在「{grammar.PROACTIVE_ROWS[order[last]].label}」之后中断，缺少：{names}")


def _status(report: Report) -> None:
    n = len(report.facts)
    rules = report.finding_counts  # those past the cap too
    if n == 0:
        report.status = "failed"
        reasons = [f.message for f in report.findings if f.rule in _INCOMPLETE | {"file.not_report"}]
        report.message = "未读到任何数值" + ("：" + "；".join(reasons[:3]) if reasons else "")
        return
    incomplete = [f for f in report.findings if f.rule in _INCOMPLETE]
    report.status = "partial" if incomplete or report.template == "pre2019" else "ok"
    parts = [f"读取 {n} 个数值"]
    parts += [f.message for f in incomplete[:3]]
    if len(incomplete) > 3:
        parts.append(f"另有 {len(incomplete) - 3} 项缺失或存疑")
    issues = sum(v for k, v in rules.items() if k not in _INCOMPLETE)
    if issues:
        parts.append(f"{issues} 项检查发现")
    report.message = "；".join(parts)
