"""Frames → CSV (and Excel) files that a spreadsheet opens correctly and never runs.

UTF-8 with BOM so Excel reads the Chinese; a text cell that a spreadsheet would take for a formula
(= + - @, tab, CR, LF, NUL first, after NFKC) is prefixed with ' (OWASP), and CR, LF and TAB inside a
cell become spaces: pandas quotes a field holding LF but not one holding only CR, and a spreadsheet
that ends rows at CR would start a new row — and a new first cell, perhaps `=cmd|…` — inside the text.
Numbers stay numbers, and a missing value stays an empty cell.
"""
from __future__ import annotations

import io
import math
import unicodedata

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_BREAKS_TO_SPACES = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


def neutralise(value):
    """A text cell made safe for a spreadsheet (one line, no formula); anything else unchanged."""
    if not isinstance(value, str):
        return value
    flat = value.translate(_BREAKS_TO_SPACES)
    return "'" + flat if unicodedata.normalize("NFKC", value).startswith(_FORMULA_START) else flat


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of a frame with every text cell neutralised (numeric columns untouched)."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(neutralise, na_action="ignore")
    if not all(isinstance(c, (int, float)) for c in out.columns):
        out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def number_text(value: float) -> str:
    """A number as people write it: a whole number without ".0" (356, not 356.0), others in full."""
    value = float(value)
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for Excel users: UTF-8 with BOM, formulas neutralised, missing values empty, whole numbers
    written as integers (a count column holding gaps is float in pandas, and would read 356.0)."""
    return safe_frame(df).to_csv(index=False, float_format=number_text).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook whose text cells are written as text, never as formulas or links."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xw:
        for name, df in sheets.items():
            safe_frame(df).to_excel(xw, sheet_name=name[:31], index=False)
    return buf.getvalue()
