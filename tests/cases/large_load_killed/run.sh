#!/usr/bin/env bash
# A large load drops the fact indexes and builds them again in its own
# transaction: SIGKILL while they are dropped leaves the warehouse exactly
# as before (its facts and every index), and the next run ends where one
# clean run would.
source "$(dirname "$0")/../lib.sh"
gen() { "$ECOMFLOW" --db sqlite:shop.db generate --seed 5 --events-per-part 4000 --catalog-out catalog "$@" >/dev/null; }
gen --weeks 3 --out all
mkdir events
cp "$(ls all/*.zip | head -n 1)" events/
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports r1 --no-progress >/dev/null 2>&1 || fail "first run"

state() {  # the facts and the fact tables' indexes, as one text
  sqlite3 shop.db "SELECT COUNT(*) FROM warehouse_fact_events; SELECT COUNT(*), SUM(revenue_cents) FROM warehouse_fact_sales;
    SELECT COUNT(*) FROM ingest_ledger; SELECT name || ' ' || sql FROM sqlite_master
    WHERE type = 'index' AND tbl_name IN ('warehouse_fact_events', 'warehouse_fact_sales') ORDER BY name"
}
before=$(state)
[[ $(echo "$before" | grep -c "CREATE INDEX") -ge 6 ]] || fail "fact indexes missing before the load: $before"

# Two more weeks: twice what is stored, so the load sets the indexes aside.
cp $(ls all/*.zip | sed -n 2,3p) events/
# Killed the moment the log says the indexes are dropped: inside the load's
# transaction, a second before they are built again.
caught=0
signal_when_logged KILL "indexes set aside until the load ends" load.log \
  "$ECOMFLOW" --db sqlite:shop.db --log-level debug run --events events --reports r2 --no-progress || caught=$?
code=0
wait "$watched_pid" 2>/dev/null || code=$?
grep -q "indexes set aside until the load ends" load.log || fail "the load did not set the fact indexes aside: $(tail -5 load.log)"
expect_eq "SIGKILL landed (watcher, exit code)" "0 137" "$caught $code"
grep -q "warehouse build indexes:" load.log && fail "the kill landed after the indexes were built again: $(tail -3 load.log)"
expect_eq "warehouse after SIGKILL mid-load" "$before" "$(state)"
sqlite3 shop.db "PRAGMA integrity_check" | grep -qx ok || fail "integrity check after SIGKILL"

"$ECOMFLOW" --db sqlite:shop.db run --events events --reports r3 --no-progress >/dev/null 2>&1 || fail "run after the kill"
"$ECOMFLOW" --db sqlite:reference.db catalog import --customers catalog/customers.csv \
  --products catalog/products.csv >/dev/null
"$ECOMFLOW" --db sqlite:reference.db run --events all --reports ref --no-progress >/dev/null 2>&1 || fail "reference run"
expect_same_file ref/sales_report.csv r3/sales_report.csv
expect_eq "fact_events after kill + run" "$(sqlite3 reference.db 'SELECT COUNT(*) FROM warehouse_fact_events')" \
  "$(sqlite3 shop.db 'SELECT COUNT(*) FROM warehouse_fact_events')"
expect_eq "fact indexes after kill + run" "$(echo "$before" | grep "CREATE INDEX")" "$(state | grep "CREATE INDEX")"
warehouse_report sqlite:shop.db >warehouse.csv
expect_same_file ref/sales_report.csv warehouse.csv
echo "large_load_killed: ok"
