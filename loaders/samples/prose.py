"""The narrative of a generated report: sections 一, 五 and 六, written from the report's figures.

Sentences are put together from small interchangeable parts, so that two years of one township share
few whole sentences (the loaders flag a report that repeats most of last year's text). Every sentence
that states a number states the figure of the table; sentences that the loaders read (the proactive
total, "未收到申请") are worded the way real reports word them.
"""
from __future__ import annotations

import random

TOPICS = ("乡村振兴", "财政预决算", "社会救助", "人居环境整治", "农村危房改造", "惠农补贴发放", "安全生产",
          "生态环境保护", "就业创业", "疫情防控", "征地拆迁", "义务教育", "医疗保障", "养老服务", "防汛抗旱",
          "耕地保护", "重大项目建设", "公共文化服务", "退役军人服务", "行政执法公示")
LEADS = ("坚强领导", "正确领导", "统一部署", "精心指导", "有力指导")
DOING = ("认真贯彻落实", "深入贯彻", "严格执行", "全面落实", "切实贯彻")
AIMS = ("坚持以公开为常态、不公开为例外", "紧扣中心工作，不断提升政务公开质效", "围绕群众关切，持续深化基层政务公开",
        "以制度建设为抓手，推动政务公开标准化规范化", "把政务公开融入日常工作全过程", "聚焦群众办事难点，做好政策公开和解读",
        "坚持依法公开、真实准确、注重实效", "以公开促落实、以公开促规范、以公开促服务")
ENDS = ("切实保障人民群众的知情权、参与权、表达权和监督权", "有力推动了各项工作落地见效",
        "进一步增强了政府工作透明度", "为推进法治政府建设提供了有力支撑", "营造了良好的政务公开氛围",
        "群众满意度进一步提升")
CHANNELS = ("政府门户网站", "政务微信公众号", "村务公开栏", "便民服务中心电子屏", "政务服务平台", "镇村广播")
UNITS_OF_WORK = ("党政办公室", "综合办公室", "党政综合办", "政务服务办")
DEPARTMENT_OFFICES = ("办公室", "综合股", "办公室", "政务公开办公室")  # a county department's (青石县财政局办公室)
MEASURES = (
    "调整充实了政务公开工作领导小组，明确分管领导和专职工作人员",
    "建立健全信息发布审核机制，坚持先审后发、谁发布谁负责",
    "将政务公开工作纳入年度目标考核，层层压实工作责任",
    "定期召开政务公开工作推进会，研究解决工作中的具体问题",
    "组织工作人员参加业务培训，提升依法公开的能力和水平",
    "对照基层政务公开标准目录，逐项梳理公开事项和公开时限",
    "开展已公开信息清理，及时更新过期和失效内容",
    "落实保密审查制度，严防涉密和个人隐私信息泄露",
    "完善依申请公开受理、登记、办理、答复工作流程",
    "加强政策解读，采用图文、问答等形式解读重要政策",
    "主动回应群众关切，及时发布权威信息",
    "推进决策、执行、管理、服务、结果“五公开”",
    "建立政务公开工作台账，逐月跟踪公开进度",
    "规范政府信息公开属性源头认定，做到应公开尽公开",
    "畅通群众意见反馈渠道，及时回应群众咨询",
    "加强村务公开栏规范化建设，统一公开内容和格式",
)
PROBLEMS = (
    "部分工作人员对政务公开重要性认识不足，主动公开意识有待增强",
    "公开内容的时效性还不够强，个别信息更新不够及时",
    "政策解读形式较为单一，解读的深度和广度有待提升",
    "工作人员业务能力参差不齐，专业化水平有待提高",
    "基层政务公开标准化规范化建设仍有差距",
    "公开栏目设置不够合理，群众查找信息不够便捷",
    "依申请公开办理规范化程度有待进一步提升",
    "政务新媒体内容更新频率不够稳定",
    "政策解读与政策文件同步发布的要求落实不够到位",
    "公开信息的可读性不强，群众关注度不高",
    "村级公开栏内容更新不够及时，部分内容较为简单",
    "公开平台之间信息同步不够，存在内容重复或遗漏",
)
IMPROVEMENTS = (
    "加强业务学习和培训，不断提高工作人员依法公开的意识和能力",
    "完善信息发布审核和更新机制，确保公开信息及时准确",
    "丰富政策解读形式，多用群众看得懂的语言解读政策",
    "对照标准目录查漏补缺，推进公开内容全覆盖",
    "优化公开栏目设置，方便群众查阅和获取信息",
    "规范依申请公开办理流程，严格按照法定时限答复",
    "强化监督检查，将政务公开纳入日常督查内容",
    "加强政务新媒体管理，提高信息发布质量",
    "坚持政策文件与解读材料同步起草、同步审签、同步发布",
    "围绕群众关心关注的事项，提高公开内容的针对性和可读性",
    "督促各村按时更新公开栏内容，做到常态长效",
    "统筹各公开平台的信息发布，做到口径一致、同步更新",
)
OTHER_MATTERS = (
    "无。",
    "本年度本机关无其他需要报告的事项。",
    "本年度未发生需要报告的其他事项。",
    "无其他需要报告的事项。",
    "本机关本年度未收取政府信息公开信息处理费。",
    "本年度无其他需要报告的事项。",
    "根据《政府信息公开信息处理费管理办法》，本年度未发生政府信息公开信息处理费收取情况。",
    "本机关无其他需要报告的事项。",
)


