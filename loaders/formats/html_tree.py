"""A saved web page's bytes → text → an lxml tree holding only what a reader sees (see html.py).

- Bytes → text: a BOM, else strict UTF-8, else the charset the page declares (<meta charset>,
  http-equiv or an XML declaration; GB2312/GBK read as GB18030), else the text decoder.
- Text → tree: lxml's HTML parser with network access off; control characters made spaces first.
- The tree: scripts, styles, forms' controls, embedded objects and hidden elements removed.
"""
from __future__ import annotations

import codecs
import re

from lxml import etree, html

from ..text import UnreadableText, decode

_DROP = {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
         "applet", "svg", "math", "canvas", "video", "audio", "map", "head", "nav", "header", "footer",
         "aside", "button", "select", "option", "input", "textarea", "datalist", "dialog", "link", "meta",
         "base", "param", "source", "track", "img", "picture"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|$)",
                           re.I)
_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_REF = re.compile(r"&#(x[0-9a-f]{1,6}|[0-9]{1,7});?", re.I)
MAX_DEPTH = 2048  # libxml2's nesting limit with huge_tree


def declared_charset(data: bytes) -> str:
    """The encoding a page declares in its first bytes (normalised to a Python codec name), or ''."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return ""
    name = (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()
    if name in ("gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "ms936", "windows-936", "gb18030"):
        return "gb18030"  # a superset of GB2312 and GBK: what the page says, and what it really uses
    if name in ("big5", "big5-hkscs", "x-x-big5", "cn-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def decode_html(data: bytes) -> str:
    """A page's text: BOM, strict UTF-8, the declared charset, then the text decoder's guesses."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data).text
    if b"\x00" not in data[:8192]:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        declared = declared_charset(data)
        if declared:
            try:
                return data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    return decode(data).text  # raises UnreadableText for binary or undecodable bytes


def parse(text: str):
    """Text → an lxml tree: no network, no entities fetched, comments and processing instructions dropped.

    Control characters (raw or as character references) become spaces first: lxml refuses them in a
    tree's text, so one after a removed element would stop the whole page. Nesting is read to
    libxml2's deepest (2,048 levels with huge_tree; 256 without); a page nested deeper is refused
    rather than read cut off."""
    text = _CONTROL_REF.sub(_control_as_space, _CONTROL.sub(" ", _XML_DECL.sub("", text, count=1)))
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                             default_doctype=False, collect_ids=False, huge_tree=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise UnreadableText("file.unreadable", f"网页无法解析：{type(e).__name__}") from e
    if any("Excessive depth" in e.message for e in parser.error_log):
        raise UnreadableText("file.unreadable", f"网页元素嵌套超过 {MAX_DEPTH} 层，无法完整读取，未读取"
                                                "（正常网页只有几十层）")
    if root is None:
        raise UnreadableText("file.empty", "网页中没有正文文字")
    return root


def _control_as_space(m: re.Match) -> str:
    """A character reference to a control character (&#1; &#x0c;) becomes a space; others stay."""
    digits = m.group(1)
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    return " " if code < 0x20 and code not in (0x09, 0x0A, 0x0D) or code == 0x7F else m.group(0)


def strip_unseen(root) -> None:
    """Remove everything that is not text a reader sees: scripts, styles, controls, hidden parts."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):  # comments and processing instructions (the parser drops most)
            doomed.append(el)
            continue
        tag = el.tag.lower()
        hidden = (el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "")
                  or (el.get("type") or "").lower() == "hidden"
                  or (el.get("aria-hidden") == "true" and not _has_text(el)))
        if tag in _DROP or hidden:  # what a browser would not show (hidden spam included)
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that followed the element


def _has_text(el) -> bool:
    return bool("".join(el.itertext()).strip())
