# Shared set-up of the daemon benchmark sections (sourced by bench_daemon.sh and
# bench_bigfile.sh with SECTION set): defaults for the BENCH_* variables when run on their own,
# the binary check, and the policy set (the shipped one if it passes its own tests, since the
# daemon refuses anything else; otherwise the fixtures, and the report says so).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${BENCH_ROOT:-$ROOT}"

BENCH_BIN="${BENCH_BIN:-.build/release/refusald}"
BENCH_DATA="${BENCH_DATA:-Benchmarks/data}"
BENCH_RESULTS="${BENCH_RESULTS:-Benchmarks/results}"
BENCH_RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
BENCH_SEED="${BENCH_SEED:-42}"
PY="${BENCH_PYTHON:-${PYTHON:-python3}}"
mkdir -p "$BENCH_DATA" "$BENCH_RESULTS"
OUT="$BENCH_RESULTS/$BENCH_RUN_ID.$SECTION.json"
MD="$BENCH_RESULTS/$BENCH_RUN_ID.$SECTION.md"

log() { echo "bench_$SECTION: $*" >&2; }
[ -x "$BENCH_BIN" ] || { log "$BENCH_BIN not found: swift build -c release --product refusald"; exit 1; }

PREFERRED="${BENCH_POLICIES:-Policies}"
if "$BENCH_BIN" policy test "$PREFERRED" >/dev/null 2>&1; then
  POLICIES="$PREFERRED"
  POLICY_NOTE="\`$POLICIES\` (passes \`refusald policy test\`)"
else
  POLICIES=Benchmarks/fixtures/policies
  POLICY_NOTE="\`$POLICIES\` — **\`$PREFERRED\` was not used**: \`refusald policy test $PREFERRED\` fails, and the daemon only runs a set that passes"
  log "$PREFERRED does not pass 'refusald policy test': using $POLICIES"
fi
