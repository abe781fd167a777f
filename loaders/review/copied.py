"""Text copied across bodies: a report whose sections 一 and 五 are mostly another body's report of the
same year.

Each report keeps the hashes of its sentences of 15 characters or more (digits, spaces and its own
body's name left out, so a copy with the name and the figures changed is still the same sentence).
A sentence found in more than a fifth of a year's reports, or in more than MAX_SPREAD of them, is
boilerplate and is not compared (without the cap a province's index grows with the square of its
reports: 14,000 a year sharing the same standard sentences took 20 GB). The
comparison goes through an index of sentence hashes (a join on year and hash), never pair by pair, so
thousands of reports a year take seconds.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
import pandas as pd

MIN_CHARS = 15
SHARED_SHARE = 0.6
BOILERPLATE_SHARE = 1 / 5
MAX_SPREAD = 50  # a sentence in more reports of a year than this is standard phrasing, whatever the year's size
MIN_SENTENCES = 4  # fewer own sentences than this say too little to call a report a copy
PROBE_HITS = 3  # rare sentences a candidate copy must share before it is compared in full
RULE = "xbody.copied"


def sentence_hashes(text: str, own_name: str = "") -> list[int]:
    """Stable hashes of a text's sentences of MIN_CHARS characters or more (digits, spaces and the
    body's own name aside)."""
    if own_name:
        text = text.replace(own_name, "")
    return hashes_of(re.split(r"[。;；!！?？\n]", text), MIN_CHARS)


def hashes_of(pieces: list[str], min_chars: int) -> list[int]:
    """The sorted distinct hashes of the pieces that keep `min_chars` characters or more once spaces and digits
    are taken out (the same sentences recur in most reports of a county: each is hashed once)."""
    return sorted({h for h in (_piece_hash(p, min_chars) for p in pieces) if h is not None})


@lru_cache(maxsize=65536)
def _piece_hash(piece: str, min_chars: int) -> int | None:
    s = re.sub(r"[\s\d]", "", piece)
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big", signed=True) \
        if len(s) >= min_chars else None


def copied_findings(reports: pd.DataFrame) -> list[tuple]:
    """(source, rule, message, line, metric, applicant) for each report sharing SHARED_SHARE of its sentences with
    another body's report of the same year. `reports`: source, org, year, copy_sentences."""
    if "copy_sentences" not in reports or reports.empty:
        return []
    kept = _counted_sentences(reports)
    if kept.empty:
        return []
    shared = _shared_with_candidates(kept)
    if shared.empty:
        return []
    sources, orgs = reports["source"].to_numpy(), reports["org"].to_numpy()
    shared = shared[shared["shared"] >= SHARED_SHARE * shared["own"]]
    best = shared.sort_values(["doc", "shared", "other"], ascending=[True, False, True]).drop_duplicates("doc")
    years = reports["year"].to_numpy()
    return [(sources[r.doc], RULE, f"第一、五部分 {r.shared / r.own:.0%} 的句子（{r.shared}/{r.own} 句）与{orgs[r.other]} "
                                   f"{int(years[r.doc])} 年报告相同（{sources[r.other]}）", None, "", "")
            for r in best.itertuples(index=False)]


def _counted_sentences(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per (report, sentence) that is not boilerplate, of reports with MIN_SENTENCES such
    sentences: doc (row position), group (year), body (org code), h, spread (reports of the year with it), own."""
    lists = reports["copy_sentences"].tolist()
    lengths = np.fromiter((len(x) if isinstance(x, (list, np.ndarray)) else 0 for x in lists), dtype=np.int64,
                          count=len(lists))
    if not lengths.sum():
        return pd.DataFrame()
    doc = np.repeat(np.arange(len(lists)), lengths)
    h = np.concatenate([np.asarray(x, dtype=np.int64) for x, n in zip(lists, lengths) if n])
    group = pd.factorize(reports["year"])[0][doc]
    body = pd.factorize(reports["org"])[0][doc]
    rows = pd.DataFrame({"doc": doc, "group": group, "body": body, "h": h})
    rows["spread"] = rows.groupby(["group", "h"])["doc"].transform("size")
    per_year = np.bincount(pd.factorize(reports["year"])[0])
    rows = rows[rows["spread"] <= np.minimum(per_year[rows["group"]] * BOILERPLATE_SHARE, MAX_SPREAD)]
    rows = rows.assign(own=rows.groupby("doc")["h"].transform("size"))
    return rows[rows["own"] >= MIN_SENTENCES]


def _shared_with_candidates(kept: pd.DataFrame) -> pd.DataFrame:
    """(doc, other, shared, own) for the pairs that can reach SHARED_SHARE of `own`. Another report
    holding that share of a report's sentences misses at most `own − ⌈share·own⌉` of them, so it holds
    at least PROBE_HITS of the report's rarest `own − ⌈share·own⌉ + PROBE_HITS` (pigeonhole): only the
    reports found that often through the index of (year, hash) of those few sentences are compared."""
    probes = kept.sort_values(["doc", "spread", "h"])
    slack = probes["own"] - np.ceil(SHARED_SHARE * probes["own"] - 1e-9).astype("int64")
    probes = probes[probes.groupby("doc").cumcount() < slack + PROBE_HITS]
    index = kept[["group", "h", "doc", "body"]].rename(columns={"doc": "other", "body": "other_body"})
    hits = probes[["doc", "group", "h", "body"]].merge(index, on=["group", "h"])
    hits = hits[hits["body"] != hits["other_body"]]
    pairs, counts = _pair_counts(hits["doc"].to_numpy(), hits["other"].to_numpy())
    pairs = pairs[counts >= PROBE_HITS]  # own ≥ MIN_SENTENCES gives that many probes
    if pairs.empty:
        return pd.DataFrame()
    both = pairs.merge(kept[["doc", "h"]], on="doc").merge(kept[["doc", "h"]].rename(columns={"doc": "other"}),
                                                          on=["other", "h"])
    shared, counts = _pair_counts(both["doc"].to_numpy(), both["other"].to_numpy())
    return shared.assign(shared=counts, own=shared["doc"].map(kept.groupby("doc")["own"].first()))


def _pair_counts(doc: np.ndarray, other: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct (doc, other) pairs and how often each occurs (one int64 key: 5× a two-column groupby)."""
    width = int(max(doc.max(initial=0), other.max(initial=0))) + 1
    keys, counts = np.unique(doc.astype(np.int64) * width + other, return_counts=True)
    return pd.DataFrame({"doc": keys // width, "other": keys % width}), counts
