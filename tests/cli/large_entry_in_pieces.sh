#!/usr/bin/env bash
# A 300 MB NDJSON entry inside a zip is inflated and decoded in pieces: the
# run fits in a virtual-memory limit smaller than the entry, every record is
# counted once, the file once, and a bad record keeps its line in the whole
# entry. Two 20 MB CSV entries beside it: one whose bad row keeps its line
# although its pieces repeat the header, and a customers.csv quarantined once
# (bad_header), not once per piece. Skipped (77) where the limit cannot be applied (a sanitizer build
# reserves terabytes of address space).
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-pieces.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
limit_kb=260000  # ~254 MiB of address space for the whole process

"$ECOMFLOW" --db sqlite:shop.db generate --weeks 1 --events-per-part 5 --seed 4 --out small \
  --catalog-out catalog >/dev/null
customer=$(sed -n 2p catalog/customers.csv | cut -d, -f1)
product=$(sed -n 2p catalog/products.csv | cut -d, -f1)

run() {  # run EVENTS REPORTS: a report-only run on one thread under the limit
  ( ulimit -v "$limit_kb"
    "$ECOMFLOW" --db sqlite:shop.db run --events "$1" --reports "$2" --report-only --threads 1 \
      --max-inflate-ratio 0 --no-progress --fail-on never >/dev/null 2>"$2.err" )
}
run small control || { echo "skipped: a run of 35 events does not fit in $limit_kb KB here"; exit 77; }

mkdir -p events
lines=$(python3 - "$customer" "$product" <<'PY'
import sys, zipfile
customer, product = sys.argv[1], sys.argv[2]
line = ('{"timestamp":"2023-10-23T10:00:00","customer_id":"%s","event_type":"view_product",'
        '"product_id":"%s","pad":"%s"}\n' % (customer, product, "x" * 100)).encode()
block = line * 10000
blocks = 300 * 1024 * 1024 // len(block)
with zipfile.ZipFile("events/big.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
    with archive.open("day/events.ndjson", "w", force_zip64=True) as entry:
        for _ in range(blocks):
            entry.write(block)
        entry.write(b'{"timestamp":"bad"}\n')
    row = ("2023-10-23T10:00:00,%s,view_product,%s,\n" % (customer, product)).encode()
    rows = 20 * 1024 * 1024 // len(row)
    with archive.open("day/events.csv", "w", force_zip64=True) as entry:
        entry.write(b"timestamp,customer_id,event_type,product_id,quantity\n" + row * rows + b"a,b\n")
    with archive.open("day/customers.csv", "w", force_zip64=True) as entry:
        entry.write(b"customer_id,join_date,segment\n" + b"c001,2023-01-01,VIP\n" * (rows * 2))
print(blocks * 10000, rows)
PY
)
[[ $(python3 -c 'import zipfile; print(zipfile.ZipFile("events/big.zip").getinfo("day/events.ndjson").file_size)') \
  -gt $((limit_kb * 1024)) ]] || fail "the entry is not larger than the memory limit"

status=0
run events reports || status=$?  # 3: customers.csv is quarantined
[[ $status -eq 3 ]] || fail "the run did not fit in $limit_kb KB (exit $status): $(tail -3 reports.err)"
python3 - reports $lines <<'PY' || fail "the pieces are not accounted for as one whole entry"
import json, sys
reports, lines, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
summary = json.load(open(reports + "/run_summary.json"))
assert summary["records_read"] == lines + 1 + rows + 1, summary["records_read"]
assert summary["duplicates"] == lines + rows - 1, summary["duplicates"]  # one event, repeated
assert summary["quarantined"]["by_reason"]["bad_timestamp"] == 1, summary["quarantined"]
assert summary["quarantined"]["by_reason"]["malformed_json"] == 1, summary["quarantined"]
assert summary["files"] == {"read": 2, "quarantined": 1, "by_reason": {"bad_header": 1}}, summary["files"]
records = {record["entry"]: record for record in map(json.loads, open(reports + "/quarantine.ndjson"))}
assert len(records) == 3, records.keys()
assert records["day/events.ndjson"]["index"] == lines, records["day/events.ndjson"]
assert records["day/events.ndjson"]["raw"] == '{"timestamp":"bad"}'
assert records["day/events.csv"]["index"] == rows + 1 and records["day/events.csv"]["raw"] == "a,b"
assert records["day/customers.csv"]["reason"] == "bad_header" and records["day/customers.csv"]["index"] == -1
PY
echo "large_entry_in_pieces: ok"
