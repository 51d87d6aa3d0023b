#!/usr/bin/env bash
# `ecomflow query` lists its named queries, runs them over the warehouse as a
# table, CSV or JSON with --limit, prints their SQL with --sql, and refuses an
# unknown name (exit 2) or a database without a warehouse (exit 1).
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
db="sqlite:$work/shop.db"

list=$("$ECOMFLOW" query --list)
for name in sales_report product_rank customer_lifetime_value running_daily_revenue category_mom_growth \
  cohort_retention; do
  [[ "$list" == *"$name "* ]] || fail "--list misses $name: $list"
done

# A database that does not exist is refused; one without a warehouse says how to get one.
set +e
message=$("$ECOMFLOW" --db "$db" query product_rank 2>&1)
code=$?
set -e
[[ $code -eq 1 && "$message" == *"no database at $db"* ]] || fail "no database: $code $message"
: >"$work/shop.db"  # an empty file is an empty SQLite database
set +e
message=$("$ECOMFLOW" --db "$db" query product_rank 2>&1)
code=$?
set -e
[[ $code -eq 1 && "$message" == *"has no warehouse"*"ecomflow db migrate"* ]] || fail "no warehouse: $code $message"

"$ECOMFLOW" --db "$db" db migrate >/dev/null
empty=$("$ECOMFLOW" --db "$db" query product_rank)
[[ "$empty" == *"category_rank"*"(0 rows)" ]] || fail "empty table: $empty"

# A tiny warehouse: two products in two categories, two customers, three sales.
python3 - "$work/shop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
INSERT INTO warehouse_dim_customer VALUES
  (1, 'c001', '2023-09-02', 20230902, 'VIP', '1900-01-01 00:00:00', '9999-12-31 00:00:00', 1),
  (2, 'c002', '2023-10-05', 20231005, 'New', '1900-01-01 00:00:00', '9999-12-31 00:00:00', 1);
INSERT INTO warehouse_dim_product VALUES
  (1, 'p001', 'Lamp, "deluxe"', 'Home & Garden', 24.5, 2450, '1900-01-01 00:00:00', '9999-12-31 00:00:00', 1),
  (2, 'p002', 'Pen', 'Books', 1.0, 100, '1900-01-01 00:00:00', '9999-12-31 00:00:00', 1);
INSERT INTO warehouse_dim_date VALUES
  (20231030, '2023-10-30', 2023, 4, 10, 30, 44, 2023, 1, 0),
  (20231031, '2023-10-31', 2023, 4, 10, 31, 44, 2023, 2, 0),
  (20231101, '2023-11-01', 2023, 4, 11, 1, 44, 2023, 3, 0);
INSERT INTO warehouse_fact_sales VALUES
  (20231030, '2023-10-30 10:00:00', 1, 1, 2, 2450, 4900, 1, 1),
  (20231101, '2023-11-01 09:00:00', 1, 2, 1, 100, 100, 1, 1),
  (20231101, '2023-11-01 11:00:00', 2, 2, 3, 100, 300, 1, 1);
INSERT INTO warehouse_agg_daily_sales VALUES (20231030, 1, 2, 4900, 1), (20231101, 2, 4, 400, 2);
INSERT INTO warehouse_agg_product_performance VALUES
  ('p001', 'Lamp, "deluxe"', 'Home & Garden', 1, 2, 4900, 1, 0, 0),
  ('p002', 'Pen', 'Books', 2, 4, 400, 2, 0, 0);
""")
db.commit()
PY

table=$("$ECOMFLOW" --db "$db" query running_daily_revenue)
expected_table='date_key  date        revenue_cents  running_revenue_cents
--------  ----------  -------------  ---------------------
20231030  2023-10-30           4900                   4900
20231031  2023-10-31              0                   4900
20231101  2023-11-01            400                   5300
(3 rows)'
[[ "$table" == "$expected_table" ]] || fail "table: $table"

csv=$("$ECOMFLOW" --db "$db" query sales_report --format csv)
expected_csv='category,customer_segment,total_revenue,units_sold,unique_customers
Home & Garden,VIP,49.00,2,1
Books,New,3.00,3,1
Books,VIP,1.00,1,1'
[[ "$csv" == "$expected_csv" ]] || fail "csv: $csv"

# Money in currency units with its two decimals, as in sales_report.csv.
json=$("$ECOMFLOW" --db "$db" query sales_report --format json --limit 1)
[[ "$json" == *'"total_revenue": 49.00,'* ]] || fail "sales_report json: $json"

json=$("$ECOMFLOW" --db "$db" query product_rank --format json --limit 1)
expected_json='[
 {"category": "Books", "product_id": "p002", "product_name": "Pen", "orders": 2, "units": 4, "revenue_cents": 400, "category_rank": 1}
]'
[[ "$json" == "$expected_json" ]] || fail "json: $json"

quoted=$("$ECOMFLOW" --db "$db" query product_rank --format csv)
[[ "$quoted" == *'Home & Garden,p001,"Lamp, ""deluxe""",1,2,4900,1'* ]] || fail "csv quoting: $quoted"

cohorts=$("$ECOMFLOW" --db "$db" query cohort_retention --format csv)
[[ "$cohorts" == *"202309,202310,1,1,1,100"* && "$cohorts" == *"202310,202311,1,1,1,100"* ]] || fail "cohorts: $cohorts"

sql=$("$ECOMFLOW" --db "postgresql://u@h/d" query product_rank --sql --limit 5)
[[ "$sql" == 'SELECT * FROM warehouse.v_product_rank ORDER BY category COLLATE "C", category_rank, product_id COLLATE "C" LIMIT 5;' ]] ||
  fail "sql: $sql"

set +e
message=$("$ECOMFLOW" --db "$db" query nosuch 2>&1)
code=$?
set -e
[[ $code -eq 2 && "$message" == *"unknown query 'nosuch'"* ]] || fail "unknown query: $code $message"
echo "ok"
