#!/usr/bin/env bash
# `ecomflow runs`: the pipeline_runs history as an aligned table or JSON.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-runs.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# A database that does not exist is refused, and not created.
code=0
out=$("$ECOMFLOW" --db sqlite:shop.db runs 2>&1) || code=$?
[[ $code -eq 1 && "$out" == *"no database at sqlite:shop.db"* ]] || fail "missing database: $code $out"
[[ ! -e shop.db ]] || fail "runs created the database"

"$ECOMFLOW" --db sqlite:shop.db generate >/dev/null
out=$("$ECOMFLOW" --db sqlite:shop.db runs)
[[ "$out" == "no runs yet"* ]] || fail "empty history: $out"
[[ $("$ECOMFLOW" --db sqlite:shop.db runs --json) == "[]" ]] || fail "empty JSON"
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1

"$ECOMFLOW" --db sqlite:shop.db runs >table.txt
[[ $(wc -l <table.txt) -eq 3 ]] || fail "header and two runs: $(cat table.txt)"
head -n 1 table.txt | grep -Eq "^run +started +finished +status +read +valid +quarantined" || fail "header: $(head -n 1 table.txt)"
# Newest first; the first run read 3500 records, the second found nothing new.
sed -n 2p table.txt | grep -Eq "^ +2 .* ok +0 +0 " || fail "run 2: $(sed -n 2p table.txt)"
sed -n 3p table.txt | grep -Eq "^ +1 .* ok +3500 +3500 +0 " || fail "run 1: $(sed -n 3p table.txt)"
# Aligned: the status column starts at the same offset on every line.
[[ $(awk '{ print index($0, $4) }' table.txt | sort -u | wc -l) -eq 1 ]] || fail "not aligned: $(cat table.txt)"

"$ECOMFLOW" --db sqlite:shop.db runs --json --limit 1 >runs.json
python3 - runs.json <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 1, runs
assert runs[0]["run_id"] == 2 and runs[0]["status"] == "ok", runs
assert runs[0]["finished_at"] is not None
PY
"$ECOMFLOW" --db sqlite:shop.db runs --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert [x["run_id"] for x in r]==[2,1] and r[1]["records_read"]==3500, r'
echo "ok"
