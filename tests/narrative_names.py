"""How the team's grader compares body names (a copy of its rule, so the tests judge the same way)."""


def _norm(s: str) -> str:
    s = (s or "").strip()
    for suffix in ("人民政府办公室", "人民政府", "街道办事处", "办事处", "政府"):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            return s[: -len(suffix)] + ("街道" if suffix == "街道办事处" else "")
    return s


def org_matches(out: str, label: str) -> bool:
    if not label:
        return True
    o, lab = _norm(out), _norm(label)
    return bool(o) and (o == lab or o.endswith(lab))
