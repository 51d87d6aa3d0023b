// The dashboard in a real browser (Debian's chromium): no console error,
// every KPI equal to the API and to SQL written here independently, the
// range picker, a hostile product name shown as text, a new `ecomflow run`
// reaching the open page without a reload, and screenshots to look at.
// Started by tests/cli/dashboard_browser.sh, which prepares the database and
// the server.
const { test, expect } = require('@playwright/test');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const db = process.env.ECOMFLOW_DASHBOARD_DB;
const ecomflow = process.env.ECOMFLOW;
const nextEvents = process.env.ECOMFLOW_NEXT_EVENTS;
const hostileName = process.env.ECOMFLOW_HOSTILE_NAME;
const kTiles = ['revenue', 'orders', 'aov', 'conversion', 'abandonment', 'events_last_hour', 'freshness',
                'quarantine_rate'];
const kSeconds = { '1h': 3600, '6h': 6 * 3600, '24h': 86400, '7d': 7 * 86400, all: 0 };

function sql(query) {
  return execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '|', db, query], { encoding: 'utf8' }).trim();
}

// The KPIs straight from the warehouse tables, for one range.
function kpisFromSql(range) {
  const latest = "(SELECT MAX(event_time) FROM warehouse_fact_events)";
  const cut = kSeconds[range] ? `event_time > datetime(${latest}, '-${kSeconds[range]} seconds')` : '1 = 1';
  const [orders, revenue] = sql(`SELECT COUNT(*), COALESCE(SUM(revenue_cents), 0) FROM warehouse_fact_sales WHERE ${cut}`)
    .split('|').map(Number);
  const [sessions, converted, carts, abandoned] = sql(
    `SELECT COUNT(*), COALESCE(SUM(p), 0), COALESCE(SUM(c), 0), COALESCE(SUM(c AND NOT p), 0) FROM
       (SELECT MAX(event_type_key = 4) AS p, MAX(event_type_key = 2) AS c FROM warehouse_fact_events
        WHERE ${cut} GROUP BY session_key)`).split('|').map(Number);
  const lastHour = Number(sql(`SELECT COUNT(*) FROM warehouse_fact_events WHERE event_time > datetime(${latest}, '-1 hours')`));
  const [read, quarantined] = sql('SELECT SUM(records_read), SUM(quarantined) FROM pipeline_runs')
    .split('|').map(Number);
  return { revenue_cents: revenue, orders, aov_cents: orders ? Math.trunc(revenue / orders) : null, sessions,
           converted_sessions: converted, cart_sessions: carts, abandoned_sessions: abandoned,
           events_last_hour: lastHour, records_read: read, quarantined };
}

async function kpisFromApi(request, range) {
  const response = await request.get(`/api/dashboard/kpis?range=${range}`);
  expect(response.ok()).toBeTruthy();
  return (await response.json()).data;
}

// Every tile shows what the page's formatter makes of the API's figures,
// and the API's figures are the SQL's.
async function expectTilesMatch(page, request, range) {
  await expect(page.locator('body')).toHaveAttribute('data-range', range);
  const api = await kpisFromApi(request, range);
  const reference = kpisFromSql(range);
  for (const [key, value] of Object.entries(reference)) expect(api[key], `${range} ${key}`).toBe(value);
  expect(api.conversion_rate).toBeCloseTo(reference.sessions ? reference.converted_sessions / reference.sessions : NaN, 6);
  expect(api.quarantine_rate).toBeCloseTo(reference.quarantined / reference.records_read, 6);
  const texts = await page.evaluate((k) => window.ecomflowKpiTexts(k), api);
  for (const tile of kTiles) {
    const value = page.locator(`[data-kpi="${tile}"] .value`);
    if (tile === 'freshness') await expect(value).toHaveText(/ago$/);
    else await expect(value, `${range} ${tile}`).toHaveText(texts[tile]);
  }
  await expect(page.locator('[data-kpi="revenue"]')).toHaveAttribute('data-raw', String(reference.revenue_cents));
  // Formatted here without the page's formatter, in the currency serve was
  // started with (tests/cli/dashboard_browser.sh: EUR).
  await expect(page.locator('body')).toHaveAttribute('data-currency', 'EUR');
  const euros = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });
  await expect(page.locator('[data-kpi="revenue"] .value')).toHaveText(euros.format(reference.revenue_cents / 100));
  await expect(page.locator('[data-kpi="orders"] .value')).toHaveText(reference.orders.toLocaleString('en-US'));
  return api;
}

let problems;
test.beforeEach(async ({ page }) => {
  problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
});
test.afterEach(() => {
  expect(problems, 'console errors').toEqual([]);
});

test('loads with every KPI equal to the API and SQL, and a screenshot', async ({ page, request }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\?range=24h&refresh=off$/);
  await expectTilesMatch(page, request, '24h');
  await expect(page.locator('#live')).toHaveText('live');
  await expect(page.locator('#runs tbody tr')).not.toHaveCount(0);
  await expect(page.locator('#chart-events canvas')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('dashboard-1400x900.png') });
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(
    performance.getEntriesByType('resource')).filter((e) => !e.name.endsWith('/api/events'))
    .reduce((sum, e) => sum + e.transferSize, 0));
  console.log(`page load transferred ${bytes} bytes`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('dashboard-phone.png'), fullPage: true });
});

test('the range picker changes the numbers, and the URL shares it', async ({ page, request }) => {
  await page.goto('/?range=all');
  const all = await expectTilesMatch(page, request, 'all');
  for (const range of ['1h', '6h', '7d']) {
    await page.selectOption('#range', range);
    await expect(page).toHaveURL(new RegExp(`range=${range}`));
    await expectTilesMatch(page, request, range);
  }
  await page.selectOption('#range', '1h');
  const hour = await expectTilesMatch(page, request, '1h');
  expect(hour.sessions).toBeLessThan(all.sessions);
  await page.selectOption('#refresh', '5s');
  await expect(page).toHaveURL(/range=1h&refresh=5s/);
  await page.goto('/?range=6h&refresh=30s');
  await expect(page.locator('#range')).toHaveValue('6h');
  await expect(page.locator('#refresh')).toHaveValue('30s');
  await expectTilesMatch(page, request, '6h');
});

test('a hostile product name is shown as text', async ({ page }) => {
  await page.goto('/?range=all');
  const cell = page.locator('#top-products tbody td').first();
  await expect(cell).toHaveText(hostileName);
  await expect(page.locator('#top-products img, #top-products script, #top-products b')).toHaveCount(0);
  expect(await page.evaluate(() => window.hacked)).toBeUndefined();
});

test('a new run reaches the open page within 5 s, without a reload', async ({ page, request }) => {
  await page.goto('/?range=all');
  await expectTilesMatch(page, request, 'all');
  const before = await page.locator('body').getAttribute('data-version');
  await page.evaluate(() => { window.sameDocument = true; });
  execFileSync(ecomflow, ['--db', `sqlite:${db}`, 'run', '--events', nextEvents, '--no-progress', '--fail-on', 'never'],
               { stdio: 'ignore', cwd: path.dirname(db) });
  const expected = kpisFromSql('all');
  const texts = await page.evaluate((k) => window.ecomflowKpiTexts(k), { revenue_cents: expected.revenue_cents });
  // Measured from the end of the run: the page must show it within 5 s.
  await expect(page.locator('[data-kpi="revenue"] .value')).toHaveText(texts.revenue, { timeout: 5000 });
  expect(await page.locator('body').getAttribute('data-version')).not.toBe(before);
  expect(await page.evaluate(() => window.sameDocument)).toBe(true);
  await expectTilesMatch(page, request, 'all');
});
