"""Generated reports as a crawler stores an HTML page: every table's cell texts run together (what lxml's
text_content() gives for a <table>), most often the whole report on one line.

Written from the generator's document and figures (loaders.samples), for the glued-table tests, until
the generator has its own `glued` layout. Besides the text it returns what each glued row shows, so the
brute-force oracle (glued_oracle.py) reads the rows without the loaders' own finder.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from loaders.samples.build import build_document, plain_style
from loaders.samples.document import HEADER, LABEL, VALUE
from loaders.samples.figures import Figures
from loaders.samples.layouts import value_text


@dataclass(slots=True)
class GluedRowShown:
    """One table row of the text: its section, its cells' keys and the texts of its value cells."""

    section: str
    keys: list[tuple[str, str]]
    texts: list[str]
    spaced: set[int] = field(default_factory=set)  # i: a space stands after value cell i

    @property
    def digits(self) -> str:
        """The row's value cells as the text shows them: run together, a space where one was kept."""
        return "".join(t + (" " if i in self.spaced and i < len(self.texts) - 1 else "")
                       for i, t in enumerate(self.texts))


@dataclass(slots=True)
class GluedText:
    text: str
    rows: list[GluedRowShown]


def glued_text(fig: Figures, seed: int = 0, one_line: bool = True, space_rate: float = 0.0) -> GluedText:
    """A report of these figures with its table cells run together.

    `one_line`: the whole report on one line (else one line per block); `space_rate`: how often a space
    is kept between two value cells of a row (a crawler keeps some: "20 0 0 0 02").
    """
    rnd = random.Random(seed)
    style = plain_style("pipes", period=True, one_grid=rnd.random() < 0.5, appeals_split=rnd.random() < 0.3)
    doc = build_document(fig, style, rnd, rnd.randrange(2 ** 31), fig.year)
    parts: list[str] = []
    rows: list[GluedRowShown] = []
    for block in doc.blocks:
        if block.kind != "table":
            parts.append(block.text)
            continue
        table_text = [block.table.title]  # a title line of its own above the table (第二十条第（一）项, 行政复议)
        for grid_row in block.table.rows:
            shown = GluedRowShown(block.table.section, [], [])
            pieces = []
            for cell in grid_row:
                if cell.kind == VALUE:
                    text = value_text(cell.key, fig.values[cell.key], style, fig.units)
                    if shown.texts and rnd.random() < space_rate:
                        shown.spaced.add(len(shown.texts) - 1)
                        pieces.append(" ")
                    shown.keys.append(cell.key)
                    shown.texts.append(text)
                    pieces.append(text)
                elif cell.kind in (LABEL, HEADER):
                    pieces.append(cell.text)
            if shown.keys:
                rows.append(shown)
            table_text.append("".join(pieces))
        parts.append("".join(table_text))
    return GluedText(("" if one_line else "\n").join(parts) + "\n", rows)
