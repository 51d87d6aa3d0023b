#!/usr/bin/env bash
# A re-import that changes a price reaches the shop at once: `catalog import
# --redis` drops the products cached in Redis, so `GET /api/products/{id}`
# of a running `serve` answers the new price on the next request, not after
# the cache's TTL. Needs the test Redis (scripts/with-servers.sh).
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
: "${ECOMFLOW_SOURCE_DIR:?}"
if [[ -z "${ECOMFLOW_TEST_REDIS_URL:-}" ]]; then
  [[ -n "${ECOMFLOW_TEST_REQUIRE_SERVERS:-}" ]] && { echo "FAIL: no test Redis" >&2; exit 1; }
  echo "no test Redis (run through scripts/with-servers.sh)"; exit 77
fi
work=$(mktemp -d)
server_pid=""
trap '[[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
export ECOMFLOW_DB="sqlite:$work/shop.db"
export ECOMFLOW_REDIS="$ECOMFLOW_TEST_REDIS_URL"

fixture="$ECOMFLOW_SOURCE_DIR/tests/marketplace/data/amazon_sample.csv"
# The same export with one product's price (₹399) raised to ₹449.
sed '/^B07JW9H4J1,/ s/,₹399,/,₹449,/' "$fixture" >repriced.csv
cmp -s "$fixture" repriced.csv && fail "the fixture's row did not change"

"$ECOMFLOW" catalog import --products "$fixture" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$ECOMFLOW" serve --listen "127.0.0.1:$port" 2>serve.txt &
server_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/products" && break
  sleep 0.1
done
price() { curl -s "http://127.0.0.1:$port/api/products/B07JW9H4J1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["price"])'; }
[[ "$(price)" == "399.00" ]] || fail "first read: $(price)"
[[ "$(price)" == "399.00" ]] || fail "cached read: $(price)"

"$ECOMFLOW" catalog import --products repriced.csv >/dev/null
[[ "$(price)" == "449.00" ]] || fail "after the re-import the shop still answers $(price), not 449.00"
