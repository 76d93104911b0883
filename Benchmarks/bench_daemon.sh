#!/usr/bin/env bash
# Section "daemon" of the benchmark: `refusald run` seen from a producer.
#
#   (a) latency: 50 times, a 100-item file is written as inbox/.NAME.tmp and renamed to
#       inbox/NAME; the clock runs from the rename to outbox/STEM.verdicts.jsonl appearing
#       (inotify on outbox/). Median and p99 (target p99 < 50 ms).
#   (b) throughput: 1,000 small files (20 items each) renamed into inbox/ at once: wall time to
#       the last verdict file, items/s, MB/s, daemon CPU seconds and peak RSS.
# The work is checked (one verdict line per item, inputs in done/, exit 0 on SIGTERM).
#
# Run by Benchmarks/run.sh (which sets the BENCH_* variables), or on its own from the repository
# root: `bash Benchmarks/bench_daemon.sh` (uses .build/release/refusald; build it first with
# `swift build -c release --product refusald`).
# Knobs: BENCH_DAEMON_LATENCY_N (50), BENCH_DAEMON_FILES (1000), BENCH_DAEMON_ITEMS_PER_FILE (20),
# BENCH_DAEMON_CONCURRENCY (daemon default: number of cores).
#
# Writes $BENCH_RESULTS/$BENCH_RUN_ID.daemon.json (records) and .daemon.md (Markdown fragment).
set -euo pipefail
SECTION=daemon
source "$(dirname "${BASH_SOURCE[0]}")/daemon_common.sh"

rc=0
"$PY" Benchmarks/daemon_bench.py daemon --bin "$BENCH_BIN" --policies "$POLICIES" --work "$BENCH_DATA/daemon" \
  --out-json "$OUT" --seed "$BENCH_SEED" --python "$PY" --prefilter-cache "$BENCH_DATA/daemon-prefilter-cache" \
  --latency-n "${BENCH_DAEMON_LATENCY_N:-50}" --files "${BENCH_DAEMON_FILES:-1000}" \
  --items-per-file "${BENCH_DAEMON_ITEMS_PER_FILE:-20}" --concurrency "${BENCH_DAEMON_CONCURRENCY:-0}" || rc=1

{
  echo "## Daemon (\`refusald run\`): latency and many small files"
  echo
  echo "Binary \`$BENCH_BIN\`; policies $POLICY_NOTE, copied to a private directory for the run (an edit to the shared one would make the daemon reload mid-measurement); daemon defaults (concurrency = cores, review sample rate 0.02) on a fresh state directory under \`$BENCH_DATA/daemon\`; inputs from \`gen_corpus.py\` (seed $BENCH_SEED)."
  echo "Latency: a 100-item file written as \`inbox/.NAME.tmp\`, renamed to \`inbox/NAME\`; time from the rename to \`outbox/STEM.verdicts.jsonl\` appearing (inotify), one file at a time after 3 warm-up files. p99 is nearest-rank (with 50 files it is the slowest). Throughput: 1,000 files renamed into \`inbox/\` at once, until the last verdict file; CPU s and peak RSS are the daemon's (\`/proc/PID\`). Both runs are verified: one verdict line per item, every input in \`done/\`, exit 0 on SIGTERM."
  echo
  if [ -s "$OUT" ]; then "$PY" Benchmarks/daemon_bench.py render "$OUT"; else echo "- **No results** (see the log above)."; fi
  [ "$rc" = 0 ] || echo "- **The daemon benchmark failed or its verification did not pass.**"
} >"$MD"
cat "$MD" >&2
exit $rc
