// The customer's preference centre: reads and writes /v1/me with the token the link carries in its
// fragment. The token is moved to sessionStorage (this tab only) and removed from the address bar.
'use strict';

const CHANNELS = ['EMAIL', 'SMS', 'PUSH', 'IN_APP', 'WHATSAPP', 'VOICE', 'WEB_PUSH', 'DIRECT_MAIL'];
const CHANNEL_NAMES = {
  EMAIL: 'Email', SMS: 'Text (SMS)', PUSH: 'Push', IN_APP: 'In the app', WHATSAPP: 'WhatsApp',
  VOICE: 'Calls', WEB_PUSH: 'Browser notifications', DIRECT_MAIL: 'Post', OTHER: 'Other'
};
const CATEGORIES = ['MARKETING', 'PROMOTIONAL', 'NEWSLETTER', 'SERVICE', 'TRANSACTIONAL', 'SECURITY'];
// A limit counts either in a rolling window ("per 24 hours") or per calendar period in the
// customer's zone ("per day", resetting at midnight); the select's value says which.
const WINDOWS = [
  ['PT1H', 'hour'], ['period:DAY', 'day (from midnight)'], ['period:WEEK', 'week (Monday to Sunday)'],
  ['period:MONTH', 'calendar month'], ['P1D', '24 hours'], ['P7D', '7 days'], ['P30D', '30 days']
];

const state = { history: null, held: null, prefs: null, platform: null, next: 1 };
const $ = (id) => document.getElementById(id);

function token() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('fatigue-guard-link', decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('fatigue-guard-link');
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ Authorization: 'Bearer ' + token() },
      body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    referrerPolicy: 'no-referrer'
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { message: text }; }
  return { status: response.status, json };
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') node.textContent = v; else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children) node.append(child);
  return node;
}

