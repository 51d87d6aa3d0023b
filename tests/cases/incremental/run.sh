#!/usr/bin/env bash
# Incremental, idempotent runs on generated data: adding a week processes only
# that week and the report covers all weeks; --full-refresh gives the same
# report; a run killed with SIGKILL leaves the database as it was, and the
# next run ends exactly where one clean run would.
source "$(dirname "$0")/../lib.sh"
gen() { "$ECOMFLOW" --db sqlite:shop.db generate --seed 11 --events-per-part 200 --catalog-out catalog "$@" >/dev/null; }
run() { "$ECOMFLOW" --db sqlite:shop.db run --events events --no-progress "$@" >/dev/null; }

gen --weeks 3 --out all                     # the reference: three weeks at once
mkdir events
first_two=$(ls all/*.zip | sed -n 1,2p)
cp $first_two events/
run --reports r1
expect_eq "first run inputs" 2 "$(json_value r1/run_summary.json inputs.seen)"

cp "$(ls all/*.zip | tail -n 1)" events/
run --reports r2
expect_eq "second run skipped" 2 "$(json_value r2/run_summary.json inputs.skipped_already_processed)"
records_week3=$(json_value r2/run_summary.json records_read)
[[ $records_week3 -gt 0 ]] || fail "the added week was not processed"

"$ECOMFLOW" --db sqlite:reference.db catalog import --customers catalog/customers.csv \
  --products catalog/products.csv >/dev/null
"$ECOMFLOW" --db sqlite:reference.db run --events all --reports ref --no-progress --report-only >/dev/null
expect_same_file ref/sales_report.csv r2/sales_report.csv
expect_eq "records over both runs" "$(json_value ref/run_summary.json records_read)" \
  "$(( $(json_value r1/run_summary.json records_read) + records_week3 ))"

run --reports r3 --full-refresh
expect_same_file ref/sales_report.csv r3/sales_report.csv
expect_eq "ledger after full refresh" 3 "$(sqlite3 shop.db 'SELECT count(*) FROM ingest_ledger')"

# Kill a full refresh inside its load, once it has deleted every fact in
# its transaction; then run normally.
caught=0 code=0
signal_when_logged KILL "warehouse delete replaced facts:" kill.log \
  "$ECOMFLOW" --db sqlite:shop.db --log-level debug run --events events --reports r4 --full-refresh --no-progress ||
  caught=$?
wait "$watched_pid" 2>/dev/null || code=$?
expect_eq "SIGKILL landed during the load (watcher, exit code)" "0 137" "$caught $code"
grep -q "stage load:" kill.log && fail "the kill landed after the load committed"
expect_eq "fact_events after kill" "$(json_value ref/run_summary.json valid)" \
  "$(sqlite3 shop.db 'SELECT count(*) FROM warehouse_fact_events')"
run --reports r5
expect_same_file ref/sales_report.csv r5/sales_report.csv
expect_eq "ledger after kill + run" 3 "$(sqlite3 shop.db 'SELECT count(*) FROM ingest_ledger')"
expect_eq "facts after kill + run" "$(json_value ref/run_summary.json purchases)" \
  "$(sqlite3 shop.db 'SELECT count(*) FROM sales_facts')"
expect_eq "fact_events after kill + run" "$(json_value ref/run_summary.json valid)" \
  "$(sqlite3 shop.db 'SELECT count(*) FROM warehouse_fact_events')"
warehouse_report sqlite:shop.db >warehouse.csv
expect_same_file ref/sales_report.csv warehouse.csv
# Analytics after an incremental run cover every week, like one full pass.
expect_same_file ref/daily_trends.csv r2/daily_trends.csv
echo "incremental: ok"
