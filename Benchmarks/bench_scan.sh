#!/usr/bin/env bash
# Section "scan" of the benchmark (run by Benchmarks/run.sh, which sets the BENCH_* variables).
#
# Measures, on the same corpus and policy set:
#   * refusald scan                  (full corpus, BENCH_REPEAT runs, median)
#   * refusald scan --no-prefilter   (only if `refusald scan --help` mentions the flag)
#   * py_screener.py                 (the 10 MB prefix slice; full-corpus time extrapolated, and said so)
# then checks that refusald and py_screener agree on the slice (verdicts and findings).
#
# Writes $BENCH_RESULTS/$BENCH_RUN_ID.scan.json (measure.py records + agreement) and
# $BENCH_RESULTS/$BENCH_RUN_ID.scan.md (Markdown fragment).
set -euo pipefail
cd "${BENCH_ROOT:?run me through Benchmarks/run.sh}"

PY="$BENCH_PYTHON"
OUT="$BENCH_RESULTS/$BENCH_RUN_ID.scan.json"
RECS="$BENCH_RESULTS/$BENCH_RUN_ID.scan.records.json"
AGREE="$BENCH_RESULTS/$BENCH_RUN_ID.scan.agreement.json"
MD="$BENCH_RESULTS/$BENCH_RUN_ID.scan.md"
VDIR="$BENCH_DATA/verdicts"
OK_EXIT="${BENCH_SCAN_OK_EXIT:-0,1}"  # scan exits 1 when anything is flagged
mkdir -p "$VDIR"
rm -f "$RECS" "$AGREE"

M=("$PY" Benchmarks/measure.py --out-json "$RECS")
rc=0

cat "$BENCH_CORPUS" "$BENCH_SLICE" >/dev/null  # warm the page cache: measure screening, not the disk

# Build the prefilter cache once (timed separately): the measured runs then load it from disk,
# as the daemon and repeated scans do.
CACHE_DIR="$BENCH_DATA/prefilter-cache"
rm -rf "$CACHE_DIR"
SCAN=("$BENCH_BIN" scan --policies "$BENCH_POLICIES" --cache-dir "$CACHE_DIR")
PF_START=$(date +%s.%N)
echo '{"id":0,"prompt":"warm-up","response":"ok"}' | "${SCAN[@]}" --build-prefilter - >/dev/null || true
PF_SECONDS=$("$PY" -c "import sys; print(round(float(sys.argv[1]) - float(sys.argv[2]), 1))" "$(date +%s.%N)" "$PF_START")
echo "prefilter database compiled and cached in ${PF_SECONDS}s" >&2

"${M[@]}" --label "refusald scan" --tag refusald --input "$BENCH_CORPUS" --repeat "$BENCH_REPEAT" \
  --ok-exit "$OK_EXIT" -- "${SCAN[@]}" "$BENCH_CORPUS" --output /dev/null || rc=1

# Scaling: the same scan held to one worker thread (the row above uses every core).
"${M[@]}" --label "refusald scan --concurrency 1" --tag refusald-1core --input "$BENCH_CORPUS" --repeat "$BENCH_REPEAT" \
  --ok-exit "$OK_EXIT" -- "${SCAN[@]}" --concurrency 1 "$BENCH_CORPUS" --output /dev/null || rc=1

NOPF_NOTE=""
if "$BENCH_BIN" scan --help 2>&1 | grep -q -- '--no-prefilter'; then
  # On the slice, once: without the prefilter the full corpus takes minutes per run. Rates compare.
  "${M[@]}" --label "refusald scan --no-prefilter (slice)" --tag refusald-no-prefilter --input "$BENCH_SLICE" \
    --repeat 1 --ok-exit "$OK_EXIT" -- \
    "$BENCH_BIN" scan --no-prefilter --policies "$BENCH_POLICIES" "$BENCH_SLICE" --output /dev/null || rc=1
else
  NOPF_NOTE="refusald scan has no --no-prefilter flag yet: that row is skipped."
fi

"${M[@]}" --label "py_screener (slice)" --tag python --input "$BENCH_SLICE" --repeat "$BENCH_PY_REPEAT" \
  --extrapolate-to "$BENCH_CORPUS" --note "Python $("$PY" -c 'import platform; print(platform.python_version())'), 1 core" -- \
  "$PY" Benchmarks/py_screener.py --policies "$BENCH_POLICIES" --output "$VDIR/py.jsonl" "$BENCH_SLICE" || rc=1

# Agreement on the slice: not timed.
AGREE_NOTE=""
if "${SCAN[@]}" "$BENCH_SLICE" --output "$VDIR/refusald.jsonl" >/dev/null 2>"$VDIR/refusald.stderr"; then
  "$PY" Benchmarks/compare_verdicts.py "$VDIR/refusald.jsonl" "$VDIR/py.jsonl" --json "$AGREE" || true
else
  code=$?
  if [[ ",$OK_EXIT," == *",$code,"* ]]; then
    "$PY" Benchmarks/compare_verdicts.py "$VDIR/refusald.jsonl" "$VDIR/py.jsonl" --json "$AGREE" || true
  else
    AGREE_NOTE="Agreement check skipped: refusald scan of the slice exited $code (see $VDIR/refusald.stderr)."
  fi
fi

"$PY" - "$RECS" "$AGREE" "$OUT" <<'EOF'
import json, os, sys
recs = json.load(open(sys.argv[1])) if os.path.exists(sys.argv[1]) else []
agree = json.load(open(sys.argv[2])) if os.path.exists(sys.argv[2]) else None
json.dump({"records": recs, "agreement": agree}, open(sys.argv[3], "w"), indent=1, ensure_ascii=False)
EOF

{
  echo "## Batch scan"
  echo
  echo "Corpus: \`$BENCH_CORPUS\`; policies: \`$BENCH_POLICIES\`. Command: \`$BENCH_BIN scan --policies $BENCH_POLICIES FILE --output /dev/null\`."
  echo "Throughput is input bytes / median wall time (MB = 10^6 bytes); CPU s = user + sys; peak RSS from GNU time."
  echo
  "$PY" Benchmarks/report.py table "$RECS"
  echo
  "$PY" Benchmarks/report.py scan-summary "$RECS" --agreement "$AGREE"
  "$PY" Benchmarks/py_screener.py --check --policies "$BENCH_POLICIES" >"$VDIR/py-check.json" &&
    "$PY" Benchmarks/report.py py-check "$VDIR/py-check.json" || echo "- py_screener --check failed"
  [ -z "$NOPF_NOTE" ] || echo "- $NOPF_NOTE"
  [ -z "$AGREE_NOTE" ] || echo "- $AGREE_NOTE"
  if [ "$rc" != 0 ]; then
    echo "- **A run failed.** refusald exit codes other than {$OK_EXIT} count as failure (override with BENCH_SCAN_OK_EXIT=0,1 if exit 1 means 'findings')."
  fi
} >"$MD"
rm -f "$RECS"
exit $rc
