#!/usr/bin/env bash
# `make run`: start the daemon on a demo state directory under the repo, drop the bundled sample
# files into its inbox, show where the verdicts are and how to review them. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${REFUSALD_BIN:-.build/debug/refusald}
STATE=demo/state
LISTEN=${REFUSALD_LISTEN:-127.0.0.1:8470}

mkdir -p "$STATE"
"$BIN" run --state-dir "$STATE" --policies Policies --listen "$LISTEN" --debounce 500ms 2> demo/daemon.log &
DAEMON=$!
trap 'kill -TERM $DAEMON 2>/dev/null; wait $DAEMON 2>/dev/null; echo; echo "daemon stopped (log: demo/daemon.log)"' EXIT INT TERM

for _ in $(seq 1 300); do
  if curl -fs "http://$LISTEN/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 $DAEMON 2>/dev/null; then echo "the daemon did not start:"; cat demo/daemon.log; exit 2; fi
  sleep 0.2
done

for f in Examples/inbox/*.jsonl; do
  name=$(basename "$f")
  cp "$f" "$STATE/inbox/.$name.tmp"
  mv "$STATE/inbox/.$name.tmp" "$STATE/inbox/$name"   # atomic drop: the daemon sees the finished file
done

for _ in $(seq 1 100); do
  [ -z "$(ls -A "$STATE/inbox" "$STATE/work" 2>/dev/null)" ] && break
  sleep 0.1
done
sleep 0.5

echo
echo "== verdicts ($STATE/outbox/) =="
for v in "$STATE"/outbox/*.verdicts.jsonl; do
  echo "-- $v"
  python3 - "$v" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    v = json.loads(line)
    kinds = ", ".join(f"{f['kind']}({f['rule']})" for f in v["findings"]) or v.get("error", "")
    print(f"  {str(v['id']):8} {v['verdict']:5} refused={str(v['refused']).lower():5} {kinds}")
PY
done
if "$BIN" annotator --help >/dev/null 2>&1; then
  "$BIN" annotator remove demo --db "$STATE/review.sqlite" >/dev/null 2>&1 || true
  TOKEN=$("$BIN" annotator add demo --db "$STATE/review.sqlite" --quiet)
  echo
  echo "== review =="
  echo "  open http://$LISTEN/login and log in with this one-time token:"
  echo "  $TOKEN"
fi
echo
echo "metrics: http://$LISTEN/metrics   health: http://$LISTEN/healthz   log: demo/daemon.log"
echo "drop more files into $STATE/inbox/ (write a .tmp name, then rename). Ctrl-C stops the daemon."
wait $DAEMON
