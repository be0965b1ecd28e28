// The detail view of one target: its facts from the audit, its history as a timeline (failed rows with the
// error the history recorded) and its pending files, from /api/v1/migrations/{target} (the status document).

import { ago, el, holderShort, labelWords, stateLabel, timeEl } from './format.js';

const $ = id => document.getElementById(id);

/** Fills the detail view; {@code row} is the target's audit row (may be absent), {@code status} its envelope. */
export function renderDetail(id, row, status) {
  const signature = JSON.stringify([id, row, status, ago(row?.lastAppliedAt)]);
  const view = $('detail');
  if (view.dataset.shown === signature) return; // unchanged: keep the elements
  view.dataset.shown = signature;
  const entry = status?.targets?.[0];
  const result = entry?.result;
  const state = row?.status ?? entry?.outcome;
  $('detail-title').replaceChildren(`${row?.kind === 'default' ? 'Default database' : 'Tenant'} ${id} `,
    state ? el('span', { class: `badge ${state}` }, stateLabel(state)) : '');
  facts(row ?? result ?? { target: id });
  const error = entry?.error ?? row?.error;
  $('detail-error').hidden = !error;
  $('detail-error').textContent = error ? `error: ${error}` : '';
  const migrations = result?.migrations ?? [];
  const history = migrations.filter(m => m.database !== 'pending');
  $('timeline').replaceChildren(...history.map(step));
  if (result && history.length === 0) $('timeline').append(el('li', { class: 'none' }, 'Nothing applied yet.'));
  const pending = migrations.filter(m => m.database === 'pending');
  $('pending-files').replaceChildren(...pending.map(m => el('li', { 'data-script': m.script },
    el('code', {}, m.script), m.type === 'repeatable' ? ' (repeatable)' : '')));
  if (result && pending.length === 0) $('pending-files').append(el('li', { class: 'none' }, 'Nothing pending.'));
}

function facts(r) {
  const list = [
    ['Kind', r.kind],
    ['Database', r.database],
    ['Schema', r.schema],
    ['Labels', labelWords(r.labels).join(', ') || '—'],
    ['Version', r.currentVersion ?? '—'],
    ['Pending', r.pending ?? '—'],
    ['Failed', r.failed ?? '—'],
  ];
  if ('lastApplied' in r) list.push(['Last applied', r.lastApplied ? [el('code', {}, r.lastApplied), el('br'), timeEl(r.lastAppliedAt)] : '—']);
  if ('lockHolder' in r) {
    list.push(['Lock holder', r.lockHolder ? el('span', { title: r.lockHolder.description }, holderShort(r.lockHolder),
      r.lockHolder.connectedSince ? [', since ', timeEl(r.lockHolder.connectedSince)] : '') : 'none']);
  }
  $('detail-facts').replaceChildren(...list.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value ?? '—'))));
}

/** One history row: version and script, when, its state; a failed row carries its error. */
function step(m) {
  return el('li', { class: `step ${m.database}`, 'data-version': m.version || null, 'data-state': m.database },
    el('span', { class: 'dot', 'aria-hidden': 'true' }),
    el('div', { class: 'step-body' },
      el('div', { class: 'step-head' },
        m.version ? el('strong', {}, `V${m.version}`) : el('strong', {}, m.type === 'repeatable' ? 'R' : m.type),
        ' ', el('code', { class: 'script' }, m.script ?? m.description ?? ''),
        ' ', el('span', { class: `badge ${m.database}` }, m.database),
        m.type === 'revert' ? el('span', { class: 'badge failed' }, 'revert') : null,
        m.checksum === 'mismatch' ? el('span', { class: 'badge drifted' }, 'checksum mismatch') : null,
        m.source === 'missing' ? el('span', { class: 'badge drifted' }, 'file missing') : null,
        ' ', timeEl(m.installedOn)),
      m.error ? el('p', { class: 'step-error' }, el('span', { class: 'visually-hidden' }, 'Error: '), m.error) : null));
}
