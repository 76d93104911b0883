#!/usr/bin/env bash
# Benchmark entry point, called by `make bench` from the repository root.
#
#   1. builds refusald in release mode (skip with BENCH_SKIP_BUILD=1)
#   2. makes sure GNU time (/usr/bin/time) is installed
#   3. generates the corpus once into Benchmarks/data/ (git-ignored) and a 10 MB prefix slice
#   4. runs each section script Benchmarks/bench_<name>.sh in order; `scan` is required,
#      the others (daemon, bigfile, ...) are skipped while their script does not exist
#   5. merges the sections into Benchmarks/results/<run-id>.{md,json} (+ latest.{md,json})
#      and prints the Markdown
#
# Knobs (environment): BENCH_SIZE_MB (128), BENCH_SEED (42), BENCH_SLICE_MB (10),
# BENCH_REPEAT (3), BENCH_PY_REPEAT (1), BENCH_POLICIES (Policies, else the fixtures),
# BENCH_SECTIONS ("scan daemon bigfile"), BENCH_SKIP_BUILD, BENCH_BIN, BENCH_SCAN_OK_EXIT,
# PYTHON (python3). See Benchmarks/README.md for the section-script contract.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
B=Benchmarks

export BENCH_ROOT="$ROOT"
export BENCH_DATA="${BENCH_DATA:-$B/data}"
export BENCH_RESULTS="${BENCH_RESULTS:-$B/results}"
export BENCH_SEED="${BENCH_SEED:-42}"
export BENCH_SIZE_MB="${BENCH_SIZE_MB:-128}"
export BENCH_SLICE_MB="${BENCH_SLICE_MB:-10}"
export BENCH_REPEAT="${BENCH_REPEAT:-3}"
export BENCH_PY_REPEAT="${BENCH_PY_REPEAT:-1}"
export BENCH_BIN="${BENCH_BIN:-.build/release/refusald}"
export BENCH_PYTHON="${PYTHON:-python3}"
SECTIONS="${BENCH_SECTIONS:-scan daemon bigfile}"
PY="$BENCH_PYTHON"

log() { echo "run.sh: $*" >&2; }

mkdir -p "$BENCH_DATA" "$BENCH_RESULTS"

# Policies: the real set when it exists, else the benchmark's own fixtures (said loudly).
if [ -z "${BENCH_POLICIES:-}" ]; then
  if compgen -G "Policies/*.yaml" >/dev/null || compgen -G "Policies/*.yml" >/dev/null; then
    BENCH_POLICIES=Policies
  else
    BENCH_POLICIES="$B/fixtures/policies"
    log "Policies/ holds no .yaml file: benchmarking with $BENCH_POLICIES instead"
  fi
fi
export BENCH_POLICIES

# 1. Build.
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building release binary"
  swift build -c release --product refusald >&2
fi
if [ ! -x "$BENCH_BIN" ]; then
  log "$BENCH_BIN not found (build failed or BENCH_SKIP_BUILD=1 without a build)"
  exit 1
fi

# 2. GNU time for peak RSS and CPU seconds.
if ! /usr/bin/time -f '%M' true >/dev/null 2>&1; then
  log "installing GNU time"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2
fi

# 3. Corpus (generated once; deterministic for a given size and seed) and its prefix slice.
export BENCH_CORPUS="$BENCH_DATA/corpus-${BENCH_SIZE_MB}mb-seed${BENCH_SEED}.jsonl"
export BENCH_SLICE="$BENCH_DATA/slice-${BENCH_SLICE_MB}mb-seed${BENCH_SEED}.jsonl"
if [ ! -s "$BENCH_CORPUS" ]; then
  log "generating $BENCH_CORPUS"
  "$PY" "$B/gen_corpus.py" --size-mb "$BENCH_SIZE_MB" --seed "$BENCH_SEED" --out "$BENCH_CORPUS.tmp"
  mv "$BENCH_CORPUS.tmp" "$BENCH_CORPUS"
  rm -f "$BENCH_SLICE"
