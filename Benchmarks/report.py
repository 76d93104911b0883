#!/usr/bin/env python3
"""Markdown/JSON reporting for the benchmark sections.

  report.py table RECORDS.json                 # Markdown table of measure.py records
  report.py scan-summary RECORDS.json [--agreement AGREE.json] [--target 20]
  report.py py-check CHECK.json                # line about py_screener's compiled/skipped rules
  report.py assemble --results DIR --run-id ID --meta META.json --sections scan,daemon,...

`assemble` merges RESULTS/ID.<section>.json and .md into RESULTS/ID.json and RESULTS/ID.md
and copies them to RESULTS/latest.json and RESULTS/latest.md; it prints the Markdown.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys


def fmt(x, nd=1):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def table(records: list[dict]) -> str:
    rows = ["| run | input MB | items | wall s | CPU s | MB/s | items/s | MB per CPU-s | peak RSS MB | exit | notes |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in records:
        notes = []
        if r.get("note"):
            notes.append(r["note"])
        if r.get("repeat", 1) > 1:
            notes.append(f"median of {r['repeat']}")
        if not r.get("ok", True):
            notes.append("**FAILED**")
        ex = r.get("extrapolated")
        ok = r.get("ok", True)
        if not ok:
            tail = [ln for ln in (r.get("stderr_tail") or "").splitlines() if ln.strip()]
            if tail:
                notes.append("stderr: `" + tail[-1][:160].replace("|", "\\|").replace("`", "'") + "`")
            ex = None
        rate = (lambda v, nd: fmt(v, nd)) if ok else (lambda v, nd: "–")
        rows.append("| " + " | ".join([
            r["label"], fmt(r["bytes"] / 1e6), fmt(r["items"]), fmt(r["wall_s"], 2), fmt(r["cpu_s"], 2),
            rate(r["mb_s"], 2), rate(r["items_s"], 0), rate(r["mb_per_cpu_s"], 2), fmt(r["peak_rss_mb"]),
            ",".join(map(str, r.get("exit", []))), "; ".join(notes)]) + " |")
        if ex:
            rows.append("| " + " | ".join([
                f"{r['label']} (extrapolated, not measured)", fmt(ex["bytes"] / 1e6), fmt(ex["items"]),
                f"~{fmt(ex['wall_s'], 1)}", "–", f"~{fmt(r['mb_s'], 2)}", f"~{fmt(ex['items'] / ex['wall_s'], 0)}",
                "–", "–", "–", "linear extrapolation of the measured slice rate"]) + " |")
    return "\n".join(rows) + "\n"


def scan_summary(records: list[dict], agreement: dict | None, target: float) -> str:
    by = {r["tag"]: r for r in records}
    out = []
    rf, py = by.get("refusald"), by.get("python")
    if rf and py and rf.get("ok") and py.get("ok") and rf["mb_s"] and py["mb_s"]:
        wall_x = rf["mb_s"] / py["mb_s"]
        cpu_x = (rf["mb_per_cpu_s"] / py["mb_per_cpu_s"]) if rf["mb_per_cpu_s"] and py["mb_per_cpu_s"] else None
        verdict = "PASS" if wall_x >= target else "FAIL"
        out.append(f"- **Speed-up of refusald over py_screener: {wall_x:,.1f}× wall-clock throughput** "
                   f"(target ≥ {target:g}×: **{verdict}**); "
                   f"{fmt(cpu_x)}× per CPU-second. refusald was measured on the full corpus, "
                   f"py_screener on a {py['bytes'] / 1e6:.1f} MB prefix of it (its full-corpus time is extrapolated).")
    elif rf and py:
        out.append("- Speed-up not computed: a run failed.")
    one = by.get("refusald-1core")
    if rf and one and one.get("ok") and rf.get("ok") and one["mb_s"]:
        out.append(f"- Scaling: {rf['mb_s'] / one['mb_s']:,.2f}× wall throughput on all cores over one worker "
                   f"thread ({fmt(one['mb_s'], 1)} → {fmt(rf['mb_s'], 1)} MB/s).")
    npf = by.get("refusald-no-prefilter")
    if rf and npf and npf.get("ok") and rf.get("ok") and npf["mb_s"]:
        per_cpu = (f"{rf['mb_per_cpu_s'] / npf['mb_per_cpu_s']:,.1f}× per CPU-second, "
                   if rf.get("mb_per_cpu_s") and npf.get("mb_per_cpu_s") else "")
        out.append(f"- Prefilter gain: {per_cpu}{rf['mb_s'] / npf['mb_s']:,.1f}× wall throughput "
                   f"(scan vs scan --no-prefilter).")
    if agreement:
        out.append(f"- Agreement on the slice (refusald vs py_screener, {agreement['paired']:,} lines): "
                   f"same verdict {agreement['same_verdict_pct']}%, same findings (kind, rule, target) "
                   f"{agreement['same_findings_pct']}%, same spans too {agreement['same_spans']:,}; "
                   f"flagged {agreement['flag_a']:,} vs {agreement['flag_b']:,}.")
    return "\n".join(out) + ("\n" if out else "")


def py_check(c: dict) -> str:
    line = f"- py_screener compiled {c['compiled']} patterns of the policy set"
    if c["skipped"]:
        shown = ", ".join(f"`{r['id']}` ({r['why']})" for r in c["skipped_rules"][:10])
        line += (f" and **skipped {c['skipped']}** that Python `re` cannot express, so it did less work "
                 f"than refusald: {shown}{' …' if c['skipped'] > 10 else ''}")
    else:
        line += "; none skipped."
    return line + "\n"


def assemble(results: str, run_id: str, meta_path: str, sections: list[str]) -> str:
    with open(meta_path) as f:
        meta = json.load(f)
    merged = dict(meta)
    merged["sections"] = {}
    md = [f"# refusald benchmark {run_id}", ""]
    md.append("| | |")
    md.append("| --- | --- |")
    for k in ("git", "machine", "cpu", "cores", "swift", "policies", "policy_files", "corpus", "corpus_mb",
              "corpus_items", "corpus_sha256", "slice", "slice_mb", "repeat"):
        if k in meta:
            md.append(f"| {k} | {fmt(meta[k], 1) if not isinstance(meta[k], str) else meta[k]} |")
    md.append("")
    for s in sections:
        jp = os.path.join(results, f"{run_id}.{s}.json")
        mp = os.path.join(results, f"{run_id}.{s}.md")
        if os.path.exists(jp):
            with open(jp) as f:
                merged["sections"][s] = json.load(f)
        if os.path.exists(mp):
            with open(mp) as f:
                md.append(f.read().rstrip() + "\n")
        elif s in meta.get("skipped_sections", []):
            md.append(f"## {s}\n\n_skipped: Benchmarks/bench_{s}.sh does not exist yet._\n")
    text = "\n".join(md).rstrip() + "\n"
    jout = os.path.join(results, f"{run_id}.json")
    mout = os.path.join(results, f"{run_id}.md")
    with open(jout, "w") as f:
        json.dump(merged, f, indent=1, ensure_ascii=False)
    with open(mout, "w") as f:
        f.write(text)
    shutil.copyfile(jout, os.path.join(results, "latest.json"))
    shutil.copyfile(mout, os.path.join(results, "latest.md"))
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table")
    t.add_argument("records")
    s = sub.add_parser("scan-summary")
    s.add_argument("records")
    s.add_argument("--agreement")
    s.add_argument("--target", type=float, default=20.0)
    c = sub.add_parser("py-check")
    c.add_argument("check_json")
    m = sub.add_parser("assemble")
    m.add_argument("--results", required=True)
    m.add_argument("--run-id", required=True)
    m.add_argument("--meta", required=True)
    m.add_argument("--sections", required=True)
    a = ap.parse_args(argv)
    if a.cmd == "table":
        with open(a.records) as f:
            sys.stdout.write(table(json.load(f)))
    elif a.cmd == "scan-summary":
        with open(a.records) as f:
            recs = json.load(f)
        agreement = None
        if a.agreement and os.path.exists(a.agreement):
            with open(a.agreement) as f:
                agreement = json.load(f)
        sys.stdout.write(scan_summary(recs, agreement, a.target))
    elif a.cmd == "py-check":
        with open(a.check_json) as f:
            sys.stdout.write(py_check(json.load(f)))
    else:
        sys.stdout.write(assemble(a.results, a.run_id, a.meta, [x for x in a.sections.split(",") if x]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
