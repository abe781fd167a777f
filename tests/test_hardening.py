"""Holes a hostile-input probe found (issue 12), each closed: a file that once stopped a load, lost
its numbers silently or was answered stale now gives its numbers, or a failed row saying why."""
from __future__ import annotations

from pathlib import Path

import loaders
from loaders.report import read_report

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "qingshi-2022.html").read_text(encoding="utf-8")
PAGE_NUMBERS = 194  # what qingshi-2022.html gives read whole (test_formats checks each one)


def _page_with(inserted: str, wrapped_in: str = "") -> bytes:
    """The fixture page with markup put right after <body>, or its body wrapped `wrapped_in` deep."""
    at = PAGE.index(">", PAGE.index("<body")) + 1
    return (PAGE[:at] + inserted + wrapped_in + PAGE[at:]).encode("utf-8")


# 5. deep nesting
def test_a_page_nested_a_thousand_levels_deep_is_read_whole():
    report = read_report("deep.html", _page_with("", "<div>" * 1000))
    assert (report.status, len(report.facts)) == ("ok", PAGE_NUMBERS)


def test_a_page_nested_past_the_parsers_limit_says_so():
    report = read_report("deeper.html", _page_with("", "<div>" * 3000))
    assert report.status == "failed"
    assert report.message == "网页元素嵌套超过 2048 层，无法完整读取，未读取（正常网页只有几十层）"


# 6. control characters
def test_a_control_character_after_a_removed_element_does_not_stop_the_page():
    for inserted in ("<p>说明<img src='a.png'>\x0c见下表</p>", "<p>说明<img src='a.png'>&#1;见下表</p>",
                     "<p>说明<script>x</script>&#x1f;见下表</p>"):
        report = read_report("page.html", _page_with(inserted))
        assert (report.status, len(report.facts)) == ("ok", PAGE_NUMBERS), inserted
