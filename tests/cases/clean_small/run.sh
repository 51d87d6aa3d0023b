#!/usr/bin/env bash
# A small clean dataset in the seed-001 layout (week zip → day zips → JSON
# arrays, pretty and compact, with offsets and fractions): the report must
# match the expected files exactly, and a second run must reprocess nothing.
source "$(dirname "$0")/../lib.sh"
mkdir events
zip_tree events/events_week_43.zip "$case_dir/input/events_week_43.zip.d"
"$ECOMFLOW" --db sqlite:shop.db catalog import --customers "$case_dir/input/customers.csv" \
  --products "$case_dir/input/products.csv" >/dev/null

"$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress >run1.txt
expect_same_file "$case_dir/expected/sales_report.csv" reports/sales_report.csv
expect_same_file "$case_dir/expected/sales_report_electronics.csv" reports/sales_report_electronics.csv
expect_eq records_read 12 "$(json_value reports/run_summary.json records_read)"
expect_eq valid 12 "$(json_value reports/run_summary.json valid)"
expect_eq quarantined 0 "$(json_value reports/run_summary.json quarantined.total)"
expect_eq duplicates 0 "$(json_value reports/run_summary.json duplicates)"
expect_eq files.read 4 "$(json_value reports/run_summary.json files.read)"
expect_eq purchases 8 "$(json_value reports/run_summary.json purchases)"
expect_eq total_revenue 951.45 "$(json_value reports/run_summary.json total_revenue)"
[[ ! -s reports/quarantine.ndjson ]] || fail "clean data produced quarantine lines"
warehouse_report sqlite:shop.db >warehouse.csv
expect_same_file "$case_dir/expected/sales_report.csv" warehouse.csv
expect_eq "fact_events rows" 12 "$(sqlite3 shop.db 'SELECT count(*) FROM warehouse_fact_events')"
for chart in categories_distribution price_distribution top_selling_products revenue_comparison conversion_funnel \
             hourly_traffic daily_revenue cart_abandonment session_duration; do
  [[ "$(head -c 8 reports/charts/$chart.png | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] ||
    fail "reports/charts/$chart.png is not a PNG"
done
grep -q "<html" reports/index.html || fail "no index.html"

# `report` re-renders the same reports from the warehouse alone.
"$ECOMFLOW" --db sqlite:shop.db report --reports rerendered >/dev/null
for file in sales_report.csv daily_trends.csv funnel.csv product_performance.csv customer_metrics.csv; do
  expect_same_file reports/$file rerendered/$file
done
[[ -f rerendered/index.html && -f rerendered/charts/daily_revenue.png ]] || fail "report did not render the page"

# Incremental: nothing new, same report.
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports reports --no-progress >run2.txt
expect_eq "second run records" 0 "$(json_value reports/run_summary.json records_read)"
expect_eq "second run skipped" 1 "$(json_value reports/run_summary.json inputs.skipped_already_processed)"
expect_same_file "$case_dir/expected/sales_report.csv" reports/sales_report.csv

# Report-only and full refresh agree.
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports only --report-only --no-progress >/dev/null
expect_same_file "$case_dir/expected/sales_report.csv" only/sales_report.csv
"$ECOMFLOW" --db sqlite:shop.db run --events events --reports full --full-refresh --no-progress >/dev/null
expect_same_file "$case_dir/expected/sales_report.csv" full/sales_report.csv
expect_eq "full refresh records" 12 "$(json_value full/run_summary.json records_read)"
echo "clean_small: ok"
