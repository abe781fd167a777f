"""Property tests: arbitrary text and mangled reports never raise, and a report whose layout is
mangled gives the truth or less than the truth, never another number."""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import read_report
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
