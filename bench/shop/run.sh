#!/usr/bin/env bash
# Checkout throughput and latency of `ecomflow serve` at 1, 16 and 64
# concurrent clients (wrk POST /api/orders, each checking out a cart filled
# beforehand), on SQLite and on PostgreSQL + Redis, next to pgbench running
# the same SQL transaction (bench/shop/checkout.sql) on the same server;
# then cached GET /api/products/{id} under wrk, unthrottled and at a fixed
# 1,000 requests/s (product_paced.lua).
# Loopback only, bounded durations. Needs wrk and pgbench (postgresql-contrib
# on older Debian; postgresql-client-15 here).
#
#   bench/shop/run.sh                     # starts throwaway servers itself
#   BENCH_SECONDS=10 bench/shop/run.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -z "${ECOMFLOW_TEST_PG_URL:-}" ]]; then exec "$repo/scripts/with-servers.sh" "$0" "$@"; fi
ecomflow=${ECOMFLOW:-$repo/build/ecomflow}
seconds=${BENCH_SECONDS:-5}
here="$repo/bench/shop"
work=$(mktemp -d /tmp/ecomflow-shop-bench.XXXXXX)
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Sequences and zero padding differ between the backends.
series() {  # series BACKEND N → a row source of n = 1..N
  if [[ $1 == sqlite ]]; then echo "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $2) SELECT n FROM s)"
  else echo "(SELECT generate_series(1, $2) AS n)"; fi
}
pad() {  # pad BACKEND EXPR WIDTH
  if [[ $1 == sqlite ]]; then echo "printf('%0$3d', $2)"; else echo "lpad(($2)::text, $3, '0')"; fi
}

# A catalog of 1,000 customers and 50 products with stock enough for every run.
seed_sql() {  # seed_sql BACKEND
  cat <<SQL
INSERT INTO customers (customer_id, join_date, segment)
  SELECT 'c' || $(pad "$1" n 4), '2024-01-01', 'Regular' FROM $(series "$1" 1000) AS ns;
INSERT INTO products (product_id, product_name, category, price, stock)
  SELECT 'p' || $(pad "$1" n 3), 'Product ' || n, 'Books', 10.00, 100000000 FROM $(series "$1" 50) AS ns;
SQL
}

# Customers b<thread>_<n> (and, for database carts, a one-item cart each)
# for a run of C clients; the products spread over the catalog.
carts_sql() {  # carts_sql BACKEND CLIENTS PER_CLIENT STORE
  local backend=$1 clients=$2 per=$3 now
  now=$(date +%s)
  cat <<SQL
INSERT INTO customers (customer_id, join_date, segment)
  SELECT 'b' || t.n || '_' || c.n, '2024-01-01', 'Regular' FROM $(series "$backend" "$per") AS c, $(series "$backend" "$clients") AS t;
SQL
  if [[ $4 == database ]]; then
    cat <<SQL
DELETE FROM cart_items; DELETE FROM carts;
INSERT INTO carts (customer_id, expires_at) SELECT customer_id, $now + 86400 FROM customers WHERE customer_id LIKE 'b%';
INSERT INTO cart_items (customer_id, product_id, quantity)
  SELECT customer_id, 'p' || $(pad "$backend" "1 + (length(customer_id) * 7 + CAST(substr(customer_id, length(customer_id)) AS INTEGER) * 5) % 50" 3), 1
  FROM customers WHERE customer_id LIKE 'b%';
SQL
  fi
}

redis_carts() {  # redis_carts CLIENTS PER_CLIENT REDIS_PORT
  python3 - "$1" "$2" <<'PY' | redis-cli -p "$3" --pipe >/dev/null
import sys
clients, per = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout
for t in range(1, clients + 1):
    for n in range(1, per + 1):
        key = f"cart:b{t}_{n}"
        product = f"p{(t * 31 + n) % 50 + 1:03d}"
        for args in (("HSET", key, product, "1"), ("EXPIRE", key, "86400")):
            out.write(f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args))
PY
}

run_sql() {  # run_sql DBURL SQL
  if [[ $1 == sqlite:* ]]; then sqlite3 "${1#sqlite:}" "$2"; else psql -q -v ON_ERROR_STOP=1 "$1" -c "$2" >/dev/null; fi
}
backend_of() { [[ $1 == sqlite:* ]] && echo sqlite || echo postgresql; }

