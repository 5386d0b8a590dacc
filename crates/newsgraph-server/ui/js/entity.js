// Person / organisation / place page: who they are in this corpus — quotes by them and
// about them over time, co-mentioned entities, events as actor or target, stories, a
// map of their places.
import {
  h, api, mount, fail, pathId, link, quoteTerm, fmtDate, plural, setTitle, TYPE_LABEL, typeClass,
  entityChip, snippet, short,
} from './common.js';
import { attentionChart } from './chart.js';
import { miniMap, pointsOf } from './map.js';

function quoteItem(q) {
  const doc = q.document ?? q.doc ?? q.document_id;
  const where = q.start !== undefined ? `q-at-${q.start}` : null;
  return h('li', { class: 'quote-item' },
    h('blockquote', null, h('bdi', { text: q.text })),
    h('div', { class: 'meta' },
      q.speaker ? [h('bdi', { class: 'who', text: q.speaker.name ?? q.speaker }), q.cue ? ` ${q.cue}` : '', ' · '] : (q.cue ? [h('span', { text: q.cue }), ' · '] : null),
      fmtDate(q.published), q.published ? ' · ' : '',
      h('a', { href: link.article(doc, where) }, h('bdi', { text: q.title || doc }))));
}

function quotesSection(title, qs, empty, more) {
  return h('section', { class: 'panel' },
    h('h2', { text: `${title}${qs.length ? ` (${qs.length}${more ? '+' : ''})` : ''}` }),
    qs.length ? h('ol', { class: 'quotes' }, qs.map(quoteItem)) : h('p', { class: 'muted', text: empty }));
}

function eventsSection(evs) {
  if (!evs || !evs.length) return null;
  return h('section', { class: 'panel' },
    h('h2', { text: `Events (${evs.length})` }),
    h('table', { class: 'events' },
      h('thead', null, h('tr', null, ['Date', 'Type', 'Role', 'Actor', 'Target', 'Report'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', null, evs.map((ev) => h('tr', null,
        h('td', { text: fmtDate(ev.date || ev.published) }),
        h('td', null, h('span', { class: `etype q-${ev.quad || 'none'}`, text: ev.type })),
        h('td', { text: ev.role || '' }),
        h('td', null, h('bdi', { text: ev.actor?.name ?? ev.actor ?? '' })),
        h('td', null, h('bdi', { text: ev.target?.name ?? ev.target ?? '' })),
        h('td', null, h('a', { href: link.article(ev.document) }, h('bdi', { text: ev.title || ev.document }))))))));
}

