#!/usr/bin/env bash
# The run history tells the truth: SIGTERM rolls a run back, records it as
# failed and exits 143; a killed run is reported stale by `monitor` and
# marked failed by the next run, which also removes the temporary files a
# killed run leaves; a run stopped after its load committed says so; a run
# whose reports cannot be written is failed with its load committed, and the
# next run publishes without loading again.
set -euo pipefail
: "${ECOMFLOW:?}"
# shellcheck source=tests/support/watch_log.sh
source "$(dirname "$0")/../support/watch_log.sh"
work=$(mktemp -d /tmp/ecomflow-run-interrupted.XXXXXX)
run_pid=""
# `|| true`: under set -e a failed kill of a run already gone would change the exit code.
trap '[[ -n "$run_pid" ]] && { kill -CONT "$run_pid"; kill -KILL "$run_pid"; } 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:ref.db generate --weeks 6 --events-per-part 1000 --out data --catalog-out catalog >/dev/null
"$ECOMFLOW" --db sqlite:ref.db run --no-progress --reports ref >/dev/null 2>&1 || fail "reference run"
import_catalog() {
  "$ECOMFLOW" --db "$1" catalog import --customers catalog/customers.csv --products catalog/products.csv >/dev/null
}
db=shop.db  # the database and reports of the steps below
reports=reports
last_run() {  # FIELD: of the newest run
  "$ECOMFLOW" --db "sqlite:$db" runs --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][sys.argv[1]])' "$1"
}
unfinished_runs() {
  "$ECOMFLOW" --db "sqlite:$db" runs --json 2>/dev/null |
    python3 -c 'import json,sys; print(sum(r["finished_at"] is None for r in json.load(sys.stdin)))' 2>/dev/null ||
    echo 0
}
# Starts a run in the background and holds it still (SIGSTOP) the moment
# it logs TEXT: by default that it is in the run history, long before its load.
start_and_hold() {  # LOG [TEXT]
  local caught=0
  signal_when_logged STOP "${2:-stage connect:}" "$1" \
    "$ECOMFLOW" --db "sqlite:$db" --log-level debug run --no-progress --reports "$reports" || caught=$?
  run_pid=$watched_pid
  [[ $caught -eq 0 ]] || fail "the run was not held (watcher $caught): $(cat "$1")"
  [[ $(unfinished_runs) == 1 ]] || fail "the held run is not under way: $(cat "$1")"
}
# Sends the held run SIGTERM and lets it go on; `code` is its exit status.
terminate_held() {
  kill -TERM "$run_pid"
  kill -CONT "$run_pid"
  code=0
  wait "$run_pid" || code=$?
  run_pid=""
}
import_catalog sqlite:shop.db

