"""A fictional province's reporting bodies: ~140 per county (乡镇, 街道 and 县直部门), as many counties as it takes.

A county office holds a few hundred reports; a province's holds tens of thousands. One county of
townships (示例县, org_names) stays what the generator makes up to COUNTY_BODIES bodies; beyond that the
bodies are spread over fictional counties (青石县…), each with its townships and streets (named once in
the whole province, so a township read without its county is still one body) and its county
departments, whose names start with their county (青石县财政局), as real ones do.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace
from functools import cache

from .figures import Org, _converters, _stems, org_names

#: Bodies of one county: up to this many, one county (示例县) of townships; more make a province.
COUNTY_BODIES = 140
BUSY_SHARE = 0.35  # as org_names: about a third of the bodies get applications most years

# County-level bodies that publish their own annual report, with an ASCII slug for the file name.
# The first (the government's office) is in every county; the others are drawn county by county.
_DEPARTMENTS = """
人民政府办公室 zfb 发展和改革局 fgj 教育局 jyj 科学技术局 kjj 工业和信息化局 gxj 民族宗教事务局 mzzjj 公安局 gaj
民政局 mzj 司法局 sfj 财政局 czj 人力资源和社会保障局 rsj 自然资源局 zrzyj 住房和城乡建设局 zjj 交通运输局 jtysj
水利局 slj 农业农村局 nyncj 商务局 swj 文化广电和旅游局 wgly 卫生健康局 wjj 退役军人事务局 tyjrj 应急管理局 yjglj
审计局 sjj 市场监督管理局 scjgj 统计局 tjj 医疗保障局 ybj 林业局 lyj 信访局 xfj 城市管理综合执法局 cgzfj
行政审批服务局 xzspj 乡村振兴局 xczxj 粮食和物资储备局 lswzj 机关事务管理局 jgswj 人民防空办公室 rfb
地方志办公室 dfzb 档案馆 dag 国防动员办公室 gfdyb 投资促进局 tzcjj 经济开发区管理委员会 kfqgwh
工业园区管理委员会 gyyqgwh 数据资源管理局 sjzyj 金融工作办公室 jrb 机构编制委员会办公室 bwb 住房公积金管理中心 gjjzx
公共资源交易中心 ggzyjyzx 不动产登记中心 bdcdjzx 社会保险事业管理局 sbj 就业服务中心 jyfwzx 疾病预防控制中心 jkzx
妇幼保健院 fybjy 农业技术推广中心 njtgzx 畜牧兽医服务中心 xmsyzx 林业工作站 lygzz
动物疫病预防控制中心 dwyfzx 房屋征收服务中心 fwzszx 市政设施管理所 szssgls 园林绿化服务中心 yllhzx
环境卫生管理所 hjwsgls 公路事业发展中心 glsyzx 农村公路管理所 ncglgls 气象局 qxj 防震减灾服务中心 fzjzzx
救助管理站 jzglz 社会福利院 shfly 老龄工作委员会办公室 llb 文化馆 whg 图书馆 tsg 博物馆 bwg 文物保护中心 wwbhzx
旅游发展服务中心 lyfzzx 教师发展中心 jsfzzx 教育考试中心 jyksz 劳动人事争议仲裁院 ldzcy 人才交流服务中心 rcjlzx
卫生健康综合监督执法局 wsjdj 食品药品检验检测中心 spypjczx 计量测试所 jlcss 农机服务中心 njfwzx 水产技术推广站 sctgz
种子管理站 zzglz 植保植检站 zbzjz 土壤肥料工作站 trflz 农村经营管理站 ncjyglz 自然保护区管理局 zrbhqglj
水库管理所 skgls 防汛抗旱指挥部办公室 fxkhb 河长制办公室 hzzb 建设工程质量安全监督站 jsgcjdz
住房保障服务中心 zfbzzx 电子商务服务中心 dzswzx 招商服务中心 zsfwzx 中小企业服务中心 zxqyzx 统计普查中心 tjpczx
财政国库支付中心 gkzfzx 政府投资评审中心 tzpszx 国有资产事务中心 gyzczx 非税收入管理局 fssrj 政府采购中心 zfcgzx
大数据中心 dsjzx 网格化服务管理中心 wghzx 社会治安综合治理中心 zazlzx 禁毒委员会办公室 jdb 安全生产委员会办公室 akb
食品安全委员会办公室 skb 爱国卫生运动委员会办公室 awb 移民事务中心 ymswzx 退役军人服务中心 tyjrfwzx
养老服务中心 ylfwzx 婚姻登记处 hydjc 社会救助服务中心 shjzzx 公证处 gzc 法律援助中心 flyzzx 社区矫正中心 sqjzzx
粮油质量监测站 lyzljcz 价格认证中心 jgrzzx 节能监察中心 jnjczx 旅游景区管理委员会 lyjqgwh 水土保持工作站 stbcz
灌区管理所 gqgls 河道管理所 hdgls 青少年活动中心 qsnhdzx 科技馆 kjg 农业科学研究所 nkys 茶叶产业发展中心 cycyzx
蔬菜产业发展中心 sccyzx 供销合作社联合社 gxs 机关事业单位社会保险中心 jgsbzx 医疗保障事务中心 ybswzx
道路运输服务中心 dlyszx 城乡规划服务中心 cxghzx 体育事业发展中心 tysyzx 融媒体中心 rmtzx
"""


@cache
def departments() -> tuple[tuple[str, str], ...]:
    """(name, slug) of every county department a county may have, the government's office first;
    only names that traditional conversion and back leaves as they were (as the township stems)."""
    words = _DEPARTMENTS.split()
    s2t, t2s = _converters()
    return tuple((name, slug) for name, slug in zip(words[::2], words[1::2]) if t2s.convert(s2t.convert(name)) == name)


def province_bodies(count: int, rnd: random.Random) -> list[Org]:
    """`count` distinct bodies of a fictional province: ceil(count / COUNTY_BODIES) counties of nearly
    equal size, each with an eighth to a quarter of its bodies townships and streets, the rest county
    departments (青石县财政局). County by county, townships first. Deterministic for the random source."""
    counties = math.ceil(count / COUNTY_BODIES)
    sizes = [count // counties + (i < count % counties) for i in range(counties)]
    depts = departments()
    townships = []
    for size in sizes:
        towns = rnd.randint(size // 8, size // 4)
        townships.append(max(towns, size - len(depts)))  # a county has no more departments than there are
    stems = list(_stems())
    if counties > len(stems):
        raise ValueError(f"最多 {len(stems)} 个县")
    towns = iter(org_names(sum(townships), rnd))  # raises when the province would need more names than exist
    bodies: list[Org] = []
    for (stem, slug), size, n_towns in zip(rnd.sample(stems, counties), sizes, townships):
        county = stem + "县"
        bodies += [replace(next(towns), county=county) for _ in range(n_towns)]
        drawn = {0, *rnd.sample(range(1, len(depts)), size - n_towns - 1)} if size > n_towns else set()
        bodies += [Org(county + depts[i][0], f"{slug}-xian-{depts[i][1]}", busy=rnd.random() < BUSY_SHARE,
                       county=county, department=True) for i in sorted(drawn)]
    return bodies


def bodies(count: int, rnd: random.Random) -> list[Org]:
    """The bodies `generate` writes reports for: the townships of 示例县 up to COUNTY_BODIES, else a province."""
    return org_names(count, rnd) if count <= COUNTY_BODIES else province_bodies(count, rnd)
