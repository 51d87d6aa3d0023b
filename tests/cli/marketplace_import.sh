#!/usr/bin/env bash
# `ecomflow catalog import --products FILE` recognises the amazon.in
# marketplace export by its header, prints what it read, merged and
# quarantined, and a second import of the same file leaves the same table.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
: "${ECOMFLOW_SOURCE_DIR:?path of the source tree}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

fixture="$ECOMFLOW_SOURCE_DIR/tests/marketplace/data/amazon_sample.csv"
db="sqlite:$work/shop.db"
output=$("$ECOMFLOW" --db "$db" catalog import --products "$fixture")
grep -q "15 rows read, 8 products, 2 repeats merged, 5 quarantined" <<<"$output" || fail "summary: $output"
grep -Eq "quarantined bad_price +2" <<<"$output" || fail "reasons: $output"
grep -q "line 8: product 'B08L12N5H1' rating '|'" <<<"$output" || fail "bad rating not listed: $output"
grep -q "imported 8 products into $db" <<<"$output" || fail "last line: $output"

"$ECOMFLOW" --db "$db" catalog export --out first >/dev/null
again=$("$ECOMFLOW" --db "$db" catalog import --products "$fixture")
[[ "$again" == "$output" ]] || fail "a second import printed something else"
"$ECOMFLOW" --db "$db" catalog export --out second >/dev/null
diff -u first/products.csv second/products.csv || fail "a second import changed the products"
grep -q '^B0BMGG6NKT,.*,139900.00,' first/products.csv || fail "price not exact: $(cat first/products.csv)"

# A seed-001 products.csv still needs its customers.
printf 'product_id,product_name,category,price\np001,Pen,Books,1.00\n' >products.csv
set +e
message=$("$ECOMFLOW" --db "$db" catalog import --products products.csv 2>&1)
code=$?
set -e
[[ $code -eq 2 && "$message" == *"--customers FILE is required"* ]] || fail "seed file alone: $code $message"

# The marketplace export takes no customer file.
printf 'customer_id,join_date,segment\nc001,2024-01-01,VIP\n' >customers.csv
set +e
message=$("$ECOMFLOW" --db "$db" catalog import --products "$fixture" --customers customers.csv 2>&1)
code=$?
set -e
[[ $code -eq 2 ]] || fail "marketplace with --customers: exit $code ($message)"
echo "ok"
