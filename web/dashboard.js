// The ecomflow dashboard page: reads one JSON endpoint per panel, redraws when
// the server pushes a new version (Server-Sent Events) or on the chosen
// auto-refresh, and keeps the range and refresh choices in the URL.
// Every value from the server reaches the page through textContent or the
// chart canvas, never as HTML.
'use strict';

const kRanges = ['1h', '6h', '24h', '7d', 'all'];
const kRefreshMs = { off: 0, '5s': 5000, '30s': 30000, '1m': 60000 };
const kPanels = ['kpis', 'events_per_minute', 'revenue_per_hour', 'funnel', 'top_products',
                 'hourly_traffic', 'abandonment', 'pipeline_health'];

const state = { range: '24h', refresh: 'off', version: null, timer: null, data: {}, loading: null,
                currency: { code: 'USD', symbol: '$', minor_digits: 2 } };
const charts = {};

function readUrl() {
  const params = new URLSearchParams(location.search);
  if (kRanges.includes(params.get('range'))) state.range = params.get('range');
  if (params.get('refresh') in kRefreshMs) state.refresh = params.get('refresh');
}

function writeUrl() {
  const params = new URLSearchParams(location.search);
  params.set('range', state.range);
  params.set('refresh', state.refresh);
  history.replaceState(null, '', location.pathname + '?' + params.toString());
}

// Money is integer cents on the wire; format without floating-point sums,
// in the currency `/api/dashboard` names (USD until it has answered).
function formatMoney(cents) {
  if (cents === null || cents === undefined) return '–';
  const { symbol, minor_digits: digits } = state.currency;
  const negative = cents < 0;
  let abs = Math.abs(Math.round(cents));
  if (digits === 0) abs = Math.floor((abs + 50) / 100) * 100;  // half away from zero, as the reports do
  const units = Math.floor(abs / 100).toLocaleString('en-US');
  const rest = digits === 0 ? '' : '.' + String(abs % 100).padStart(2, '0');
  return (negative ? '-' : '') + symbol + units + rest;
}

function formatCount(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US');
}

function formatRate(rate) {
  return rate === null || rate === undefined ? '–' : (rate * 100).toFixed(1) + '%';
}

// "2024-01-02 03:04:05" (UTC) -> milliseconds.
function parseUtc(text) {
  if (!text) return null;
  return Date.parse(text.replace(' ', 'T').replace(/(Z|[+-]\d\d:?\d\d)?$/, (m) => m || 'Z'));
}

function formatAgo(text) {
  const at = parseUtc(text);
  if (at === null || Number.isNaN(at)) return 'no ingest yet';
  const minutes = Math.max(0, Math.round((Date.now() - at) / 60000));
  if (minutes < 120) return minutes + ' min ago';
  if (minutes < 48 * 60) return Math.round(minutes / 60) + ' h ago';
  return Math.round(minutes / 1440) + ' d ago';
}

/** The text each KPI tile shows, from the kpis panel: shared with the browser test. */
function kpiTexts(k) {
  return {
    revenue: formatMoney(k.revenue_cents),
    orders: formatCount(k.orders),
    aov: formatMoney(k.aov_cents),
    conversion: formatRate(k.conversion_rate),
    abandonment: formatRate(k.abandonment_rate),
    events_last_hour: formatCount(k.events_last_hour),
    freshness: formatAgo(k.last_ingest_at),
    quarantine_rate: formatRate(k.quarantine_rate),
  };
}
window.ecomflowKpiTexts = kpiTexts;

function setTile(name, text, raw, sub) {
  const tile = document.querySelector(`[data-kpi="${name}"]`);
  tile.querySelector('.value').textContent = text;
  tile.querySelector('.value').title = text;
  tile.querySelector('.sub').textContent = sub || '';
  tile.dataset.raw = raw === null || raw === undefined ? '' : String(raw);
}

