#!/usr/bin/env bash
# `ecomflow generate`: seed-001 layout, catalog tables and files, no overwrite,
# and the dirty manifest's file-level entries.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$ECOMFLOW" generate -c 2 --out D --db sqlite:D/x.db --catalog-out C > summary.txt
cat summary.txt
grep -q "generated 2 archives" summary.txt
test -f D/events_week_43.zip
test -f D/events_week_44.zip
# Listings go to files first: `grep -q` closing the pipe early would make
# unzip die of SIGPIPE, which pipefail reports as a failure.
unzip -l D/events_week_43.zip > week43.txt
unzip -l D/events_week_44.zip > week44.txt
grep -q "events_2023-10-23.zip" week43.txt
grep -q "events_2023-11-05.zip" week44.txt
unzip -tq D/events_week_43.zip

python3 - D <<'PY'
import io, json, sys, zipfile
directory = sys.argv[1]
for week, first in (("events_week_43.zip", 23), ("events_week_44.zip", 30)):
    archive = zipfile.ZipFile(f"{directory}/{week}")
    days = [info.filename for info in archive.infolist()]
    assert len(days) == 7, days
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    for day in days:
        inner = zipfile.ZipFile(io.BytesIO(archive.read(day)))
        parts = [info.filename for info in inner.infolist()]
        assert parts == [f"part-{n:03}.json" for n in range(1, 6)], parts
        for part in parts:
            assert inner.getinfo(part).compress_type == zipfile.ZIP_DEFLATED
            records = json.loads(inner.read(part))
            assert isinstance(records, list) and len(records) == 100
            for record in records:
                assert isinstance(record, dict)
                assert set(record) <= {"timestamp", "customer_id", "event_type", "product_id", "quantity"}
                assert record["event_type"] in ("view_product", "add_to_cart", "purchase")
                assert ("quantity" in record) == (record["event_type"] == "purchase")
print("layout ok")
PY

test "$(sqlite3 D/x.db 'select count(*) from customers')" = 100
test "$(sqlite3 D/x.db 'select count(*) from products')" = 50
test "$(sqlite3 D/x.db "select count(*) from products where product_id = 'p050'")" = 1
test -f C/customers.csv && test -f C/products.csv && test -f C/init.sql
grep -q "c100" C/customers.csv

# A second run must refuse to overwrite, and leave the archive untouched.
before=$(sha256sum D/events_week_43.zip)
if "$ECOMFLOW" generate -c 2 --out D --db sqlite:D/x.db --catalog-out C --seed 9 2> refusal.txt; then
  echo "expected a refusal to overwrite" >&2
  exit 1
fi
grep -q "events_week_43.zip" refusal.txt
test "$(sha256sum D/events_week_43.zip)" = "$before"

# Dirty data names its unreadable files in the manifest.
"$ECOMFLOW" generate --out E --db sqlite:E/x.db --catalog-out C --dirty-rate 0.05 > /dev/null
python3 - E/_dirty_manifest.json <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
assert manifest["malformed_file"]["path"] == "events_week_43.zip!events_2023-10-23.zip!part-003.json"
assert manifest["corrupt_archive"]["path"] == "events_week_43.zip!events_2023-10-24.zip"
assert manifest["unreadable_records"] == 600
assert all(count > 0 for count in manifest["quarantined"].values()), manifest
print("manifest ok")
PY
