'use strict';
// The support console: plain DOM, no build. The access token (15 minutes) stays in this tab (sessionStorage) and is
// sent as an Authorization header by each request, never as a cookie; the password is not kept at all.

const $ = (id) => document.getElementById(id);
let page = 0;
let current = null; // the saga shown in the detail pane
let searches = 0; // only the latest search may fill the table

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => { if (v != null) node.setAttribute(k, v); });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'Authorization': 'Bearer ' + (sessionStorage.getItem('token') || ''),
      'Accept': 'application/json', ...(options.headers || {}) },
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (response.status === 401) {
    // no token, or an expired one: a new sign-in gets a new token
    showLogin('Your sign-in has expired: sign in again');
  }
  if (!response.ok) {
    throw Object.assign(new Error(body?.detail || `${response.status} ${response.statusText}`), { status: response.status });
  }
  return body;
}

function showLogin(message) {
  sessionStorage.removeItem('token');
  sessionStorage.removeItem('email');
  $('login').hidden = false;
  $('console').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('login-error').textContent = message || '';
}

async function signIn(event) {
  event.preventDefault();
  const email = $('login-email').value;
  try {
    // the identity's answer, passed on by order-service: the token, or why not (wrong pair, too many attempts)
    const response = await fetch('/console/tokens', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ email, password: $('login-password').value }),
    });
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    if (!response.ok) {
      const wait = response.headers.get('Retry-After');
      throw new Error((body?.detail || `${response.status} ${response.statusText}`) + (wait ? ` (try again in ${wait} s)` : ''));
    }
    $('login-password').value = '';
    sessionStorage.setItem('token', body.access_token);
    sessionStorage.setItem('email', email);
    await api('/support/sagas?page=0');
    start();
  } catch (e) {
    showLogin(e.status === 403 ? 'This account is not a support account' : 'Sign-in failed: ' + e.message);
  }
}

function start() {
  $('login').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = 'signed in as ' + sessionStorage.getItem('email');
  search();
  const link = new URLSearchParams(location.hash.slice(1));
  if (link.get('saga')) open(`/support/sagas/${encodeURIComponent(link.get('saga'))}`);
  if (link.get('order')) open(`/support/orders/${encodeURIComponent(link.get('order'))}/saga`);
}

function took(millis) {
  return millis < 10000 ? `took ${millis} ms` : `took ${Math.round(millis / 1000)}s`;
}

