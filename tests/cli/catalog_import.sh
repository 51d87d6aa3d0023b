#!/usr/bin/env bash
# `ecomflow catalog import` loads CSV files into the database, replaces what
# was there, and rejects a bad file with exit code 1 and a message naming the
# file, line and value, leaving the database untouched.
set -euo pipefail
: "${ECOMFLOW:?path of the ecomflow binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >customers.csv <<'CSV'
customer_id,join_date,segment
c001,2024-12-05,Regular
c002,2025-07-21,VIP
CSV
cat >products.csv <<'CSV'
product_id,product_name,category,price,stock
p001,"Lamp, ""deluxe""",Home & Garden,24.50,3
p002,Pen,Books,0.10,0
p003,Phone,Electronics,499.99,12
CSV

db="sqlite:$work/db/shop.db"
output=$("$ECOMFLOW" --db "$db" catalog import --customers customers.csv --products products.csv)
[[ "$output" == "imported 2 customers and 3 products into $db" ]] || fail "import said: $output"

"$ECOMFLOW" --db "$db" catalog export --out exported >/dev/null
diff -u products.csv exported/products.csv || fail "export differs from import"
diff -u customers.csv exported/customers.csv || fail "export differs from import"
grep -q "ON CONFLICT (product_id) DO NOTHING" exported/init.sql || fail "init.sql lacks the product inserts"

# A bad price: exit code 1, a message naming file, line and value.
cat >bad_products.csv <<'CSV'
product_id,product_name,category,price
p001,Lamp,Home & Garden,24.50
p002,Pen,Books,twelve
CSV
set +e
message=$("$ECOMFLOW" --db "$db" catalog import --customers customers.csv --products bad_products.csv 2>&1)
code=$?
set -e
[[ $code -eq 1 ]] || fail "bad file: exit code $code, expected 1 ($message)"
[[ "$message" == *"bad_products.csv"*"line 3"*"price 'twelve'"* ]] || fail "bad file message: $message"

# The failed import left the earlier catalog in place.
"$ECOMFLOW" --db "$db" catalog export --out after >/dev/null
diff -u products.csv after/products.csv || fail "a failed import changed the catalog"

# A missing flag is a usage error.
set +e
"$ECOMFLOW" --db "$db" catalog import --customers customers.csv >/dev/null 2>&1
code=$?
set -e
[[ $code -eq 2 ]] || fail "missing --products: exit code $code, expected 2"

# Exporting from a database without a catalog says how to create one.
: >"$work/empty.db"  # an empty file is an empty SQLite database
set +e
message=$("$ECOMFLOW" --db "sqlite:$work/empty.db" catalog export --out none 2>&1)
code=$?
set -e
[[ $code -eq 1 && "$message" == *"ecomflow catalog import --customers FILE --products FILE"* ]] ||
  fail "export from empty database: $code $message"
echo "ok"
