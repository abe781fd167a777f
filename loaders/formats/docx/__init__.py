"""Word files (.docx) → SourceText.

The package is checked before anything is unpacked: the zip's declared sizes (total, per part and
the compression ratio) must look like a document, not a zip bomb. Only the main document part (and
its numbering and styles, for automatic list numbers such as 一、 （一）) is read, with lxml and no
DTDs, entities or network.

Paragraphs and tables come out in document order (content controls, tracked insertions and text
boxes included; deleted text, field codes and hidden text left out). Tables: w:gridSpan and w:vMerge
resolved into a grid (loaders.formats.grid); a table holding other tables or whole paragraphs is
page layout and its cells are read as ordinary content.

parts.py reads the package's parts safely and holds the XML helpers; numbering.py works out Word's
automatic list numbers; body.py turns the document body into paragraphs and tables. This module
opens the package, refuses what is not a document and puts the pieces together.
"""
from __future__ import annotations

import io
import zipfile

from ...model import SourceText
from ...text import UnreadableText
from ..grid import Grid, render
from .body import _Reader
from .numbering import _Numbering
from .parts import _child, _local, _main_part, _part_rels, _xml

MAX_DOCX_BYTES = 50 * 1024 * 1024  # the .docx file itself
MAX_ENTRIES = 3000  # parts in the package
MAX_UNPACKED = 200 * 1024 * 1024  # all parts together, as the zip declares them
MAX_RATIO = 100  # uncompressed : compressed, for any part over 1 MB (documents compress ~5-20:1)
_RATIO_FLOOR = 1024 * 1024
MAX_CELLS = 30_000  # table cells in the document (a report has a few hundred)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
