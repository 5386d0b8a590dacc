// Attention over time: one bar per day/week/month, as a count of matching documents
// or as their share of all documents in that period (Media Cloud's view). Plain SVG
// built through the DOM; labels are text nodes.
import { h, svg } from './common.js';

/**
 * series: [{period: '2019-07-01', count, total}] sorted by period.
 * opts: {mode: 'count'|'ratio', onPick(period)}
 */
export function attentionChart(series, opts) {
  const mode = opts.mode || 'count';
  const W = 640;
  const H = 150;
  const padL = 40;
  const padB = 22;
  const padT = 8;
  series = series.map((p) => ({ ...p, period: p.period ?? p.date }));
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
