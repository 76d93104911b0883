#!/usr/bin/env bash
# Section "bigfile" of the benchmark: one ~1 GB file through `refusald run`.
#
# The file (gen_corpus.py --size-mb 1024, ~1.07 GB, ~1.04 M items; generated once into
# $BENCH_DATA and reused) is renamed into inbox/ of a fresh daemon started with
# --max-file-bytes 2× its size (the default limit, 1 GiB, is smaller than the file); the clock
# runs until its verdict file appears in outbox/. Reports wall time, MB/s, items/s, the daemon's
# CPU seconds and its peak RSS (VmHWM from /proc/PID/status; target < 150 MB). The verdict file
# is checked (one line per input line) and then deleted; the input goes back to $BENCH_DATA.
#
# Run by Benchmarks/run.sh, or on its own from the repository root: `bash Benchmarks/bench_bigfile.sh`.
# Knobs: BENCH_BIGFILE_MB (1024), BENCH_BIGFILE_CONCURRENCY (daemon default).
#
# Writes $BENCH_RESULTS/$BENCH_RUN_ID.bigfile.json (records) and .bigfile.md (Markdown fragment).
set -euo pipefail
SECTION=bigfile
source "$(dirname "${BASH_SOURCE[0]}")/daemon_common.sh"
SIZE_MB="${BENCH_BIGFILE_MB:-1024}"

BIG="$BENCH_DATA/big-${SIZE_MB}mb-seed${BENCH_SEED}.jsonl"
if [ ! -s "$BIG" ]; then
  log "generating $BIG (~$SIZE_MB MiB, once)"
  "$PY" Benchmarks/gen_corpus.py --size-mb "$SIZE_MB" --seed "$BENCH_SEED" --out "$BIG.tmp"
  mv "$BIG.tmp" "$BIG"
fi
cat "$BIG" >/dev/null  # warm the page cache: measure screening, not the disk

rc=0
"$PY" Benchmarks/daemon_bench.py bigfile --bin "$BENCH_BIN" --policies "$POLICIES" --work "$BENCH_DATA/daemon-bigfile" \
  --input "$BIG" --out-json "$OUT" --python "$PY" --prefilter-cache "$BENCH_DATA/daemon-prefilter-cache" --concurrency "${BENCH_BIGFILE_CONCURRENCY:-0}" || rc=1

{
  echo "## Daemon (\`refusald run\`): one big file"
  echo
  echo "Binary \`$BENCH_BIN\`; policies $POLICY_NOTE, copied to a private directory for the run (an edit to the shared one would make the daemon reload mid-measurement); input \`$BIG\` renamed into \`inbox/\` of a fresh daemon (\`--max-file-bytes\` raised above the file's size, other settings default). Wall time from the rename to the verdict file in \`outbox/\`; CPU s and peak RSS (VmHWM, whole daemon life, start-up included) are the daemon's, from \`/proc/PID\`. Verified: one verdict line per input line, input in \`done/\`, exit 0 on SIGTERM."
  echo
  if [ -s "$OUT" ]; then "$PY" Benchmarks/daemon_bench.py render "$OUT"; else echo "- **No results** (see the log above)."; fi
  [ "$rc" = 0 ] || echo "- **The big-file benchmark failed or its verification did not pass.**"
} >"$MD"
cat "$MD" >&2
exit $rc
