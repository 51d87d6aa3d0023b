#!/usr/bin/env bash
# A sale day simulated into the reports directory shows as a Cyberday
# section of the main page, rendered by `run` and by `report`; without one
# the page has no such section.
set -euo pipefail
: "${ECOMFLOW:?}"
: "${ECOMFLOW_SOURCE_DIR:?}"
work=$(mktemp -d /tmp/ecomflow-cyberday-page.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
fixture="$ECOMFLOW_SOURCE_DIR/tests/marketplace/data/amazon_sample.csv"

"$ECOMFLOW" --db sqlite:shop.db catalog import --products "$fixture" >/dev/null
# The simulated shoppers are the catalog's customers (the marketplace file has none).
"$ECOMFLOW" --db sqlite:shop.db simulate cyberday --customers 10 --events 500 --seed 3 --reports reports >/dev/null
mkdir events

# Reports elsewhere: no day was simulated there.
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports elsewhere --no-progress >/dev/null 2>&1
[[ -s elsewhere/index.html ]] || fail "no page"
! grep -q 'id="cyberday"' elsewhere/index.html || fail "a Cyberday section without a sale day"

has_section() {
  python3 - <<'PY'
page = open("reports/index.html", encoding="utf-8").read()
start = page.index('<section id="cyberday">\n<h2>Cyberday sale simulation</h2>')
section = page[start:]
assert "Lost to stock-outs" in section, "no lost revenue tile"
assert section.count("<svg") >= 8, "charts missing"
assert page.count("<!DOCTYPE") == 1 and "<h1>Cyberday" not in page
PY
}
"$ECOMFLOW" --db sqlite:shop.db run --events events --no-progress >/dev/null 2>&1
has_section || fail "run: no Cyberday section"
rm reports/index.html
"$ECOMFLOW" --db sqlite:shop.db report >/dev/null
has_section || fail "report: no Cyberday section"
echo "ok"
