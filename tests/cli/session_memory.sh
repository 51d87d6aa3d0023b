#!/usr/bin/env bash
# `run --session-memory`: a budget smaller than the session log spills it to
# disk and reads it back, and every analytics output is the same as without a
# budget; a bad value or an unusable TMPDIR is a clear error.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-sessions.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# 560,000 events: on two threads, each worker logs more than one 16 Ki-event
# chunk in each of the 13 customer-range partitions (8 of the 100 customers
# each), so a 1 MB budget must spill.
"$ECOMFLOW" --db sqlite:shop.db generate --weeks 8 --events-per-part 2000 --seed 3 \
  --out events --catalog-out catalog >/dev/null

run() {  # run REPORTS [FLAGS...]: a report-only run; the debug log goes to REPORTS.log
  local reports=$1
  shift
  "$ECOMFLOW" --db sqlite:shop.db --log-level debug run --events events --reports "$reports" --report-only \
    --no-progress "$@" >/dev/null 2>"$reports.log" || fail "run $*: $(tail -3 "$reports.log")"
}
run unbounded --threads 1 --session-memory 0
run budget --threads 1 --session-memory 1
run budget-threads --threads 2 --session-memory 1
line=$(grep "sessions:" unbounded.log) || fail "no sessions line in the debug log"
[[ $line =~ \ 0\ of\ them ]] || fail "no budget, yet the log was spilled: $line"
for reports in budget budget-threads; do
  line=$(grep "sessions:" $reports.log) || fail "no sessions line in the debug log"
  [[ $line =~ ([0-9]+)\ events\ logged\;\ ([0-9]+)\ of\ them ]] || fail "unexpected sessions line: $line"
  ((BASH_REMATCH[1] == 560000 && BASH_REMATCH[2] > 0)) || fail "a 1 MB budget should spill ($reports): $line"
  for csv in unbounded/*.csv; do
    cmp -s "$csv" "$reports/${csv#unbounded/}" || fail "${csv#unbounded/} differs with a 1 MB budget ($reports)"
  done
  # Charts are drawn while sessions are being cut: on any thread, the same images.
  for png in unbounded/charts/*.png; do
    cmp -s "$png" "$reports/${png#unbounded/}" || fail "${png#unbounded/} differs ($reports)"
  done
  [[ $(ls "$reports"/charts/*.png | wc -l) -eq 9 ]] || fail "expected 9 charts in $reports: $(ls "$reports/charts")"
done

# Bad values and an unusable spill directory.
status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --report-only --session-memory lots >/dev/null 2>err.txt ||
  status=$?
[[ $status -eq 2 ]] || fail "--session-memory lots exited $status, expected 2"
grep -q "session_memory" err.txt || fail "the error does not name the setting: $(cat err.txt)"
status=0
TMPDIR="$work/missing" "$ECOMFLOW" --db sqlite:shop.db run --events events --reports spill-failed --report-only \
  --no-progress --threads 1 --session-memory 1 >/dev/null 2>err.txt || status=$?
[[ $status -eq 1 ]] || fail "an unusable TMPDIR exited $status, expected 1"
grep -q "cannot create the session log spill file in '$work/missing'.*TMPDIR.*--session-memory" err.txt ||
  fail "unclear spill error: $(cat err.txt)"
[[ ! -e spill-failed/sales_report.csv ]] || fail "a failed run wrote a report"
echo "session_memory: ok"