const channelName = (c) => CHANNEL_NAMES[c] || c || 'Any channel';
const categoryName = (c) => c ? c.charAt(0) + c.slice(1).toLowerCase() : 'Any kind';
const when = (iso) => new Date(iso).toLocaleString(undefined,
  { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Held messages, with release times told in the browser's zone unless the customer chose one. */
function heldPath() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return '/v1/me/held' + (zone ? '?zone=' + encodeURIComponent(zone) : '');
}

async function load() {
  if (!token()) {
    $('status').textContent = 'This page needs the link you were sent. Open that link again.';
    return;
  }
  const [history, held, prefs] = await Promise.all(
    [api('GET', '/v1/me/history'), api('GET', heldPath()), api('GET', '/v1/me/preferences')]);
  for (const r of [history, held, prefs]) {
    if (r.status !== 200) {
      $('status').textContent = r.status === 401
        ? 'This link does not work any more (' + (r.json && r.json.message) + ').'
        : 'Your page is not available right now (' + (r.json && r.json.message) + '). Please try again in a moment.';
      return;
    }
  }
  state.history = history.json;
  state.held = held.json;
  state.prefs = prefs.json.preferences;
  state.platform = prefs.json.platform;
  renderHistory();
  renderHeld();
  renderPreferences();
  $('status').textContent = '';
  $('main').hidden = false;
  const expiry = linkExpiry();
  if (expiry) $('expires').textContent = 'This link works until ' + expiry.toLocaleDateString() + '. Do not share it: it opens your settings.';
}

/** The link's expiry, read from the token's payload (version byte, then epoch seconds). */
function linkExpiry() {
  try {
    const bytes = atob(token().split('.')[0].replace(/-/g, '+').replace(/_/g, '/'));
    let seconds = 0;
    for (let i = 1; i < 9; i++) seconds = seconds * 256 + bytes.charCodeAt(i);
    return new Date(seconds * 1000);
  } catch (e) {
    return null;
  }
}

/** "P1D" → "1 day", "PT16H" → "16 hours": ISO-8601 durations as the API writes them. */
function durationWords(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const words = [];
  for (const [n, unit] of [[m[1], 'day'], [m[2], 'hour'], [m[3], 'minute']]) {
    if (n) words.push(n + ' ' + unit + (n === '1' ? '' : 's'));
  }
  return words.join(' ') || iso;
}

function renderHistory() {
  const h = state.history;
  $('received-hint').textContent = h.total === 0
    ? 'Nothing counted for you right now.'
    : h.total + ' message(s) counted for you' + (h.keptFor !== 'PT0S' ? ', over the last ' + durationWords(h.keptFor) : '') + '.';
  const totals = $('totals');
  totals.replaceChildren(...Object.entries(h.totals).map(([channel, n]) =>
    el('li', { 'data-channel': channel, text: channelName(channel) + ': ' + n })));
  $('history').replaceChildren(...h.contacts.map((c) =>
    el('tr', {}, el('td', { text: when(c.at) }), el('td', { text: channelName(c.channel) }),
      el('td', { text: categoryName(c.category) }), el('td', { text: c.tenant || '\u2014' }))));
  $('history-table').hidden = h.contacts.length === 0;
}

function renderHeld() {
  const list = $('held');
  if (state.held.held.length === 0) {
    list.replaceChildren(el('li', { class: 'none', text: 'Nothing is waiting for you.' }));
    return;
  }
  list.replaceChildren(...state.held.held.map((m) => el('li', {},
    el('div', { class: 'what', text: channelName(m.channel) + ' · ' + categoryName(m.category) + (m.tenant ? ' from ' + m.tenant : '') }),
    el('div', { class: 'why', text: m.explanation }),
    el('div', { class: 'hint', text: 'Waiting since ' + when(m.since) + '.' }))));
}

function capRow(cap) {
  const id = cap.id || 'limit-' + state.next++;
  const i = state.next++;
  const max = el('input', { type: 'number', min: '0', step: '1', value: cap.max ?? 3, id: 'cap-max-' + i, 'aria-label': 'At most how many messages' });
  const windowSelect = el('select', { id: 'cap-window-' + i, 'aria-label': 'Per' });
  const chosen = cap.period ? 'period:' + cap.period : cap.window || 'period:DAY';
  const known = WINDOWS.some(([v]) => v === chosen);
  for (const [value, label] of (known ? WINDOWS : WINDOWS.concat([[chosen, chosen]]))) {
    windowSelect.append(el('option', { value, text: label, selected: value === chosen }));
  }
  const channel = el('select', { id: 'cap-channel-' + i, 'aria-label': 'On which channel' });
  const current = (cap.channels || [])[0] || '';
  channel.append(el('option', { value: '', text: 'every channel', selected: current === '' }));
  for (const c of CHANNELS) channel.append(el('option', { value: c, text: channelName(c), selected: current === c }));
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove' });
  const row = el('div', { class: 'row cap', 'data-id': id },
    el('label', { for: max.id, text: 'At most' }), max, el('span', { text: 'per' }), windowSelect,
    el('span', { text: 'on' }), channel, remove);
  row.rule = cap;
  remove.addEventListener('click', () => row.remove());
  return row;
}

function quietRow(q) {
  const id = q.id || 'quiet-' + state.next++;
  const i = state.next++;
  const start = el('input', { type: 'time', id: 'quiet-start-' + i, value: q.start || '21:00' });
  const end = el('input', { type: 'time', id: 'quiet-end-' + i, value: q.end || '08:00' });
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove' });
  const row = el('div', { class: 'row quiet', 'data-id': id },
    el('label', { for: start.id, text: 'No messages from' }), start,
    el('label', { for: end.id, text: 'to' }), end, remove);
  row.rule = q;
  remove.addEventListener('click', () => row.remove());
  return row;
}

// Days as the rules name them, Monday first; a window with none listed is open every day.
const DAYS = [['MONDAY', 'Mon'], ['TUESDAY', 'Tue'], ['WEDNESDAY', 'Wed'], ['THURSDAY', 'Thu'],
  ['FRIDAY', 'Fri'], ['SATURDAY', 'Sat'], ['SUNDAY', 'Sun']];

function windowRow(w) {
  const id = w.id || 'hours-' + state.next++;
  const i = state.next++;
  const start = el('input', { type: 'time', id: 'window-start-' + i, value: w.start || '09:00' });
  const end = el('input', { type: 'time', id: 'window-end-' + i, value: w.end || '20:00' });
  const chosen = new Set((w.days || []).map((d) => d.toUpperCase()));
  const days = DAYS.map(([value, label]) => {
    const box = el('input', { type: 'checkbox', id: 'window-' + i + '-' + value, 'data-day': value,
      checked: chosen.size === 0 || chosen.has(value) || chosen.has(value.slice(0, 3)) });
    return el('span', { class: 'choice' }, box, el('label', { for: box.id, text: label }));
  });
  const remove = el('button', { type: 'button', class: 'secondary', text: 'Remove' });
  const row = el('div', { class: 'row window', 'data-id': id },
    el('label', { for: start.id, text: 'Messages only from' }), start,
    el('label', { for: end.id, text: 'to' }), end, el('span', { text: 'on' }), ...days, remove);
  row.rule = w;
  remove.addEventListener('click', () => row.remove());
  return row;
}

function renderPreferences() {
  const p = state.prefs;
  const required = new Set(state.platform.requiredCategories);
  $('caps').replaceChildren(...p.caps.map(capRow));
  $('quiet').replaceChildren(...p.quietHours.map(quietRow));
  $('windows').replaceChildren(...(p.sendWindows || []).map(windowRow));
  const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  $('zone').value = p.zone || detected || state.platform.zone;
  $('zone-hint').textContent = p.zone
    ? 'Your browser says ' + detected + '.'
    : 'Detected from your browser; quiet hours follow this zone once you save.';
  if (typeof Intl.supportedValuesOf === 'function') {
    $('zones').replaceChildren(...Intl.supportedValuesOf('timeZone').map((z) => el('option', { value: z })));
  }
  $('snooze').value = p.snoozeUntil && new Date(p.snoozeUntil) > new Date() ? localDate(new Date(p.snoozeUntil)) : '';
  $('snooze').min = localDate(new Date());

  const refused = new Set();
  const other = [];
  for (const o of p.optOuts) {
    if (o.channel && o.category) refused.add(o.channel + '/' + o.category); else other.push(o);
  }
  const table = $('optouts');
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Channel' }),
    ...CATEGORIES.map((c) => el('th', { scope: 'col', text: categoryName(c) })));
  const rows = CHANNELS.map((ch) => el('tr', {}, el('th', { scope: 'row', text: channelName(ch) }),
    ...CATEGORIES.map((cat) => {
      const box = el('input', {
        type: 'checkbox', id: 'optout-' + ch + '-' + cat, 'data-channel': ch, 'data-category': cat,
        checked: required.has(cat) || !refused.has(ch + '/' + cat), disabled: required.has(cat),
        'aria-label': channelName(ch) + ': ' + categoryName(cat) + (required.has(cat) ? ' (required)' : '')
      });
      return el('td', {}, box);
    })));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  $('required-note').textContent = required.size === 0 ? '' :
    [...required].map(categoryName).join(', ') + ' messages are not optional: they protect your account, so you always get them.';
  $('other-optouts').replaceChildren(...other.map((o) => {
    const box = el('input', { type: 'checkbox', checked: true, id: 'keep-' + (o.channel || 'any') + '-' + (o.category || 'any') });
    box.optOut = o;
    return el('li', { class: 'choice' }, box, el('label', { for: box.id,
      text: 'Keep refusing: ' + (o.channel ? channelName(o.channel) : 'every channel') + ', ' + (o.category ? categoryName(o.category) : 'every kind') }));
  }));
  const overflow = p.overflowAction || '';
  for (const r of document.querySelectorAll('input[name=overflow]')) r.checked = r.value === overflow;
  $('overflow-default-label').textContent = 'As the sender decides (now: ' +
    (state.platform.overflowAction === 'DROP' ? 'drop' : 'keep and send later') + ')';
}

