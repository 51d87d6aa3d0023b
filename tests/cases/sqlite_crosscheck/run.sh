#!/usr/bin/env bash
# The report cross-checked against a reference engine: Python reads the same
# generated archives into SQLite, which computes seed 001's join and GROUP BY
# in SQL; the two CSVs must be identical to the cent.
source "$(dirname "$0")/../lib.sh"
"$ECOMFLOW" --db sqlite:shop.db generate --weeks 3 --events-per-part 300 --seed 7 --out events \
  --catalog-out catalog >/dev/null
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress >/dev/null
python3 - events shop.db >expected.csv <<'PY'
import glob, io, json, os, sqlite3, sys, zipfile
db = sqlite3.connect(":memory:")
db.execute("ATTACH DATABASE ? AS catalog", (sys.argv[2],))
db.execute("CREATE TABLE events (customer_id TEXT, event_type TEXT, product_id TEXT, quantity INTEGER)")
def walk(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".zip"):
                walk(archive.read(name))
            elif name.endswith(".json"):
                for e in json.loads(archive.read(name)):
                    db.execute("INSERT INTO events VALUES (?,?,?,?)",
                               (e["customer_id"], e["event_type"], e.get("product_id"), e.get("quantity")))
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.zip"))):
    with open(path, "rb") as f:
        walk(f.read())
# Prices compared in cents so the reference is exact too.
price_cents = "CAST(round(p.price * 100) AS INTEGER)"
columns = {r[1] for r in db.execute("PRAGMA catalog.table_info(products)")}
if "price_cents" in columns:
    price_cents = "p.price_cents"
rows = db.execute(f"""
  SELECT p.category, c.segment, sum(e.quantity * {price_cents}) AS cents, sum(e.quantity),
         count(DISTINCT e.customer_id)
  FROM events e JOIN catalog.products p USING (product_id) JOIN catalog.customers c USING (customer_id)
  WHERE e.event_type = 'purchase'
  GROUP BY p.category, c.segment
  ORDER BY cents DESC, p.category, c.segment""").fetchall()
print("category,customer_segment,total_revenue,units_sold,unique_customers")
for category, segment, cents, units, customers in rows:
    print(f"{category},{segment},{cents // 100}.{cents % 100:02d},{units},{customers}")
PY
[[ $(wc -l < expected.csv) -gt 5 ]] || fail "reference produced too few rows"
expect_same_file expected.csv reports/sales_report.csv
echo "sqlite_crosscheck: ok"
