#!/usr/bin/env bash
# `ecomflow simulate cyberday` on the marketplace fixture: the files it
# writes, the same bytes for the same seed, and 16 shoppers at once against
# a running `ecomflow serve` never sell more than the stock.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
: "${ECOMFLOW_SOURCE_DIR:?path of the source tree}"
work=$(mktemp -d)
server_pid=""
trap '[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
fixture="$ECOMFLOW_SOURCE_DIR/tests/marketplace/data/amazon_sample.csv"

day() {  # day DB REPORTS [flags...]
  local db=$1 reports=$2
  shift 2
  "$ECOMFLOW" --db "sqlite:$work/$db" catalog import --products "$fixture" >/dev/null
  "$ECOMFLOW" --db "sqlite:$work/$db" simulate cyberday --customers 20 --events 3000 --seed 5 --reports "$reports" "$@"
}

output=$(day a.db a)
for file in summary.json products.csv categories.csv lost_revenue_by_product.csv lost_revenue_by_category.csv \
  stock_out_times.csv customers.csv index.html categories_distribution.png price_distribution.png cart_events.png \
  top_selling_products.png top_categories.png lost_revenue_by_category.png stock_out_times.png revenue_comparison.png; do
  [[ -s "a/cyberday/$file" ]] || fail "missing a/cyberday/$file"
done
grep -q "revenue .*₹" <<<"$output" || fail "console summary not in rupees: $output"
grep -q '"currency": "INR"' a/cyberday/summary.json || fail "currency"
revenue=$(sed -n 's/.*"revenue_minor_units": \([0-9]*\),/\1/p' a/cyberday/summary.json)
[[ "$revenue" == "$(sqlite3 a.db 'SELECT SUM(total_cents) FROM orders')" ]] || fail "revenue $revenue != orders"

day b.db b >/dev/null
diff -r a/cyberday b/cyberday >/dev/null || fail "the same seed wrote different reports"

# A typo in the mix is a usage error.
set +e
"$ECOMFLOW" --db "sqlite:$work/a.db" simulate cyberday --mix 0.3/0.6 >/dev/null 2>err.txt
code=$?
set -e
[[ $code -eq 2 ]] && grep -q -- "--mix" err.txt || fail "bad --mix: exit $code $(cat err.txt)"

# A database that is not there: exit code 1 naming it, and no empty file left.
set +e
"$ECOMFLOW" --db "sqlite:$work/missing.db" simulate cyberday --events 10 --reports missing >/dev/null 2>err.txt
code=$?
set -e
[[ $code -eq 1 ]] && grep -q "missing.db" err.txt || fail "missing database: exit $code $(cat err.txt)"
[[ ! -e missing.db ]] || fail "a mistyped --db left an empty database"

# An empty catalog: exit code 1, and no shopper created.
"$ECOMFLOW" --db "sqlite:$work/empty.db" db migrate >/dev/null
set +e
"$ECOMFLOW" --db "sqlite:$work/empty.db" simulate cyberday --events 10 --reports empty >/dev/null 2>err.txt
code=$?
set -e
[[ $code -eq 1 ]] && grep -q "has no products" err.txt || fail "empty catalog: exit $code $(cat err.txt)"
[[ $(sqlite3 empty.db "SELECT COUNT(*) FROM customers") == 0 ]] || fail "shoppers created for an empty catalog"

# 16 shoppers at once against serve.
"$ECOMFLOW" --db "sqlite:$work/api.db" catalog import --products "$fixture" >/dev/null
sqlite3 api.db "SELECT product_id || ',' || stock FROM products ORDER BY product_id" >initial.txt
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$ECOMFLOW" --db "sqlite:$work/api.db" serve --listen "127.0.0.1:$port" 2>serve.txt &
server_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/products" && break
  sleep 0.1
done
"$ECOMFLOW" --db "sqlite:$work/api.db" simulate cyberday --customers 40 --events 3000 --seed 8 --reports api \
  --api "http://127.0.0.1:$port" --concurrency 16 >api.txt || fail "simulate --api: $(cat api.txt)"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
[[ $(sqlite3 api.db "SELECT COUNT(*) FROM products WHERE stock < 0") == 0 ]] || fail "negative stock"
# final stock + units sold = initial stock, product by product
while IFS=, read -r product initial; do
  sold=$(sqlite3 api.db "SELECT COALESCE(SUM(quantity), 0) FROM order_items WHERE product_id = '$product'")
  final=$(sqlite3 api.db "SELECT stock FROM products WHERE product_id = '$product'")
  [[ $((final + sold)) -eq $initial ]] || fail "$product: $initial at start, $sold sold, $final left"
done <initial.txt
revenue=$(sed -n 's/.*"revenue_minor_units": \([0-9]*\),/\1/p' api/cyberday/summary.json)
[[ "$revenue" == "$(sqlite3 api.db 'SELECT SUM(total_cents) FROM orders')" ]] || fail "api revenue != orders"
grep -q '"products_out_of_stock": [1-9]' api/cyberday/summary.json || fail "no stock-out exercised"
echo ok
