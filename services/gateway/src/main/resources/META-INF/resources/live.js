// The live page: /api/live (server-sent events, one a second) draws Traffic and Workloads; Try it calls
// the services through the same entry point as any client. Plain DOM, textContent only.
'use strict';

const palette = ['#0969da', '#bf3989', '#1a7f37', '#bc4c00', '#8250df', '#57606a'];
const versionColors = new Map();

function colorOf(version) {
  if (!versionColors.has(version)) versionColors.set(version, palette[versionColors.size % palette.length]);
  return versionColors.get(version);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    // Through CSSOM: the Content-Security-Policy refuses style attributes.
    else if (k === 'style') e.style.cssText = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function ms(v) { return v === null || v === undefined ? '–' : `${v.toFixed(1)} ms`; }
function rate(v) { return `${v.toFixed(1)}/s`; }

function versionTag(version) {
  return el('span', { class: 'version', style: `background:${colorOf(version)}`, text: version });
}

// Answers a second by version (stacked) and failures (red) over the last minute, with labelled axes.
function series(summary) {
  const w = 560, h = 120, left = 34, bottom = 24, top = 6;
  const seconds = summary.series;
  const peak = Math.max(10, ...seconds.map(s => Object.values(s.versions).reduce((a, b) => a + b, 0) + s.failures));
  const x = i => left + (i * (w - left - 4)) / seconds.length;
  const bw = Math.max(1, (w - left - 4) / seconds.length - 1);
  const y = v => top + (h - top - bottom) * (1 - v / peak);
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'series', role: 'img',
    'aria-label': `${summary.service}: answers a second by version over the last minute` });
  chart.append(svg('line', { x1: left, y1: y(0), x2: w - 4, y2: y(0), stroke: '#8c959f' }));
  chart.append(svg('line', { x1: left, y1: top, x2: left, y2: y(0), stroke: '#8c959f' }));
  chart.append(svg('text', { x: left - 4, y: y(peak) + 8, 'text-anchor': 'end' }, String(peak)));
  chart.append(svg('text', { x: left - 4, y: y(0), 'text-anchor': 'end' }, '0'));
  chart.append(svg('text', { x: 2, y: top + 40, transform: `rotate(-90 10 ${top + 40})` }, 'answers/s'));
  chart.append(svg('text', { x: left, y: h - 4 }, `-${seconds.length} s`));
  chart.append(svg('text', { x: w - 4, y: h - 4, 'text-anchor': 'end' }, 'now (seconds)'));
  seconds.forEach((s, i) => {
    let base = 0;
    for (const [version, n] of Object.entries(s.versions)) {
      chart.append(svg('rect', { x: x(i), y: y(base + n), width: bw, height: y(base) - y(base + n), fill: colorOf(version) }));
      base += n;
    }
    if (s.failures > 0) {
      chart.append(svg('rect', { x: x(i), y: y(base + s.failures), width: bw, height: y(base) - y(base + s.failures),
        fill: '#cf222e', 'data-failures': s.failures }));
    }
  });
  return chart;
}

function legend(summary) {
  const versions = new Set(summary.series.flatMap(s => Object.keys(s.versions)));
  const items = [...versions].sort().map(v => el('span', {}, versionTag(v), ' '));
  items.push(el('span', { class: 'version', style: 'background:#cf222e', text: 'failed' }));
  return el('p', { class: 'legend muted' }, 'answers a second over the last minute, by version: ', ...items);
}

function renderService(summary) {
  const failures = Object.entries(summary.failureCauses);
  const card = el('div', { class: 'card service', 'data-service': summary.service },
    el('h3', {}, el('span', { text: summary.service }), el('code', { class: 'muted', text: summary.target })));
  const versions = el('span', { class: 'versions' }, 'versions: ');
  for (const [version, perSecond] of Object.entries(summary.versionsPerSecond)) {
    const v = el('span', { 'data-version-rate': version, 'data-per-second': perSecond }, versionTag(version),
      ` ${rate(perSecond)} `);
    versions.append(v);
  }
  card.append(el('div', { class: 'figures' },
    el('span', {}, 'answers ', el('b', { class: 'answers-rate', text: rate(summary.answersPerSecond) })),
    versions,
    el('span', {}, 'failed (1 min) ', el('b', { class: summary.failures ? 'failures error' : 'failures ok',
      text: String(summary.failures) })),
    el('span', {}, 'p50 ', el('b', { class: 'p50', text: ms(summary.p50Ms) })),
    el('span', {}, 'p95 ', el('b', { class: 'p95', text: ms(summary.p95Ms) }))));
  if (failures.length) {
    card.append(el('p', { class: 'error causes', text: 'failures by cause: ' +
      failures.map(([cause, n]) => `${cause} × ${n}`).join(', ') }));
  }
  const rows = el('tbody');
  for (const p of summary.pods) {
    rows.append(el('tr', { 'data-pod': p.pod, 'data-version': p.version, class: p.perSecond > 0 ? '' : 'idle' },
      el('td', { class: 'mono', text: p.pod }), el('td', {}, versionTag(p.version)),
      el('td', { text: rate(p.perSecond) }), el('td', { text: String(p.answers) })));
  }
  card.append(el('table', { class: 'pods' },
    el('thead', {}, el('tr', {}, el('th', { text: 'pod that answered' }), el('th', { text: 'version' }),
      el('th', { text: 'answers/s' }), el('th', { text: 'last minute' }))), rows));
  card.append(series(summary), legend(summary));
  return card;
}

