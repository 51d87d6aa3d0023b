#!/usr/bin/env bash
# Commands that only read refuse a database that does not exist (exit 1,
# naming it) and create neither the file nor its directories; a run that
# fails leaves no new database file behind.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d /tmp/ecomflow-missing-db.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

expect_refused() {  # expect_refused URL FILE ARGS...: exit 1, the URL named, FILE not created
  local url=$1 file=$2 code=0 out
  shift 2
  out=$("$ECOMFLOW" --db "$url" "$@" 2>&1) || code=$?
  [[ $code -eq 1 ]] || fail "$*: exit $code, expected 1: $out"
  [[ "$out" == *"no database at $url"* ]] || fail "$*: message does not name the database: $out"
  [[ ! -e "$file" ]] || fail "$* created $file"
}

mkdir data  # so that `run` gets as far as the database
for args in "runs" "check" "report" "query sales_report" "db status" "run --no-progress" \
            "run --report-only --no-progress"; do
  # shellcheck disable=SC2086
  expect_refused sqlite:nope.db nope.db $args
  # shellcheck disable=SC2086
  expect_refused sqlite:$work/no/such/dir/x.db "$work/no" $args
done

# monitor reports the missing database as its critical database component.
code=0
out=$("$ECOMFLOW" --db sqlite:nope.db monitor 2>&1) || code=$?
[[ $code -eq 6 && "$out" == *"no database at sqlite:nope.db"* ]] || fail "monitor: $code $out"
[[ ! -e nope.db ]] || fail "monitor created the database"

# A database that exists is read as before.
"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1
"$ECOMFLOW" --db sqlite:shop.db runs >/dev/null || fail "runs on an existing database"
"$ECOMFLOW" --db sqlite:shop.db db status >/dev/null || fail "db status on an existing database"
echo "ok"
