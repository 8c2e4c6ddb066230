// The live dashboard: polls /v1/stats (summed over every guard instance) and draws plain SVG charts.
// No libraries and no CDN: the page must work where the guard runs, offline included.
'use strict';

const STEP = 5;        // seconds per point
const POINTS = 60;     // five minutes
const POLL_MS = 2000;
const COLORS = ['#2f6fdb', '#1e8e4f', '#e08a00', '#b3261e', '#7b3fc4', '#00838f', '#c2185b', '#5d4037', '#607d8b'];
const OUTCOME_COLORS = { APPROVED: '#1e8e4f', RELEASED: '#2f6fdb', DELAYED: '#e08a00', DROPPED: '#b3261e' };
const SVG = 'http://www.w3.org/2000/svg';

// A token can be handed over in the URL fragment (#token=...): fragments never reach the server.
(function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('fatigue-guard-token', decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
})();

function token() {
  return sessionStorage.getItem('fatigue-guard-token') || '';
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

/** Draws one line per series (counts per step, shown per second). */
function lineChart(container, from, series, colorOf) {
  const width = 900, height = 180, left = 44, bottom = 20, top = 8;
  const names = Object.keys(series);
  let max = 1;
  names.forEach(n => series[n].forEach(v => { max = Math.max(max, v / STEP); }));
  const x = i => left + (i / (POINTS - 1)) * (width - left - 4);
  const y = v => top + (1 - v / max) * (height - top - bottom);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
  root.appendChild(svg('line', { class: 'axis', x1: left, y1: y(0), x2: width, y2: y(0) }));
  root.appendChild(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: y(0) }));
  const maxLabel = svg('text', { x: 2, y: top + 10 });
  maxLabel.textContent = max >= 10 ? Math.round(max) + '/s' : max.toFixed(1) + '/s';
  root.appendChild(maxLabel);
  [0, POINTS - 1].forEach(i => {
    const label = svg('text', i === 0 ? { x: left, y: height - 4 } : { x: width - 2, y: height - 4, 'text-anchor': 'end' });
    label.textContent = new Date((from + i * STEP) * 1000).toLocaleTimeString();
    root.appendChild(label);
  });
  names.forEach((name, k) => {
    const d = series[name].map((v, i) => (i === 0 ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(v / STEP).toFixed(1)).join(' ');
    root.appendChild(svg('path', { class: 'series', 'data-series': name, d, fill: 'none', stroke: colorOf(name, k), 'stroke-width': 2 }));
  });
  const legend = el('div', { class: 'legend' });
  names.forEach((name, k) => {
    const total = series[name].reduce((a, b) => a + b, 0);
    const item = el('span');
    const swatch = el('i');
    swatch.style.background = colorOf(name, k);
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(`${name} (${total})`));
    legend.appendChild(item);
  });
  if (names.length === 0) legend.appendChild(el('span', { class: 'hint' }, 'no decisions yet'));
  container.replaceChildren(root, legend);
}

function fillTable(table, rows) {
  const body = el('tbody');
  if (rows.length === 0) {
    const tr = el('tr');
    tr.appendChild(el('td', { class: 'empty' }, 'none'));
    body.appendChild(tr);
  }
  rows.forEach(([name, value]) => {
    const tr = el('tr');
    tr.appendChild(el('td', {}, name));
    tr.appendChild(el('td', { class: 'num' }, String(value)));
    body.appendChild(tr);
  });
  table.replaceChildren(body);
}

function duration(seconds) {
  if (!seconds) return '–';
  if (seconds < 120) return Math.round(seconds) + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  return (seconds / 3600).toFixed(1) + ' h';
}

function setStatus(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = 'status' + (isError ? ' error' : '');
}

