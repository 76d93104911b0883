#!/usr/bin/env python3
"""Compare two verdict JSONL files (e.g. refusald vs py_screener) line by line.

  compare_verdicts.py A.jsonl B.jsonl [--json OUT] [--examples 5]

Lines are paired by source line number. Reports how many verdicts agree, how many have the
same set of (kind, rule, target) findings, and how many also have the same spans, with a
few examples of disagreement. A sanity check that both screeners did the same work, not a
conformance test (the Python reference makes its own choices where docs/FORMATS.md is
silent, see Benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import json
import sys


def load(path: str) -> dict[int, dict]:
    out: dict[int, dict] = {}
    with open(path, "rb") as f:
        for i, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                v = json.loads(raw)
            except ValueError:
                continue
            line = (v.get("source") or {}).get("line", i)
            out[line] = v
    return out


def fset(v: dict, spans: bool) -> frozenset:
    return frozenset((f.get("kind"), f.get("rule"), f.get("target"),
                      tuple(map(tuple, f.get("spans") or [])) if spans else None)
                     for f in v.get("findings") or [])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--json", help="write the summary here")
    ap.add_argument("--examples", type=int, default=5)
    a = ap.parse_args(argv)
    A, B = load(a.a), load(a.b)
    lines = sorted(set(A) | set(B))
    same_verdict = same_findings = same_spans = 0
    missing = []
    examples = []
    for ln in lines:
        va, vb = A.get(ln), B.get(ln)
        if va is None or vb is None:
            missing.append(ln)
            continue
        if va.get("verdict") == vb.get("verdict"):
            same_verdict += 1
        fa, fb = fset(va, False), fset(vb, False)
        if fa == fb:
            same_findings += 1
            if fset(va, True) == fset(vb, True):
                same_spans += 1
        elif len(examples) < a.examples:
            examples.append({"line": ln, "id": va.get("id"),
                             "a": sorted(map(list, fa), key=str), "b": sorted(map(list, fb), key=str)})
    n = len(lines) - len(missing)
    flag_a = sum(v.get("verdict") == "flag" for v in A.values())
    flag_b = sum(v.get("verdict") == "flag" for v in B.values())
    summary = {"a": a.a, "b": a.b, "lines_a": len(A), "lines_b": len(B), "paired": n,
               "unpaired": len(missing), "flag_a": flag_a, "flag_b": flag_b,
               "same_verdict": same_verdict, "same_findings": same_findings, "same_spans": same_spans,
               "same_verdict_pct": round(100 * same_verdict / n, 3) if n else None,
               "same_findings_pct": round(100 * same_findings / n, 3) if n else None,
               "examples": examples}
    if a.json:
        with open(a.json, "w") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)
    print(json.dumps({k: v for k, v in summary.items() if k != "examples"}), file=sys.stderr)
    for e in examples:
        print(f"  line {e['line']} ({e['id']}): A={e['a']} B={e['b']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
