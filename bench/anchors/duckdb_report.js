#!/usr/bin/env node
// Seed 001's sales report as one DuckDB SQL query over the part files
// extracted to plain .json (DuckDB cannot read nested zips) and the catalog
// CSV exports. Revenue is summed in integer cents so it is exact.
//
//   node duckdb_report.js EXTRACTED_DIR CATALOG_DIR OUT_CSV
'use strict';

const fs = require('fs');
const path = require('path');
const { DuckDBInstance } = require('@duckdb/node-api');
const { salesReportCsv } = require('./csv_row');

function quoted(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

async function main() {
  const [extracted, catalog, outCsv] = process.argv.slice(2);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const sql = `
    WITH events AS (
      SELECT * FROM read_json(${quoted(path.join(extracted, '**', '*.json'))}, format = 'array',
        columns = {timestamp: 'VARCHAR', customer_id: 'VARCHAR', event_type: 'VARCHAR',
                   product_id: 'VARCHAR', quantity: 'BIGINT'})
    ),
    products AS (
      SELECT product_id, category, CAST(price * 100 AS BIGINT) AS price_cents
      FROM read_csv(${quoted(path.join(catalog, 'products.csv'))}, header = true,
                    types = {'product_id': 'VARCHAR', 'price': 'DECIMAL(10,2)'})
    ),
    customers AS (
      SELECT customer_id, segment AS customer_segment
      FROM read_csv(${quoted(path.join(catalog, 'customers.csv'))}, header = true,
                    types = {'customer_id': 'VARCHAR'})
    )
    SELECT category, customer_segment,
           CAST(sum(quantity * price_cents) AS VARCHAR) AS revenue_cents,
           CAST(sum(quantity) AS BIGINT) AS units_sold,
           count(DISTINCT customer_id) AS unique_customers
    FROM events JOIN products USING (product_id) JOIN customers USING (customer_id)
    WHERE event_type = 'purchase'
    GROUP BY category, customer_segment
    ORDER BY sum(quantity * price_cents) DESC, category, customer_segment`;
  const result = await connection.runAndReadAll(sql);
  fs.writeFileSync(outCsv, salesReportCsv(result.getRowObjects()));
  connection.closeSync();
}

main().catch((error) => {
  console.error(`duckdb_report: ${error.message}`);
  process.exit(1);
});
