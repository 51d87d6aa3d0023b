#!/usr/bin/env bash
# `catalog export` of a marketplace-imported catalog keeps the marketplace
# columns (currency, list price, discount, rating, rating count, category
# path, metadata), and export → import → export gives the same bytes, into
# a fresh database and back into the same one; a formula-like name is
# written with a leading ' and read back without it.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
: "${ECOMFLOW_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

fixture="$ECOMFLOW_SOURCE_DIR/tests/marketplace/data/amazon_sample.csv"
# The fixture plus a copy of one row under a new id whose name a spreadsheet would run.
{ cat "$fixture"; grep '^B07JW9H4J1,' "$fixture" | sed 's/^B07JW9H4J1,"Wayona/ZZFORMULA1,"=1+2 Wayona/'; } >amazon.csv
grep -q '^ZZFORMULA1,' amazon.csv || fail "the formula row was not made"

"$ECOMFLOW" --db "sqlite:$work/one.db" catalog import --products amazon.csv >/dev/null
"$ECOMFLOW" --db "sqlite:$work/one.db" catalog export --out first >/dev/null
head -1 first/products.csv | grep -qx \
  'product_id,product_name,category,price,stock,currency,list_price,discount_percent,rating,rating_count,category_path,metadata' ||
  fail "header: $(head -1 first/products.csv)"
row=$(grep '^B07JW9H4J1,' first/products.csv) || fail "B07JW9H4J1 not exported"
[[ "$row" == *',399.00,'*',INR,1099.00,64,4.2,24269,Computers&Accessories|'* ]] || fail "B07JW9H4J1: $row"
[[ "$row" == *'"{""source"":""amazon.in"",""discount_percent"":64'* ]] || fail "metadata of B07JW9H4J1: $row"
grep -q "^ZZFORMULA1,\"'=1+2 Wayona" first/products.csv || fail "formula-like name not neutralised"

# Into a fresh database, and back into the first one: the same bytes each time.
"$ECOMFLOW" --db "sqlite:$work/two.db" catalog import --products first/products.csv >out.txt
grep -q "imported .* products (INR" out.txt || fail "import summary: $(cat out.txt)"
"$ECOMFLOW" --db "sqlite:$work/two.db" catalog export --out second >/dev/null
for file in customers.csv products.csv init.sql; do
  cmp first/$file second/$file || fail "$file differs after export → import → export"
done
"$ECOMFLOW" --db "sqlite:$work/one.db" catalog import --products first/products.csv >/dev/null
"$ECOMFLOW" --db "sqlite:$work/one.db" catalog export --out third >/dev/null
cmp first/products.csv third/products.csv || fail "products.csv differs after importing it back"
name=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT product_name FROM products WHERE product_id = ?", ("ZZFORMULA1",)).fetchone()[0])' one.db)
[[ "$name" == "=1+2 Wayona"* ]] ||
  fail "the ' was not removed on import"

# An edited discount that metadata does not repeat is refused, naming the line.
sed '/^B07JW9H4J1,/ s/,64,4\.2,/,65,4.2,/' first/products.csv >edited.csv
code=0
"$ECOMFLOW" --db "sqlite:$work/two.db" catalog import --products edited.csv >out.txt 2>err.txt || code=$?
[[ $code -ne 0 ]] || fail "a discount that disagrees with metadata was imported"
grep -q "discount_percent '65'" err.txt || fail "message: $(cat err.txt)"
