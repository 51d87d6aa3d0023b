#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time: fuzz/run.sh BUILD_DIR SECONDS
# [TARGET...] (all targets when none is named).
# Seeds come from the generator (clean and dirty seed-001 parts, NDJSON, CSV,
# zip and gzip files) plus fuzz/regressions/<target>/, the inputs that once
# crashed; corpora grow in BUILD_DIR/corpus/<target>/ across runs, crashes go
# to BUILD_DIR/findings/<target>/. Prints executions per target at the end.
set -euo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
ecomflow="$root/build/ecomflow"
[[ -x "$ecomflow" ]] || { echo "error: $ecomflow is missing: make build first" >&2; exit 1; }
seeds="$build/seeds"

make_seeds() {
  local work
  work=$(mktemp -d)
  "$ecomflow" --db "sqlite:$work/seed.db" generate --weeks 1 --parts-per-day 2 --events-per-part 8 \
    --dirty-rate 0.2 --seed 7 --out "$work/zip" --catalog-out "$work/catalog" >/dev/null
  # A second database: another seed draws another catalog, which generate
  # refuses to put in place of the first.
  "$ecomflow" --db "sqlite:$work/seed-ndjson.db" generate --weeks 1 --events-per-part 8 --dirty-rate 0.2 \
    --seed 8 --format ndjson --out "$work/ndjson" --catalog-out "$work/catalog-ndjson" >/dev/null
  mkdir -p "$seeds"/{json_array,ndjson,csv,zip_walker,timestamp,settings}
  python3 - "$work" "$seeds" <<'PY'
import csv, glob, gzip, io, json, os, sys, zipfile
work, seeds = sys.argv[1], sys.argv[2]
def save(target, name, data):
    with open(os.path.join(seeds, target, name), "wb") as f:
        f.write(data)
parts = []
for path in sorted(glob.glob(os.path.join(work, "zip", "**", "*.zip"), recursive=True)):
    data = open(path, "rb").read()
    save("zip_walker", os.path.basename(path) + ".seed", b"\0" + data)  # even first byte: a zip
    try:
        with zipfile.ZipFile(path) as week:
            for day in week.namelist():
                try:
                    with zipfile.ZipFile(io.BytesIO(week.read(day))) as inner:
                        for part in inner.namelist():
                            parts.append((day + "-" + part, inner.read(part)))
                except (zipfile.BadZipFile, ValueError, OSError):
                    pass  # the dirty data holds corrupt archives on purpose
    except (zipfile.BadZipFile, ValueError, OSError):
        pass
for name, data in parts[:40]:
    save("json_array", name, data)
for path in sorted(glob.glob(os.path.join(work, "ndjson", "**", "*.ndjson*"), recursive=True))[:4]:
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    lines = data.splitlines(keepends=True)
    for i in range(0, min(len(lines), 200), 20):
        save("ndjson", f"{os.path.basename(path)}-{i}", b"".join(lines[i:i + 20]))
    save("zip_walker", os.path.basename(path) + ".gz.seed", b"\1" + gzip.compress(b"".join(lines[:50])))
columns = ["timestamp", "customer_id", "event_type", "product_id", "quantity", "event_id", "session_id"]
for index, (name, data) in enumerate(parts[:20]):
    try:
        records = json.loads(data)
    except ValueError:
        continue
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        row = record if isinstance(record, dict) else {}
        writer.writerow([row.get(c, "") if not isinstance(row.get(c), (dict, list)) else json.dumps(row[c])
                         for c in columns])
    save("csv", name + ".csv", out.getvalue().encode())
    timestamps = [r.get("timestamp") for r in records if isinstance(r, dict) and isinstance(r.get("timestamp"), str)]
    for j, t in enumerate(timestamps[:5]):
        save("timestamp", f"{index}-{j}", t.encode())
for j, t in enumerate(["2023-10-23T00:00:17", "2023-10-23 00:00:17.123456Z", "2024-02-29T23:59:60+05:30",
                       "1969-12-31T23:59:59-0130", "0000-01-01T00:00:00", "9999-12-31T23:59:59.9999999z"]):
    save("timestamp", f"fixed-{j}", t.encode())
save("settings", "example", open(os.path.join(os.environ.get("ROOT", "."), "ecomflow.toml.example"), "rb").read()
     if os.path.exists(os.path.join(os.environ.get("ROOT", "."), "ecomflow.toml.example")) else b"db = 'sqlite:x.db'\n")
save("settings", "dotenv", b"ECOMFLOW_DB=postgresql://u:p@h/db\n# comment\nexport ECOMFLOW_THREADS='4'\n\0threads = 2\nlog_level = \"warn\"\n")
PY
  rm -rf "$work"
}
[[ -d "$seeds" ]] || ROOT="$root" make_seeds