function renderKpis(k) {
  const texts = kpiTexts(k);
  setTile('revenue', texts.revenue, k.revenue_cents);
  setTile('orders', texts.orders, k.orders, formatCount(k.units) + ' units');
  setTile('aov', texts.aov, k.aov_cents);
  setTile('conversion', texts.conversion, k.conversion_rate,
          `${formatCount(k.converted_sessions)} of ${formatCount(k.sessions)} sessions`);
  setTile('abandonment', texts.abandonment, k.abandonment_rate,
          `${formatCount(k.abandoned_sessions)} of ${formatCount(k.cart_sessions)} carts`);
  setTile('events_last_hour', texts.events_last_hour, k.events_last_hour, 'before the latest event');
  setTile('freshness', texts.freshness, k.last_ingest_at, k.last_ingest_at ? 'last ingest ' + k.last_ingest_at : '');
  setTile('quarantine_rate', texts.quarantine_rate, k.quarantine_rate,
          `${formatCount(k.quarantined)} of ${formatCount(k.records_read)} records, all runs`);
  const stale = parseUtc(k.last_ingest_at);
  document.querySelector('[data-kpi="freshness"]').classList.toggle('stale', !stale || Date.now() - stale > 3600e3);
}

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
  return charts[id];
}

const kGrid = { left: 48, right: 12, top: 16, bottom: 28, containLabel: true };

function timeSeries(id, name, points, color, valueFormatter) {
  chart(id).setOption({
    animation: false,
    grid: kGrid,
    tooltip: { trigger: 'axis', valueFormatter },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => formatCount(v) } },
    series: [{ name, type: 'line', showSymbol: false, areaStyle: { opacity: 0.12 }, color, data: points }],
  }, true);
}

function categoryBars(id, labels, series, horizontal) {
  const category = { type: 'category', data: labels };
  const value = { type: 'value' };
  chart(id).setOption({
    animation: false,
    grid: kGrid,
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0, textStyle: { fontSize: 11 } } : undefined,
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
    series: series.map((s) => Object.assign({ type: 'bar' }, s)),
  }, true);
}

function renderEvents(p) {
  const perMinute = 60 / p.bucket_seconds;
  timeSeries('chart-events', 'events / min',
             p.points.map(([t, n]) => [parseUtc(t), +(n * perMinute).toFixed(2)]), '#2f6fde');
}

function renderRevenue(p) {
  timeSeries('chart-revenue', 'revenue', p.points.map(([t, cents]) => [parseUtc(t), cents / 100]), '#1b8a4b',
             (v) => formatMoney(Math.round(v * 100)));
}

function renderFunnel(p) {
  categoryBars('chart-funnel', p.steps.map((s) => s.label),
               [{ name: 'sessions', data: p.steps.map((s) => s.sessions), color: '#7a5af8' }], true);
}

function renderHourly(p) {
  categoryBars('chart-hourly', p.hours.map((h) => String(h.hour).padStart(2, '0')),
               [{ name: 'events', data: p.hours.map((h) => h.events), color: '#2f6fde' }], false);
}

