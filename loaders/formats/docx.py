"""Word files (.docx) → SourceText.

The package is checked before anything is unpacked: the zip's declared sizes (total, per part and
the compression ratio) must look like a document, not a zip bomb. Only the main document part (and
its numbering and styles, for automatic list numbers such as 一、 （一）) is read, with lxml and no
DTDs, entities or network.

Paragraphs and tables come out in document order (content controls, tracked insertions and text
boxes included; deleted text, field codes and hidden text left out). Tables: w:gridSpan and w:vMerge
resolved into a grid (loaders.formats.grid); a table holding other tables or whole paragraphs is
page layout and its cells are read as ordinary content.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import defaultdict

from lxml import etree

from .. import grammar
from ..model import SourceText
from ..text import UnreadableText, normalise
from .grid import Cell, Grid, Line, build_grid, join_fragments, render

MAX_DOCX_BYTES = 50 * 1024 * 1024  # the .docx file itself
MAX_ENTRIES = 3000  # parts in the package
MAX_UNPACKED = 200 * 1024 * 1024  # all parts together, as the zip declares them
MAX_PART = 40 * 1024 * 1024  # one XML part we read
MAX_RATIO = 100  # uncompressed : compressed, for any part over 1 MB (documents compress ~5-20:1)
_RATIO_FLOOR = 1024 * 1024
_MAX_CELL_TEXT = 300  # characters: a longer cell holds page content, not a table value
MAX_CELLS = 30_000  # table cells in the document (a report has a few hundred)
MAX_GRID = 20_000  # grid positions of one table (表三 has about 300)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REL_OFFICE_DOC = "officeDocument"


def read_docx(data: bytes) -> SourceText:
    """Bytes of a .docx → SourceText (raises UnreadableText)."""
    if len(data) > MAX_DOCX_BYTES:
        raise UnreadableText("file.too_large", f"DOCX 文件大小 {len(data) / 1048576:.1f} MB，超过上限 "
                             f"{MAX_DOCX_BYTES // 1048576} MB，未读取")
    if data.startswith(_OLE_MAGIC):
        raise UnreadableText("file.unsupported", "这是旧版 Word 文件（.doc），只是扩展名为 .docx；"
                                                 "请在 Word/WPS 中另存为 .docx 或 PDF 后上传")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise UnreadableText("file.unreadable", "不是有效的 .docx 文件（无法作为 Word 文档打开）") from e
    check_package(infos)
    names = {i.filename for i in infos}
    main = _main_part(zf, names)
    if main is None:
        raise UnreadableText("file.unreadable", "不是有效的 .docx 文件（缺少正文部分 word/document.xml）")
    rels = _part_rels(zf, names, main)
    numbering = _Numbering(_xml(zf, names, rels.get("numbering")), _xml(zf, names, rels.get("styles")))
    root = _xml(zf, names, main)
    body = _child(root, "body") if root is not None else None
    if body is None:
        raise UnreadableText("file.unreadable", "不是有效的 .docx 文件（正文部分无法解析）")
    n_cells = sum(1 for el in body.iter() if _local(el) == "tc")
    if n_cells > MAX_CELLS:
        raise UnreadableText("file.too_large", f"Word 文件含 {n_cells} 个表格单元格，超过上限 {MAX_CELLS}，"
                                               "不像年度报告，未读取")
    blocks = _Reader(numbering).blocks(body)
    if not any(isinstance(b, Grid) or b.text.strip() for b in blocks):
        raise UnreadableText("file.empty", "Word 文件中没有文字")
    return render(blocks, "docx")


def check_package(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose declared sizes are not a document's (a zip bomb), before unpacking."""
    if len(infos) > MAX_ENTRIES:
        raise UnreadableText("file.too_large", f"DOCX 压缩包含 {len(infos)} 个部件，超过上限 {MAX_ENTRIES}，"
                                               "疑似压缩炸弹，未读取")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise UnreadableText("file.too_large", f"DOCX 解压后共 {total / 1048576:.0f} MB，超过上限 "
                                               f"{MAX_UNPACKED // 1048576} MB，疑似压缩炸弹，未读取")
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UnreadableText("file.too_large", f"DOCX 部件 {i.filename} 压缩比 "
                                                   f"{i.file_size / max(i.compress_size, 1):.0f}:1，超过上限 "
                                                   f"{MAX_RATIO}:1，疑似压缩炸弹，未读取")


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


