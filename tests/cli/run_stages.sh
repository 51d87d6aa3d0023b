#!/usr/bin/env bash
# `run --stages`: a subset of the pipeline's stages, and their history.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-stages.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 50 --out events --catalog-out catalog >/dev/null

# Process without load: reports, but nothing in the database.
"$ECOMFLOW" --db sqlite:shop.db run --events events --stages connect,process,report --reports r1 --no-progress >/dev/null 2>&1
[[ -f r1/sales_report.csv ]] || fail "process,report wrote no report"
[[ "$(sqlite3 shop.db 'SELECT COUNT(*) FROM sqlite_master WHERE name = "ingest_ledger"')" == 0 ]] ||
  [[ "$(sqlite3 shop.db 'SELECT COUNT(*) FROM ingest_ledger')" == 0 ]] || fail "a run without load wrote the ledger"

# The whole run records its stages.
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports r2 --no-progress --fail-on never >/dev/null 2>&1
stages=$(sqlite3 shop.db "SELECT group_concat(stage, ',') FROM (SELECT stage FROM pipeline_stage_runs WHERE stage <> 'warehouse' ORDER BY rowid)")
[[ "$stages" == "connect,process,load,check,report" ]] || fail "recorded stages: $stages"

# check,report without process: no events read, reports re-rendered from the warehouse.
rm -rf events
"$ECOMFLOW" --db sqlite:shop.db run --stages check,report --reports r3 --fail-on never >/dev/null 2>&1 ||
  fail "check,report needs no events"
diff -q r2/sales_report.csv r3/sales_report.csv >/dev/null || fail "check,report re-rendered a different report"

status=0
"$ECOMFLOW" --db sqlite:shop.db run --stages load >/dev/null 2>&1 || status=$?
[[ $status -eq 2 ]] || fail "load without process exited $status, expected 2"
status=0
"$ECOMFLOW" --db sqlite:shop.db run --stages transmogrify >/dev/null 2>&1 || status=$?
[[ $status -eq 2 ]] || fail "an unknown stage exited $status, expected 2"
echo "run_stages: ok"
