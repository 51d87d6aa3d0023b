#!/usr/bin/env bash
# Backfill: `run --from D1 --to D2` reprocesses exactly those days. After the
# warehouse lost those days' facts, a backfill restores it to what a full
# refresh gives, and leaves every other day untouched.
source "$(dirname "$0")/../lib.sh"
"$ECOMFLOW" --db sqlite:shop.db generate --seed 21 --weeks 2 --events-per-part 120 --out events \
  --catalog-out catalog >/dev/null
run() { "$ECOMFLOW" --db sqlite:shop.db run --events events --no-progress --fail-on never "$@" >/dev/null 2>&1; }
snapshot() {  # per-day fact counts and revenue, the sales report, the daily trends
  sqlite3 shop.db "SELECT date_key, COUNT(*) FROM warehouse_fact_events GROUP BY 1 ORDER BY 1" >"$1.events"
  sqlite3 shop.db "SELECT date_key, COUNT(*), SUM(revenue_cents) FROM warehouse_fact_sales GROUP BY 1 ORDER BY 1" >"$1.sales"
  sqlite3 shop.db "SELECT COUNT(*), SUM(quantity * unit_price_cents) FROM sales_facts" >"$1.facts"
  warehouse_report sqlite:shop.db >"$1.report"
}
run --reports full --full-refresh
snapshot full

# Lose two days of facts, then backfill them.
sqlite3 shop.db "DELETE FROM warehouse_fact_events WHERE date_key IN (20231025, 20231026);
                 DELETE FROM warehouse_fact_sales WHERE date_key IN (20231025, 20231026);
                 DELETE FROM sales_facts WHERE event_time >= '2023-10-25' AND event_time < '2023-10-27'"
snapshot damaged
cmp -s full.events damaged.events && fail "the damage did not change the warehouse"
run --reports backfilled --from 2023-10-25 --to 2023-10-26
snapshot backfilled
for part in events sales facts report; do expect_same_file full.$part backfilled.$part; done
expect_same_file full/sales_report.csv backfilled/sales_report.csv
expect_same_file full/daily_trends.csv backfilled/daily_trends.csv

# A backfill of days that were fine changes nothing; bad arguments are refused.
run --reports again --from 2023-10-23 --to 2023-10-24
snapshot again
for part in events sales facts report; do expect_same_file full.$part again.$part; done
status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --from 2023-10-26 --to 2023-10-20 >/dev/null 2>&1 || status=$?
expect_eq "reversed range" 2 "$status"
status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --from yesterday >/dev/null 2>&1 || status=$?
expect_eq "bad date" 2 "$status"
echo "backfill: ok"