# Requests as serve reads them: path \n query \n Idempotency-Key \n
# Authorization \n body, from the examples of docs/api.md (no server needed).
make_request_seeds() {
  mkdir -p "$seeds/serve_request"
  python3 - "$seeds/serve_request" <<'PY'
import os, sys
bearer = b"Bearer fuzz-token-0123456789"
for index, request in enumerate([
        (b"/api/products", b"category=Books&min_price=10&max_price=50&q=alpha&limit=5", b"", b"", b""),
        (b"/api/products/p004", b"", b"", b"", b""),
        (b"/api/products", b"meta_key=color&meta_value=red&offset=20&limit=1000", b"", b"", b""),
        (b"/api/carts/c001/items/p004", b"", b"", bearer, b'{"quantity": 2}'),
        (b"/api/carts/c001/items", b"", b"", bearer, b'{"product_id": "p004", "quantity": 1}'),
        (b"/api/orders", b"", b"7f1c9a52-checkout-c001", bearer,
         b'{"customer_id": "c001", "payment_method": "card"}'),
        (b"/api/orders/42", b"", b"", b"", b""),
        (b"/api/customers/c001/orders", b"limit=10", b"", b"", b""),
        (b"/api/top-products", b"limit=3", b"", b"", b""),
        (b"/api/queries/product_rank", b"limit=5", b"", b"", b""),
        (b"/api/customers/c%C3%A9/orders", b"q=%E2%82%AC&limit=-1", b"", b"Bearer short", b'{"quantity": 1e3}')]):
    open(os.path.join(sys.argv[1], f"request-{index}"), "wb").write(b"\n".join(request))
PY
}
[[ -d "$seeds/serve_request" ]] || make_request_seeds

# The NDJSON and CSV seeds behind a format byte (bit 0: CSV) and a two-byte
# piece size, from one byte to more than the file.
make_piece_seeds() {
  mkdir -p "$seeds/piece_reader"
  python3 - "$seeds" <<'PY'
import glob, os, sys
seeds = sys.argv[1]
sizes = [1, 7, 64, 300, 4096]
for format_byte, target in ((0, "ndjson"), (1, "csv")):
    for index, path in enumerate(sorted(glob.glob(os.path.join(seeds, target, "*")))):
        size = sizes[index % len(sizes)] - 1
        with open(os.path.join(seeds, "piece_reader", f"{target}-{os.path.basename(path)}"), "wb") as out:
            out.write(bytes([format_byte, size >> 8, size & 0xFF]) + open(path, "rb").read())
PY
}
[[ -d "$seeds/piece_reader" ]] || make_piece_seeds

summary=()
status=0
targets=("${@:3}")
(( ${#targets[@]} )) || targets=(zip_walker json_array ndjson csv timestamp settings serve_request piece_reader)
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target" findings="$build/findings/$target"
  mkdir -p "$corpus" "$findings"
  dirs=("$corpus" "$seeds/$target")
  [[ -d "$root/fuzz/regressions/$target" ]] && dirs+=("$root/fuzz/regressions/$target")
  log="$build/fuzz-$target.log"
  echo "fuzzing $target for ${seconds}s"
  if ! "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=1048576 -artifact_prefix="$findings/" -print_final_stats=1 "${dirs[@]}" >"$log" 2>&1; then
    status=1
    echo "  FOUND a crash: see $log and $findings/"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  summary+=("$(printf '%-11s %12s executions  %s' "$target" "$runs" "$(grep -o 'cov: [0-9]*' "$log" | tail -1)")")
done
printf '%s\n' "${summary[@]}"
exit $status
