"""Golden outputs of the pages: what every table, metric and chart of a page shows, as plain JSON.

`capture(at, strip)` walks an AppTest run in drawing order and keeps, for each table-like element, only
its figures: a dataframe's or table's columns and rows, a metric's label, value and delta, a plotly
chart's traces (name, x, y, z, text, customdata…). `normalise` turns every cell into a string so that
only the figures matter (a missing value is one marker, floats to 9 significant digits, 356.0 is
"356"); `strip` maps machine-specific text (tmp folders, today's date) to fixed markers. `dump` writes
the capture readably (sorted keys, UTF-8, a row or an array on one line); `differences` names the
element and the first cells that changed.
"""
from __future__ import annotations

import base64
import json
import math
import re
from datetime import date, datetime

import numpy as np
import pandas as pd

MISSING = "<缺失>"
SIGNIFICANT = 9
# trace fields that carry figures (the rest of a trace is styling); the axes say which facet a trace is in
TRACE_FIELDS = ("name", "type", "x", "y", "z", "text", "customdata", "labels", "values", "ids", "xaxis", "yaxis",
                "orientation")
_ELEMENT_ID = re.compile(r"^\$\$ID-[0-9a-f]+-(.*)$")
MAX_SHOWN = 8


def normalise(value, strip=lambda s: s):
    """A cell as a string (lists stay lists of strings): missing is MISSING, whole floats print as ints."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [normalise(v, strip) for v in value]
    if isinstance(value, dict):
        return {str(k): normalise(v, strip) for k, v in value.items()}
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return MISSING
        if math.isinf(value) or not value.is_integer():
            return f"{value:.{SIGNIFICANT}g}"
        return str(int(value))
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return strip(value.isoformat())
    return strip(str(value))


def _frame(df: pd.DataFrame, strip) -> dict:
    """Columns, rows and (when it is not just 0, 1, 2…) the index of a frame, every cell normalised."""
    out = {"columns": [normalise(c, strip) for c in df.columns],
           "rows": [[normalise(v, strip) for v in row] for row in df.itertuples(index=False, name=None)]}
    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        out["index"] = [normalise(i, strip) for i in df.index]
    return out


def _typed_array(value):
    """Plotly's JSON packs numeric arrays as {"dtype", "bdata"(, "shape")}: unpacked to a plain list."""
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            shape = value["shape"]
            array = array.reshape([int(n) for n in str(shape).split(",")] if not isinstance(shape, list) else shape)
        return array.tolist()
    if isinstance(value, list):
        return [_typed_array(v) for v in value]
    return value


def _chart(spec: str, strip) -> dict:
    figure = json.loads(spec)
    traces = [{k: normalise(_typed_array(trace[k]), strip) for k in TRACE_FIELDS if k in trace}
              for trace in figure.get("data", [])]
    layout = figure.get("layout", {})
    notes = [normalise(a.get("text"), strip) for a in layout.get("annotations", [])]
    title = layout.get("title", {})
    return {"traces": traces, "annotations": notes,
            "title": normalise(title.get("text") if isinstance(title, dict) else title, strip)}


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)


def _user_key(element) -> str | None:
    found = _ELEMENT_ID.match(getattr(element.proto, "id", "") or "")
    return found.group(1) if found else None


def capture(at, strip=lambda s: s) -> list[dict]:
    """Every dataframe, table, metric and plotly chart of a run, in drawing order (sidebar, then page)."""
    elements = []
    for element in _walk(at._tree):
        kind = getattr(element, "type", None)
        if kind in ("dataframe", "table"):
            item = {"kind": kind, **_frame(element.value, strip)}
        elif kind == "metric":
            item = {"kind": kind, "label": strip(element.label), "value": normalise(element.value, strip),
                    "delta": normalise(element.proto.delta or None, strip)}
        elif kind == "plotly_chart":
            item = {"kind": kind, **_chart(element.proto.spec, strip)}
        else:
            continue
        item["key"] = _user_key(element)
        item["n"] = len(elements)
        elements.append(item)
    return elements


def stripper(replacements: dict[str, str]):
    """Replace machine-specific text (longest first, so a folder goes before its parent) and today's date."""
    today = date.today()
    pairs = sorted(replacements.items(), key=lambda kv: -len(kv[0]))
    pairs += [(today.isoformat(), "<今天>"), (f"{today.year}年{today.month}月{today.day}日", "<今天>")]

    def strip(text: str) -> str:
        for old, new in pairs:
            text = text.replace(old, new)
        return text
    return strip


def _inline(value, indent: int) -> str:
    """JSON with lists of scalars (a row, an axis) on one line, everything else indented."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ",\n".join(f"{pad} {json.dumps(k, ensure_ascii=False)}: {_inline(value[k], indent + 1)}"
                           for k in sorted(value))
        return "{\n" + inner + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        if all(isinstance(v, list) and not any(isinstance(w, (dict, list)) for w in v) for v in value):
            inner = ",\n".join(f"{pad} {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            inner = ",\n".join(f"{pad} {_inline(v, indent + 1)}" for v in value)
        return "[\n" + inner + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def dump(elements: list[dict]) -> str:
    """The golden file's text."""
    return _inline(elements, 0) + "\n"


def _describe(item: dict) -> str:
    return f"#{item['n']} {item['kind']}" + (f" {item['key']!r}" if item.get("key") else "")


def _cell_differences(where: str, old: dict, new: dict) -> list[str]:
    found = []
    for field in sorted(set(old) | set(new)):
        if old.get(field) == new.get(field):
            continue
        a, b = old.get(field), new.get(field)
        if field == "rows" and isinstance(a, list) and isinstance(b, list):
            columns = new.get("columns", [])
            if len(a) != len(b):
                found.append(f"{where}: {len(a)} rows before, {len(b)} now")
            for r, (ra, rb) in enumerate(zip(a, b)):
                for c, (va, vb) in enumerate(zip(ra, rb)):
                    if va != vb:
                        name = columns[c] if c < len(columns) else c
                        found.append(f"{where}: row {r}, column {name!r}: {va!r} before, {vb!r} now")
                if len(found) >= MAX_SHOWN:
                    return found
        elif field == "traces" and isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for t, (ta, tb) in enumerate(zip(a, b)):
                for k in sorted(set(ta) | set(tb)):
                    if ta.get(k) != tb.get(k):
                        found.append(f"{where}: trace {t} ({tb.get('name')!r}) {k}: "
                                     f"{_first_change(ta.get(k), tb.get(k))}")
        else:
            found.append(f"{where}: {field}: {_short(a)} before, {_short(b)} now")
    return found


def _first_change(a, b) -> str:
    if isinstance(a, list) and isinstance(b, list):
        for i, (va, vb) in enumerate(zip(a, b)):
            if va != vb:
                return f"at {i}: {_short(va)} before, {_short(vb)} now"
        return f"{len(a)} values before, {len(b)} now"
    return f"{_short(a)} before, {_short(b)} now"


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def differences(golden: list[dict], now: list[dict]) -> list[str]:
    """What changed, element by element, with the first differing cells (empty when equal)."""
    found = []
    if len(golden) != len(now):
        found.append(f"{len(golden)} elements before, {len(now)} now: "
                     f"before {[_describe(g) for g in golden]}, now {[_describe(n) for n in now]}")
    for old, new in zip(golden, now):
        if old != new:
            where = _describe(old) if _describe(old) == _describe(new) else f"{_describe(old)} → {_describe(new)}"
            found += _cell_differences(where, old, new)
        if len(found) >= MAX_SHOWN:
            break
    return found[:MAX_SHOWN]