function renderAbandonment(p) {
  categoryBars('chart-abandonment', p.days.map((d) => d.date), [
    { name: 'carts', data: p.days.map((d) => d.cart_sessions), color: '#9db8ef' },
    { name: 'abandoned', data: p.days.map((d) => d.abandoned_sessions), color: '#c23b3b' },
  ], false);
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

function renderTopProducts(p) {
  const body = document.querySelector('#top-products tbody');
  body.replaceChildren();
  for (const r of p.rows) {
    const tr = document.createElement('tr');
    cell(tr, r.product_name);
    cell(tr, r.category);
    cell(tr, formatCount(r.units), 'num');
    cell(tr, formatMoney(r.revenue_cents), 'num');
    body.appendChild(tr);
  }
  if (!p.rows.length) {
    const tr = document.createElement('tr');
    cell(tr, 'no sales in this range');
    body.appendChild(tr);
  }
}

function renderHealth(p) {
  const body = document.querySelector('#runs tbody');
  body.replaceChildren();
  for (const r of p.runs) {
    const tr = document.createElement('tr');
    cell(tr, String(r.run_id));
    cell(tr, r.started_at || '');
    cell(tr, r.status, 'status-' + r.status);
    cell(tr, formatCount(r.records_read), 'num');
    cell(tr, formatCount(r.quarantined), 'num');
    cell(tr, r.elapsed_seconds === null ? '' : r.elapsed_seconds.toFixed(2), 'num');
    if (r.message) tr.title = r.message;
    body.appendChild(tr);
  }
  const list = document.getElementById('failed-checks');
  list.replaceChildren();
  document.getElementById('checks-batch').textContent = p.checks_batch === null ? '(no checks run yet)'
                                                                                 : `(check batch ${p.checks_batch})`;
  for (const c of p.failed_checks) {
    const li = document.createElement('li');
    li.className = 'status-' + c.status;
    li.textContent = `${c.check_name} [${c.severity}]: ${c.message || c.status}`;
    list.appendChild(li);
  }
  const streams = document.getElementById('streams');
  streams.replaceChildren();
  for (const st of p.streams || []) {
    const li = document.createElement('li');
    li.textContent = `${st.topic} (${st.consumer_group}): ${formatCount(st.consumed)} consumed, ` +
      `${formatCount(st.late)} late, ${st.partitions} partitions, watermark ${st.watermark || '–'}, ` +
      `committed ${formatAgo(st.committed_at)}`;
    streams.appendChild(li);
  }
  streams.hidden = !streams.children.length;
  if (p.checks_batch !== null && !p.failed_checks.length) {
    const li = document.createElement('li');
    li.className = 'status-pass';
    li.textContent = 'all checks passed';
    list.appendChild(li);
  }
}

const kRenderers = {
  kpis: renderKpis, events_per_minute: renderEvents, revenue_per_hour: renderRevenue, funnel: renderFunnel,
  top_products: renderTopProducts, hourly_traffic: renderHourly, abandonment: renderAbandonment,
  pipeline_health: renderHealth,
};

function showError(text) {
  const box = document.getElementById('error');
  box.hidden = !text;
  box.textContent = text || '';
}

async function fetchPanel(name, range) {
  const response = await fetch(`/api/dashboard/${name}?range=${encodeURIComponent(range)}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.json();
}

// Loads every panel of the current range; a load started later wins.
async function load() {
  const range = state.range;
  const ticket = {};
  state.loading = ticket;
  try {
    const answers = await Promise.all(kPanels.map((name) => fetchPanel(name, range)));
    if (state.loading !== ticket) return;
    answers.forEach((answer, i) => {
      state.data[kPanels[i]] = answer;
      kRenderers[kPanels[i]](answer.data);
    });
    const k = answers[0];
    state.version = k.version;
    document.getElementById('window').textContent = k.from
      ? `Showing ${k.from} to ${k.to} UTC (the range ends at the latest event) · data version ${k.version}`
      : `Showing all data${k.to ? ' up to ' + k.to + ' UTC' : ''} · data version ${k.version}`;
    document.body.dataset.version = String(k.version);
    document.body.dataset.range = range;
    showError('');
  } catch (error) {
    if (state.loading === ticket) showError('Could not load the dashboard: ' + error.message);
  }
}

function schedule() {
  clearInterval(state.timer);
  const every = kRefreshMs[state.refresh];
  state.timer = every ? setInterval(load, every) : null;
}

function listen() {
  if (!window.EventSource) return;
  const live = document.getElementById('live');
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
  source.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.classList.remove('on'); });
  source.addEventListener('version', (event) => {
    const version = JSON.parse(event.data).version;
    if (version !== state.version) load();
  });
}

function start() {
  readUrl();
  const range = document.getElementById('range');
  const refresh = document.getElementById('refresh');
  range.value = state.range;
  refresh.value = state.refresh;
  writeUrl();
  range.addEventListener('change', () => { state.range = range.value; writeUrl(); load(); });
  refresh.addEventListener('change', () => { state.refresh = refresh.value; writeUrl(); schedule(); });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  // The currency first, so that no tile is ever drawn in the wrong one.
  fetch('/api/dashboard', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : {}))
    .then((index) => { if (index.currency) state.currency = index.currency; })
    .catch(() => {})
    .finally(() => {
      document.body.dataset.currency = state.currency.code;
      const heading = document.getElementById('chart-revenue').previousElementSibling;
      heading.textContent = `Revenue per hour (${state.currency.code})`;
      schedule();
      load();
      listen();
    });
}

start();
