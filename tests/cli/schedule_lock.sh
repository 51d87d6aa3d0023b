#!/usr/bin/env bash
# `ecomflow schedule`: runs `ecomflow run` with the global flags and the
# arguments after --, logs each exit code, stops after --max-runs; a second
# scheduler of the same database, however the database is named, refuses to
# start (exit 7): the lock is held in the database itself.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-schedule.XXXXXX)
first_pid=""
trap '[[ -n "$first_pid" ]] && kill "$first_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null

"$ECOMFLOW" --db sqlite:shop.db schedule --every 1s --max-runs 2 -- --no-progress --reports out >log.txt 2>&1 ||
  fail "schedule: $(cat log.txt)"
grep -q "run 1 finished with exit code 0" log.txt || fail "first run: $(cat log.txt)"
grep -q "run 2 finished with exit code 0" log.txt || fail "second run: $(cat log.txt)"
grep -q "stopped after 2 runs" log.txt || fail "max runs: $(cat log.txt)"
[[ -f out/sales_report.csv ]] || fail "arguments after -- were not passed to run"
[[ $("$ECOMFLOW" --db sqlite:shop.db runs --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))') == 2 ]] ||
  fail "the runs did not use the scheduler's --db"

# A failing run is logged with its exit code and the scheduler goes on.
"$ECOMFLOW" --db sqlite:shop.db schedule --every 1s --max-runs 1 -- --batch-size 0 >bad.txt 2>&1 || fail "schedule"
grep -q "run 1 finished with exit code 2" bad.txt || fail "failing run: $(cat bad.txt)"

"$ECOMFLOW" --db sqlite:shop.db schedule --every 1h --max-runs 2 -- --no-progress >first.txt 2>&1 &
first_pid=$!
for _ in $(seq 100); do grep -q "run 1 finished" first.txt && break; sleep 0.1; done
grep -q "run 1 finished" first.txt || fail "first scheduler: $(cat first.txt)"
code=0
"$ECOMFLOW" --db sqlite:shop.db schedule --daily 02:30 >second.txt 2>&1 || code=$?
[[ $code -eq 7 ]] || fail "second scheduler exited $code: $(cat second.txt)"
grep -q "another scheduler already runs for sqlite:shop.db" second.txt || fail "message: $(cat second.txt)"
# Another name for the same database file is the same database.
ln -s shop.db alias.db
code=0
"$ECOMFLOW" --db sqlite:alias.db schedule --daily 02:30 >alias.txt 2>&1 || code=$?
[[ $code -eq 7 ]] || fail "a scheduler through a symlink exited $code: $(cat alias.txt)"
# A scheduler's own lock does not stop a run of the same database.
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --reports manual >/dev/null 2>&1 || fail "a run beside the scheduler"
kill "$first_pid"
wait "$first_pid" || true
first_pid=""
grep -q "stopped after 1 run" first.txt || fail "stop on SIGTERM: $(cat first.txt)"
# With the first one gone, the lock is free again.
"$ECOMFLOW" --db sqlite:shop.db schedule --every 1s --max-runs 1 -- --no-progress >third.txt 2>&1 || fail "third: $(cat third.txt)"

code=0
"$ECOMFLOW" --db sqlite:shop.db schedule --every 5x >usage.txt 2>&1 || code=$?
[[ $code -eq 2 ]] && grep -q -- "--every '5x'" usage.txt || fail "bad duration: $code $(cat usage.txt)"
code=0
"$ECOMFLOW" --db sqlite:shop.db schedule >usage.txt 2>&1 || code=$?
[[ $code -eq 2 ]] || fail "no schedule given: $code"
echo "ok"
