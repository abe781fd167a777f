"""What a generated report says, block by block (build_document): the navigation text of its web page,
its title, the six sections under their headings (the narrative from prose.py, the tables of
document.py) and the signature, in the wording a Style and the random draws choose; layouts.py and
page.py write the blocks as text, build.py plants faults and writes the truth.
"""
from __future__ import annotations

import random

from . import prose
from .document import Block, Document, appeal_tables, application_table, proactive_tables
from .figures import Figures, received_total
from .layouts import Style

SECTION_HEADINGS = {
    "一": ("一、总体情况",),
    "二": ("二、主动公开政府信息情况",),
    "三": ("三、收到和处理政府信息公开申请情况",),
    "四": ("四、政府信息公开行政复议、行政诉讼情况",),
    "五": ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"),
    "六": ("六、其他需要报告的事项", "六、其他需要报告事项"),
}


def _title(fig: Figures, style: Style, year: int) -> str:
    name = fig.org
    if style.gov_suffix and not fig.county_in_name:  # a department is no 人民政府
        name += "办事处" if name.endswith("街道") else "人民政府"
    if style.county_in_title and not fig.county_in_name:
        name = fig.county + name
    return (f"{name}{year}年政府信息公开工作年度报告",
            f"{name}{year}年度政府信息公开工作年度报告",
            f"{year}年{name}政府信息公开工作年度报告",
            f"{name}政府信息公开工作{year}年度报告")[style.title_form % 4]


def _nav(rnd: random.Random, fig: Figures, title: str, kind: int) -> list[str]:
    """Web page text before the title: breadcrumbs, the title again, dates, font size, share buttons."""
    date = (f"发布日期：{fig.year + 1}-01-{rnd.randint(10, 31):02d}　　来源：{fig.org}　　浏览次数："
            f"{rnd.randint(12, 900)}")
    if kind == 1:  # … ending in the font-size line
        return ["当前位置：首页 > 政务公开 > 政府信息公开年报", title, date,
                rnd.choice(("字体：大 中 小", "【字体：大 中 小】", "字号：大 中 小  打印本页  关闭窗口"))]
    if kind == 2:  # a breadcrumb right above the title
        return [rnd.choice((f"当前位置：首页 > 信息公开 > {fig.org} > 年度报告",
                            "您现在的位置：首页 > 政务公开 > 法定主动公开内容 > 年度报告"))]
    return ["当前位置：首页 > 政务公开 > 政府信息公开年报", date, "字体：大 中 小", "打印本页  关闭窗口", "分享到："]


def build_document(fig: Figures, style: Style, rnd: random.Random, prose_seed: int,
                   title_year: int, drop: str = "") -> Document:
    """The report's blocks: navigation, title, the six sections (without `drop`)."""
    doc = Document()
    title = _title(fig, style, title_year)
    if style.nav:
        doc.blocks += [Block("line", line) for line in _nav(rnd, fig, title, style.nav)]
    doc.blocks.append(Block("title", title))
    county_word = fig.county if rnd.random() < 0.5 else "县"
    prn = random.Random(prose_seed)
    reviews = int(fig.get("review.total"))
    suits = int(fig.get("lit_direct.total") + fig.get("lit_after_review.total"))
    paragraphs = prose.overview(prn, fig.year, fig.org, county_word, int(fig.get("proactive.items_total")),
                                received_total(fig), reviews, suits, style.period,
                                prose.DEPARTMENT_OFFICES if fig.county_in_name else prose.UNITS_OF_WORK)
    amount_header = "采购总金额"
    if fig.units.get("procurement.amount") == "万元" and not style.amount_in_cell and fig.get("procurement.amount"):
        amount_header = "采购总金额（万元）"
    sections = {
        "一": [Block("para", p, "一") for p in paragraphs],
        "二": [Block("table", section="二", table=t) for t in proactive_tables(fig.template, style.one_grid, amount_header)],
        "三": [Block("table", section="三", table=application_table(fig.template, style.relation))],
        "四": [Block("table", section="四", table=t) for t in appeal_tables(style.appeals_split)],
        "五": [Block("para", p, "五") for p in prose.problems(prn)],
        "六": [Block("para", p, "六") for p in prose.other_matters(prn)],
    }
    for number, blocks in sections.items():
        if number == drop:
            continue
        doc.blocks.append(Block("heading", rnd.choice(SECTION_HEADINGS[number]), number))
        doc.blocks += blocks
    if rnd.random() < 0.4:
        signed = fig.org if fig.county_in_name else fig.org + ("办事处" if fig.org.endswith("街道") else "人民政府")
        doc.blocks.append(Block("line", signed))
        doc.blocks.append(Block("line", f"{fig.year + 1}年1月{rnd.randint(10, 31)}日"))
    return doc
