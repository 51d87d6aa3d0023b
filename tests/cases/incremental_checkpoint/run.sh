#!/usr/bin/env bash
# Incremental runs add their events to the report checkpoint instead of
# replaying every stored fact: sessions go on from each customer's open one
# (across midnight, and by session_id hours later), agg_* tables add the new
# sales. After each run every report and every agg_* table equals one clean
# run over the same files: weeks loaded in turn, a late event and a late week
# (which fall back to the full replay, saying why), a checkpoint that no
# longer covers the facts, and a run after a replay. SIGKILL during the load
# leaves the database as it was. On SQLite, and on PostgreSQL when
# `make test` provides one (ECOMFLOW_TEST_PG_URL).
source "$(dirname "$0")/../lib.sh"
"$ECOMFLOW" --db sqlite:gen.db generate --seed 21 --weeks 4 --events-per-part 300 --out all \
  --catalog-out catalog >/dev/null

catalog() { "$ECOMFLOW" --db "$1" catalog import --customers catalog/customers.csv --products catalog/products.csv >/dev/null; }
run() {  # run DB REPORTS: logs to REPORTS.log
  "$ECOMFLOW" --db "$1" --log-level debug run --events events --reports "$2" --no-progress --fail-on never \
    >"$2.log" 2>&1 || fail "run into $2: $(tail -3 "$2.log")"
}
sql() {  # sql DB STATEMENT: rows as text, on either backend
  if [[ $1 == sqlite:* ]]; then sqlite3 "${1#sqlite:}" "${2//warehouse./warehouse_}"
  else psql -qAt "$1" -c "$2"; fi
}
agg_tables() {  # every agg_* row, as text
  for table in agg_daily_sales agg_product_performance agg_customer_metrics agg_sales_by_category_segment; do
    sql "$1" "SELECT * FROM warehouse.$table ORDER BY 1, 2" || fail "reading $table"
  done
}
same_reports() {  # every CSV of the reference in the run's reports
  for file in ref/*.csv; do expect_same_file "$file" "$1/$(basename "$file")"; done
}
replayed() { grep -c "replaying every stored fact" "$1.log" || true; }
fresh_db() {  # DB: empty again
  if [[ $1 == sqlite:* ]]; then rm -f "${1#sqlite:}"
  else psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS ${1##*/}" -c "CREATE DATABASE ${1##*/}" >/dev/null; fi
}
same_as_clean() {  # DB REF REPORTS: reports and agg_* rows equal one clean run over events/
  fresh_db "$2"
  catalog "$2"
  rm -rf "clean_$3"
  "$ECOMFLOW" --db "$2" run --events events --reports "clean_$3" --no-progress --fail-on never >/dev/null 2>&1 ||
    fail "clean run for $3"
  for file in clean_"$3"/*.csv; do expect_same_file "$file" "$3/$(basename "$file")"; done
  expect_eq "agg tables after $3" "$(agg_tables "$2")" "$(agg_tables "$1")"
}
event() {  # TIME CUSTOMER TYPE PRODUCT [SESSION_ID]: one NDJSON event
  local extra=""
  [[ $3 == purchase ]] && extra+=', "quantity": 2'
  [[ -n ${5:-} ]] && extra+=", \"session_id\": \"$5\""
  echo "{\"timestamp\": \"$1\", \"customer_id\": \"$2\", \"event_type\": \"$3\", \"product_id\": \"$4\"$extra}"
}

check_backend() {  # DB REF
  local db=$1
  catalog "$db"
  rm -rf events && mkdir -p events
  weeks=($(ls all/*.zip))
  # Week 1 ends on 2023-10-29; c001's session runs on past midnight, c003's
  # session_id comes back nine hours later.
  cp "${weeks[0]}" events/
  { event 2023-10-29T23:50:00 c001 view_product p001
    event 2023-10-29T23:55:00 c001 add_to_cart p001
    event 2023-10-29T20:00:00 c003 view_product p004 s-night; } >events/edge1.ndjson
  run "$db" r1
  expect_eq "first run replays nothing" 0 "$(replayed r1)"
  same_as_clean "$db" "$2" r1

  { event 2023-10-30T00:10:00 c001 add_to_cart p002
    event 2023-10-30T00:20:00 c001 purchase p002
    event 2023-10-30T05:00:00 c003 add_to_cart p004 s-night; } >events/edge2.ndjson
  run "$db" r2
  expect_eq "a session going on past midnight replays nothing" 0 "$(replayed r2)"
  same_as_clean "$db" "$2" r2

  cp "${weeks[2]}" events/   # a later week
  run "$db" r3
  expect_eq "added week replays nothing" 0 "$(replayed r3)"
  same_as_clean "$db" "$2" r3

  # An event before its customer's last stored one could join or split
  # sessions already closed: the run replays every event, and says why.
  event 2023-10-30T00:15:00 c001 view_product p003 >events/late.ndjson
  run "$db" r4
  expect_eq "late event replays" 1 "$(replayed r4)"
  grep -q "comes before the last one stored" r4.log || fail "the late event's fallback does not say why"
  same_as_clean "$db" "$2" r4

  cp "${weeks[1]}" events/   # then the week before week 3: older, out of order
  run "$db" r5
  expect_eq "late week replays" 1 "$(replayed r5)"
  same_as_clean "$db" "$2" r5

  # A checkpoint that no longer covers the facts is not used: the run
  # replays them, says why, and stores a new one the next run adds to.
  sql "$db" "UPDATE report_checkpoint SET fact_events = fact_events + 1" || fail "could not age the checkpoint"
  cp "${weeks[3]}" events/
  run "$db" r6
  expect_eq "stale checkpoint replays" 1 "$(replayed r6)"
  grep -q "the facts changed outside batch runs" r6.log || fail "the fallback does not say why: $(grep replaying r6.log)"
  same_as_clean "$db" "$2" r6

  # After a replay the next run adds to the checkpoint it stored.
  { event 2023-11-20T10:00:00 c001 purchase p001
    event 2023-11-20T10:05:00 c002 view_product p002; } >events/edge3.ndjson
  run "$db" r7
  expect_eq "run after a replay replays nothing" 0 "$(replayed r7)"
  same_as_clean "$db" "$2" r7

  # Same files again: nothing new, the checkpoint is taken as stored.
  run "$db" r8
  expect_eq "rerun replays nothing" 0 "$(replayed r8)"
  same_as_clean "$db" "$2" r8
}

check_kill() {  # DB REF: SIGKILL inside the load's transaction leaves the database as it was
  local db=$1
  fresh_db "$db"
  catalog "$db"
  rm -rf events && mkdir events && cp "${weeks[0]}" "${weeks[1]}" events/
  run "$db" k1
  state() {
    sql "$db" "SELECT COUNT(*) FROM warehouse.fact_events"
    sql "$db" "SELECT COUNT(*) FROM ingest_ledger"
    sql "$db" "SELECT fact_events, sales_facts, counters, closed_sessions FROM report_checkpoint"
    sql "$db" "SELECT COUNT(*), SUM(LENGTH(events)) FROM report_checkpoint_events"
    agg_tables "$db"
  }
  local before caught=0 code=0
  before=$(state)
  cp "${weeks[2]}" "${weeks[3]}" events/
  # Logged once the dimensions are synced, before two weeks of facts are
  # written and the checkpoint is stored: the kill lands inside the load.
  signal_when_logged KILL "warehouse dimensions:" k2.log "$ECOMFLOW" --db "$db" --log-level debug run \
    --events events --reports k2 --no-progress --fail-on never || caught=$?
  wait "$watched_pid" 2>/dev/null || code=$?
  expect_eq "SIGKILL landed during the load (watcher, exit code)" "0 137" "$caught $code"
  grep -q "report checkpoint: storing" k2.log && fail "the load got as far as the checkpoint before the kill"
  expect_eq "database after SIGKILL during the load" "$before" "$(state)"
  if [[ $db == sqlite:* ]]; then
    sqlite3 "${db#sqlite:}" "PRAGMA integrity_check" | grep -qx ok || fail "integrity check after SIGKILL"
  fi
  run "$db" k3
  expect_eq "run after the kill replays nothing" 0 "$(replayed k3)"
  same_as_clean "$db" "$2" k3
}

check_backend sqlite:shop.db sqlite:reference.db
check_kill sqlite:kill.db sqlite:reference.db

if [[ -n "${ECOMFLOW_TEST_PG_URL:-}" ]]; then
  database="case_$$_$RANDOM"
  psql -q "$ECOMFLOW_TEST_PG_URL" -c "CREATE DATABASE $database" -c "CREATE DATABASE ${database}_ref" >/dev/null
  trap 'psql -q "$ECOMFLOW_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $database" -c "DROP DATABASE IF EXISTS ${database}_ref" >/dev/null 2>&1; rm -rf "$work"' EXIT
  mkdir pg && cd pg && ln -s ../all all && ln -s ../catalog catalog
  check_backend "${ECOMFLOW_TEST_PG_URL%/*}/$database" "${ECOMFLOW_TEST_PG_URL%/*}/${database}_ref"
  check_kill "${ECOMFLOW_TEST_PG_URL%/*}/$database" "${ECOMFLOW_TEST_PG_URL%/*}/${database}_ref"
  cd ..
else
  echo "note: no test PostgreSQL (run through make test): SQLite only"
fi
echo "incremental_checkpoint: ok"