# ---------------------------------------------------------------------------------------------
# automatic list numbers (一、 （一） 1.) — Word keeps them out of the text
# ---------------------------------------------------------------------------------------------
_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Works out the number Word shows before a list paragraph."""

    def __init__(self, numbering, styles) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # paragraph style → (numId, ilvl)
        self.counters: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
        self.started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for el in root:
            name = _local(el)
            if name == "abstractNum":
                levels = {}
                for lvl in el:
                    if _local(lvl) != "lvl":
                        continue
                    ilvl = _int(_attr(lvl, "ilvl"))
                    start = _int(_attr(_child(lvl, "start"), "val"), 1)
                    fmt = _attr(_child(lvl, "numFmt"), "val", "decimal") or "decimal"
                    text = _attr(_child(lvl, "lvlText"), "val", "") or ""
                    levels[ilvl] = (start, fmt, text)
                self.levels[_attr(el, "abstractNumId") or ""] = levels
            elif name == "num":
                abstract = _attr(_child(el, "abstractNumId"), "val") or ""
                overrides = {}
                for ov in el:
                    if _local(ov) == "lvlOverride":
                        start = _child(ov, "startOverride")
                        if start is not None:
                            overrides[_int(_attr(ov, "ilvl"))] = _int(_attr(start, "val"), 1)
                self.nums[_attr(el, "numId") or ""] = (abstract, overrides)

    def _read_styles(self, root) -> None:
        for style in root:
            if _local(style) != "style":
                continue
            ppr = _child(style, "pPr")
            numpr = _child(ppr, "numPr") if ppr is not None else None
            if numpr is not None:
                num_id = _attr(_child(numpr, "numId"), "val")
                if num_id:
                    self.style_num[_attr(style, "styleId") or ""] = (num_id, _int(_attr(_child(numpr, "ilvl"), "val")))

    def prefix(self, ppr) -> str:
        if ppr is None or not self.nums:
            return ""
        numpr = _child(ppr, "numPr")
        num_id, ilvl = None, 0
        style = _attr(_child(ppr, "pStyle"), "val")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _attr(_child(numpr, "numId"), "val", num_id)
            ilvl = _int(_attr(_child(numpr, "ilvl"), "val"), ilvl)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels or not 0 <= ilvl < 9:
            return ""
        counters = self.counters[abstract]
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
        start = levels[ilvl][0]
        counters[ilvl] = max(counters[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def level_number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            value = counters[k] if counters[k] else levels[k][0]
            return _format_number(value, levels[k][1])

        return re.sub(r"%([1-9])", level_number, text)


# ---------------------------------------------------------------------------------------------
# the document body → blocks
# ---------------------------------------------------------------------------------------------
_WRAPPERS = {"sdt", "customXml", "ins", "moveTo", "smartTag", "bdo", "dir", "fldSimple", "hyperlink", "sdtContent"}


class _Reader:
    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering

    # block level -------------------------------------------------------------------------------
    def blocks(self, container) -> list[Line | Grid]:
        out: list[Line | Grid] = []
        for child in container:
            name = _local(child)
            if name == "p":
                out.extend(self.paragraph(child))
            elif name == "tbl":
                out.extend(self.table(child))
            elif name in ("sdt", "customXml", "ins", "moveTo", "sdtContent", "smartTag"):
                inner = _child(child, "sdtContent") if name == "sdt" else child
                if inner is not None:
                    out.extend(self.blocks(inner))
            elif name == "AlternateContent":
                choice = _alternative(child)
                if choice is not None:
                    out.extend(self.blocks(choice))
        return out

    def paragraph(self, p) -> list[Line | Grid]:
        parts: list[str] = []
        extra: list[Line | Grid] = []
        self.inline(p, parts, extra)
        text = "".join(parts)
        prefix = self.numbering.prefix(_child(p, "pPr"))
        lines = text.split("\n")
        if prefix:
            lines[0] = prefix + lines[0]
        return [Line(line) for line in lines if line.strip()] + extra

    # inline level --------------------------------------------------------------------------------
    def inline(self, el, parts: list[str], extra: list) -> None:
        for child in el:
            name = _local(child)
            if name == "r":
                self.run(child, parts, extra)
            elif name in _WRAPPERS:
                inner = _child(child, "sdtContent") if name == "sdt" else child
                if inner is not None:
                    self.inline(inner, parts, extra)
            elif name == "AlternateContent":
                choice = _alternative(child)
                if choice is not None:
                    self.inline(choice, parts, extra)
            elif name in ("oMath", "oMathPara"):
                parts.append("".join(t.text or "" for t in child.iter() if _local(t) == "t"))

    def run(self, r, parts: list[str], extra: list) -> None:
        rpr = _child(r, "rPr")
        if rpr is not None and (_on(_child(rpr, "vanish")) or _on(_child(rpr, "specVanish"))):
            return
        for child in r:
            name = _local(child)
            if name == "t":
                parts.append(child.text or "")
            elif name == "tab" or name == "ptab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "sym":
                code = _attr(child, "char") or ""
                try:
                    ch = chr(int(code, 16))
                except ValueError:
                    ch = ""
                if ch and not 0xF000 <= ord(ch) <= 0xF0FF:  # symbol-font glyphs carry no meaning as text
                    parts.append(ch)
            elif name in ("drawing", "pict", "AlternateContent", "object"):
                self.text_boxes(child, extra)

    def text_boxes(self, el, extra: list) -> None:
        """Text boxes inside a drawing: their paragraphs as lines after the paragraph holding them."""
        if _local(el) == "AlternateContent":
            el = _alternative(el)
            if el is None:
                return
        for box in el.iter():
            if _local(box) != "txbxContent":
                continue
            outer = box.getparent()
            while outer is not None and outer is not el and _local(outer) != "txbxContent":
                outer = outer.getparent()
            if outer is None or outer is el:  # not inside another text box of this drawing
                extra.extend(self.blocks(box))

    # tables --------------------------------------------------------------------------------------
    def table(self, tbl) -> list[Line | Grid]:
        rows = list(self._rows(tbl))
        tbl_grid = _child(tbl, "tblGrid")
        grid_cols = sum(1 for gc in tbl_grid if _local(gc) == "gridCol") if tbl_grid is not None else 0
        cells_by_row = [(tr, list(self._cells(tr))) for tr in rows]
        layout = False
        for _, tcs in cells_by_row:
            for tc in tcs:
                if any(_local(d) == "tbl" for d in tc.iter() if d is not tc):
                    layout = True
                    break
                text = "".join(t.text or "" for t in tc.iter() if _local(t) == "t")
                if len(re.sub(r"\s+", "", text)) > _MAX_CELL_TEXT or self._holds_heading(tc):
                    layout = True
                    break
            if layout:
                break
        if layout:
            return self._layout(cells_by_row)
        cells: list[Cell] = []
        above: dict[int, Cell] = {}  # grid column → the cell covering it in the row before
        n_cols = grid_cols
        for r, (tr, tcs) in enumerate(cells_by_row):
            trpr = _child(tr, "trPr")
            col = _int(_attr(_child(trpr, "gridBefore"), "val")) if trpr is not None else 0
            here: dict[int, Cell] = {}
            last: Cell | None = None
            for tc in tcs:
                tcpr = _child(tc, "tcPr")
                span = max(1, min(_int(_attr(_child(tcpr, "gridSpan"), "val"), 1) if tcpr is not None else 1, 200))
                vmerge = _child(tcpr, "vMerge") if tcpr is not None else None
                hmerge = _child(tcpr, "hMerge") if tcpr is not None else None
                continues = vmerge is not None and (_attr(vmerge, "val") or "continue") == "continue"
                if continues and col in above and above[col].col == col:
                    cell = above[col]
                    cell.rowspan = r - cell.row + 1
                elif hmerge is not None and (_attr(hmerge, "val") or "continue") == "continue" and last is not None:
                    cell = last
                    cell.colspan = col + span - cell.col
                else:
                    cell = Cell(self.cell_text(tc), r, col, 1, span)
                    cells.append(cell)
                for c in range(col, col + span):
                    here[c] = cell
                last = cell
                col += span
            if trpr is not None:
                col += _int(_attr(_child(trpr, "gridAfter"), "val"))
            n_cols = max(n_cols, col)
            above = here
        if n_cols * len(rows) > MAX_GRID:
            raise UnreadableText("file.too_large", f"Word 文件中的表格超过 {MAX_GRID} 格，不像年度报告的表格，未读取")
        if not cells:
            return self._layout(cells_by_row)
        grid = build_grid(cells, len(rows), n_cols)
        if grid.width <= 1 or all(len({id(s) for s in row}) == 1 for row in grid.slots):
            return self._layout(cells_by_row)  # a frame around paragraphs, not a table of values
        return [grid]

    def _layout(self, cells_by_row) -> list[Line | Grid]:
        out: list[Line | Grid] = []
        for _, tcs in cells_by_row:
            for tc in tcs:
                out.extend(self.blocks(tc))
        return out

    def _rows(self, tbl):
        return self._parts(tbl, "tr")

    def _cells(self, tr):
        return self._parts(tr, "tc")

    def _parts(self, parent, name: str):
        """The `name` children of a table or row, also those wrapped in content controls or revisions."""
        for child in parent:
            local = _local(child)
            if local == name:
                yield child
            elif local in ("sdt", "customXml", "ins", "moveTo"):
                inner = _child(child, "sdtContent") if local == "sdt" else child
                if inner is not None:
                    yield from self._parts(inner, name)

    def cell_text(self, tc) -> str:
        pieces = []
        for block in self.blocks(tc):
            if isinstance(block, Line):
                pieces.extend(block.text.split("\t"))
        return join_fragments(pieces)

    def _holds_heading(self, tc) -> bool:
        """A cell holding a section heading and more paragraphs: page content, not a table value."""
        texts = ["".join(t.text or "" for t in p.iter() if _local(t) == "t").strip()
                 for p in tc.iter() if _local(p) == "p"]
        texts = [t for t in texts if t]
        return len(texts) > 1 and any(len(t) <= 60 and grammar.section_heading(normalise(t)) for t in texts)