start_serve() {  # start_serve DBURL [--redis URL]; sets port and server_pid
  port=$(free_port)
  "$ecomflow" --log-level warn --db "$1" serve --listen "127.0.0.1:$port" --http-threads 160 \
    --db-connections 32 "${@:2}" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/products" && break; sleep 0.1; done
}
stop_serve() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

wrk_summary() {  # wrk_summary LABEL < wrk output
  python3 -c '
import re, sys
label, text = sys.argv[1], sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", text)
p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)\b", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
ms = lambda m: float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
print(f"{label:<44} {float(rps.group(1)):>9.0f}/s  p50 {ms(p50):7.2f} ms  p99 {ms(p99):7.2f} ms  non-2xx {non2xx.group(1) if non2xx else 0}" + (f"  socket errors: {errors.group(1)}" if errors else ""))
' "$1"
}

checkout_runs() {  # checkout_runs LABEL DBURL CART_STORE [--redis URL]
  local label=$1 db=$2 store=$3
  for clients in ${BENCH_CLIENTS:-1 16 64}; do
    local per=$(( clients == 1 ? 40000 : 160000 / clients ))
    run_sql "$db" "$(carts_sql "$(backend_of "$db")" "$clients" "$per" "$store")"
    [[ $store == redis ]] && redis_carts "$clients" "$per" "$redis_port"
    start_serve "$db" "${@:4}"
    wrk -t "$clients" -c "$clients" -d "${seconds}s" --latency -s "$here/checkout.lua" "http://127.0.0.1:$port" \
      | wrk_summary "checkout $label, $clients client(s)"
    stop_serve
    [[ -n "${BENCH_VERBOSE:-}" ]] && cat "$work/serve.log" >&2
    run_sql "$db" "DELETE FROM customers WHERE customer_id LIKE 'b%'"
  done
}

echo "ecomflow shop bench: ${seconds} s per run, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
redis_port=${ECOMFLOW_TEST_REDIS_URL##*:}
redis_port=${redis_port%%/*}

sqlite_db="sqlite:$work/shop.db"
"$ecomflow" --db "$sqlite_db" db migrate >/dev/null
run_sql "$sqlite_db" "$(seed_sql sqlite)"
checkout_runs "SQLite" "$sqlite_db" database

pg_db=$ECOMFLOW_TEST_PG_URL
"$ecomflow" --db "$pg_db" db migrate >/dev/null
run_sql "$pg_db" "$(seed_sql postgresql)"
checkout_runs "PostgreSQL + Redis" "$pg_db" redis --redis "$ECOMFLOW_TEST_REDIS_URL/0"
for clients in ${BENCH_CLIENTS:-1 16 64}; do
  pgbench -n -M extended -f "$here/checkout.sql" -c "$clients" -j "$(( clients < 4 ? clients : 4 ))" -T "$seconds" "$pg_db" 2>/dev/null |
    python3 -c '
import re, sys
text = sys.stdin.read()
tps = re.search(r"tps = ([\d.]+)", text)
lat = re.search(r"latency average = ([\d.]+) ms", text)
label = "pgbench same SQL, PostgreSQL, " + sys.argv[1] + " client(s)"
print(f"{label:<44} {float(tps.group(1)):>9.0f}/s  avg {float(lat.group(1)):7.2f} ms")
' "$clients"
done

# Cached reads: unthrottled at 10 connections (the rate reached), then at a
# fixed 1,000 requests/s (20 connections each pausing 20 ms between
# requests, product_paced.lua), where the p99 is the figure that counts.
start_serve "$pg_db" --redis "$ECOMFLOW_TEST_REDIS_URL/0"
wrk -t 2 -c 10 -d "${seconds}s" --latency -s "$here/product.lua" "http://127.0.0.1:$port" |
  wrk_summary "GET /api/products/{id}, PG + Redis, 10 conns"
wrk -t 2 -c 20 -d "${seconds}s" --latency -s "$here/product_paced.lua" "http://127.0.0.1:$port" |
  wrk_summary "GET /api/products/{id}, PG + Redis, 1,000/s"
stop_serve
start_serve "$sqlite_db"
wrk -t 2 -c 10 -d "${seconds}s" --latency -s "$here/product.lua" "http://127.0.0.1:$port" |
  wrk_summary "GET /api/products/{id}, SQLite, 10 conns"
wrk -t 2 -c 20 -d "${seconds}s" --latency -s "$here/product_paced.lua" "http://127.0.0.1:$port" |
  wrk_summary "GET /api/products/{id}, SQLite, 1,000/s"
stop_serve
