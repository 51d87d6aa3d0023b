#!/usr/bin/env bash
# `run --dedupe-memory`: a budget far smaller than the duplicate index spills
# days to disk and reads them back, and still finds exactly the same
# duplicates; a bad value or an unusable TMPDIR is a clear error.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-dedupe.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
json_value() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }

# Six weeks of dirty data (~41 days of 32 KB tables: more than 1 MB), and the
# first week delivered again at the end, so its spilled days must come back.
"$ECOMFLOW" --db sqlite:shop.db generate --weeks 6 --events-per-part 150 --dirty-rate 0.05 --seed 7 \
  --out events --catalog-out catalog >/dev/null
cp events/events_week_43.zip events/events_week_redelivered.zip

run() {  # run REPORTS THREADS [FLAGS...]: a report-only run; the debug log goes to REPORTS.log
  local reports=$1 threads=$2
  shift 2
  local status=0
  "$ECOMFLOW" --db sqlite:shop.db --log-level debug run --events events --reports "$reports" --report-only \
    --no-progress --threads "$threads" "$@" >/dev/null 2>"$reports.log" || status=$?
  [[ $status -eq 3 ]] || fail "run $* exited $status, expected 3 (the generator writes unreadable files)"
}
run unbounded 2 --dedupe-memory 0
# One thread reads the weeks in name order, so the first week's days are the
# coldest when the budget is reached and the redelivered copy must reload
# them. On two threads which days are cold depends on how the threads are
# scheduled; the answer must be the same either way.
run budget 1 --dedupe-memory 1
run budget-threads 2 --dedupe-memory 1
grep -q "0 day(s) spilled" unbounded.log || fail "no budget, yet days were spilled: $(grep dedupe: unbounded.log)"
line=$(grep "dedupe:" budget.log) || fail "no dedupe line in the debug log"
[[ $line =~ ([0-9]+)\ day\(s\)\ spilled.*\ ([0-9]+)\ reloaded ]] || fail "unexpected dedupe line: $line"
((BASH_REMATCH[1] > 0 && BASH_REMATCH[2] > 0)) || fail "a 1 MB budget should spill and reload days: $line"
line=$(grep "dedupe:" budget-threads.log) || fail "no dedupe line in the debug log"
[[ $line =~ ([0-9]+)\ day\(s\)\ spilled ]] || fail "unexpected dedupe line: $line"
((BASH_REMATCH[1] > 0)) || fail "a 1 MB budget on two threads should spill days: $line"

for budget in budget budget-threads; do
  for key in "['duplicates']" "['valid']" "['records_read']"; do
    want=$(json_value unbounded/run_summary.json "$key")
    got=$(json_value $budget/run_summary.json "$key")
    [[ "$want" == "$got" ]] || fail "$key: $got with a 1 MB budget ($budget), $want without"
  done
  diff -q unbounded/sales_report.csv $budget/sales_report.csv >/dev/null || fail "the sales report differs ($budget)"
done
manifest_duplicates=$(json_value events/_dirty_manifest.json "['duplicates']")
first_week_valid=$(($(json_value unbounded/run_summary.json "['duplicates']") - manifest_duplicates))
((first_week_valid > 0)) || fail "the redelivered week added no duplicates"

# Bad values and an unusable spill directory.
status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --report-only --dedupe-memory lots >/dev/null 2>err.txt ||
  status=$?
[[ $status -eq 2 ]] || fail "--dedupe-memory lots exited $status, expected 2"
grep -q "dedupe_memory" err.txt || fail "the error does not name the setting: $(cat err.txt)"
status=0
ECOMFLOW_DEDUPE_MEMORY=-3 "$ECOMFLOW" --db sqlite:shop.db run --events events --report-only >/dev/null 2>err.txt ||
  status=$?
[[ $status -eq 2 ]] || fail "ECOMFLOW_DEDUPE_MEMORY=-3 exited $status, expected 2"
status=0
TMPDIR="$work/missing" "$ECOMFLOW" --db sqlite:shop.db run --events events --reports spill-failed --report-only \
  --no-progress --dedupe-memory 1 >/dev/null 2>err.txt || status=$?
[[ $status -eq 1 ]] || fail "an unusable TMPDIR exited $status, expected 1"
grep -q "cannot create the dedupe spill file in '$work/missing'.*TMPDIR" err.txt ||
  fail "unclear spill error: $(cat err.txt)"
echo "dedupe_memory: ok"
