#!/usr/bin/env bash
# One currency for every figure: `--currency` (or `currency` in
# ecomflow.toml) sets the sign, code and decimals of money on the console,
# the charts and the page; the CSVs and `query sales_report` keep the same
# amounts in currency units. A code ecomflow does not know is a usage error.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-currency.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ECOMFLOW" --db sqlite:shop.db generate --profile clickstream --events-per-part 40 >/dev/null

# The default stays US dollars, with the code beside the amount.
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --reports usd >usd.txt 2>/dev/null
grep -Eq '^  revenue \(report\) +\$[0-9,]+\.[0-9]{2} USD$' usd.txt || fail "default console: $(cat usd.txt)"
grep -q '"currency": "USD"' usd/run_summary.json || fail "run_summary.json: no currency"

# Euros: the console, the page, its charts and run_summary.json.
"$ECOMFLOW" --db sqlite:shop.db report --reports eur --currency EUR >report.txt
grep -Eq 'revenue [0-9]+\.[0-9]{2} EUR\)$' report.txt || fail "report console: $(cat report.txt)"
grep -q 'Revenue (EUR)' eur/index.html || fail "page: no chart in EUR"
grep -q '€' eur/index.html || fail "page: no euro sign"
! grep -q '\$' eur/index.html || fail "page still has a dollar sign: $(grep -o '.\{30\}\$.\{20\}' eur/index.html | head -3)"
grep -q '"currency": "EUR"' eur/run_summary.json || fail "run_summary.json: not EUR"
# Amounts are not converted: the CSVs are the same in any currency.
cmp -s usd/sales_report.csv eur/sales_report.csv || fail "sales_report.csv changed with the currency"

# The SQL query gives the CSV's amounts, row for row.
"$ECOMFLOW" --db sqlite:shop.db query sales_report --format csv >query.csv
cmp -s query.csv usd/sales_report.csv || fail "query sales_report differs from sales_report.csv: $(diff query.csv usd/sales_report.csv | head -5)"

# Yen from ecomflow.toml: no minor unit on the console.
printf 'currency = "JPY"\n' >ecomflow.toml
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --reports jpy >jpy.txt 2>/dev/null
grep -Eq '^  revenue \(report\) +¥[0-9,]+ JPY$' jpy.txt || fail "yen console: $(cat jpy.txt)"
rm ecomflow.toml

# Unset, money is shown in the catalog's own currency (a marketplace import
# records it per product); --currency still wins.
sqlite3 shop.db "UPDATE products SET currency = 'EUR'"
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --reports own >own.txt 2>/dev/null
grep -Eq '^  revenue \(report\) +€[0-9,]+\.[0-9]{2} EUR$' own.txt || fail "catalog's currency on the console: $(cat own.txt)"
grep -q '"currency": "EUR"' own/run_summary.json || fail "run_summary.json: not the catalog's EUR"
"$ECOMFLOW" --db sqlite:shop.db report --reports own-report >own-report.txt
grep -Eq 'revenue [0-9]+\.[0-9]{2} EUR\)$' own-report.txt || fail "report console: $(cat own-report.txt)"
"$ECOMFLOW" --db sqlite:shop.db report --reports chosen --currency USD >chosen.txt
grep -Eq 'revenue [0-9]+\.[0-9]{2} USD\)$' chosen.txt || fail "--currency over the catalog's: $(cat chosen.txt)"

set +e
message=$("$ECOMFLOW" --db sqlite:shop.db report --reports bad --currency EUT 2>&1)
code=$?
set -e
[[ $code -eq 2 && "$message" == *"unknown currency 'EUT'"*"did you mean 'EUR'"* ]] || fail "bad code: $code $message"
[[ ! -e bad ]] || fail "reports written for a bad currency"
echo "ok"
