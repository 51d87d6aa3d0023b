#!/usr/bin/env bash
# `ecomflow db status` lists pending migrations, `db migrate` applies them
# once (again is a no-op), on SQLite and, when a test server runs, PostgreSQL.
# Connection errors name host:port and never the password.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Every migration file of the source tree, and the latest version.
migration_files=("$ECOMFLOW_SOURCE_DIR"/sql/sqlite/[0-9][0-9][0-9]_*.sql)
migration_count=${#migration_files[@]}
latest=$(basename "${migration_files[-1]}")
latest_version=$((10#${latest%%_*}))

check_backend() {
  local db=$1
  status=$("$ECOMFLOW" --db "$db" db status)
  [[ "$status" == *"001 catalog"*"pending"* ]] || fail "fresh status: $status"
  first=$("$ECOMFLOW" --db "$db" db migrate)
  [[ "$first" == *": $migration_count migrations applied, schema at version $latest_version" ]] || fail "first migrate: $first"
  again=$("$ECOMFLOW" --db "$db" db migrate)
  [[ "$again" == *": 0 migrations applied, schema at version $latest_version" ]] || fail "second migrate: $again"
  status=$("$ECOMFLOW" --db "$db" db status)
  [[ "$status" != *pending* && "$status" == *"002 pipeline_state"*"applied"* ]] || fail "final status: $status"
}

# A SQLite file that does not exist is refused by `db status`, not created.
code=0
out=$("$ECOMFLOW" --db "sqlite:$work/shop.db" db status 2>&1) || code=$?
[[ $code -eq 1 && "$out" == *"no database at sqlite:$work/shop.db"* && ! -e "$work/shop.db" ]] ||
  fail "status of a missing database: $code $out"
: >"$work/shop.db"  # an empty file is an empty SQLite database
check_backend "sqlite:$work/shop.db"

if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  name="ecomflow_cli_$$_$RANDOM"
  psql_url="${ECOMFLOW_TEST_PG_URL%/*}/$name"
  # A fresh database of our own, so parallel tests do not see each other's schema.
  "$ECOMFLOW_TEST_PG_ADMIN/psql" "$ECOMFLOW_TEST_PG_URL" -q -c "CREATE DATABASE $name" >/dev/null
  check_backend "$psql_url"
  "$ECOMFLOW_TEST_PG_ADMIN/psql" "$ECOMFLOW_TEST_PG_URL" -q -c "DROP DATABASE $name WITH (FORCE)" >/dev/null
fi

set +e
message=$("$ECOMFLOW" --db "postgresql://shop:hunter2@127.0.0.1:1/shop" db status 2>&1)
code=$?
set -e
[[ $code -eq 1 ]] || fail "unreachable server: exit code $code"
[[ "$message" == *"cannot connect to PostgreSQL at 127.0.0.1:1"* ]] || fail "unreachable server: $message"
[[ "$message" != *hunter2* ]] || fail "password leaked: $message"

set +e
message=$("$ECOMFLOW" --db "oracle://x" db status 2>&1)
code=$?
set -e
[[ $code -eq 2 && "$message" == *"unsupported database URL"* ]] || fail "bad scheme: $code $message"
echo "ok"
