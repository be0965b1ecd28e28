// The fleet dashboard: reads the same documents as /api/v1 (the audit envelope, one target's status, serve's
// own state, and drift when the server has it), polls every 2 s while a migration runs (serve's own
// auto-migration, or any target's lock held by a run in another process) and every 10 s otherwise.

import { ApiError, getJson, saveToken, savedToken } from './api.js';
import { drawChart } from './chart.js';
import { renderDetail } from './detail.js';
import { STATES, el } from './format.js';
import { TargetsTable } from './table.js';

const FAST = 2000;
const SLOW = 10000;
const DRIFT_EVERY = 30000;
const $ = id => document.getElementById(id);

const page = {
  audit: null,
  serve: null,
  detail: null,
  drift: { available: false, ids: new Set(), checkedAt: -Infinity, reading: false },
  filter: { text: '', state: '' },
  timer: null,
  busy: false,
  again: false,
  refreshes: 0,
};

const table = new TargetsTable($('targets-head'), $('targets-body'), $('shown'), () => render());

function rows() {
  return page.audit ? page.audit.targets.map(e => e.result) : [];
}

function running() {
  return page.serve?.phase === 'migrating' || rows().some(r => r.lockHolder);
}

/** Reads everything the page shows, then renders it and schedules the next read. */
async function refresh() {
  if (page.busy) {
    page.again = true; // a route change or login while reading: read again right after
    return;
  }
  page.busy = true;
  page.again = false;
  clearTimeout(page.timer);
  try {
    const [serve, audit] = await Promise.all([getJson('/api/v1/serve'), getJson('/api/v1/migrations')]);
    page.serve = serve;
    page.audit = audit;
    refreshDrift(); // not awaited: serve's first drift check may take a while, and the rest need not wait for it
    await refreshDetail();
    notice(serve.phase === 'failed' ? `The auto-migration failed: ${serve.failure}` : '');
    render();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      lockOut(savedToken() ? 'The token was refused.' : '');
      return;
    }
    notice(e instanceof ApiError && e.status === 503 ? `Serve is not ready: ${e.message}` : `Cannot read the fleet: ${e.message}`);
  } finally {
    page.busy = false;
  }
  if (page.again) {
    page.again = false;
    setTimeout(refresh, 0);
  } else {
    schedule();
  }
}

function schedule() {
  clearTimeout(page.timer);
  if (document.hidden || $('login').hidden === false) return; // visibilitychange or the login starts it again
  const delay = running() ? FAST : SLOW;
  document.body.dataset.interval = String(delay);
  page.timer = setTimeout(refresh, delay);
}

/**
 * Drift is shown only where the server has /api/v1/drift and it answers; read at most every 30 s, one read at a
 * time, and shown when it arrives.
 */
async function refreshDrift() {
  if (page.drift.reading || performance.now() - page.drift.checkedAt < DRIFT_EVERY) return;
  const checkedAt = performance.now();
  page.drift.reading = true;
  let next;
  try {
    const drift = await getJson('/api/v1/drift');
    const entries = Array.isArray(drift?.targets) ? drift.targets : [];
    next = { available: true, ids: new Set(entries.filter(e => e.outcome === 'drifted').map(e => e.target)) };
  } catch (e) {
    next = { available: false, ids: new Set() };
  }
  if (!page.drift.reading) return; // locked out meanwhile: what was read is dropped
  page.drift = { ...next, checkedAt, reading: false };
  render();
}