function render(page) {
  const status = document.getElementById('stream-status');
  status.className = 'muted';
  status.textContent = `streamed by gateway pod ${page.streamedBy.pod} (version ${page.streamedBy.version}) ` +
    `at ${new Date(page.at).toLocaleTimeString()}`;
  status.dataset.at = page.at;
  document.getElementById('probe-rate').textContent = String(page.probeRate);
  document.getElementById('rate-seconds').textContent = String(page.rateSeconds);
  const services = el('div', { class: 'services' });
  page.traffic.forEach(s => services.append(renderService(s)));
  document.getElementById('traffic-services').replaceChildren(services);
  if (page.workloads && window.renderWorkloads) window.renderWorkloads(document.getElementById('workloads'), page.workloads);
  const pods = new Set(page.traffic.flatMap(s => s.pods.map(p => p.pod)));
  document.getElementById('logs-pods').replaceChildren(...[...pods].sort().map(p => el('option', { value: p })));
}

function connect() {
  const source = new EventSource('/api/live');
  source.onmessage = event => render(JSON.parse(event.data));
  source.onerror = () => {
    const status = document.getElementById('stream-status');
    status.className = 'error';
    status.textContent = 'live stream interrupted; reconnecting (a gateway pod may be restarting)…';
    // EventSource retries by itself only after a dropped stream; an answer other than 200 (a replica
    // shutting down, too many pages, the Ingress without a ready gateway) closes it for good.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  };
}

// A random UUID without crypto.randomUUID, which browsers offer only on https or localhost.
function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// One call: the answer as JSON, or its problem+json detail (naming the field) as the error.
async function call(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    return { ok: false, error: `no answer: ${e.message}` };
  }
  const servedBy = response.headers.get('X-Served-By') || 'unknown pod';
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail + (body.field ? ` (field: ${body.field})` : '') : text || response.statusText;
    return { ok: false, status: response.status, servedBy, error: `${response.status}: ${detail}` };
  }
  return { ok: true, status: response.status, servedBy, body };
}

function show(id, result, content) {
  const box = document.getElementById(id);
  if (!result.ok) {
    box.replaceChildren(el('p', { class: 'error problem', text: result.error }));
    return;
  }
  box.replaceChildren(el('p', { class: 'muted', text: `${result.status} from ${result.servedBy}` }), content);
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, ...headers.map(h => el('th', { text: h })))),
    el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map(c => el('td', { text: String(c) }))))));
}

async function placeOrder(event) {
  event.preventDefault();
  const quantity = document.getElementById('order-quantity').value;
  const result = await call('/api/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': document.getElementById('order-key').value },
    body: JSON.stringify({ sku: document.getElementById('order-sku').value, quantity: Number(quantity) }),
  });
  show('order-result', result, result.ok && el('p', { class: 'ok', 'data-order-id': result.body.id,
    text: `order ${result.body.id}: ${result.body.quantity} × ${result.body.sku}, ` +
      `${(result.body.totalCents / 100).toFixed(2)} ${result.body.currency}` }));
}

async function listOrders() {
  const result = await call('/api/orders?limit=10');
  show('orders-result', result, result.ok && table(['id', 'sku', 'quantity', 'total', 'placed'],
    result.body.items.map(o => [o.id, o.sku, o.quantity, `${(o.totalCents / 100).toFixed(2)} ${o.currency}`,
      new Date(o.createdAt).toLocaleTimeString()])));
}

async function searchLogs(event) {
  event.preventDefault();
  const query = new URLSearchParams({ limit: '20' });
  const pod = document.getElementById('logs-pod').value;
  const contains = document.getElementById('logs-contains').value;
  const token = document.getElementById('logs-token').value;
  if (pod) query.set('pod', pod);
  // The collector searches text in the last hour only.
  if (contains) query.set('contains', contains);
  const result = await call(`/api/logs?${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  show('logs-result', result, result.ok && table(['time', 'pod', 'message'],
    result.body.items.map(l => [new Date(l.timestamp).toLocaleTimeString(), l.pod, l.message])));
}

async function offerSkus() {
  const result = await call('/api/catalog/products?size=20');
  if (result.ok) {
    document.getElementById('order-skus').replaceChildren(...result.body.items.map(p => el('option', { value: p.sku, label: p.name })));
    const sku = document.getElementById('order-sku');
    if (!sku.value && result.body.items.length) sku.value = result.body.items[0].sku;
  }
}

document.getElementById('order-key').value = newKey();
document.getElementById('order-new-key').addEventListener('click', () => { document.getElementById('order-key').value = newKey(); });
document.getElementById('order-form').addEventListener('submit', placeOrder);
document.getElementById('orders-refresh').addEventListener('click', listOrders);
document.getElementById('logs-form').addEventListener('submit', searchLogs);
offerSkus();
connect();
