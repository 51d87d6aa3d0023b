#!/usr/bin/env bash
# Two `run`s at once on one database, as two real processes: the second
# exits 7 naming the first, or with --wait-lock waits for it and finds
# nothing new, so the report is what one run gives (never doubled). SQLite,
# and PostgreSQL when `make test` started one.
set -euo pipefail
: "${ECOMFLOW:?}"
# shellcheck source=tests/support/watch_log.sh
source "$(dirname "$0")/../support/watch_log.sh"
work=$(mktemp -d /tmp/ecomflow-run-lock.XXXXXX)
pids=()
pg_database=""
cleanup() {
  for pid in "${pids[@]}"; do
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  if [[ -n "$pg_database" ]]; then
    psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Enough events that a run is still busy when the test looks at it.
"$ECOMFLOW" --db sqlite:ref.db generate --weeks 6 --events-per-part 1000 --out data --catalog-out catalog >/dev/null
"$ECOMFLOW" --db sqlite:ref.db run --no-progress --reports ref >/dev/null 2>&1 || fail "reference run"

unfinished_runs() {
  "$ECOMFLOW" --db "$1" runs --json 2>/dev/null |
    python3 -c 'import json,sys; print(sum(r["finished_at"] is None for r in json.load(sys.stdin)))' 2>/dev/null ||
    echo 0
}

# The first run is held mid-run, keeping the lock as a slow run would. On
# PostgreSQL a psql session holds the ledger table locked, so the run waits
# for it right after it has started; on SQLite the run is stopped (SIGSTOP)
# the moment it logs that it is in the run history.
hold_ledger() {  # DB: locks ingest_ledger in a psql session until release_ledger
  mkfifo psql.in
  psql -q "$1" <psql.in >psql.log 2>&1 &
  psql_pid=$!
  pids+=("$psql_pid")
  exec 9>psql.in
  echo "BEGIN; LOCK TABLE ingest_ledger IN ACCESS EXCLUSIVE MODE; SELECT 'held';" >&9
  wait_logged "$psql_pid" psql.log held || fail "psql did not lock the ledger: $(cat psql.log)"
}
release_ledger() {
  echo "COMMIT;" >&9
  exec 9>&-
  wait "$psql_pid"
}

two_runs() {
  local db=$1 name=$2
  "$ECOMFLOW" --db "$db" catalog import --customers catalog/customers.csv --products catalog/products.csv >/dev/null
  [[ $name == postgres ]] && hold_ledger "$db"
  local signal=STOP caught=0
  [[ $name == postgres ]] && signal=0  # held by the ledger lock: only waited for
  signal_when_logged "$signal" "stage connect:" "$name-first.log" \
    "$ECOMFLOW" --db "$db" --log-level debug run --no-progress --reports "$name-first" || caught=$?
  local first=$watched_pid
  pids+=("$first")
  [[ $caught -eq 0 ]] || fail "$name: the first run was not held (watcher $caught): $(cat "$name-first.log")"
  [[ $(unfinished_runs "$db") == 1 ]] || fail "$name: the first run is not under way: $(cat "$name-first.log")"

  local code=0
  "$ECOMFLOW" --db "$db" run --no-progress --reports "$name-second" >"$name-second.log" 2>&1 || code=$?
  [[ $code -eq 7 ]] || fail "$name: the second run exited $code: $(cat "$name-second.log")"
  grep -q "another \`ecomflow run\` is using .* (run 1, started" "$name-second.log" ||
    fail "$name: message: $(cat "$name-second.log")"
  grep -q -- "--wait-lock SECONDS" "$name-second.log" || fail "$name: no hint: $(cat "$name-second.log")"
  [[ ! -e "$name-second/sales_report.csv" ]] || fail "$name: the refused run wrote a report"

  "$ECOMFLOW" --db "$db" run --no-progress --wait-lock 600 --reports "$name-waiting" >"$name-waiting.log" 2>&1 &
  local waiting=$!
  pids+=("$waiting")
  wait_logged "$waiting" "$name-waiting.log" "waiting up to 600 s" || fail "$name: not waiting: $(cat "$name-waiting.log")"
  if [[ $name == postgres ]]; then release_ledger; else kill -CONT "$first"; fi
  wait "$first" || fail "$name: the first run failed: $(cat "$name-first.log")"
  wait "$waiting" || fail "$name: the waiting run failed: $(cat "$name-waiting.log")"
  cmp -s ref/sales_report.csv "$name-first/sales_report.csv" || fail "$name: first report differs"
  cmp -s ref/sales_report.csv "$name-waiting/sales_report.csv" ||
    fail "$name: the waiting run's report differs (doubled?): $(head -3 "$name-waiting/sales_report.csv")"
  [[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records_read"])' \
    "$name-waiting/run_summary.json") == 0 ]] || fail "$name: the waiting run read the inputs again"
  local statuses
  statuses=$("$ECOMFLOW" --db "$db" runs --json | python3 -c 'import json,sys; print(" ".join(r["status"] for r in json.load(sys.stdin)))')
  [[ "$statuses" == "ok ok" ]] || fail "$name: run history: $statuses"
}

two_runs sqlite:shop.db sqlite

if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  pg_database="run_lock_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $pg_database" >/dev/null
  two_runs "${ECOMFLOW_TEST_PG_URL%/*}/$pg_database" postgres
else
  echo "note: no test PostgreSQL (run through make test): SQLite only"
fi
echo "ok"
