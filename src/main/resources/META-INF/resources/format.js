// Small helpers shared by the dashboard's modules: DOM building (text only, never HTML from the data),
// version order, times, and the names the page gives to the audit's states.

/** An element with attributes and children; strings become text nodes, so data is never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An SVG element with attributes. */
export function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** Compares two versions as Flyway orders them: dotted numbers part by part; null sorts last. */
export function compareVersions(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  const pa = String(a).split(/[._]/);
  const pb = String(b).split(/[._]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

/** The audit's states as the page names them, in the order the summary shows them. */
export const STATES = [
  { key: 'current', label: 'current' },
  { key: 'needs-upgrade', label: 'behind' },
  { key: 'failed', label: 'failed' },
  { key: 'drifted', label: 'drifted' },
  { key: 'unreachable', label: 'unreachable' },
];

export function stateLabel(key) {
  return STATES.find(s => s.key === key)?.label ?? key;
}

/** "5 min ago" for an ISO instant, against this browser's clock; '' for none. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** A <time> element: the relative time shown, the local date and time as its tooltip. */
export function timeEl(iso) {
  if (!iso) return '';
  return el('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
}

/** The lock holder in a few words: "pid 4711 · fleetway", or "pid 4711 (hidden)". */
export function holderShort(holder) {
  if (!holder) return '';
  return holder.applicationName === null || holder.applicationName === undefined
    ? `pid ${holder.pid} (hidden)`
    : `pid ${holder.pid} · ${holder.applicationName || 'no name'}`;
}

/** The labels of a row as "key=value" words, sorted by key (the API sorts them). */
export function labelWords(labels) {
  return Object.entries(labels || {}).map(([k, v]) => `${k}=${v}`);
}

/** The chart's bucket of a row: its version; "none" when nothing is applied; "unknown" when not audited. */
export function versionBucket(row) {
  if (row.currentVersion) return row.currentVersion;
  return row.pending === null || row.pending === undefined ? 'unknown' : 'none';
}
