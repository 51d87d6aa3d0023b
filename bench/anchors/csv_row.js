// Report rows written the way every anchor writes them: RFC 4180 quoting
// only where needed, revenue from integer cents with two decimals.
'use strict';

/** Quotes a CSV field only when it needs it. */
function csvField(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Integer cents (number or bigint) as `units.cc`. */
function formatCents(cents) {
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const magnitude = value < 0n ? -value : value;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

/** The sales report CSV text from rows of
 *  {category, customer_segment, revenue_cents, units_sold, unique_customers}. */
function salesReportCsv(rows) {
  const lines = ['category,customer_segment,total_revenue,units_sold,unique_customers'];
  for (const row of rows) {
    lines.push([csvField(row.category), csvField(row.customer_segment), formatCents(row.revenue_cents),
      String(row.units_sold), String(row.unique_customers)].join(','));
  }
  return lines.join('\n') + '\n';
}

module.exports = { salesReportCsv };
