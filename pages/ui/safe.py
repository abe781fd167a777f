"""Text from reports, file names and links, made inert where Streamlit or plotly would interpret it.

Report text is data: a body's name read from a file, or a value in a shared link, must never become
a link, markup or formatting on screen.
"""
from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
_PLOTLY_MARKUP = str.maketrans({"<": "＜", ">": "＞"})


def plain(text) -> str:
    """Text for the Streamlit elements that render Markdown (st.info, st.warning, st.caption …)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def plot_text(text) -> str:
    """Text for a plotly figure, whose labels read <a>, <b> … as markup: angle brackets become full-width."""
    return str(text).translate(_PLOTLY_MARKUP)
