#!/usr/bin/env bash
# Orders placed with `ecomflow order place` reach the warehouse at the next
# `ecomflow run`: fact_orders / fact_order_items hold the hand-counted orders
# after one run and after a second one (nothing doubled), a status changed
# in the shop is updated, and the order queries show it. On SQLite, and on
# PostgreSQL when the test servers are up (make test).
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
database=""
cleanup() {
  [[ -n "$database" ]] && psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" \
    >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir events
fail() { echo "FAIL [$backend]: $*" >&2; exit 1; }

check_backend() {  # check_backend sqlite|postgresql DATABASE_URL
  backend=$1
  export ECOMFLOW_DB=$2
  sql() {
    if [[ $backend == sqlite ]]; then sqlite3 "${ECOMFLOW_DB#sqlite:}" "$1"; else psql -qtA "$ECOMFLOW_DB" -c "$1"; fi
  }
  local wh=warehouse_
  [[ $backend == postgresql ]] && wh=warehouse.
  "$ECOMFLOW" db migrate >/dev/null
  sql "INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP'),
         ('c002', '2024-01-01', 'New');
       INSERT INTO products (product_id, product_name, category, price, stock) VALUES
         ('p001', 'Lamp', 'Home', 24.50, 10), ('p002', 'Pen', 'Books', 1.99, 100);" >/dev/null
  # By hand: 4900 + 199 = 5099 (card), 597 (paypal), 2450 (card): 8146 cents, 4 lines, 7 units.
  "$ECOMFLOW" cart add c001 p001 --quantity 2 >/dev/null
  "$ECOMFLOW" cart add c001 p002 >/dev/null
  "$ECOMFLOW" order place c001 >/dev/null 2>&1
  "$ECOMFLOW" cart add c002 p002 --quantity 3 >/dev/null
  local paypal
  paypal=$("$ECOMFLOW" order place c002 --payment-method paypal 2>/dev/null)
  "$ECOMFLOW" cart add c001 p001 >/dev/null
  "$ECOMFLOW" order place c001 >/dev/null 2>&1

  for run in 1 2; do
    "$ECOMFLOW" run --events events --reports "reports-$backend" --no-progress --fail-on never \
      >/dev/null 2>"run-$backend.err" || fail "run $run: $(cat "run-$backend.err")"
    [[ "$(sql "SELECT COUNT(*), SUM(total_cents), SUM(units), SUM(line_count) FROM ${wh}fact_orders")" == \
       "3|8146|7|4" ]] || fail "fact_orders after run $run: $(sql "SELECT * FROM ${wh}fact_orders")"
    [[ "$(sql "SELECT COUNT(*), SUM(revenue_cents), SUM(quantity) FROM ${wh}fact_order_items")" == "4|8146|7" ]] ||
      fail "fact_order_items after run $run: $(sql "SELECT * FROM ${wh}fact_order_items")"
  done
  grep -q "order facts: 0 orders added, 0 updated, 0 lines added" "run-$backend.err" ||
    fail "second run: $(cat "run-$backend.err")"
  [[ "$("$ECOMFLOW" query order_revenue_by_payment_method --format csv)" == \
     $'payment_method,orders,cancelled_orders,revenue_cents\ncard,2,0,7549\npaypal,1,0,597' ]] ||
    fail "by payment method: $("$ECOMFLOW" query order_revenue_by_payment_method --format csv)"

  sql "UPDATE orders SET status = 'cancelled' WHERE order_id = $paypal" >/dev/null
  "$ECOMFLOW" run --events events --reports "reports-$backend" --no-progress --fail-on never \
    >/dev/null 2>"run-$backend.err" || fail "run after the cancellation: $(cat "run-$backend.err")"
  grep -q "order facts: 0 orders added, 1 updated, 0 lines added" "run-$backend.err" ||
    fail "cancellation: $(cat "run-$backend.err")"
  [[ "$("$ECOMFLOW" query order_revenue_by_status --format csv)" == \
     $'status,is_revenue,orders,units,total_cents,average_order_cents\nplaced,1,2,4,7549,3774\ncancelled,0,1,3,597,597' ]] ||
    fail "by status: $("$ECOMFLOW" query order_revenue_by_status --format csv)"
  [[ "$(sql "SELECT COUNT(*) FROM ${wh}fact_orders")" == 3 ]] || fail "the cancellation added a row"
}

check_backend sqlite "sqlite:$work/shop.db"
if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  database="orders_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" >/dev/null
  check_backend postgresql "${ECOMFLOW_TEST_PG_URL%/*}/$database"
fi
echo "ok"
