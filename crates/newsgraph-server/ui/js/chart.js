// Attention over time: one bar per day/week/month, as a count of matching documents
// or as their share of all documents in that period (Media Cloud's view). Plain SVG
// built through the DOM; labels are text nodes.
import { h, svg } from './common.js';

/** Periods without documents get a zero bar, so the time axis stays true. Periods
 *  are `YYYY-MM` (month) or `YYYY-MM-DD` (day, or a week's Monday). */
function fillGaps(series, interval) {
  if (series.length < 2) return series;
  const have = new Map(series.map((p) => [p.period, p]));
  const out = [];
  const first = series[0].period;
  const last = series[series.length - 1].period;
  if (/^\d{4}-\d{2}$/.test(first)) {
    let [y, m] = first.split('-').map(Number);
    for (let n = 0; n < 2400; n++) {
      const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
      out.push(have.get(key) || { period: key, count: 0, total: 0 });
      if (key >= last) return out;
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return series;
  }
  const step = interval === 'week' ? 7 : 1;
  let t = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  if (!Number.isFinite(t) || !Number.isFinite(end) || (end - t) / 864e5 / step > 1500) return series;
  for (; t <= end; t += step * 864e5) {
    const key = new Date(t).toISOString().slice(0, 10);
    out.push(have.get(key) || { period: key, count: 0, total: 0 });
  }
  return out.length >= series.length ? out : series;
}

/**
 * series: [{period or date: '2019-07-01', count, total, ratio}] sorted by period.
 * opts: {mode: 'count'|'ratio', interval, onPick(period)}
 */
export function attentionChart(series, opts) {
  const mode = opts.mode || 'count';
  const W = 640;
  const H = 150;
  const padL = 40;
  const padB = 22;
  const padT = 8;
  series = fillGaps(series.map((p) => ({ ...p, period: String(p.period ?? p.date) })), opts.interval);
  const value = (p) => (mode === 'ratio' ? (p.ratio ?? (p.total ? p.count / p.total : 0)) : p.count);
  const max = Math.max(1e-9, ...series.map(value));
  const n = Math.max(1, series.length);
  const bw = (W - padL - 4) / n;
  const root = svg('svg', {
    class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `Matching documents per period (${mode === 'ratio' ? 'share of all documents' : 'count'})`,
  });
  const fmt = (v) => (mode === 'ratio' ? `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)}%` : String(Math.round(v)));
  // y axis: 0, max/2, max
  for (const f of [0, 0.5, 1]) {
    const y = padT + (H - padT - padB) * (1 - f);
    root.append(svg('line', { x1: padL, x2: W, y1: y, y2: y, class: 'grid' }));
    root.append(svg('text', { x: padL - 4, y: y + 4, class: 'ylab', 'text-anchor': 'end', text: fmt(max * f) }));
  }
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  series.forEach((p, i) => {
    const v = value(p);
    const bh = ((H - padT - padB) * v) / max;
    const x = padL + i * bw;
    const bar = svg('rect', {
      x: x + 0.5, y: H - padB - bh, width: Math.max(1, bw - 1), height: Math.max(0, bh),
      class: 'bar', tabindex: 0, 'data-period': p.period,
    });
    bar.append(svg('title', { text: `${p.period}: ${p.count} matching${p.total ? ` of ${p.total} (${((p.count / p.total) * 100).toFixed(1)}%)` : ''}` }));
    if (opts.onPick) {
      bar.addEventListener('click', () => opts.onPick(p.period));
      bar.addEventListener('keydown', (e) => { if (e.key === 'Enter') opts.onPick(p.period); });
    }
    root.append(bar);
    if (i % labelEvery === 0) {
      root.append(svg('text', { x: x + bw / 2, y: H - 6, class: 'xlab', 'text-anchor': 'middle', text: String(p.period) }));
    }
  });
  return h('figure', { class: 'attention' }, root);
}
