// Timeline: events and quotes of a query over time, grouped by day, filterable by event
// type, actor and place (each filter is a term of the query language, so the address
// can be shared and the same filter works in search and export).
import { h, api, mount, fail, params, link, query, quoteTerm, fmtDate, plural, setTitle, errorBox } from './common.js';

const LIMIT = 200; // the API's most per page

function state() {
  const p = params();
  return {
    q: (p.get('q') || '').trim(),
    type: (p.get('type') || '').trim(),
    actor: (p.get('actor') || '').trim(),
    place: (p.get('place') || '').trim(),
    show: p.get('show') || 'both',
  };
}

/** The query sent to the API: the free query plus one field term per filter. */
function fullQuery(s) {
  return [s.q, s.type && `event:${quoteTerm(s.type)}`, s.actor && `actor:${quoteTerm(s.actor)}`, s.place && `place:${quoteTerm(s.place)}`]
    .filter(Boolean).join(' ');
}

function rows(data, key) {
  if (!data) return [];
  return data[key] || data.results || data.items || (Array.isArray(data) ? data : []);
}

function eventItem(ev) {
  return h('li', { class: 'tl-item tl-event' },
    h('span', { class: `etype q-${ev.quad || 'none'}`, text: ev.type }), ' ',
    h('bdi', { class: 'who', text: ev.actor?.name ?? ev.actor ?? '?' }), ' → ',
    h('bdi', { class: 'who', text: ev.target?.name ?? ev.target ?? '?' }),
    ev.place ? [' · ', h('bdi', { text: ev.place.name ?? ev.place })] : null,
    ev.evidence ? h('div', { class: 'evidence' }, h('bdi', { text: ev.evidence })) : null,
    h('div', { class: 'meta' }, h('a', { href: link.article(ev.document) }, h('bdi', { text: ev.title || ev.document }))));
}

function quoteItem(q) {
  return h('li', { class: 'tl-item tl-quote' },
    h('bdi', { class: 'who', text: q.speaker?.name ?? q.speaker ?? 'unknown speaker' }),
    q.cue ? h('span', { class: 'cue-word', text: ` ${q.cue}` }) : null, ': ',
    h('q', null, h('bdi', { text: q.text })),
    h('div', { class: 'meta' }, h('a', { href: link.article(q.document) }, h('bdi', { text: q.title || q.document }))));
}

async function run() {
  const s = state();
  const fq = fullQuery(s);
  setTitle(fq ? `Timeline: ${fq}` : 'Timeline');
  const want = (k) => s.show === 'both' || s.show === k;
  const [evs, qs] = await Promise.allSettled([
    want('events') ? api('/api/events', { q: fq, limit: LIMIT }) : Promise.resolve(null),
    want('quotes') ? api('/api/quotes', { q: fq, limit: LIMIT }) : Promise.resolve(null),
  ]);
  const items = [];
  const errors = [];
  if (evs.status === 'fulfilled') for (const e of rows(evs.value, 'events')) items.push({ date: fmtDate(e.date || e.published), kind: 'event', v: e });
  else errors.push(errorBox(evs.reason, 'Events unavailable'));
  if (qs.status === 'fulfilled') for (const q of rows(qs.value, 'quotes')) items.push({ date: fmtDate(q.published || q.date), kind: 'quote', v: q });
  else errors.push(errorBox(qs.reason, 'Quotes unavailable'));
  items.sort((a, b) => (a.date || '9999').localeCompare(b.date || '9999'));
  const groups = new Map();
  for (const it of items) {
    const d = it.date || 'undated';
    if (!groups.has(d)) groups.set(d, []);
    groups.get(d).push(it);
  }
  const types = [...new Set(rows(evs.value, 'events').map((e) => e.type))].sort();
  const form = h('form', { class: 'filters', action: '/timeline', method: 'get' },
    h('label', null, 'Query ', h('input', { id: 'q', type: 'search', name: 'q', value: s.q, placeholder: 'any query' })),
    h('label', null, 'Event type ', h('input', { name: 'type', value: s.type, list: null, placeholder: 'e.g. ATTACK', size: 12 })),
    types.length ? h('span', { class: 'muted' }, ' seen: ', types.map((t, i) => [i ? ', ' : '', h('a', { href: '/timeline' + query({ ...s, type: t, show: s.show === 'both' ? '' : s.show }) }, t)])) : null,
    h('label', null, 'Actor ', h('input', { name: 'actor', value: s.actor, placeholder: 'who acts', size: 14 })),
    h('label', null, 'Place ', h('input', { name: 'place', value: s.place, placeholder: 'where', size: 14 })),
    h('label', null, 'Show ', h('select', { name: 'show' },
      [['both', 'events and quotes'], ['events', 'events'], ['quotes', 'quotes']].map(([v, t]) => h('option', { value: v, selected: s.show === v, text: t })))),
    h('button', { type: 'submit', text: 'Apply' }));
  const nEv = items.filter((i) => i.kind === 'event').length;
  const nQ = items.length - nEv;
  mount(
    h('h1', { text: 'Timeline' }),
    form,
    errors,
    h('p', { class: 'muted', role: 'status' }, `${plural(nEv, 'event')} and ${plural(nQ, 'quote')}${fq ? ` for ${fq}` : ''}.`,
      nEv >= LIMIT || nQ >= LIMIT ? ` Showing the first ${LIMIT} of each; narrow the query to see more.` : '',
      fq ? [' ', h('a', { href: link.search(fq), text: 'Documents' }), ' · ', h('a', { href: link.map(fq), text: 'Map' })] : null),
    items.length
      ? h('ol', { class: 'timeline' }, [...groups].map(([d, its]) => h('li', { class: 'tl-day' },
        h('h2', { class: 'tl-date' }, h('time', { text: d })),
        h('ul', null, its.map((it) => (it.kind === 'event' ? eventItem(it.v) : quoteItem(it.v)))))))
      : h('p', { class: 'muted', text: 'Nothing dated matches these filters.' }),
  );
}

run().catch(fail);
