#!/usr/bin/env bash
# Order exports (`generate --profile orders`, `run --orders DIR`) reach the
# warehouse through the run's accounting, on SQLite and on PostgreSQL when
# the test servers are up (make test):
# * hand-written exports: every row's outcome, fact_orders / fact_order_items
#   and the order queries equal hand-counted values; a second run reads
#   nothing; an order repeated in a later export is a duplicate;
# * generated dirty exports: the run's counts equal the manifest's, reason by
#   reason, the facts equal the manifest's valid orders, and a second run
#   loads nothing new.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
databases=()
cleanup() {
  for database in "${databases[@]}"; do
    psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir events
fail() { echo "FAIL [$backend]: $*" >&2; exit 1; }

# summary_value FILE KEY.PATH
summary_value() {
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"
}

run_orders() {  # run_orders DIR REPORTS
  "$ECOMFLOW" run --events events --orders "$1" --reports "$2" --no-progress --fail-on never \
    >"$2.out" 2>"$2.err" || fail "run --orders $1: $(cat "$2.err")"
}

use_backend() {  # use_backend sqlite|postgresql DATABASE_URL: sets backend, ECOMFLOW_DB and wh (table prefix)
  backend=$1
  export ECOMFLOW_DB=$2
  wh=warehouse_
  [[ $backend == postgresql ]] && wh=warehouse.
  return 0
}
sql() {
  if [[ $backend == sqlite ]]; then sqlite3 "${ECOMFLOW_DB#sqlite:}" "$1"; else psql -qtA "$ECOMFLOW_DB" -c "$1"; fi
}

hand_counted() {  # hand_counted sqlite|postgresql DATABASE_URL
  use_backend "$1" "$2"
  "$ECOMFLOW" db migrate >/dev/null
  sql "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2023-01-01', 'VIP'),
         ('c002', '2023-01-01', 'New');
       INSERT INTO products (product_id, product_name, category, price, stock) VALUES
         ('p001', 'Lamp', 'Home', 24.50, 10), ('p002', 'Pen', 'Books', 1.99, 100),
         ('p003', 'Desk', 'Home', 100.00, 5);" >/dev/null
  local dir=hand-$backend
  mkdir "$dir"
  # Saturday: E1 valid (2 × 24.50 + 100.00), E2 valid and cancelled, E3's lines sum to 1.99, not 9.99.
  printf '%s\n' order_id,customer_id,order_date,status,payment_method,total_amount \
    'E1,c001,2023-10-21 10:00:00,delivered,card,149.00' 'E2,c002,2023-10-21 11:00:00,cancelled,paypal,3.98' \
    'E3,c002,2023-10-21 12:00:00,paid,card,9.99' >"$dir/orders_2023-10-21.csv"
  printf '%s\n' order_item_id,order_id,product_id,quantity,unit_price 1,E1,p001,2,24.50 2,E1,p003,1,100.00 \
    3,E2,p002,2,1.99 4,E3,p002,1,1.99 >"$dir/order_items_2023-10-21.csv"
  # Monday: E4 valid, E1 again (a duplicate), E5's customer unknown.
  printf '%s\n' order_id,customer_id,order_date,status,payment_method,total_amount \
    'E4,c002,2023-10-23 09:30:00,shipped,bank_transfer,124.50' 'E1,c001,2023-10-21 10:00:00,delivered,card,149.00' \
    'E5,c404,2023-10-23 10:00:00,paid,card,1.99' >"$dir/orders_2023-10-23.csv"
  printf '%s\n' order_item_id,order_id,product_id,quantity,unit_price 1,E4,p003,1,100.00 2,E4,p001,1,24.50 \
    3,E5,p002,1,1.99 >"$dir/order_items_2023-10-23.csv"

  for run in 1 2; do
    run_orders "$dir" "rep-hand-$backend-$run"
    # By hand: E1 14900 + E2 398 + E4 12450 = 27748 cents; 2 + 1 + 2 lines; 3 + 2 + 2 units.
    [[ "$(sql "SELECT COUNT(*), SUM(total_cents), SUM(units), SUM(line_count) FROM ${wh}fact_orders")" == \
       "3|27748|7|5" ]] || fail "fact_orders after run $run: $(sql "SELECT * FROM ${wh}fact_orders")"
    [[ "$(sql "SELECT COUNT(*), SUM(revenue_cents), SUM(quantity) FROM ${wh}fact_order_items")" == "5|27748|7" ]] ||
      fail "fact_order_items after run $run: $(sql "SELECT * FROM ${wh}fact_order_items")"
  done
  local first=rep-hand-$backend-1/run_summary.json second=rep-hand-$backend-2/run_summary.json
  [[ "$(summary_value "$first" orders.records_read) $(summary_value "$first" orders.valid)" == "6 3" ]] ||
    fail "run 1: $(cat "$first")"
  [[ "$(summary_value "$first" orders.duplicates) $(summary_value "$first" orders.quarantined.total)" == "1 2" ]] ||
    fail "run 1: $(cat "$first")"
  [[ "$(summary_value "$first" orders.quarantined.by_reason.items_total_mismatch)" == 1 &&
     "$(summary_value "$first" orders.quarantined.by_reason.unknown_customer)" == 1 ]] || fail "run 1: $(cat "$first")"
  grep -q "items_total_mismatch" "rep-hand-$backend-1.out" || fail "console summary: $(cat "rep-hand-$backend-1.out")"
  [[ "$(summary_value "$second" orders.exports.skipped_already_processed) $(summary_value "$second" orders.records_read) $(summary_value "$second" orders.orders_added)" == "2 0 0" ]] ||
    fail "run 2 read again: $(cat "$second")"

  [[ "$("$ECOMFLOW" query order_product_rank --format csv)" == \
     $'category,product_id,product_name,orders,units,revenue,category_rank\nHome,p003,Desk,2,2,200.00,1\nHome,p001,Lamp,2,3,73.50,2' ]] ||
    fail "order_product_rank: $("$ECOMFLOW" query order_product_rank --format csv)"
  [[ "$("$ECOMFLOW" query order_customer_lifetime_value --format csv)" == \
     $'customer_id,segment,orders,cancelled_orders,lifetime_value,average_order,first_order,last_order,value_rank\nc001,VIP,1,0,149.00,149.00,2023-10-21 10:00:00,2023-10-21 10:00:00,1\nc002,New,2,1,124.50,124.50,2023-10-21 11:00:00,2023-10-23 09:30:00,2' ]] ||
    fail "order_customer_lifetime_value: $("$ECOMFLOW" query order_customer_lifetime_value --format csv)"
  # The shop numbers the orders in time: E1 1, E2 2, E4 3.
  [[ "$("$ECOMFLOW" query customer_order_history c002 --format csv)" == \
     $'customer_id,order_number,order_id,order_time,status,payment_method,line_count,units,total,running_value\nc002,1,2,2023-10-21 11:00:00,cancelled,paypal,1,2,3.98,0.00\nc002,2,3,2023-10-23 09:30:00,shipped,bank_transfer,2,2,124.50,124.50' ]] ||
    fail "customer_order_history: $("$ECOMFLOW" query customer_order_history c002 --format csv)"
  [[ "$("$ECOMFLOW" query order_revenue_by_day_type --format csv)" == \
     $'day_type,days,orders,revenue_cents,revenue_per_day_cents\nweekday,1,1,12450,12450\nweekend,1,1,14900,14900' ]] ||
    fail "order_revenue_by_day_type: $("$ECOMFLOW" query order_revenue_by_day_type --format csv)"
  local status=0
  "$ECOMFLOW" query customer_order_history >/dev/null 2>&1 || status=$?
  [[ $status == 2 ]] || fail "customer_order_history without a customer: exit $status"

  # A later export repeating E4 (already loaded: a duplicate) and a new order E6.
  printf '%s\n' order_id,customer_id,order_date,status,payment_method,total_amount \
    'E4,c002,2023-10-23 09:30:00,shipped,bank_transfer,124.50' 'E6,c001,2023-10-24 08:00:00,placed,gift_card,1.99' \
    >"$dir/orders_2023-10-24.csv"
  printf '%s\n' order_item_id,order_id,product_id,quantity,unit_price 1,E4,p003,1,100.00 2,E4,p001,1,24.50 \
    3,E6,p002,1,1.99 >"$dir/order_items_2023-10-24.csv"
  run_orders "$dir" "rep-hand-$backend-3"
  local third=rep-hand-$backend-3/run_summary.json
  [[ "$(summary_value "$third" orders.records_read) $(summary_value "$third" orders.valid) $(summary_value "$third" orders.duplicates) $(summary_value "$third" orders.orders_added)" == "2 1 1 1" ]] ||
    fail "run 3: $(cat "$third")"
  [[ "$(sql "SELECT COUNT(*), SUM(total_cents) FROM ${wh}fact_orders")" == "4|27947" ]] ||
    fail "fact_orders after run 3: $(sql "SELECT * FROM ${wh}fact_orders")"
}

generated_dirty() {  # generated_dirty sqlite|postgresql DATABASE_URL
  use_backend "$1" "$2"
  "$ECOMFLOW" generate --profile orders --weeks 2 --orders-per-day 60 --dirty-rate 0.1 --seed 11 \
    --out "gen-$backend" --catalog-out "cat-$backend" >/dev/null
  local manifest=gen-$backend/_dirty_manifest.json
  for run in 1 2; do
    run_orders "gen-$backend" "rep-gen-$backend-$run"
  done
  python3 - "$manifest" "rep-gen-$backend-1/run_summary.json" "rep-gen-$backend-2/run_summary.json" "$backend" <<'PY'
import json, sys
manifest, first, second = (json.load(open(path)) for path in sys.argv[1:4])
backend = sys.argv[4]
orders = first["orders"]
def expect(what, want, got):
    assert want == got, f"{backend}: {what}: manifest says {want}, run says {got}"
expect("records_read", manifest["records_readable"], orders["records_read"])
expect("valid", manifest["valid"], orders["valid"])
expect("duplicates", manifest["duplicates"], orders["duplicates"])
expect("quarantined", manifest["quarantined_total"], orders["quarantined"]["total"])
for reason, count in manifest["quarantined"].items():
    assert count > 0, f"the manifest has no {reason}"
    expect(reason, count, orders["quarantined"]["by_reason"][reason])
expect("orders added", manifest["valid"], orders["orders_added"])
expect("lines added", manifest["valid_order_lines"], orders["lines_added"])
assert orders["records_read"] == orders["valid"] + orders["quarantined"]["total"] + orders["duplicates"]
again = second["orders"]
assert (again["records_read"], again["orders_added"]) == (0, 0), f"{backend}: second run: {again}"
PY
  local want
  want=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))
print("|".join([str(m["valid"]), m["valid_total_amount"].replace(".", ""), str(m["valid_order_lines"])]))' "$manifest")
  [[ "$(sql "SELECT COUNT(*), SUM(total_cents), SUM(line_count) FROM ${wh}fact_orders")" == "$want" ]] ||
    fail "fact_orders: $(sql "SELECT COUNT(*), SUM(total_cents), SUM(line_count) FROM ${wh}fact_orders"), manifest $want"
}

new_database() {  # new_database: sets url to a fresh PostgreSQL database
  local name="orderexp_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null
  databases+=("$name")
  url="${ECOMFLOW_TEST_PG_URL%/*}/$name"
}

hand_counted sqlite "sqlite:$work/hand.db"
generated_dirty sqlite "sqlite:$work/gen.db"
if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  new_database
  hand_counted postgresql "$url"
  new_database
  generated_dirty postgresql "$url"
fi
echo "ok"
