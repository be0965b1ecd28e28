// The table of targets: one row per audit row, sortable by every column, filtered by text and state,
// keyboard-navigable (arrow keys, Home and End between the targets' links; Enter opens the detail view).

import { ago, compareVersions, el, holderShort, labelWords, stateLabel, timeEl } from './format.js';

const byText = (a, b) => String(a ?? '').localeCompare(String(b ?? ''));
const byNumber = (a, b) => (a ?? Infinity) - (b ?? Infinity);

const COLUMNS = [
  { key: 'target', label: 'Target', value: r => r.target, cell: r => el('a', { href: `#target/${encodeURIComponent(r.target)}`, class: 'target-link' }, r.target) },
  { key: 'state', label: 'State', value: r => r.status, cell: (r, drifted) => [el('span', { class: `badge ${r.status}` }, stateLabel(r.status)), drifted ? el('span', { class: 'badge drifted', title: 'its schema differs from what its migrations build' }, 'schema drift') : null] },
  { key: 'kind', label: 'Kind', value: r => r.kind },
  { key: 'where', label: 'Database / schema', value: r => `${r.database} / ${r.schema}` },
  { key: 'labels', label: 'Labels', value: r => labelWords(r.labels).join(' '), cell: r => labelWords(r.labels).flatMap((w, i) => [i ? ' ' : '', el('span', { class: 'label' }, w)]) },
  { key: 'version', label: 'Version', value: r => r.currentVersion, compare: compareVersions },
  { key: 'pending', label: 'Pending', value: r => r.pending, compare: byNumber, numeric: true },
  { key: 'failed', label: 'Failed', value: r => r.failed, compare: byNumber, numeric: true },
  // the script, and when below it; sorted by when
  { key: 'lastApplied', label: 'Last applied', value: r => r.lastAppliedAt, cell: r => r.lastApplied ? [el('span', { class: 'script', title: r.lastApplied }, r.lastApplied), el('br'), timeEl(r.lastAppliedAt)] : '' },
  { key: 'lock', label: 'Lock holder', value: r => holderShort(r.lockHolder), cell: r => r.lockHolder ? el('span', { class: 'lock', title: r.lockHolder.description }, holderShort(r.lockHolder)) : '' },
];

export class TargetsTable {
  constructor(head, body, shown, onSort) {
    this.head = head;
    this.body = body;
    this.shown = shown;
    this.sort = { key: null, descending: false };
    this.made = new Map(); // target id -> { signature, tr }: an unchanged row keeps its element (and focus)
    this.onSort = onSort;
    this.buildHead();
    body.addEventListener('keydown', e => this.move(e));
  }

  buildHead() {
    for (const column of COLUMNS) {
      const button = el('button', { type: 'button', class: 'sort', 'data-sort': column.key }, column.label);
      button.addEventListener('click', () => {
        this.sort = { key: column.key, descending: this.sort.key === column.key && !this.sort.descending };
        this.onSort();
      });
      this.head.append(el('th', { scope: 'col', 'data-col': column.key, class: column.numeric ? 'num' : null }, button));
    }
  }

  /** Shows {@code rows} that pass {@code filter}, in the chosen order; keeps the focused target focused. */
  render(rows, filter, driftedIds) {
    const focused = document.activeElement?.closest?.('tr')?.dataset.target;
    const visible = rows.filter(r => filter(r, driftedIds.has(r.target)));
    const column = COLUMNS.find(c => c.key === this.sort.key);
    if (column) {
      const compare = column.compare || byText;
      visible.sort((a, b) => (this.sort.descending ? -1 : 1) * compare(column.value(a), column.value(b)));
    }
    for (const th of this.head.children) {
      const sorted = th.dataset.col === this.sort.key;
      if (sorted) th.setAttribute('aria-sort', this.sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    const trs = visible.map(r => this.rowOf(r, driftedIds.has(r.target)));
    if (trs.length === 0) {
      trs.push(el('tr', { class: 'empty' }, el('td', { colspan: COLUMNS.length }, 'No target matches the filter.')));
    }
    // Only what changed moves: rows that stay in place are neither removed nor re-created.
    trs.forEach((tr, i) => {
      if (this.body.children[i] !== tr) this.body.insertBefore(tr, this.body.children[i] ?? null);
    });
    while (this.body.children.length > trs.length) this.body.lastElementChild.remove();
    this.shown.textContent = visible.length === rows.length ? `${rows.length} targets`
      : `Showing ${visible.length} of ${rows.length} targets`;
    if (focused && !this.body.contains(document.activeElement)) this.focusTarget(focused);
  }

  rowOf(r, drifted) {
    const signature = JSON.stringify([r, drifted, ago(r.lastAppliedAt)]);
    const known = this.made.get(r.target);
    if (known && known.signature === signature) return known.tr;
    const tr = this.row(r, drifted);
    this.made.set(r.target, { signature, tr });
    return tr;
  }

  row(r, drifted) {
    const cells = COLUMNS.map(column => {
      const content = column.cell ? column.cell(r, drifted) : column.value(r) ?? '';
      const attrs = { 'data-col': column.key, 'data-label': column.label, class: column.numeric ? 'num' : null };
      return column.key === 'target' ? el('th', { scope: 'row', ...attrs }, content) : el('td', attrs, content);
    });
    return el('tr', { 'data-target': r.target, 'data-state': r.status, 'data-locked': r.lockHolder ? 'true' : null }, cells);
  }

  /** Arrow keys, Home and End move between the targets' links. */
  move(e) {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const links = [...this.body.querySelectorAll('a.target-link')];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? links.length - 1
      : Math.min(links.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
    links[next].focus();
    e.preventDefault();
  }

  /** Forgets every row (the page was locked out). */
  clear() {
    this.made.clear();
    this.body.replaceChildren();
    this.shown.textContent = '';
  }

  focusTarget(id) {
    this.body.querySelector(`tr[data-target="${CSS.escape(id)}"] a`)?.focus();
  }
}
