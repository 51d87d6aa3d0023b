#!/usr/bin/env bash
# A run that keeps history parks valid events and quarantined records in
# unnamed files under TMPDIR: when TMPDIR cannot be written, the run stops
# with a message naming it, publishes no report and leaves the database as
# it was.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-tmpdir.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 100 --dirty-rate 0.05 --seed 5 \
  --out events --catalog-out catalog >/dev/null

status=0
TMPDIR="$work/missing" "$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress \
  >/dev/null 2>err.txt || status=$?
[[ $status -eq 1 ]] || fail "a run with an unusable TMPDIR exited $status, expected 1: $(cat err.txt)"
grep -q "spill file in '$work/missing'.*TMPDIR" err.txt || fail "unclear message: $(cat err.txt)"
[[ ! -e reports/sales_report.csv ]] || fail "a failed run published a report"
[[ $(sqlite3 shop.db "SELECT COUNT(*) FROM ingest_ledger") == 0 ]] || fail "the failed run left ledger rows"

# With TMPDIR usable again, the same run succeeds (exit 3: the dirty data has unreadable files).
status=0
TMPDIR="$work" "$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress \
  >/dev/null 2>&1 || status=$?
[[ $status -eq 3 ]] || fail "the run after fixing TMPDIR exited $status, expected 3"
[[ -s reports/sales_report.csv ]] || fail "no report after fixing TMPDIR"
[[ $(sqlite3 shop.db "SELECT COUNT(*) FROM quarantine") -gt 0 ]] || fail "no quarantined records stored"
echo "tmpdir_unusable: ok"