function age(seconds) {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

async function search(event) {
  event?.preventDefault();
  const query = new URLSearchParams({ page });
  [['state', 'filter-state'], ['step', 'filter-step'], ['customerId', 'filter-customer'], ['olderThan', 'filter-older']]
    .forEach(([name, id]) => { if ($(id).value) query.set(name, $(id).value); });
  if ($('filter-stuck').checked) query.set('stuck', 'true');
  $('list-status').textContent = 'loading…';
  const mine = ++searches;
  try {
    const result = await api('/support/sagas?' + query);
    if (mine !== searches) return;
    $('sagas').tBodies[0].replaceChildren(...result.items.map((s) => el('tr', { 'data-saga-id': s.sagaId },
      el('td', {}, s.orderId), el('td', {}, s.customerId),
      el('td', { class: 'state-' + s.state }, s.state, s.stuck ? el('span', { class: 'stuck' }, ' STUCK') : ''),
      el('td', {}, s.currentStep), el('td', {}, s.waitingOn || ''), el('td', {}, s.ended ? took(s.durationMillis) : age(s.ageSeconds)),
      el('td', {}, s.failureReason || ''))));
    $('page').textContent = String(page + 1);
    $('list-status').textContent = `${result.items.length} saga(s)` + (result.hasMore ? ', more on the next page' : '');
    $('next').disabled = !result.hasMore;
    $('prev').disabled = page === 0;
  } catch (e) {
    $('list-status').textContent = e.message;
  }
}

async function open(path) {
  try {
    current = await api(path);
  } catch (e) {
    $('list-status').textContent = e.message;
    return;
  }
  const s = current.saga;
  location.hash = 'saga=' + encodeURIComponent(s.sagaId);
  $('detail').hidden = false;
  $('detail-title').textContent = `Order ${s.orderId} · saga ${s.sagaId}`;
  if (traceLink) {
    $('detail-title').append(' ', el('a', { id: 'trace-link', target: '_blank', rel: 'noopener',
      href: traceLink.replace('{orderId}', encodeURIComponent(s.orderId)) }, 'trace'));
  }
  const facts = [['State', s.state + (s.stuck ? ' (stuck since ' + s.stuckSince + ')' : '')], ['Current step', s.currentStep],
    ['Waiting on', s.waitingOn ? `${s.waitingOn} since ${s.waitingSince}` : '—'], ['Customer', s.customerId],
    ['Started', s.startedAt], ['Updated', s.updatedAt], ['Failure', s.failureCode ? `${s.failureCode}: ${s.failureReason}` : '—'],
    ['Customer sees', current.order?.message || '']];
  $('detail-summary').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  $('timeline').tBodies[0].replaceChildren(...current.timeline.map((e) => el('tr', { 'data-kind': e.kind },
    el('td', {}, e.at), el('td', {}, e.kind), el('td', {}, e.step + (e.compensation ? ' (undo)' : '')),
    el('td', {}, e.participant || ''), el('td', {}, e.messageType || ''), el('td', { class: e.outcome }, e.outcome || ''),
    el('td', { class: 'reason' }, e.reason || ''))));
  $('audit').tBodies[0].replaceChildren(...current.actions.map((a) => el('tr', {},
    el('td', {}, a.at), el('td', {}, a.operator), el('td', {}, a.action), el('td', {}, a.step || ''),
    el('td', { class: a.outcome === 'REFUSED' ? 'error' : '' }, a.outcome), el('td', {}, a.reason), el('td', {}, a.detail || ''))));
  $('saga-data').textContent = JSON.stringify(current.sagaData, null, 2);
  $('action-form').hidden = s.ended;
  $('action-result').textContent = '';
}

async function act(event) {
  event.preventDefault();
  const sagaId = current.saga.sagaId;
  try {
    const result = await api(`/support/sagas/${encodeURIComponent(sagaId)}/actions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: $('action-kind').value, reason: $('action-reason').value, expectedStep: current.saga.currentStep }),
    });
    await open(`/support/sagas/${encodeURIComponent(sagaId)}`);
    $('action-result').textContent = result.detail;
  } catch (e) {
    await open(`/support/sagas/${encodeURIComponent(sagaId)}`);
    $('action-result').textContent = 'Refused: ' + e.message;
    $('action-result').className = 'error';
  }
}

// Parked messages: order-service asks every service with this token; a re-drive goes to the service that parked it
async function loadParked() {
  $('parked-status').textContent = 'loading…';
  try {
    const services = await api('/support/parked-messages');
    const rows = services.flatMap((s) => s.error
      ? [el('tr', {}, el('td', {}, s.service), el('td', { class: 'error', colspan: '6' }, s.error))]
      : s.items.map((m) => el('tr', { 'data-parked': `${s.service}/${m.id}` },
        el('td', {}, s.service), el('td', {}, m.parkedAt), el('td', {}, m.subscriberId), el('td', {}, m.destination || ''),
        el('td', { class: 'reason' }, m.reason),
        el('td', {}, m.state === 'REDRIVEN' ? `re-driven ${m.redrivenAt} by ${m.redrivenBy}` : (m.parkedAgain ? 'parked again' : 'parked')),
        el('td', {}, m.state === 'PARKED'
          ? el('button', { type: 'button', 'data-redrive': `${encodeURIComponent(s.service)}/${m.id}` }, 're-drive') : ''))));
    $('parked-messages').tBodies[0].replaceChildren(...rows);
    const more = services.filter((s) => s.hasMore).map((s) => s.service);
    $('parked-status').textContent = `${services.reduce((n, s) => n + s.items.length, 0)} message(s)`
      + (more.length ? `, the newest only of ${more.join(', ')} (more in its GET /parked-messages?page=1)` : '');
  } catch (e) {
    $('parked-status').textContent = e.message;
  }
}

$('parked-load').addEventListener('click', loadParked);
$('parked-messages').addEventListener('click', async (e) => {
  const target = e.target.closest('button[data-redrive]');
  if (!target) return;
  target.disabled = true;
  try {
    await api(`/support/parked-messages/${target.dataset.redrive}/redrive`, { method: 'POST' });
    await loadParked();
  } catch (err) {
    $('parked-status').textContent = 'Refused: ' + err.message;
  }
});
$('login-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => showLogin());
$('filters').addEventListener('submit', (e) => { page = 0; search(e); });
$('detect').addEventListener('click', async () => { await api('/support/stuck-sagas/detection', { method: 'POST' }); search(); });
$('prev').addEventListener('click', () => { page = Math.max(0, page - 1); search(); });
$('next').addEventListener('click', () => { page += 1; search(); });
$('sagas').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-saga-id]');
  if (row) open(`/support/sagas/${encodeURIComponent(row.dataset.sagaId)}`);
});
$('action-form').addEventListener('submit', act);
let traceLink = null;
fetch('/console/trace-link').then(r => r.status === 200 ? r.json() : null)
  .then(t => { if (t && t.template) traceLink = t.template; }).catch(() => {});
fetch('/console/sign-in-hint').then(r => r.status === 200 ? r.json() : null)
  .then(h => { if (h && h.hint) $('sign-in-hint').textContent = ' ' + h.hint; }).catch(() => {});
if (sessionStorage.getItem('token')) start(); else showLogin();