function localDate(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

function collect() {
  const doc = { zone: $('zone').value.trim() || undefined, caps: [], quietHours: [], optOuts: [] };
  for (const row of document.querySelectorAll('#caps .cap')) {
    const [max, windowSelect, channel] = row.querySelectorAll('input, select');
    const rule = Object.assign({}, row.rule, { id: row.dataset.id, max: max.value === '' ? null : Number(max.value) });
    if (windowSelect.value.startsWith('period:')) {
      rule.period = windowSelect.value.slice('period:'.length);
      delete rule.window;
    } else {
      rule.window = windowSelect.value;
      delete rule.period;
    }
    if (channel.value) rule.channels = [channel.value]; else delete rule.channels;
    doc.caps.push(rule);
  }
  doc.sendWindows = [];
  for (const row of document.querySelectorAll('#windows .window')) {
    const [start, end] = row.querySelectorAll('input[type=time]');
    const days = [...row.querySelectorAll('input[data-day]')].filter((b) => b.checked).map((b) => b.dataset.day);
    const rule = Object.assign({}, row.rule, { id: row.dataset.id, start: start.value || null, end: end.value || null });
    if (days.length === DAYS.length) delete rule.days; else rule.days = days;
    doc.sendWindows.push(rule);
  }
  for (const row of document.querySelectorAll('#quiet .quiet')) {
    const [start, end] = row.querySelectorAll('input');
    doc.quietHours.push(Object.assign({}, row.rule, { id: row.dataset.id, start: start.value || null, end: end.value || null }));
  }
  if ($('snooze').value) {
    const [y, m, d] = $('snooze').value.split('-').map(Number);
    doc.snoozeUntil = new Date(y, m - 1, d).toISOString();
  }
  for (const box of document.querySelectorAll('#optouts input[type=checkbox]')) {
    if (!box.checked && !box.disabled) doc.optOuts.push({ channel: box.dataset.channel, category: box.dataset.category });
  }
  for (const box of document.querySelectorAll('#other-optouts input')) {
    if (box.checked) doc.optOuts.push(box.optOut);
  }
  const overflow = document.querySelector('input[name=overflow]:checked');
  if (overflow && overflow.value) doc.overflowAction = overflow.value;
  return doc;
}

function clearErrors() {
  for (const e of document.querySelectorAll('.error')) e.textContent = '';
  for (const e of document.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

function showViolations(violations, fallback) {
  for (const v of violations || []) {
    const m = /^(caps|quietHours|sendWindows|optOuts)\[(\d+)\](?:\.(\w+))?/.exec(v.field);
    if (m) {
      const rows = document.querySelectorAll({ caps: '#caps .cap', quietHours: '#quiet .quiet', sendWindows: '#windows .window' }[m[1]] || 'x');
      const row = rows[Number(m[2])];
      const label = { caps: 'Limit ', quietHours: 'Quiet hours ', sendWindows: 'Hours ' }[m[1]] || 'Opt-out ';
      const target = $('error-' + m[1]);
      target.textContent += (target.textContent ? ' ' : '') + label + (Number(m[2]) + 1) + ': ' + (m[3] || '') + ' ' + v.problem + '.';
      if (row) {
        const input = row.querySelector({ max: 'input[type=number]', window: 'select', start: 'input', end: 'input:nth-of-type(2)' }[m[3]] || 'input, select');
        if (input) input.setAttribute('aria-invalid', 'true');
      }
      continue;
    }
    const target = $('error-' + v.field);
    if (target) {
      target.textContent = v.problem;
      const input = { zone: 'zone', snoozeUntil: 'snooze' }[v.field];
      if (input) $(input).setAttribute('aria-invalid', 'true');
    } else {
      $('error-form').textContent += v.field + ': ' + v.problem + ' ';
    }
  }
  if (!violations || violations.length === 0) $('error-form').textContent = fallback;
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  $('saved').textContent = '';
  $('save').disabled = true;
  try {
    const r = await api('PUT', '/v1/me/preferences', collect());
    if (r.status === 202) {
      state.prefs = r.json.document;
      $('saved').textContent = 'Saved. Your limits apply from now on.';
      renderPreferences();
      // What is waiting may now be explained by (or wait for) the new rules.
      setTimeout(async () => {
        const held = await api('GET', heldPath());
        if (held.status === 200) { state.held = held.json; renderHeld(); }
      }, 1000);
    } else {
      showViolations(r.json && r.json.violations, (r.json && r.json.message) || 'Could not save (' + r.status + ').');
    }
  } finally {
    $('save').disabled = false;
  }
}

async function erase() {
  $('erase').disabled = true;
  // Counted again just before erasing, so the page says what was there at that moment.
  const [history, held] = await Promise.all([api('GET', '/v1/me/history'), api('GET', heldPath())]);
  if (history.status === 200) state.history = history.json;
  if (held.status === 200) state.held = held.json;
  const r = await api('DELETE', '/v1/me');
  if (r.status !== 202) {
    $('erased').textContent = 'Could not erase: ' + ((r.json && r.json.message) || r.status) + '. Please try again.';
    $('erase').disabled = false;
    return;
  }
  const contacts = state.history ? state.history.total : 0;
  const waiting = state.held ? state.held.held.length : 0;
  for (const id of ['received', 'waiting', 'limits']) $(id).hidden = true;
  $('forget').replaceChildren(el('h2', { id: 'forget-title', text: 'You are forgotten' }),
    el('p', { text: 'The guard erased everything it kept about you:' }),
    el('ul', { id: 'erased-list' },
      el('li', { text: 'your limits, quiet hours, pause and opt-outs' }),
      el('li', { text: 'the record of ' + contacts + ' message(s) you received' }),
      el('li', { text: waiting + ' message(s) that were waiting for you; they will not be sent' }),
      el('li', { text: 'the message ids it kept to stop duplicates' })),
    el('p', { class: 'hint', text: 'From now on the senders\' own rules apply to you, as to anyone new.' }));
}

document.addEventListener('DOMContentLoaded', () => {
  $('add-cap').addEventListener('click', () => { $('caps').append(capRow({ max: 3, period: 'DAY' })); $('caps').lastChild.querySelector('input').focus(); });
  $('add-window').addEventListener('click', () => { $('windows').append(windowRow({})); $('windows').lastChild.querySelector('input').focus(); });
  $('add-quiet').addEventListener('click', () => { $('quiet').append(quietRow({})); $('quiet').lastChild.querySelector('input').focus(); });
  $('clear-snooze').addEventListener('click', () => { $('snooze').value = ''; });
  $('prefs-form').addEventListener('submit', save);
  $('confirm-erase').addEventListener('change', (e) => { $('erase').disabled = !e.target.checked; });
  $('erase').addEventListener('click', erase);
  load().catch((e) => { $('status').textContent = 'Your page could not be loaded: ' + e.message; });
});