fi
if [ ! -s "$BENCH_SLICE" ]; then
  "$PY" - "$BENCH_CORPUS" "$BENCH_SLICE" "$BENCH_SLICE_MB" <<'EOF'
import sys
src, dst, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(src, "rb") as f:
    data = f.read(int(mb * (1 << 20)))
data = data[: data.rfind(b"\n") + 1]  # whole lines only
with open(dst + ".tmp", "wb") as f:
    f.write(data)
import os; os.replace(dst + ".tmp", dst)
EOF
fi

# 4. Run metadata.
export BENCH_RUN_ID="${BENCH_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
META="$BENCH_RESULTS/$BENCH_RUN_ID.meta.json"
SKIPPED=()
for s in $SECTIONS; do
  [ -f "$B/bench_$s.sh" ] || SKIPPED+=("$s")
done
"$PY" - "$META" "${SKIPPED[@]+"${SKIPPED[@]}"}" <<'EOF'
import hashlib, json, os, platform, subprocess, sys
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""
env = os.environ
cpu = ""
try:
    for ln in open("/proc/cpuinfo"):
        if ln.startswith("model name"):
            cpu = ln.split(":", 1)[1].strip(); break
except OSError:
    pass
rev = sh("git", "rev-parse", "--short", "HEAD") or "no commit"
if sh("git", "status", "--porcelain", "--untracked-files=no"):
    rev += " (dirty)"
h = hashlib.sha256()
with open(env["BENCH_CORPUS"], "rb") as f:
    while chunk := f.read(16 << 20):
        h.update(chunk)
def stats(p):
    with open(p, "rb") as f:
        d = f.read()
    return len(d), d.count(b"\n")
cb, ci = stats(env["BENCH_CORPUS"])
sb, si = stats(env["BENCH_SLICE"])
pol = env["BENCH_POLICIES"]
files = sorted(f for f in os.listdir(pol) if f.endswith((".yaml", ".yml")))
meta = {
    "run_id": env["BENCH_RUN_ID"], "git": rev, "machine": f"{platform.node()} {platform.system()} {platform.release()}",
    "cpu": cpu, "cores": os.cpu_count(), "swift": (sh("swift", "--version").splitlines() or [""])[0],
    "binary": env["BENCH_BIN"], "policies": pol, "policy_files": ", ".join(files),
    "corpus": env["BENCH_CORPUS"], "corpus_mb": round(cb / 1e6, 1), "corpus_items": ci,
    "corpus_sha256": h.hexdigest(), "seed": int(env["BENCH_SEED"]),
    "slice": env["BENCH_SLICE"], "slice_mb": round(sb / 1e6, 1), "slice_items": si,
    "repeat": int(env["BENCH_REPEAT"]), "skipped_sections": sys.argv[2:],
}
with open(sys.argv[1], "w") as f:
    json.dump(meta, f, indent=1)
EOF

# 5. Sections.
FAILED=()
RAN=()
for s in $SECTIONS; do
  script="$B/bench_$s.sh"
  if [ ! -f "$script" ]; then
    if [ "$s" = scan ]; then log "$script is missing"; exit 1; fi
    log "skipping section '$s' ($script does not exist)"
    RAN+=("$s")
    continue
  fi
  log "section '$s'"
  if bash "$script"; then :; else FAILED+=("$s"); log "section '$s' FAILED"; fi
  RAN+=("$s")
done

# 6. Report.
"$PY" "$B/report.py" assemble --results "$BENCH_RESULTS" --run-id "$BENCH_RUN_ID" --meta "$META" \
  --sections "$(IFS=,; echo "${RAN[*]}")"
log "results: $BENCH_RESULTS/$BENCH_RUN_ID.md and .json (also latest.md, latest.json)"
if [ ${#FAILED[@]} -gt 0 ]; then
  log "failed sections: ${FAILED[*]}"
  exit 1
fi
