#!/usr/bin/env bash
# One record of every quarantine reason, duplicates by content and by
# event_id, a malformed part file, a corrupt inner archive and an unsupported
# entry, across a nested zip, an NDJSON and a CSV file. Every record must be
# accounted for, count by count, and the run must finish with exit code 3.
source "$(dirname "$0")/../lib.sh"
mkdir events
zip_tree events/events_week_43.zip "$case_dir/input/events_week_43.zip.d"
cp "$case_dir/input/events.ndjson" "$case_dir/input/events.csv" events/
"$ECOMFLOW" --db sqlite:shop.db catalog import --customers "$case_dir/input/customers.csv" \
  --products "$case_dir/input/products.csv" >/dev/null

status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress --fail-on never >run.txt 2>err.txt ||
  status=$?
expect_eq "exit code (unreadable files)" 3 "$status"
expect_same_file "$case_dir/expected/sales_report.csv" reports/sales_report.csv
summary=reports/run_summary.json
expect_eq records_read 17 "$(json_value $summary records_read)"
expect_eq valid 4 "$(json_value $summary valid)"
expect_eq duplicates 2 "$(json_value $summary duplicates)"
expect_eq quarantined 11 "$(json_value $summary quarantined.total)"
for pair in not_an_object=1 missing_field=2 bad_timestamp=1 unknown_event_type=1 unknown_customer=1 \
            unknown_product=1 bad_quantity=3 malformed_json=1; do
  expect_eq "${pair%=*}" "${pair#*=}" "$(json_value $summary quarantined.by_reason.${pair%=*})"
done
expect_eq files.read 3 "$(json_value $summary files.read)"
expect_eq files.quarantined 3 "$(json_value $summary files.quarantined)"

# quarantine.ndjson: one line per quarantined record (11) and file (3), each
# with its reason, source and raw text.
expect_eq "quarantine lines" 14 "$(wc -l < reports/quarantine.ndjson)"
python3 - reports/quarantine.ndjson <<'PY'
import collections, json, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
reasons = collections.Counter(line["reason"] for line in lines)
assert reasons["corrupt_archive"] == 1 and reasons["unsupported_entry"] == 1, reasons
assert reasons["malformed_json"] == 2, reasons  # the NDJSON line and the truncated part file
for line in lines:
    assert line["file"], line
    assert line["raw"] != "" or line["index"] == -1, line
bad_ts = [l for l in lines if l["reason"] == "bad_timestamp"][0]
assert bad_ts["entry"] == "events_2023-10-23.zip!part-001.json" and bad_ts["index"] == 3, bad_ts
assert "yesterday" in bad_ts["raw"], bad_ts
PY

# The database keeps the same quarantine rows.
expect_eq "quarantine table" 14 "$(sqlite3 shop.db 'SELECT count(*) FROM quarantine')"
# With the default --fail-on error, the quarantine rate (11 of 17) fails its
# error-level check: exit code 4, and the published reports stay untouched.
echo "# marker" >> reports/sales_report.csv
status=0
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress --full-refresh >/dev/null 2>err.txt ||
  status=$?
expect_eq "exit code (quality failed)" 4 "$status"
grep -q "reports withheld: quarantine_rate failed" err.txt || fail "no message naming the failing check: $(cat err.txt)"
[[ "$(tail -n 1 reports/sales_report.csv)" == "# marker" ]] || fail "a blocked run replaced the published report"
echo "dirty_small: ok"