async function refresh() {
  if (!token()) {
    setStatus('enter a token with the reader role to see live data', true);
    return;
  }
  try {
    const stats = await getJson(`/v1/stats?step=${STEP}&points=${POINTS}`);
    lineChart(document.getElementById('chart-outcomes'), stats.from, stats.outcomes,
      (name, k) => OUTCOME_COLORS[name] || COLORS[k % COLORS.length]);
    lineChart(document.getElementById('chart-channels'), stats.from, stats.channels,
      (name, k) => COLORS[k % COLORS.length]);
    fillTable(document.getElementById('reasons'),
      Object.entries(stats.reasons).sort((a, b) => b[1] - a[1]).slice(0, 8));
    document.getElementById('held-count').textContent = String(stats.heldBacklog);
    document.getElementById('held-age').textContent = duration(stats.heldOldestAgeSeconds);
    fillTable(document.getElementById('at-cap'),
      Object.entries(stats.customersAtCap).filter(e => e[1] > 0).sort((a, b) => b[1] - a[1]));
    const unreachable = stats.unreachable.length ? ` — unreachable: ${stats.unreachable.join(', ')}` : '';
    setStatus(`${stats.instances.length} instance(s): ${stats.instances.join(', ')}${unreachable} — updated `
      + new Date().toLocaleTimeString(), stats.unreachable.length > 0);
  } catch (e) {
    setStatus(e.status === 401 || e.status === 403 ? 'token rejected: ' + e.message : 'cannot load stats: ' + e.message, true);
  }
}

function renderBudget(b) {
  const out = el('div', { class: 'budget' });
  const when = b.allowedNow ? 'yes, now' : b.neverEligible ? 'no, never (opted out or a max-0 cap)'
    : 'no — next eligible ' + new Date(b.nextEligibleAt).toLocaleString();
  out.appendChild(el('div', { class: 'verdict ' + (b.allowedNow ? 'yes' : 'no') }, `Can send: ${when}`));
  const facts = [];
  if (b.exempt) facts.push('exempt category');
  if (b.optedOut) facts.push('opted out');
  if (b.snoozed) facts.push('snoozed until ' + new Date(b.snoozeUntil).toLocaleString());
  if (b.quietHours.active) facts.push('quiet hours (' + b.quietHours.ruleId + ')');
  if (b.sendWindows && b.sendWindows.outside) {
    facts.push('outside send windows; ' + b.sendWindows.nextRuleId + ' opens '
      + new Date(b.sendWindows.opensAt).toLocaleString());
  }
  out.appendChild(el('div', {}, facts.length ? facts.join(' · ')
    : 'no snooze, no quiet hours, no closed send window, no opt-out applies'));
  if (b.sendWindows && b.sendWindows.rules.length) {
    out.appendChild(el('div', {}, 'send windows in scope (' + b.quietHours.zone + '): '
      + b.sendWindows.rules.join('; ')));
  }
  const table = el('table', { class: 'caps' });
  const head = el('tr');
  ['rule', 'used', 'max', 'remaining', 'window', 'oldest leaves'].forEach(h => head.appendChild(el('th', {}, h)));
  table.appendChild(head);
  b.caps.forEach(c => {
    const tr = el('tr');
    tr.appendChild(el('td', {}, c.ruleId));
    tr.appendChild(el('td', { class: 'num' }, String(c.used)));
    tr.appendChild(el('td', { class: 'num' }, String(c.max)));
    tr.appendChild(el('td', { class: 'num' }, String(c.remaining)));
    tr.appendChild(el('td', {}, c.window));
    tr.appendChild(el('td', {}, c.oldestLeavesAt ? new Date(c.oldestLeavesAt).toLocaleString() : '–'));
    table.appendChild(tr);
  });
  if (b.caps.length === 0) {
    const tr = el('tr');
    tr.appendChild(el('td', { class: 'empty', colspan: 6 }, 'no cap applies'));
    table.appendChild(tr);
  }
  out.appendChild(table);
  out.appendChild(el('div', { class: 'hint' }, 'answered by ' + b.servedBy));
  return out;
}

async function lookup(event) {
  event.preventDefault();
  const result = document.getElementById('lookup-result');
  const id = document.getElementById('lookup-customer').value.trim();
  const params = new URLSearchParams();
  [['channel', 'lookup-channel'], ['category', 'lookup-category'], ['tenant', 'lookup-tenant'], ['campaignId', 'lookup-campaign']].forEach(([name, input]) => {
    const value = document.getElementById(input).value.trim();
    if (value) params.set(name, value);
  });
  result.replaceChildren(el('div', { class: 'hint' }, 'looking up…'));
  try {
    const budget = await getJson(`/v1/customers/${encodeURIComponent(id)}/budget?${params}`);
    result.replaceChildren(renderBudget(budget));
  } catch (e) {
    result.replaceChildren(el('div', { class: 'error' }, `lookup failed (${e.status || 'network'}): ${e.message}`));
  }
}

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem('fatigue-guard-token', document.getElementById('token').value.trim());
  document.getElementById('token').value = '';
  refresh();
});
document.getElementById('lookup-form').addEventListener('submit', lookup);
refresh();
setInterval(refresh, POLL_MS);
