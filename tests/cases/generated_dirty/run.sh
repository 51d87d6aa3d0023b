#!/usr/bin/env bash
# Generated dirty data (every record-level reason, duplicates, a malformed part
# file and a corrupt inner archive): the run's accounting must equal the
# generator's manifest, count by count, on both output formats.
source "$(dirname "$0")/../lib.sh"
for format in zip ndjson; do
  "$ECOMFLOW" --db sqlite:$format.db generate --weeks 2 --events-per-part 150 --dirty-rate 0.04 --seed 5 \
    --format $format --out ev-$format --catalog-out cat-$format >/dev/null
  status=0
  "$ECOMFLOW" --db sqlite:$format.db run --events ev-$format --reports rep-$format --no-progress >/dev/null 2>&1 || status=$?
  manifest=ev-$format/_dirty_manifest.json
  summary=rep-$format/run_summary.json
  python3 - "$manifest" "$summary" "$status" "$format" <<'PY'
import json, sys
manifest, summary = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
status, fmt = int(sys.argv[3]), sys.argv[4]
def expect(what, want, got):
    assert want == got, f"{fmt}: {what}: manifest says {want}, run says {got}"
expect("records_read", manifest["records_readable"], summary["records_read"])
expect("valid", manifest["valid"], summary["valid"])
expect("duplicates", manifest["duplicates"], summary["duplicates"])
expect("quarantined", manifest["quarantined_total"], summary["quarantined"]["total"])
for reason, count in manifest["quarantined"].items():
    expect(reason, count, summary["quarantined"]["by_reason"][reason])
bad_files = sum(1 for key in ("malformed_file", "corrupt_archive") if manifest.get(key))
expect("files quarantined", bad_files, summary["files"]["quarantined"])
expect("exit code", 3 if bad_files else 0, status)
assert summary["records_read"] == summary["valid"] + summary["quarantined"]["total"] + summary["duplicates"]
PY
done
echo "generated_dirty: ok"
