#!/usr/bin/env bash
# `ecomflow cart` / `ecomflow order` on the embedded database: adds merge,
# checkout prints the order id, short stock exits 10 and orders nothing, a
# repeated idempotency key returns the same order; `ecomflow serve` refuses
# a public address without a token, serves the API on loopback and stops
# cleanly on SIGTERM.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
server_pid=""
trap '[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
export ECOMFLOW_DB="sqlite:$work/shop.db"
expect_status() {  # expect_status CODE COMMAND...
  local want=$1; shift
  local got=0
  "$@" >out.txt 2>err.txt || got=$?
  [[ $got -eq $want ]] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}

"$ECOMFLOW" db migrate >/dev/null
python3 - "$work/shop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
INSERT INTO customers (customer_id, join_date, segment) VALUES ('c001', '2024-01-01', 'VIP'), ('c002', '2024-01-01', 'New');
INSERT INTO products (product_id, product_name, category, price, stock) VALUES
  ('p001', 'Lamp', 'Home', 24.50, 3), ('p002', 'Pen', 'Books', 1.99, 100);
""")
db.commit()
PY

expect_status 0 "$ECOMFLOW" cart add c001 p001 --quantity 1
expect_status 0 "$ECOMFLOW" cart add c001 p001 --quantity 1
expect_status 0 "$ECOMFLOW" cart add c001 p002
expect_status 0 "$ECOMFLOW" cart show c001
grep -Eq "^p001 +2 +24.50 +49.00" out.txt || fail "cart show: $(cat out.txt)"
grep -q "subtotal 50.99" out.txt || fail "cart subtotal: $(cat out.txt)"
expect_status 1 "$ECOMFLOW" cart add c001 nope
grep -q "no product 'nope'" err.txt || fail "unknown product: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" cart add c001 p001 --quantity -3
expect_status 0 "$ECOMFLOW" cart remove c001 p002

expect_status 0 "$ECOMFLOW" order place c001 --idempotency-key k1
order_id=$(cat out.txt)
[[ "$order_id" =~ ^[0-9]+$ ]] || fail "order place prints the id: $order_id"
expect_status 0 "$ECOMFLOW" order place c001 --idempotency-key k1
[[ "$(cat out.txt)" == "$order_id" ]] || fail "same key, other order: $(cat out.txt)"
expect_status 0 "$ECOMFLOW" order show "$order_id"
grep -q "total 49.00" out.txt || fail "order show: $(cat out.txt)"

expect_status 0 "$ECOMFLOW" cart add c002 p001 --quantity 2
expect_status 10 "$ECOMFLOW" order place c002
grep -q "p001: 2 wanted, 1 available" err.txt || fail "short stock: $(cat err.txt)"
# The exit code is documented where all of them are.
expect_status 0 "$ECOMFLOW" --help
grep -Eq "^ +10 +order place: not enough stock" out.txt || fail "ecomflow --help does not list exit code 10"
expect_status 1 "$ECOMFLOW" order place c001
grep -q "empty" err.txt || fail "empty cart: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" order place c002 --payment-method iou
expect_status 1 "$ECOMFLOW" order show 999
[[ $(sqlite3 "$work/shop.db" "SELECT COUNT(*) || ' ' || (SELECT stock FROM products WHERE product_id = 'p001') FROM orders") == "1 1" ]] ||
  fail "orders and stock after the refusals"

expect_status 2 "$ECOMFLOW" serve --listen 0.0.0.0:0
grep -q "refusing to listen on 0.0.0.0:0 without a token" err.txt || fail "public bind: $(cat err.txt)"
expect_status 2 "$ECOMFLOW" serve --listen nonsense

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$ECOMFLOW" serve --listen "127.0.0.1:$port" 2>serve.txt &
server_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/products" && break
  sleep 0.1
done
grep -q "writes are open to every local user" serve.txt || fail "no-token notice: $(cat serve.txt)"
body=$(curl -s "http://127.0.0.1:$port/api/orders/$order_id")
[[ "$body" == *"\"total\":\"49.00\""* ]] || fail "GET order: $body"
body=$(curl -s -X PUT -d '{"quantity": 1}' "http://127.0.0.1:$port/api/carts/c002/items/p002")
[[ "$body" == *"\"quantity\":1"* ]] || fail "PUT without token on loopback: $body"
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=""
[[ $code -eq 0 ]] || fail "serve exited $code on SIGTERM: $(cat serve.txt)"
grep -q "stopped" serve.txt || fail "serve did not say it stopped: $(cat serve.txt)"
echo "ok"
