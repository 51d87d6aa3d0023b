#!/usr/bin/env bash
# A file the run may not read (permission denied) is quarantined and counted,
# and the run goes on (exit 3); it is not recorded in the ledger, so the run
# after the permissions are fixed reads it. A directory that cannot be listed
# stops the run with a message naming that directory. Root reads everything,
# so as root the runs are made as the user `nobody`.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-unreadable.XXXXXX)
trap '[[ -n "${KEEP:-}" ]] || { chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"; }' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"; }

as_user=()
if [[ $(id -u) -eq 0 ]]; then
  command -v runuser >/dev/null || { echo "skipped: runuser is needed to drop root's privileges"; exit 77; }
  as_user=(runuser -u nobody --)
fi
cp "$ECOMFLOW" ./ecomflow  # wherever the build lives, `nobody` can run this copy
chmod 755 "$work" ./ecomflow
"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 20 --seed 4 --out events \
  --catalog-out catalog >/dev/null
customer=$(sed -n 2p catalog/customers.csv | cut -d, -f1)
printf '{"timestamp":"2023-10-23T11:00:00","customer_id":"%s","event_type":"page_view"}\n' "$customer" \
  >events/locked.ndjson
mkdir reports
[[ $(id -u) -eq 0 ]] && chown -R nobody "$work"
chmod 000 events/locked.ndjson
run() { "${as_user[@]}" env TMPDIR="$work" ./ecomflow --db sqlite:shop.db run --events events --reports reports \
  --no-progress --fail-on never >out.txt 2>err.txt; }

status=0
run || status=$?
[[ $status -eq 3 ]] || fail "a run with an unreadable file exited $status, expected 3: $(tail -3 err.txt)"
[[ $(json reports/run_summary.json files.by_reason.corrupt_archive) -eq 1 ]] || fail "the file is not counted"
grep 'cannot read: Permission denied' reports/quarantine.ndjson | grep -q '"file":"events/locked.ndjson"' ||
  fail "the quarantine does not name the unreadable file"
[[ -s reports/sales_report.csv ]] || fail "no report"
[[ $(sqlite3 shop.db "SELECT COUNT(*) FROM ingest_ledger WHERE path LIKE '%locked.ndjson'") -eq 0 ]] ||
  fail "the unreadable file is in the ledger"

chmod 644 events/locked.ndjson
status=0
run || status=$?
[[ $status -eq 0 ]] || fail "the run after fixing the permissions exited $status: $(tail -3 err.txt)"
expect_read=$(json reports/run_summary.json records_read)
[[ $expect_read -eq 1 ]] || fail "the formerly unreadable file was not read ($expect_read records)"

mkdir events/sealed
[[ $(id -u) -eq 0 ]] && chown nobody events/sealed
chmod 000 events/sealed
status=0
run || status=$?
[[ $status -eq 1 ]] || fail "an unlistable directory: exit $status, expected 1"
grep -q "cannot list events directory 'events/sealed': Permission denied" err.txt ||
  fail "the message does not name the directory: $(cat err.txt)"
echo "unreadable_input: ok"
