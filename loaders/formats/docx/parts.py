"""The parts of a .docx package: read one within its size limit, parse it with lxml (no DTDs, entities
or network), follow the relationships to the main document and its numbering and styles; and the XML
helpers the readers use, which go by local name so Transitional and Strict OOXML read alike.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
import zlib

from lxml import etree

from ...text import UnreadableText

MAX_PART = 40 * 1024 * 1024  # one XML part we read
_REL_OFFICE_DOC = "officeDocument"


# ---------------------------------------------------------------------------------------------
# package parts
# ---------------------------------------------------------------------------------------------
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_PART:
        raise UnreadableText("file.too_large", f"DOCX 部件 {name} 解压后 {info.file_size / 1048576:.0f} MB，"
                                               f"超过上限 {MAX_PART // 1048576} MB，未读取")
    with zf.open(info) as f:
        data = f.read(MAX_PART + 1)  # zipfile also stops at the declared size
    if len(data) > MAX_PART:
        raise UnreadableText("file.too_large", f"DOCX 部件 {name} 超过上限，未读取")
    return data


def _xml(zf: zipfile.ZipFile, names: set[str], name: str | None):
    if not name or name not in names:
        return None
    try:
        data = _read_part(zf, name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError) as e:  # ValueError: a part said to start before the file does (negative seek)
        raise UnreadableText("file.unreadable", f"DOCX 部件 {name} 已损坏，无法解压") from e
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:65536], re.I):  # the prolog, where a DTD would stand
        raise UnreadableText("file.unreadable", f"DOCX 部件 {name} 含 DTD/实体声明，不是正常的 Word 文档，未读取")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise UnreadableText("file.unreadable", f"DOCX 部件 {name} 不是有效的 XML，文件可能已损坏") from e


def _rels(zf, names, rels_name: str, base: str) -> dict[str, str]:
    """Relationship type (its last word) → target part name, from a .rels part."""
    root = _xml(zf, names, rels_name)
    out: dict[str, str] = {}
    if root is None:
        return out
    for rel in root:
        if not isinstance(rel.tag, str) or (rel.get("TargetMode") or "").lower() == "external":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(base, target))
        out.setdefault(kind, path)
    return out


def _main_part(zf, names: set[str]) -> str | None:
    main = _rels(zf, names, "_rels/.rels", "").get(_REL_OFFICE_DOC)
    if main in names:
        return main
    return "word/document.xml" if "word/document.xml" in names else None


def _part_rels(zf, names: set[str], part: str) -> dict[str, str]:
    folder, file = posixpath.split(part)
    rels = _rels(zf, names, posixpath.join(folder, "_rels", file + ".rels"), folder)
    rels.setdefault("numbering", posixpath.join(folder, "numbering.xml"))
    rels.setdefault("styles", posixpath.join(folder, "styles.xml"))
    return rels


# ---------------------------------------------------------------------------------------------
# XML helpers (by local name, so Transitional and Strict OOXML read alike)
# ---------------------------------------------------------------------------------------------
def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    for c in el:
        if _local(c) == name:
            return c
    return None


def _attr(el, name: str, default: str | None = None) -> str | None:
    if el is None:
        return default
    for key, value in el.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return default


def _alternative(el):
    """The content of an mc:AlternateContent: its first Choice, else its Fallback."""
    for name in ("Choice", "Fallback"):
        found = _child(el, name)
        if found is not None:
            return found
    return None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(el) -> bool:
    """A w:b / w:vanish style toggle: present and not switched off."""
    return el is not None and (_attr(el, "val") or "true").lower() not in ("0", "false", "off")
