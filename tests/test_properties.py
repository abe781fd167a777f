"""Property tests: arbitrary text and mangled reports never raise, and a report whose layout is
mangled gives the truth or less than the truth, never another number."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import read_report
from loaders.samples import Org, random_style, render_report, year_figures
from conftest import DATA
from test_seed import SEED_LABELS

SEED_TEXT = (DATA / "jianchi-2021.md").read_text(encoding="utf-8")
TRUTH = SEED_LABELS["values"]
PROSE = ["今年以来，我镇认真贯彻落实条例要求。", "当前位置：首页 > 政务公开", "字体：大 中 小", "打印本页 关闭窗口",
         "（一）组织领导情况。", "注：本表数据由党政办公室统计。", "分享到："]

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

report_words = st.sampled_from(["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                "四、政府信息公开行政复议、行政诉讼情况", "规章", "行政许可", "本年新收政府信息公开申请数量",
                                "（七）总计", "第二十条第（一）项", "本年制发件数", "结果维持", "总计", "|", "\t", "\n",
                                "\n\n", " ", "0", "12", "-3", "1.5万元", "—", "2021年", "统计期限为2021年1月1日至2021年12月31日"])


@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text):
    report = read_report("x.md", text.encode("utf-8"))
    assert report.status in ("ok", "partial", "failed")


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    report = read_report("x.txt", data)
    assert report.status in ("ok", "partial", "failed")


@given(st.lists(report_words, max_size=120))
def test_report_shaped_noise_never_raises(words):
    report = read_report("x.md", "".join(words).encode("utf-8"))
    assert report.status in ("ok", "partial", "failed")
    for fact in report.facts:
        assert fact.line >= 1


def _mangle(text: str, rnd: random.Random) -> str:
    """Change only how the report is laid out: separators, noise lines, a cut at the end."""
    lines = text.split("\n")
    out = []
    for line in lines:
        if "\t" in line and rnd.random() < 0.5:
            # a pipe row keeps every field when it opens and closes with a bar
            line = "| " + rnd.choice([" | ", "|", " |  "]).join(line.split("\t")) + " |"
        out.append(line)
        if rnd.random() < 0.08:
            out.append(rnd.choice(PROSE))
    text = "\n".join(out)
    if rnd.random() < 0.5:
        text = text[: rnd.randrange(len(text) // 3, len(text))]
    return text


@given(st.integers(min_value=0, max_value=10**9))
def test_mangled_seed_gives_the_truth_or_less(seed):
    text = _mangle(SEED_TEXT, random.Random(seed))
    report = read_report("x.md", text.encode("utf-8"))
    got = {(f.metric, f.applicant): f.value for f in report.facts}
    wrong = {k: v for k, v in got.items() if k not in TRUTH or TRUTH[k] != v}
    assert not wrong, wrong


# ---------------------------------------------------------------------------------------------
# Generated web pages: the page (html) and its browser copy give their truth; a copy cut anywhere
# gives the truth or less
# ---------------------------------------------------------------------------------------------
def _page_report(seed: int, layout: str):
    rnd = random.Random(seed)
    org = rnd.choice([Org("青石镇", "qingshi-zhen"), Org("柳河街道", "liuhe-jiedao"), Org("白云乡", "baiyun-xiang")])
    fig = year_figures(org, rnd.randrange(2019, 2026), rnd, large=rnd.random() < 0.3)
    return render_report(fig, random_style(rnd, [layout]), seed=seed)


def _truth(rendered) -> dict:
    return {(v["metric"], v["applicant"]): v["value"] for v in rendered.truth["values"]}


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["browser", "html"]))
def test_generated_page_layouts_give_their_truth(seed, layout):
    rendered = _page_report(seed, layout)
    report = read_report("x" + rendered.style.suffix, rendered.data)
    assert {(f.metric, f.applicant): f.value for f in report.facts} == _truth(rendered)


@given(st.integers(min_value=0, max_value=10**9), st.floats(min_value=0.05, max_value=1.0))
def test_browser_copy_cut_anywhere_gives_the_truth_or_less(seed, share):
    rendered = _page_report(seed, "browser")
    text = rendered.text[: int(len(rendered.text) * share)]
    report = read_report("x.txt", text.encode("utf-8"))
    truth = _truth(rendered)
    wrong = {(f.metric, f.applicant): f.value for f in report.facts
             if truth.get((f.metric, f.applicant)) != f.value}
    assert not wrong, wrong
