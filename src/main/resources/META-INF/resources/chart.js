// The chart of how many targets are at each version: horizontal SVG bars, drawn from the audit's rows.

import { compareVersions, svg, versionBucket } from './format.js';

const BAR = 22;
const GAP = 8;
const LABEL = 80;
const WIDTH = 340;

/** Targets per version bucket, versions in order, then "none" and "unknown". */
export function countByVersion(rows) {
  const counts = new Map();
  for (const row of rows) {
    const key = versionBucket(row);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const rank = k => (k === 'none' ? 1 : k === 'unknown' ? 2 : 0);
  return [...counts.entries()].sort(([a], [b]) => rank(a) - rank(b) || compareVersions(a, b));
}

/** Draws the chart into {@code host}; the highest version's bar is marked as the newest. */
export function drawChart(host, rows) {
  const data = countByVersion(rows);
  const signature = JSON.stringify(data);
  if (host.dataset.drawn === signature) return; // unchanged: keep the elements
  host.dataset.drawn = signature;
  const max = Math.max(1, ...data.map(([, n]) => n));
  const newest = data.filter(([k]) => k !== 'none' && k !== 'unknown').map(([k]) => k).pop();
  const height = Math.max(1, data.length) * (BAR + GAP);
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', height, role: 'img', 'aria-labelledby': 'chart-title chart-text',
  });
  const text = svg('desc', { id: 'chart-text' });
  text.textContent = data.map(([k, n]) => `${label(k)}: ${n}`).join('; ') || 'no targets';
  chart.append(text);
  data.forEach(([key, count], i) => {
    const y = i * (BAR + GAP);
    const width = Math.max(2, Math.round((WIDTH - LABEL - 40) * count / max));
    const kind = key === newest ? 'newest' : key === 'unknown' ? 'unknown' : key === 'none' ? 'none' : 'older';
    const bar = svg('g', { class: `bar ${kind}`, 'data-version': key, 'data-count': count });
    const title = svg('title');
    title.textContent = `${label(key)}: ${count} target${count === 1 ? '' : 's'}`;
    const name = svg('text', { x: LABEL - 8, y: y + BAR / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' });
    name.textContent = label(key);
    const rect = svg('rect', { x: LABEL, y, width, height: BAR, rx: 3 });
    const value = svg('text', { x: LABEL + width + 6, y: y + BAR / 2, 'dominant-baseline': 'central', class: 'count' });
    value.textContent = String(count);
    bar.append(title, name, rect, value);
    chart.append(bar);
  });
  host.replaceChildren(chart);
}

function label(key) {
  return key === 'none' || key === 'unknown' ? key : `V${key}`;
}