async function run() {
  const id = pathId('/entity/');
  if (!id) throw new Error('No entity id in the address');
  const e = await api('/api/entity', { id });
  const ent = e.entity || e;
  setTitle(ent.name);
  const term = `entity:${quoteTerm(ent.name)}`;
  // The places of their documents, located: the map route over the same documents,
  // kept to the places the entity page names when it names some.
  const placeRows = e.places || [];
  const named = new Set(placeRows.map((p) => p.entity).filter((x) => x !== undefined));
  const located = await api('/api/map', { q: term, limit: 200 }).catch(() => ({ places: [] }));
  let places = pointsOf(located.places, 'place');
  if (named.size && places.some((p) => named.has(p.id))) places = places.filter((p) => named.has(p.id));
  if (ent.geo && !places.some((p) => p.id === (ent.entity ?? ent.id))) {
    places.unshift(...pointsOf([{ entity: ent.entity ?? ent.id, name: ent.name, lat: ent.geo.lat, lon: ent.geo.lon, count: ent.documents || 1 }], 'place'));
  }
  const placeList = placeRows.length ? placeRows.map((p) => ({ id: p.entity ?? p.id ?? null, name: p.name ?? p.value ?? '', count: p.count ?? 1 })) : places;
  for (const p of places) p.href = p.id !== null ? link.entity(p.id) : link.search(`place:${quoteTerm(p.name)}`);
  const series = e.timeline?.series || e.timeline?.points || e.timeline || [];
  const by = e.quotes_by || e.quotes?.by || [];
  const about = e.quotes_about || e.quotes?.about || [];
  const co = e.co_mentioned || e.comentioned || e.related || [];
  const docs = Array.isArray(e.documents) ? e.documents : [];
  const stats = [
    Number.isFinite(ent.documents ?? e.document_count) ? plural(ent.documents ?? e.document_count, 'document') : null,
    Number.isFinite(ent.mentions ?? e.mention_count) ? plural(ent.mentions ?? e.mention_count, 'mention') : null,
  ].filter(Boolean);
  mount(
    h('header', { class: 'entity-head' },
      h('h1', null, h('span', { class: ['badge', typeClass(ent.type)], text: TYPE_LABEL[ent.type] || ent.type }), ' ', h('bdi', { text: short(ent.name, 300) })),
      ent.titles && ent.titles.length ? h('p', { class: 'titles' }, 'Roles: ', h('bdi', { text: ent.titles.join(', ') })) : null,
      ent.aliases && ent.aliases.length ? h('p', { class: 'aliases' }, 'Also written: ', ent.aliases.slice(0, 30).map((a, i) => [i ? ', ' : '', h('bdi', { class: 'alias', text: short(a, 80) })])) : null,
      ent.geo ? h('p', { class: 'muted', text: `${ent.geo.lat.toFixed(3)}, ${ent.geo.lon.toFixed(3)}${ent.geo.country ? ` · ${ent.geo.country}` : ''}${ent.geo.admin1 ? ` · ${ent.geo.admin1}` : ''}${ent.geo.feature ? ` · ${ent.geo.feature}` : ''}` }) : null,
      h('p', { class: 'actions' },
        stats.length ? `${stats.join(', ')} · ` : '',
        h('a', { href: link.search(term), text: 'Search its documents' }), ' · ',
        ent.type === 'PERSON' ? [h('a', { href: link.search(`speaker:${quoteTerm(ent.name)}`), text: 'Its quotes' }), ' · '] : null,
        h('a', { href: link.timeline(term), text: 'Timeline' }), ' · ',
        h('a', { href: link.map(term), text: 'Map' }))),
    h('div', { class: 'entity-layout' },
      h('div', { class: 'entity-main' },
        series.length ? h('section', { class: 'panel' }, h('h2', { text: 'Mentions over time' }), attentionChart(series, { mode: 'count' })) : null,
        quotesSection(ent.type === 'PERSON' ? 'Quotes by them' : 'Quotes attributed to it', by, 'No quote attributed in this corpus.', e.quotes_by_more),
        quotesSection('Quotes about them', about, 'No quote about them found.', e.quotes_about_more),
        eventsSection(e.events),
        docs.length ? h('section', { class: 'panel' }, h('h2', { text: 'Documents' }),
          h('ol', { class: 'results' }, docs.slice(0, 50).map((d) => h('li', { class: 'result' },
            h('a', { class: 'title', href: link.article(d.id) }, h('bdi', { text: d.title || d.id })),
            h('div', { class: 'meta' }, fmtDate(d.published), d.source ? [' · ', h('bdi', { text: d.source })] : null),
            d.snippet ? h('p', { class: 'snippet' }, snippet(d.snippet, d.highlights)) : null)))) : null),
      h('aside', { class: 'entity-side' },
        co.length ? h('section', { class: 'panel' }, h('h2', { text: 'Mentioned with' }), h('div', { class: 'chips' }, co.slice(0, 40).map(entityChip))) : null,
        (e.stories || []).length ? h('section', { class: 'panel' }, h('h2', { text: 'Stories' }),
          h('ul', null, e.stories.map((s) => h('li', null, h('a', { href: link.story(s.story ?? s.id) }, h('bdi', { text: s.label || s.id })),
            Number.isFinite(s.documents) ? h('span', { class: 'count', text: ` ${plural(s.documents, 'report')}` }) : null)))) : null,
        placeList.length ? h('section', { class: 'panel' }, h('h2', { text: 'Places in their documents' }),
          places.length ? miniMap(places) : h('p', { class: 'muted', text: 'None of these places is located on the map yet.' }),
          h('ul', { class: 'place-list' }, placeList.slice(0, 20).map((p) => h('li', null,
            h('a', { href: p.id !== null && p.id !== undefined ? link.entity(p.id) : link.search(`place:${quoteTerm(p.name)}`) }, h('bdi', { text: short(p.name, 80) })),
            ' ', h('span', { class: 'count', text: p.count }))))) : null)),
  );
}

run().catch(fail);