def _pick(rnd: random.Random, items, k: int) -> list:
    return rnd.sample(items, k)


def _list(items) -> str:
    return "、".join(items)


def period_sentence(rnd: random.Random, year: int) -> str:
    """A sentence stating the 统计期限 (the data year), worded one of the ways reports word it."""
    return rnd.choice((
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"本报告所列数据统计期限为{year}年1月1日至{year}年12月31日。",
        f"报告中所列数据的统计期限为{year}年1月1日至12月31日。",
        f"本年度报告中所列数据统计期限自{year}年1月1日至{year}年12月31日。",
        f"报告所列数据的统计期限为{year}年1月1日起至{year}年12月31日止。",
        f"本报告统计期限自{year}年1月1日至{year}年12月31日，数据均来源于本机关日常统计。",
    ))


def proactive_sentence(rnd: random.Random, year: int, org: str, total: int) -> str:
    """The sentence stating the year's proactive total (no channel named in it), with a breakdown after."""
    topics = _pick(rnd, TOPICS, 3)
    first = rnd.choice((
        f"{year}年，{org}共主动公开政府信息{total}条",
        f"全年共主动公开政府信息{total}条",
        f"本年度主动公开各类政府信息{total}条",
        f"全年主动公开政府信息{total}条",
    ))
    tail = rnd.choice((
        f"，内容涵盖{_list(topics)}等方面。",
        f"，重点围绕{_list(topics)}等领域做好公开。",
        "。",
        f"，涉及{_list(topics)}等群众关心的事项。",
    ))
    text = first + tail
    if total >= 20 and rnd.random() < 0.6:
        web = rnd.randint(total // 4, total // 2)
        other = rnd.randint(0, total - web)
        a, b = _pick(rnd, CHANNELS, 2)
        text += f"其中，通过{a}发布{web}条，通过{b}发布{other}条。"
    return text


def applications_sentence(rnd: random.Random, received: int, reviews: int, suits: int) -> str:
    if received == 0:
        text = rnd.choice(("全年未收到政府信息公开申请", "本年度未收到政府信息公开申请",
                           "全年没有收到群众提出的政府信息公开申请", "本年度未收到公民、法人或其他组织提出的政府信息公开申请",
                           "全年未收到依申请公开政府信息的申请", "本年度没有收到政府信息公开申请，也未收到相关投诉"))
    else:
        text = rnd.choice((f"全年共受理政府信息公开申请{received}件，均已依法按时答复",
                           f"本年度新收政府信息公开申请{received}件，均在法定期限内办理",
                           f"全年收到政府信息公开申请{received}件，已全部依法处理"))
    if reviews == 0 and suits == 0:
        text += rnd.choice(("，未发生因政府信息公开引发的行政复议和行政诉讼。",
                            "，无政府信息公开方面的行政复议、行政诉讼案件。", "。",
                            "，本年度无因政府信息公开被申请行政复议或提起行政诉讼的情况。",
                            "，没有发生政府信息公开行政复议和行政诉讼案件。"))
    else:
        parts = []
        if reviews:
            parts.append(f"行政复议{reviews}件")
        if suits:
            parts.append(f"行政诉讼{suits}件")
        text += f"；涉及政府信息公开的{_list(parts)}，已依法应对。"
    return text


def overview(rnd: random.Random, year: int, org: str, county_word: str, total: int,
             received: int, reviews: int, suits: int, period: bool, offices=UNITS_OF_WORK) -> list[str]:
    """Section 一 as paragraphs (each one line of text); `offices`: the body's office to ask about the report.

    Each paragraph draws from a random source of its own, so that the same seed gives the same
    sentences whatever the figures (a report that copies last year's text, numbers aside)."""
    r = [random.Random(rnd.getrandbits(64)) for _ in range(8)]
    heads = r[7].choice((("（一）主动公开情况。", "（二）依申请公开情况。", "（三）政府信息管理情况。", "（四）平台建设情况。",
                          "（五）监督保障情况。"),
                         ("（一）主动公开。", "（二）依申请公开。", "（三）政府信息管理。", "（四）公开平台建设。",
                          "（五）监督保障。"),
                         ("",) * 5))
    lead = (f"{year}年，{org}在{county_word}委、县政府的{r[0].choice(LEADS)}下，{r[0].choice(DOING)}"
            f"《中华人民共和国政府信息公开条例》，{r[0].choice(AIMS)}，{r[0].choice(ENDS)}。")
    if period:
        lead += period_sentence(r[1], year)
    if r[1].random() < 0.5:
        lead += r[1].choice((f"如对本报告有任何疑问，请与{org}{r[1].choice(offices)}联系。",
                             f"如对报告内容有疑问，请与{org}{r[1].choice(offices)}联系。",
                             f"对本报告如有疑问，可向{org}{r[1].choice(offices)}咨询。"))
    measures = _pick(r[2], MEASURES, 5)
    topics = _pick(r[2], TOPICS, 4)
    paragraphs = [lead]
    paragraphs.append(heads[0] + proactive_sentence(r[3], year, org, total)
                      + f"围绕{_list(topics[:2])}等重点工作，{measures[0]}。")
    paragraphs.append(heads[1] + applications_sentence(r[4], received, reviews, suits))
    paragraphs.append(heads[2] + f"{measures[1]}；{measures[2]}。")
    channels = _pick(r[6], CHANNELS, 3)
    paragraphs.append(heads[3] + f"充分发挥{_list(channels)}等载体作用，围绕{_list(topics[2:])}等内容及时发布信息，{measures[3]}。")
    paragraphs.append(heads[4] + f"{measures[4]}，{r[6].choice(ENDS)}。")
    return paragraphs


def problems(rnd: random.Random) -> list[str]:
    """Section 五 as paragraphs."""
    p = _pick(rnd, PROBLEMS, 2)
    m = _pick(rnd, IMPROVEMENTS, 3)
    return [f"（一）存在的问题。一是{p[0]}；二是{p[1]}。",
            f"（二）改进措施。下一步，将{m[0]}；{m[1]}；{m[2]}。"]


def other_matters(rnd: random.Random) -> list[str]:
    """Section 六 as paragraphs."""
    return [rnd.choice(OTHER_MATTERS)]