async function refreshDetail() {
  const id = routeTarget();
  if (!id) {
    page.detail = null;
    return;
  }
  try {
    page.detail = { id, status: await getJson(`/api/v1/migrations/${encodeURIComponent(id)}`) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    page.detail = { id, status: { targets: [{ target: id, error: e.message }] } };
  }
}

function render() {
  if (!page.audit) return;
  const all = rows();
  $('login').hidden = true;
  $('forget').hidden = !savedToken();
  renderSummary(all);
  drawChart($('chart'), all);
  renderActivity(all);
  table.render(all, matches, page.drift.ids);
  const id = routeTarget();
  $('overview').hidden = Boolean(id);
  $('detail').hidden = !id;
  if (id && page.detail?.id === id) renderDetail(id, all.find(r => r.target === id), page.detail.status);
  const at = new Date().toLocaleTimeString();
  $('updated').textContent = `Updated ${at} · ${running() ? 'every 2 s while a migration runs' : 'every 10 s'}`;
  document.body.dataset.refreshes = String(++page.refreshes);
}

function renderSummary(all) {
  const summary = page.audit.summary;
  const drifted = new Set([...all.filter(r => r.status === 'drifted').map(r => r.target), ...page.drift.ids]);
  const cards = [{ key: '', label: 'targets', count: summary.targets }];
  for (const s of STATES) {
    if (s.key === 'drifted') {
      if (page.drift.available || drifted.size > 0) cards.push({ key: 'drifted', label: 'drifted', count: drifted.size });
    } else {
      cards.push({ key: s.key, label: s.label, count: summary[s.key] ?? 0 });
    }
  }
  cards.push({ key: 'locked', label: 'locked', count: all.filter(r => r.lockHolder).length });
  // Cards are updated in place, so a focused one keeps the focus across refreshes.
  const host = $('summary');
  const keep = new Set(cards.map(c => c.key || 'all'));
  for (const stale of [...host.children].filter(b => !keep.has(b.dataset.state))) stale.remove();
  cards.forEach((c, i) => {
    const key = c.key || 'all';
    let button = host.querySelector(`[data-state="${key}"]`);
    if (!button) {
      button = el('button', { type: 'button', class: `card ${key}`, 'data-state': key },
        el('span', { class: 'count' }), el('span', { class: 'name' }, c.label));
      button.addEventListener('click', () => setStateFilter(c.key));
    }
    if (host.children[i] !== button) host.insertBefore(button, host.children[i] ?? null);
    button.querySelector('.count').textContent = String(c.count);
    button.setAttribute('aria-pressed', String(page.filter.state === c.key));
  });
}

function renderActivity(all) {
  const summary = page.audit.summary;
  const locked = all.filter(r => r.lockHolder);
  const run = page.serve?.autoMigration;
  let value = summary.current;
  let max = summary.targets;
  let label = `${summary.current} of ${summary.targets} targets current`;
  if (page.serve?.phase === 'migrating' && run) {
    value = run.done;
    max = run.targets;
    label = `Auto-migration running: ${run.done} of ${run.targets} targets done${run.failed ? `, ${run.failed} failed` : ''}`
      + (run.running.length ? ` — now ${run.running.join(', ')}` : '');
  } else if (locked.length) {
    label = `Migration running on ${locked.map(r => r.target).join(', ')} — ${label}`;
  }
  $('activity-label').textContent = label;
  $('activity').dataset.running = String(running());
  const bar = $('progress');
  bar.setAttribute('aria-valuemax', String(Math.max(1, max)));
  bar.setAttribute('aria-valuenow', String(value));
  bar.firstElementChild.style.width = `${max ? Math.round(100 * value / max) : 0}%`;
}

function matches(r, drifted) {
  const want = page.filter.state;
  if (want === 'locked' && !r.lockHolder) return false;
  if (want === 'drifted' && !(drifted || r.status === 'drifted')) return false;
  if (want && want !== 'locked' && want !== 'drifted' && r.status !== want) return false;
  const text = page.filter.text.trim().toLowerCase();
  if (!text) return true;
  const haystack = [r.target, r.kind, r.database, r.schema, r.currentVersion, r.status, r.lastApplied,
    r.lockHolder?.applicationName, ...Object.entries(r.labels || {}).map(([k, v]) => `${k}=${v}`)]
    .filter(Boolean).join(' ').toLowerCase();
  return text.split(/\s+/).every(word => haystack.includes(word));
}

function setStateFilter(key) {
  page.filter.state = page.filter.state === key ? '' : key;
  $('state-filter').value = page.filter.state;
  render();
}

function notice(text) {
  $('notice').hidden = !text;
  $('notice').textContent = text;
}

/** Without an accepted token the page shows nothing of the fleet: everything read is dropped. */
function lockOut(message) {
  clearTimeout(page.timer);
  page.audit = null;
  page.serve = null;
  page.detail = null;
  page.drift = { available: false, ids: new Set(), checkedAt: -Infinity, reading: false };
  for (const id of ['summary', 'chart', 'detail-facts', 'timeline', 'pending-files', 'detail-title']) {
    $(id).replaceChildren();
  }
  delete $('chart').dataset.drawn;
  delete $('detail').dataset.shown;
  table.clear();
  $('activity-label').textContent = '';
  $('updated').textContent = '';
  $('overview').hidden = true;
  $('detail').hidden = true;
  $('forget').hidden = true;
  notice('');
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('token').focus();
}

async function login(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!token) {
    $('login-error').textContent = 'Enter the token.';
    return;
  }
  try {
    await getJson('/api/v1/serve', token);
  } catch (e) {
    $('login-error').textContent = e instanceof ApiError && e.status === 401 ? 'The token was refused.' : `Cannot check the token: ${e.message}`;
    $('token').select();
    return;
  }
  saveToken(token);
  $('token').value = '';
  $('login').hidden = true;
  refresh();
}

function routeTarget() {
  const match = location.hash.match(/^#target\/(.+)$/);
  return match ? decodeURIComponent(match[1]) : null;
}

let lastTarget = null;

async function route() {
  const id = routeTarget();
  if (id) {
    lastTarget = id;
    page.detail = null;
    renderDetail(id, rows().find(r => r.target === id), null);
    $('overview').hidden = true;
    $('detail').hidden = false;
    $('detail-title').focus();
    await refresh();
  } else {
    $('detail').hidden = true;
    $('overview').hidden = !page.audit;
    if (lastTarget) table.focusTarget(lastTarget);
  }
}

$('login').addEventListener('submit', login);
$('forget').addEventListener('click', () => {
  saveToken('');
  refresh();
});
$('filter').addEventListener('input', e => {
  page.filter.text = e.target.value;
  render();
});
$('state-filter').addEventListener('change', e => {
  page.filter.state = e.target.value;
  render();
});
window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refresh();
});
document.addEventListener('keydown', e => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === 'Escape' && routeTarget()) {
    location.hash = '';
  } else if (e.key === '/' && !typing && !$('overview').hidden) {
    $('filter').focus();
    e.preventDefault();
  }
});

if (routeTarget()) route();
else refresh();
