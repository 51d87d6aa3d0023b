#!/usr/bin/env bash
# The same pipeline on a real PostgreSQL (started by `make test`): catalog
# written by `generate`, runs incremental and idempotent, the warehouse query
# equal to the CSV, and the same report as SQLite computes from the same data.
source "$(dirname "$0")/../lib.sh"
if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  echo "skipped: no test PostgreSQL (run through make test)"
  exit 77
fi
database="case_$$_$RANDOM"
psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
trap 'psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1; rm -rf "$work"' EXIT
pg="${ECOMFLOW_TEST_PG_URL%/*}/$database"

"$ECOMFLOW" --db "$pg" generate --seed 9 --weeks 2 --events-per-part 200 --dirty-rate 0.02 --out events \
  --catalog-out catalog >/dev/null
run() { "$ECOMFLOW" --db "$pg" run --events events --no-progress --fail-on never "$@" >/dev/null 2>err.txt || true; }
run --reports r1
password=$(sed -E 's|^[^:]*://[^:]*:([^@]*)@.*|\1|' <<<"$pg")
[[ -n "$password" && "$password" != "$pg" ]] || fail "could not find the password in the test URL"
grep -qF "$password" err.txt && fail "a log line shows the password"
expect_eq "records" "$(json_value events/_dirty_manifest.json records_readable)" "$(json_value r1/run_summary.json records_read)"

# Same data through SQLite: the same report, to the cent.
"$ECOMFLOW" --db sqlite:lite.db catalog import --customers catalog/customers.csv --products catalog/products.csv >/dev/null
"$ECOMFLOW" --db sqlite:lite.db run --events events --reports lite --no-progress --fail-on never >/dev/null 2>&1 || true
expect_same_file lite/sales_report.csv r1/sales_report.csv
expect_same_file lite/daily_trends.csv r1/daily_trends.csv

# The warehouse's one SQL query gives the CSV.
warehouse_report "$pg" >warehouse.csv
expect_same_file r1/sales_report.csv warehouse.csv

# Idempotent: a second run reads nothing new and changes nothing.
count() { psql -tA "$pg" -c "SELECT COUNT(*), COALESCE(SUM(revenue_cents), 0) FROM warehouse.fact_sales"; }
before=$(count)
run --reports r2
expect_eq "second run records" 0 "$(json_value r2/run_summary.json records_read)"
expect_eq "fact_sales after a second run" "$before" "$(count)"
expect_same_file r1/sales_report.csv r2/sales_report.csv

# A full refresh killed inside its load, once it has deleted every fact in
# its transaction: nothing changes; then a normal run: as one clean run.
caught=0 code=0
signal_when_logged KILL "warehouse delete replaced facts:" kill.log \
  "$ECOMFLOW" --db "$pg" --log-level debug run --events events --reports r3 --full-refresh --no-progress || caught=$?
wait "$watched_pid" 2>/dev/null || code=$?
expect_eq "SIGKILL landed during the load (watcher, exit code)" "0 137" "$caught $code"
grep -q "stage load:" kill.log && fail "the kill landed after the load committed"
expect_eq "fact_sales after kill" "$before" "$(count)"
run --reports r4
expect_eq "fact_sales after kill + run" "$before" "$(count)"
expect_same_file r1/sales_report.csv r4/sales_report.csv
echo "postgres_run: ok"
