#!/usr/bin/env bash
# Checks systemd/refusald.service with `systemd-analyze verify`, the way CI and `make test` do.
#
#   scripts/verify-systemd-unit.sh [BINARY]
#
# The unit's ExecStart names /usr/local/bin/refusald, which does not exist on a build machine, so
# the unit is copied to a temporary directory with ExecStart pointing at the absolute path of the
# built binary (BINARY, else $REFUSALD_BIN, else .build/debug/refusald, else .build/release/refusald).
#
# `systemd-analyze verify` exits 0 even when it ignores a misspelt key or an unparsable value
# ("Unknown key ...", "Failed to parse ..., ignoring"), so any diagnostic line that names the unit
# counts as a failure too.
#
# Exit codes: 0 the unit verifies cleanly; 1 systemd-analyze reported a problem; 2 usage or setup
# error (no binary, no systemd-analyze: on Debian, `apt-get install systemd`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UNIT="$ROOT/systemd/refusald.service"

die() { echo "verify-systemd-unit: $*" >&2; exit 2; }

if ! command -v systemd-analyze >/dev/null 2>&1; then
  die "systemd-analyze not found (on Debian: apt-get install systemd)"
fi
[ -f "$UNIT" ] || die "$UNIT not found"

BIN="${1:-${REFUSALD_BIN:-}}"
if [ -z "$BIN" ]; then
  for candidate in "$ROOT/.build/debug/refusald" "$ROOT/.build/release/refusald"; do
    if [ -x "$candidate" ]; then BIN="$candidate"; break; fi
  done
fi
[ -n "$BIN" ] || die "no built refusald binary (run \`swift build --product refusald\` first, or pass its path)"
BIN="$(realpath -m -- "$BIN")"
[ -x "$BIN" ] || die "$BIN is not an executable file"

grep -q '^ExecStart=' "$UNIT" || die "$UNIT has no ExecStart= line"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
COPY="$TMP/refusald.service"
# Replace only the program of ExecStart (its first word, after any of systemd's prefixes such as
# '-' or '!'); the arguments stay as shipped.
sed -E "s#^ExecStart=([-@:+!]*)[^ ]+#ExecStart=\\1$BIN#" "$UNIT" >"$COPY"
grep -q "^ExecStart=[-@:+!]*$BIN " "$COPY" || die "could not rewrite ExecStart in the copy of $UNIT"

status=0
output="$(cd "$TMP" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "$COPY" 2>&1)" || status=$?
# Lines about our unit (its path or its name); noise about unrelated host units is not ours to fix.
problems="$(printf '%s\n' "$output" | grep -E 'refusald' || true)"

if [ "$status" -ne 0 ] || [ -n "$problems" ]; then
  echo "verify-systemd-unit: systemd-analyze verify found problems in systemd/refusald.service (exit $status):" >&2
  printf '%s\n' "${problems:-$output}" | sed "s#$TMP/##g" >&2
  exit 1
fi
if [ -n "$output" ]; then
  echo "verify-systemd-unit: (other diagnostics, not about refusald.service)" >&2
  printf '%s\n' "$output" >&2
fi
echo "verify-systemd-unit: systemd/refusald.service OK (systemd $(systemd-analyze --version | awk 'NR==1{print $2}'), ExecStart=$BIN)"
