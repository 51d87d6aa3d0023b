#!/usr/bin/env bash
# A newcomer's first `make run` (scripts/demo.sh), then `ecomflow monitor` and
# `run --fail-on warn`: a healthy pipeline on fresh demo data is green.
set -euo pipefail
: "${ECOMFLOW:?}" "${ECOMFLOW_SOURCE_DIR:?}"
work=$(mktemp -d /tmp/ecomflow-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

ECOMFLOW_DEMO_DIR="$work" "$ECOMFLOW_SOURCE_DIR/scripts/demo.sh" >demo.txt 2>&1 || fail "demo: $(cat demo.txt)"
code=0
"$ECOMFLOW" --db sqlite:ecomflow.db monitor --reports monitor >out.txt 2>&1 || code=$?
[[ $code -eq 0 ]] || fail "monitor after the demo exited $code: $(cat out.txt)"
grep -Eq "^  freshness +healthy" out.txt || fail "freshness: $(cat out.txt)"
code=0
"$ECOMFLOW" --db sqlite:ecomflow.db run --fail-on warn --no-progress >out.txt 2>&1 || code=$?
[[ $code -eq 0 ]] || fail "run --fail-on warn after the demo exited $code: $(cat out.txt)"
echo "ok"
