#!/usr/bin/env python3
"""Run one benchmark command under /usr/bin/time and append a JSON record.

  measure.py --label "refusald scan" --input CORPUS --repeat 3 --out-json R.json -- CMD ARGS...

Each repetition runs `/usr/bin/time -f '%M %e %U %S' -o TMP CMD...` with stdout discarded.
The record holds every run plus the median wall time (perf_counter, more precise than
%e), median CPU seconds (user+sys), the largest peak RSS, and the throughput derived from
the input's size and item count. Reusable by every section script (scan, daemon, big file).

Exit code: 0 when every run exited with a code in --ok-exit, 1 otherwise (the record is
written either way, with "ok": false and the tail of stderr).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

TIME = "/usr/bin/time"


def input_stats(path: str) -> dict:
    """Bytes and item (non-empty line) count, cached in PATH.meta.json next to the file."""
    st = os.stat(path)
    meta_path = path + ".meta.json"
    try:
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("bytes") == st.st_size and meta.get("mtime") == int(st.st_mtime):
            return meta
    except (OSError, ValueError):
        pass
    items = 0
    last = b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(16 << 20):
            items += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        items += 1
    meta = {"bytes": st.st_size, "items": items, "mtime": int(st.st_mtime)}
    try:
        with open(meta_path, "w") as f:
            json.dump(meta, f)
    except OSError:
        pass
    return meta


def run_once(cmd: list[str], env: dict | None) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run([TIME, "-f", "%M %e %U %S", "-o", tf.name] + cmd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        wall = time.perf_counter() - t0
        lines = [ln for ln in open(tf.name).read().splitlines() if ln.strip()]
    try:
        rss_kb, e, u, s = lines[-1].split()
        rss_kb, e, u, s = int(rss_kb), float(e), float(u), float(s)
    except (IndexError, ValueError):
        rss_kb, e, u, s = 0, wall, 0.0, 0.0
    return {"wall_s": round(wall, 4), "time_wall_s": e, "user_s": u, "sys_s": s,
            "cpu_s": round(u + s, 3), "rss_kb": rss_kb, "exit": p.returncode,
            "stderr_tail": p.stderr.decode("utf-8", "replace")[-2000:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", required=True)
    ap.add_argument("--tag", default="", help="machine-readable role, e.g. refusald, python")
    ap.add_argument("--input", required=True, help="input file (for bytes and items)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--out-json", required=True, help="JSON list to append the record to")
    ap.add_argument("--ok-exit", default="0", help="comma-separated exit codes that count as success")
    ap.add_argument("--note", default="")
    ap.add_argument("--extrapolate-to", help="file whose size the throughput is extrapolated to (stated as such)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("missing command after --")
    ok_exit = {int(x) for x in a.ok_exit.split(",") if x.strip()}

    st = input_stats(a.input)
    runs = []
    for i in range(a.repeat):
        r = run_once(cmd, None)
        runs.append(r)
        print(f"  {a.label}: run {i + 1}/{a.repeat}: {r['wall_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU, "
              f"{r['rss_kb'] / 1024:.0f} MB RSS, exit {r['exit']}", file=sys.stderr)
        if r["exit"] not in ok_exit:
            break
    ok = all(r["exit"] in ok_exit for r in runs)
    wall = statistics.median(r["wall_s"] for r in runs)
    cpu = statistics.median(r["cpu_s"] for r in runs)
    mb = st["bytes"] / 1e6
    rec = {
        "label": a.label, "tag": a.tag or a.label, "cmd": cmd, "input": a.input, "bytes": st["bytes"], "items": st["items"],
        "repeat": len(runs), "wall_s": round(wall, 4), "cpu_s": round(cpu, 3),
        "mb_s": round(mb / wall, 3) if wall > 0 else None,
        "items_s": round(st["items"] / wall, 1) if wall > 0 else None,
        "mb_per_cpu_s": round(mb / cpu, 3) if cpu > 0 else None,
        "peak_rss_mb": round(max(r["rss_kb"] for r in runs) / 1024, 1),
        "exit": sorted({r["exit"] for r in runs}), "ok": ok, "note": a.note, "runs": runs,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if not ok:
        rec["stderr_tail"] = runs[-1]["stderr_tail"]
    if a.extrapolate_to and rec["mb_s"]:
        big = input_stats(a.extrapolate_to)
        rec["extrapolated"] = {"to": a.extrapolate_to, "bytes": big["bytes"], "items": big["items"],
                               "wall_s": round(big["bytes"] / 1e6 / rec["mb_s"], 1),
                               "method": "linear: measured MB/s on the slice applied to the full corpus size"}
    for r in runs:  # keep the record small; the failure tail is kept above
        r.pop("stderr_tail", None)

    records = []
    if os.path.exists(a.out_json):
        with open(a.out_json) as f:
            records = json.load(f)
    records.append(rec)
    with open(a.out_json, "w") as f:
        json.dump(records, f, indent=1, ensure_ascii=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
