#!/usr/bin/env bash
# The marketplace import and the Cyberday simulation, timed: a 1,500-row
# amazon.in export (the test fixture's rows repeated under new ids) imported
# into SQLite, then a 30,000-event day (100 shoppers) in process on SQLite
# (cart changes grouped into the next order's commit, and with --batch 0 one
# transaction per change, for comparison),
# and on PostgreSQL with carts in Redis when ECOMFLOW_TEST_PG_URL and
# ECOMFLOW_TEST_REDIS_URL are set (scripts/with-servers.sh sets them).
#   bench/cyberday.sh            (ECOMFLOW = the binary, default build/ecomflow)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ecomflow=${ECOMFLOW:-$repo/build/ecomflow}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fixture="$repo/tests/marketplace/data/amazon_sample.csv"
# Fixture rows that import cleanly (one per physical line), copied with new ids.
awk 'NR == 1 { print; next }
     /^B0(7JW9H4J1|98NS6PVG|B6F7LX4C|BMGG6NKT|8L12N5H1|ODDVALUE|BUDGET01),/ { rows[n++] = $0 }
     END { for (i = 0; i < 1500; i++) { row = rows[i % n]; sub(/^B0/, sprintf("X%04d", int(i / n)), row); print row } }' \
  "$fixture" >"$work/amazon_1500.csv"

seconds() { local start=$1; echo "$(( $(date +%s%N) - start ))" | awk '{ printf "%.3f", $1 / 1e9 }'; }

run_day() {  # run_day LABEL DB [flags]
  local label=$1 db=$2
  shift 2
  "$ecomflow" --db "$db" catalog import --products "$work/amazon_1500.csv" >/dev/null
  local start
  start=$(date +%s%N)
  "$ecomflow" --db "$db" simulate cyberday --customers 100 --events 30000 --seed 1 --reports "$work/r" "$@" >/dev/null
  local took
  took=$(seconds "$start")
  echo "cyberday 30,000 events, $label: $took s ($(awk -v s="$took" 'BEGIN { printf "%d", 30000 / s }') events/s)"
}

start=$(date +%s%N)
"$ecomflow" --db "sqlite:$work/import.db" catalog import --products "$work/amazon_1500.csv" >/dev/null
took=$(seconds "$start")
echo "marketplace import, 1,500 rows into SQLite: $took s ($(awk -v s="$took" 'BEGIN { printf "%d", 1500 / s }') rows/s)"

run_day "SQLite, carts in the database" "sqlite:$work/day.db"
run_day "SQLite, carts in the database, a transaction per cart change" "sqlite:$work/day.db" --batch 0
if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" && -n "${ECOMFLOW_TEST_REDIS_URL:-}" ]]; then
  start=$(date +%s%N)
  "$ecomflow" --db "$ECOMFLOW_TEST_PG_URL" catalog import --products "$work/amazon_1500.csv" >/dev/null
  took=$(seconds "$start")
  echo "marketplace import, 1,500 rows into PostgreSQL: $took s"
  run_day "PostgreSQL, carts in Redis" "$ECOMFLOW_TEST_PG_URL" --redis "$ECOMFLOW_TEST_REDIS_URL"
fi
