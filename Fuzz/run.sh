#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/Fuzz*/) with -sanitize=fuzzer,address and runs each one for
# SECONDS on its committed seed corpus (Fuzz/corpus/<name>/). New corpus entries go to
# .build-fuzz/corpus/<name>/ and crashing inputs to .build-fuzz/artifacts/<name>/ (both ignored by
# git). Exits 1 when any harness found a crash, printing the crashing input's path.
#
#   Fuzz/run.sh SECONDS [NAME...]     NAME: item-decoder, text-normaliser, policy-loader (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:?usage: Fuzz/run.sh SECONDS [NAME...]}
shift
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(item-decoder text-normaliser policy-loader)
SWIFT=${SWIFT:-swift}
SCRATCH=.build-fuzz

product() {
    case "$1" in
        item-decoder) echo FuzzItemDecoder ;;
        text-normaliser) echo FuzzTextNormaliser ;;
        policy-loader) echo FuzzPolicyLoader ;;
        *) echo "unknown fuzz target '$1' (item-decoder, text-normaliser, policy-loader)" >&2; exit 2 ;;
    esac
}

# Build every harness first (they share the scratch path, so dependencies build once).
mkdir -p "$SCRATCH/logs"
for name in "${NAMES[@]}"; do
    build_log="$SCRATCH/logs/build-$name.log"
    status=0
    REFUSALD_FUZZ=1 $SWIFT build --scratch-path "$SCRATCH" --product "$(product "$name")" \
        -Xswiftc -sanitize=fuzzer,address >"$build_log" 2>&1 || status=$?
    # gold warns about every ASan helper symbol; those lines are noise.
    grep -v "Cannot export local symbol" "$build_log" | tail -n 3
    [ "$status" -eq 0 ] || { echo "fuzz: building $(product "$name") failed (log: $build_log)" >&2; exit 2; }
done

failed=()
summary=()
for name in "${NAMES[@]}"; do
    binary="$SCRATCH/debug/$(product "$name")"
    corpus="$SCRATCH/corpus/$name"
    artifacts="$SCRATCH/artifacts/$name"
    log="$SCRATCH/logs/$name.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    echo "fuzz: $name for ${SECONDS_PER_TARGET}s (log: $log)"
    status=0
    # The new-corpus directory comes first: libFuzzer writes interesting inputs there, never into
    # the committed seeds. The Swift runtime's own backtracer is off: libFuzzer and ASan report the
    # crash, and the backtracer reading the crashed process trips ASan itself.
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS=suppressions=Tests/Sanitizers/lsan.supp "$binary" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "Fuzz/corpus/$name" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$status" -ne 0 ]; then
        crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
        grep -E "Fatal error|Precondition failed|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY" "$log" | head -5 >&2 || true
        echo "fuzz: $name FAILED (exit $status) after ${runs:-?} runs; crashing input: ${crash:-none written}" >&2
        failed+=("$name")
        summary+=("$name: CRASH after ${runs:-?} executions: ${crash:-see $log}")
    else
        summary+=("$name: ${runs:-?} executions in ${SECONDS_PER_TARGET}s, no crash ($(ls "$corpus" | wc -l) new corpus entries kept)")
    fi
done

echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (reproduce: $SCRATCH/debug/<Harness> <input>)" >&2
    exit 1
fi