# SIGTERM: stop, roll back, record, exit 143.
start_and_hold term.log
terminate_held
[[ $code -eq 143 ]] || fail "SIGTERM: exit $code: $(cat term.log)"
grep -q "stopped by SIGTERM" term.log || fail "SIGTERM message: $(cat term.log)"
[[ $(last_run status) == failed ]] || fail "SIGTERM: status $(last_run status)"
[[ ! -e reports/sales_report.csv ]] || fail "SIGTERM: reports were published"
ls reports/*.tmp-* >/dev/null 2>&1 && fail "SIGTERM left temporary files: $(ls reports)"
# Held before its load, it rolled back, and the history says so.
ledger=$(python3 -c 'import sqlite3; print(sqlite3.connect("shop.db").execute("select count(*) from ingest_ledger").fetchone()[0])')
[[ $ledger == 0 ]] || fail "SIGTERM: the load stayed ($ledger ledger files)"
[[ $(last_run message) == *"stopped by SIGTERM"*"nothing was loaded or published" ]] ||
  fail "SIGTERM: message $(last_run message)"

# SIGKILL: the row stays unfinished; monitor calls it stale, not healthy.
start_and_hold kill.log
killed_id=$(last_run run_id)
kill -KILL "$run_pid"
wait "$run_pid" 2>/dev/null || true
run_pid=""
killed_status=$(last_run status)
[[ $killed_status == running ]] || fail "killed run: status $killed_status"
code=0
"$ECOMFLOW" --db sqlite:shop.db monitor --reports mon >monitor.log 2>&1 || code=$?
[[ $code -eq 6 ]] || fail "monitor on a killed run exited $code: $(cat monitor.log)"
grep -q "run $killed_id stale" monitor.log || fail "monitor: $(cat monitor.log)"
# What a run killed while publishing leaves behind.
dead_pid=$(sh -c 'echo $$')
mkdir -p reports/charts
echo partial >"reports/sales_report.csv.tmp-$dead_pid"
echo partial >"reports/charts/funnel.png.tmp-$dead_pid"

"$ECOMFLOW" --db sqlite:shop.db run --no-progress --reports reports >next.log 2>&1 || fail "next run: $(cat next.log)"
grep -q "run $killed_id never finished" next.log || fail "next run did not mention the stale run: $(cat next.log)"
status=$("$ECOMFLOW" --db sqlite:shop.db runs --json |
  python3 -c 'import json,sys; r=[r for r in json.load(sys.stdin) if r["run_id"]==int(sys.argv[1])][0]; print(r["status"], "|", r["message"])' "$killed_id")
[[ "$status" == "failed | stopped before its load committed"*"nothing loaded, nothing published" ]] ||
  fail "stale run: $status"
[[ ! -e "reports/sales_report.csv.tmp-$dead_pid" && ! -e "reports/charts/funnel.png.tmp-$dead_pid" ]] ||
  fail "temporary files of the killed run are still there: $(ls -R reports)"
[[ $(last_run status) == ok && $(last_run message) == *"published "*"report file(s) to 'reports'" ]] ||
  fail "ok run: $(last_run status) $(last_run message)"
cmp -s ref/sales_report.csv reports/sales_report.csv || fail "the report after the interruptions differs"

# Held once its load has committed (logged as `stage load:`), before its
# reports: SIGTERM leaves the load and says the reports were not published;
# SIGKILL leaves a `loaded` run that the next run calls stopped after its load.
db=after_load.db
reports=after_load_term
import_catalog "sqlite:$db"
start_and_hold after_load_term.log "stage load:"
terminate_held
[[ $code -eq 143 ]] || fail "SIGTERM after the load: exit $code: $(cat after_load_term.log)"
[[ $(last_run status) == failed && $(last_run message) == *"stopped by SIGTERM"*"the load had committed"* ]] ||
  fail "SIGTERM after the load: $(last_run status) $(last_run message)"
[[ ! -e after_load_term/sales_report.csv ]] || fail "SIGTERM after the load: reports were published"
db=after_load_kill.db
import_catalog "sqlite:$db"
start_and_hold after_load_kill.log "stage load:"
killed_id=$(last_run run_id)
kill -KILL "$run_pid"
wait "$run_pid" 2>/dev/null || true
run_pid=""
[[ $(last_run status) == loaded ]] || fail "killed after the load: status $(last_run status)"
"$ECOMFLOW" --db "sqlite:$db" run --no-progress --reports after_load >after_load_next.log 2>&1 ||
  fail "the run after the kill: $(cat after_load_next.log)"
status=$("$ECOMFLOW" --db "sqlite:$db" runs --json |
  python3 -c 'import json,sys; r=[r for r in json.load(sys.stdin) if r["run_id"]==int(sys.argv[1])][0]; print(r["status"], "|", r["message"])' "$killed_id")
[[ "$status" == "failed | stopped after its load committed"*"reports were not published"* ]] ||
  fail "killed after the load: $status"
cmp -s ref/sales_report.csv after_load/sales_report.csv || fail "the report after a kill past the load differs"

# Reports that cannot be written (a file where the charts directory goes,
# as a full disk would refuse them): failed, and the history says the load
# committed; the next run publishes without loading the inputs again.
import_catalog sqlite:disk.db
mkdir blocked
touch blocked/charts
code=0
"$ECOMFLOW" --db sqlite:disk.db run --no-progress --reports blocked >disk.log 2>&1 || code=$?
[[ $code -eq 1 ]] || fail "unwritable reports: exit $code: $(cat disk.log)"
status=$("$ECOMFLOW" --db sqlite:disk.db runs --json | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["status"], "|", r["message"])')
[[ "$status" == "failed | cannot write"*"the load had committed"*"reports not published" ]] ||
  fail "unwritable reports: $status"
rm blocked/charts
"$ECOMFLOW" --db sqlite:disk.db run --no-progress --reports blocked >disk2.log 2>&1 || fail "rerun: $(cat disk2.log)"
[[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records_read"])' blocked/run_summary.json) == 0 ]] ||
  fail "the rerun loaded the inputs again"
cmp -s ref/sales_report.csv blocked/sales_report.csv || fail "the rerun's report differs"
echo "ok"
