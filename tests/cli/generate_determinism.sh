#!/usr/bin/env bash
# `ecomflow generate` is deterministic: same seed and flags, same bytes,
# whatever the thread count; another seed gives other bytes.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

run() {  # run OUT THREADS SEED [more flags]
  local out=$1 threads=$2 seed=$3
  shift 3
  "$ECOMFLOW" --threads "$threads" generate -c 3 --events-per-part 50 --seed "$seed" --out "$out" \
    --db "sqlite:$out.db" --catalog-out "$out-catalog" "$@" > /dev/null
}

run A 1 7
run B 2 7
run C 1 8
for file in A/*.zip; do
  cmp "$file" "B/$(basename "$file")"
done
cmp A-catalog/products.csv B-catalog/products.csv
! cmp -s A/events_week_43.zip C/events_week_43.zip

run D 1 7 --profile clickstream --format ndjson --dirty-rate 0.1
run E 2 7 --profile clickstream --format ndjson --dirty-rate 0.1
test "$(ls D/*.ndjson | wc -l)" = 21
for file in D/*.ndjson D/_dirty_manifest.json; do
  cmp "$file" "E/$(basename "$file")"
done
echo "deterministic"
