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


def _frame(df: pd.DataFrame, strip, index_shown: bool = True) -> dict:
    """Columns, rows and the index of a frame (when shown, and not just 0, 1, 2…), every cell normalised.

    A hidden index is left out: it is where the rows stood in the frame they were cut from, not a figure."""
    out = {"columns": [normalise(c, strip) for c in df.columns],
           "rows": [[normalise(v, strip) for v in row] for row in df.itertuples(index=False, name=None)]}
    ordinal = isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1
    if index_shown and not ordinal:
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


def _walk(node, path=()):
    """Every element under node with the tabs it sits in ("key=label", outermost first)."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            inner = path
            if getattr(child, "type", None) == "tab":
                inner = path + (f"{_tab_key(node) or ''}={child.label}",)
            yield child, path
            yield from _walk(child, inner)


def _tab_key(container) -> str | None:
    """The query parameter of a tab container drawn with a key (only its open tab is drawn), else None."""
    if getattr(container, "type", None) != "tab_container":
        return None
    return container.proto.tab_container.query_param_key or None


def _user_key(element) -> str | None:
    found = _ELEMENT_ID.match(getattr(element.proto, "id", "") or "")
    return found.group(1) if found else None


def _elements(at, strip) -> list[dict]:
    """Every dataframe, table, metric and plotly chart of one run, in drawing order, with its tabs."""
    elements = []
    for element, path in _walk(at._tree):
        kind = getattr(element, "type", None)
        if kind == "dataframe":
            hidden = json.loads(element.proto.columns or "{}").get("_index", {}).get("hidden", False)
            item = {"kind": kind, **_frame(element.value, strip, index_shown=not hidden)}
        elif kind == "table":
            item = {"kind": kind, **_frame(element.value, strip)}
        elif kind == "metric":
            item = {"kind": kind, "label": strip(element.label), "value": normalise(element.value, strip),
                    "delta": normalise(element.proto.delta or None, strip)}
        elif kind == "plotly_chart":
            item = {"kind": kind, **_chart(element.proto.spec, strip)}
        else:
            continue
        elements.append({**item, "key": _user_key(element), "tabs": list(path)})
    return elements


def _tab_groups(at) -> dict[str, tuple[tuple[str, ...], list[str], str]]:
    """Keyed tab containers of a run: key -> (the tabs it sits in, its labels, the label open by default)."""
    groups = {}
    for element, path in _walk(at._tree):
        key = _tab_key(element)
        if key:
            labels = [c.label for c in element.children.values()]
            groups[key] = (path, labels, element.proto.tab_container.default_tab_label or labels[0])
    return groups


def capture(at, strip=lambda s: s) -> list[dict]:
    """What a run shows in every tab: the run as it is, then reruns opening each tab not yet seen.

    Keyed tabs draw only the open one, so each closed tab is opened through its query parameter (with the
    tabs it sits in), several groups at once; an element is kept from the run in which its innermost keyed
    tab first opened (elements outside keyed tabs from the first run).
    """
    elements: list[dict] = []
    groups: dict = {}
    seen: set[str] = set()
    wanted: dict[str, str] = {}
    first = True
    while True:
        present = _tab_groups(at)
        for key, group in present.items():
            groups.setdefault(key, group)
        new = {f"{key}={wanted.get(key, default)}" for key, (_, _, default) in present.items()} - seen
        for element in _elements(at, strip):
            keyed = [pair for pair in element["tabs"] if not pair.startswith("=")]
            if (keyed[-1] in new) if keyed else first:
                elements.append(element)
        missing = {f"{key}={label}" for key, label in wanted.items()} - seen - new
        assert not missing, f"tabs asked for but not drawn: {sorted(missing)}"
        seen |= new
        first = False
        wanted = _next_tabs(groups, seen)
        if not wanted:
            break
        for key, (_, _, default) in groups.items():
            # a default label drops out of the URL and the tab keeps its state: set both to go back to it
            at.query_params[key] = at.session_state[key] = wanted.get(key, default)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    for n, element in enumerate(elements):
        element["n"] = n
    return elements


def _next_tabs(groups: dict, seen: set[str]) -> dict[str, str]:
    """For as many tab groups as agree on the tabs they sit in, a label not opened yet (with those tabs)."""
    wanted: dict[str, str] = {}
    for key, (path, labels, _) in groups.items():
        needed = dict(pair.split("=", 1) for pair in path if not pair.startswith("="))
        if key in wanted or any(wanted.get(k, v) != v for k, v in needed.items()):
            continue
        fresh = [label for label in labels if f"{key}={label}" not in seen]
        if fresh:
            wanted.update(needed)
            wanted[key] = fresh[0]
    return wanted


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
    return (f"#{item['n']} {item['kind']}" + (f" {item['key']!r}" if item.get("key") else "")
            + (f" in tab {' > '.join(item['tabs'])}" if item.get("tabs") else ""))


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
