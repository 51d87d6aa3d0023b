#!/usr/bin/env bash
# Every page tells the same story as the CSVs beside it: after a first run,
# after a run with no new files, and rendered again from the warehouse by
# `ecomflow report`. Figures about one run are labelled as such, and the
# accounting the page shows is the stored one, which balances.
set -euo pipefail
: "${ECOMFLOW:?}"
work=$(mktemp -d /tmp/ecomflow-consistency.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# page_facts DIR: the page's funnel table, tiles and accounting, next to the
# CSV's overall funnel row and sales totals, as KEY=VALUE lines.
page_facts() {
  python3 - "$1" <<'PY'
import csv, html.parser, re, sys
directory = sys.argv[1]
class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.row = None; self.cell = None; self.text = []
    def handle_starttag(self, tag, attrs):
        if tag == "tr": self.row = []
        if tag in ("td", "th") and self.row is not None: self.cell = []
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip()); self.cell = None
        if tag == "tr" and self.row is not None: self.rows.append(self.row); self.row = None
    def handle_data(self, data):
        if self.cell is not None: self.cell.append(data)
        self.text.append(data)
page = open(f"{directory}/index.html", encoding="utf-8").read()
cells = Cells(); cells.feed(page)
number = lambda text: int(text.replace(",", ""))
row = {r[0]: r[1:] for r in cells.rows if r}
print("page_views=%d" % number(row["Product views"][0]))
print("page_carts=%d" % number(row["Add to cart"][0]))
print("page_purchases=%d" % number(row["Purchases"][0]))
print("page_read=%d" % number(row["Read"][0]))
print("page_inputs=%d" % number(row["Inputs found"][0]))
print("page_bytes_read=%s" % row["Bytes read"][0].replace(" ", "_"))
text = "".join(cells.text)
print("page_balanced=%s" % ("yes" if "does not balance" not in text and "≠" not in text else "no"))
print("page_labels=%s" % ("yes" if "Valid records (this run)" in text else "no"))
with open(f"{directory}/funnel.csv") as f:
    overall = next(r for r in csv.DictReader(f) if r["scope"] == "overall")
print("csv_views=%s" % overall["view_product"])
print("csv_carts=%s" % overall["add_to_cart"])
print("csv_purchases=%s" % overall["purchase"])
PY
}
check_page() {  # check_page DIR WHEN: the page's funnel equals funnel.csv's, and the accounting balances
  local facts; facts=$(page_facts "$1")
  eval "$facts"
  [[ $page_views == "$csv_views" && $page_carts == "$csv_carts" && $page_purchases == "$csv_purchases" ]] ||
    fail "$2: page funnel $page_views/$page_carts/$page_purchases, funnel.csv $csv_views/$csv_carts/$csv_purchases"
  [[ $page_balanced == yes ]] || fail "$2: the page's accounting does not balance"
  [[ $page_labels == yes ]] || fail "$2: this run's figures are not labelled"
  [[ $page_views -gt 0 ]] || fail "$2: no product views"
}

"$ECOMFLOW" --db sqlite:shop.db generate --profile clickstream --events-per-part 60 >/dev/null
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --no-checks >/dev/null 2>&1
check_page reports "first run"
eval "$(page_facts reports)"
first_views=$page_views
first_read=$page_read
cp reports/funnel.csv first_funnel.csv

# A run with no new files: the same data, the same story; this run read nothing.
"$ECOMFLOW" --db sqlite:shop.db run --no-progress --no-checks >/dev/null 2>&1
check_page reports "run with no new files"
eval "$(page_facts reports)"
[[ $page_views == "$first_views" ]] || fail "the funnel changed without new data: $first_views -> $page_views"
[[ $page_read == 0 ]] || fail "the second run read nothing, the page says $page_read"
diff -u first_funnel.csv reports/funnel.csv || fail "funnel.csv changed without new data"

# Rendered from the warehouse: the stored accounting of the last run, in full.
"$ECOMFLOW" --db sqlite:shop.db run --full-refresh --no-progress --no-checks >/dev/null 2>&1
"$ECOMFLOW" --db sqlite:shop.db report --reports again >/dev/null
check_page again "ecomflow report"
eval "$(page_facts again)"
[[ $page_read == "$first_read" ]] || fail "report: read $page_read, the run read $first_read"
[[ $page_inputs -gt 0 && $page_bytes_read != "0_B" ]] || fail "report: inputs $page_inputs, bytes $page_bytes_read"

# The page says when it was made, links the files beside it and lists the checks.
"$ECOMFLOW" --db sqlite:shop.db run --no-progress >/dev/null 2>&1
for page in reports/index.html; do
  grep -Eq "generated 20[0-9]{2}-[0-9]{2}-[0-9]{2}T" $page || fail "no generation time on the page"
  for file in sales_report.csv funnel.csv sessions.csv daily_trends.csv run_summary.json; do
    grep -q "<a href=\"$file\">" $page || fail "no link to $file"
    [[ -f reports/$file ]] || fail "the page links $file, which is not there"
  done
  grep -q "<td>sales_facts_customer_known</td><td>pass</td><td class=\"num\">0 rows</td><td>&gt; 0 rows</td>" $page ||
    fail "the page does not list the checks"
done
"$ECOMFLOW" --db sqlite:shop.db report --reports third >/dev/null
grep -q "<td>sales_facts_customer_known</td><td>pass</td>" third/index.html || fail "report: no checks listed"
echo "ok"
