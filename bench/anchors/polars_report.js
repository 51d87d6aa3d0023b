#!/usr/bin/env node
// Seed 001's sales report with Polars (nodejs-polars): every extracted part
// file read with readJSON into one DataFrame, the catalog from the CSV
// exports, then filter, join and group by. Revenue is summed in integer
// cents so it is exact.
//
//   node polars_report.js EXTRACTED_DIR CATALOG_DIR OUT_CSV
'use strict';

const fs = require('fs');
const path = require('path');
const pl = require('nodejs-polars');
const { salesReportCsv } = require('./csv_row');

function partFiles(directory) {
  const files = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...partFiles(full));
    else if (entry.name.endsWith('.json')) files.push(full);
  }
  return files.sort();
}

function main() {
  const [extracted, catalog, outCsv] = process.argv.slice(2);
  // A part file with no purchase has no quantity column: concat diagonally.
  const events = pl.concat(partFiles(extracted).map((file) => pl.readJSON(file, { format: 'json', inferSchemaLength: null })),
    { how: 'diagonal' });
  const products = pl.readCSV(path.join(catalog, 'products.csv'), { dtypes: { product_id: pl.Utf8, price: pl.Utf8 } })
    .select(pl.col('product_id'), pl.col('category'),
      pl.col('price').cast(pl.Float64).mul(100).round(0).cast(pl.Int64).alias('price_cents'));
  const customers = pl.readCSV(path.join(catalog, 'customers.csv'), { dtypes: { customer_id: pl.Utf8 } })
    .select(pl.col('customer_id'), pl.col('segment').alias('customer_segment'));
  const report = events
    .filter(pl.col('event_type').eq(pl.lit('purchase')))
    .withColumns(pl.col('quantity').cast(pl.Int64))
    .join(products, { on: 'product_id' })
    .join(customers, { on: 'customer_id' })
    .withColumns(pl.col('quantity').mul(pl.col('price_cents')).alias('revenue_cents'))
    .groupBy(['category', 'customer_segment'])
    .agg(pl.col('revenue_cents').sum(), pl.col('quantity').sum().alias('units_sold'),
      pl.col('customer_id').nUnique().alias('unique_customers'))
    .sort(['revenue_cents', 'category', 'customer_segment'], [true, false, false]);
  fs.writeFileSync(outCsv, salesReportCsv(report.toRecords()));
}

try {
  main();
} catch (error) {
  console.error(`polars_report: ${error.message}`);
  process.exit(1);
}
