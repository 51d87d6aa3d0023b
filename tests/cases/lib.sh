# Shared by the end-to-end cases: sourced by tests/cases/*/run.sh.
# Provides a scratch directory, zip building from committed JSON, checks,
# and the log watchers of tests/support/watch_log.sh.
set -euo pipefail
: "${ECOMFLOW:?ECOMFLOW must point at the built binary}"
case_dir=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
# shellcheck source=tests/support/watch_log.sh
source "$(dirname "${BASH_SOURCE[0]}")/../support/watch_log.sh"
work=$(mktemp -d /tmp/ecomflow-case.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# zip_tree OUT.zip DIR: zips DIR's entries (deflated); a sub-directory named
# X.zip.d becomes a nested archive X.zip built the same way.
zip_tree() {
  python3 - "$1" "$2" <<'PY'
import io, os, sys, zipfile
def build(directory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if os.path.isdir(path) and name.endswith(".zip.d"):
                archive.writestr(name[:-2], build(path))
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    archive.writestr(name, f.read())
    return buffer.getvalue()
with open(sys.argv[1], "wb") as out:
    out.write(build(sys.argv[2]))
PY
}

# json_value FILE KEY.PATH: prints a value of a JSON document.
json_value() {
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print(v)' "$1" "$2"
}

expect_eq() {  # expect_eq WHAT EXPECTED ACTUAL
  [[ "$2" == "$3" ]] || fail "$1: expected '$2', got '$3'"
}

expect_same_file() {  # expect_same_file EXPECTED ACTUAL
  diff -u "$1" "$2" >&2 || fail "$2 differs from $1"
}

# warehouse_report DB_URL: seed 001's report computed by one SQL query over
# the warehouse, in its own columns and units, quoted as sales_report.csv is.
warehouse_report() {
  "$ECOMFLOW" --db "$1" query sales_report --format csv | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
print(",".join(rows[0]))
for category, segment, revenue, units, customers in rows[1:]:
    name = lambda s: "\"" + s.replace("\"", "\"\"") + "\"" if any(c in s for c in ",\"\n") else s
    print(f"{name(category)},{name(segment)},{revenue},{units},{customers}")'
}
