#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL and Redis servers on free loopback
# ports, then stops them. The command sees:
#   ECOMFLOW_TEST_PG_URL     postgresql://ecomflow:...@127.0.0.1:PORT/ecomflow_test
#   ECOMFLOW_TEST_REDIS_URL  redis://127.0.0.1:PORT
# PostgreSQL refuses to run as root, so as root the server runs as `postgres`.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "error: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "error: redis-server not found (install redis-server)" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

work=$(mktemp -d /tmp/ecomflow-servers.XXXXXX)
chmod 755 "$work"
as_postgres=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$work"
  as_postgres=(runuser -u postgres --)
fi

pg_port=$(free_port)
redis_port=$(free_port)
password="ecomflow-test-$$"
redis_pid=""

stop_servers() {
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_servers EXIT

"${as_postgres[@]}" "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust --no-sync >"$work/initdb.log" 2>&1 ||
  { cat "$work/initdb.log" >&2; exit 1; }
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$work/pg.log" >&2; exit 1; }
"${as_postgres[@]}" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE ecomflow LOGIN SUPERUSER PASSWORD '$password'" \
  -c "CREATE DATABASE ecomflow_test OWNER ecomflow" >/dev/null

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export ECOMFLOW_TEST_PG_URL="postgresql://ecomflow:$password@127.0.0.1:$pg_port/ecomflow_test"
export ECOMFLOW_TEST_PG_ADMIN="$pg_bin"
export ECOMFLOW_TEST_PG_DATA="$work/pg"
export ECOMFLOW_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
# Under these servers a test that needs PostgreSQL fails rather than skips.
export ECOMFLOW_TEST_REQUIRE_SERVERS=1
echo "test servers: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
"$@"
