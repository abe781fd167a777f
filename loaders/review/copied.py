"""Text copied across bodies: a report whose sections 一 and 五 are mostly another body's report of the
same year.

Each report keeps the hashes of its sentences of 15 characters or more (digits, spaces and its own
body's name left out, so a copy with the name and the figures changed is still the same sentence).
A sentence found in more than a fifth of a year's reports is boilerplate and is not compared. The
comparison goes through an index of sentence hashes (a join on year and hash), never pair by pair, so
thousands of reports a year take seconds.
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd

MIN_CHARS = 15
SHARED_SHARE = 0.6
BOILERPLATE_SHARE = 1 / 5
MIN_SENTENCES = 4  # fewer own sentences than this say too little to call a report a copy
RULE = "xbody.copied"


def sentence_hashes(text: str, own_name: str = "") -> list[int]:
    """Stable hashes of a text's sentences of MIN_CHARS characters or more (digits, spaces and the
    body's own name aside)."""
    if own_name:
        text = text.replace(own_name, "")
    sentences = (re.sub(r"[\s\d]", "", p) for p in re.split(r"[。;；!！?？\n]", text))
    return sorted({int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big", signed=True)
                   for s in sentences if len(s) >= MIN_CHARS})


def copied_findings(reports: pd.DataFrame) -> list[tuple]:
    """(source, rule, message, line, metric) for each report sharing SHARED_SHARE of its sentences with
    another body's report of the same year. `reports`: source, org, year, copy_sentences."""
    if "copy_sentences" not in reports or reports.empty:
        return []
    per_year = reports.groupby("year")["source"].transform("size")
    own = pd.DataFrame({"source": reports["source"], "org": reports["org"], "year": reports["year"],
                        "limit": per_year * BOILERPLATE_SHARE, "h": reports["copy_sentences"]})
    own = own.explode("h").dropna(subset=["h"]).drop_duplicates(["source", "h"])
    if own.empty:
        return []
    spread = own.groupby(["year", "h"])["source"].transform("size")
    kept = own[spread <= own["limit"]]
    counts = kept.groupby("source").size()
    kept = kept[kept["source"].map(counts) >= MIN_SENTENCES]
    pairs = kept[["source", "org", "year", "h"]].merge(kept[["source", "org", "year", "h"]], on=["year", "h"],
                                                       suffixes=("", "_other"))
    pairs = pairs[pairs["org"] != pairs["org_other"]]
    if pairs.empty:
        return []
    shared = pairs.groupby(["source", "source_other", "org_other", "year"]).size().rename("shared").reset_index()
    shared["own"] = shared["source"].map(counts)
    shared["share"] = shared["shared"] / shared["own"]
    best = (shared[shared["share"] >= SHARED_SHARE].sort_values(["share", "source_other"], ascending=[False, True])
            .drop_duplicates("source"))
    return [(r.source, RULE, f"第一、五部分 {r.share:.0%} 的句子（{r.shared}/{r.own} 句）与{r.org_other} {int(r.year)} "
                             f"年报告相同（{r.source_other}）", None, "")
            for r in best.itertuples(index=False)]
