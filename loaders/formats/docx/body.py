"""The document body of a .docx → blocks (Line and Grid) in document order: _Reader walks paragraphs
and tables, content controls, tracked insertions and text boxes included, deleted text, field codes
and hidden text left out; a table's w:gridSpan and w:vMerge are resolved into a grid, and a table
holding other tables, long cells or headings is page layout whose cells are read as ordinary content.
"""
from __future__ import annotations

import re

from ... import grammar
from ...text import UnreadableText, normalise
from ..grid import Cell, Grid, Line, build_grid, join_fragments
from .numbering import _Numbering
from .parts import _alternative, _attr, _child, _int, _local, _on

_MAX_CELL_TEXT = 300  # characters: a longer cell holds page content, not a table value
MAX_GRID = 20_000  # grid positions of one table (表三 has about 300)
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
