// Article page: the cleaned text with entities, quotes (speaker and cue with the
// quote), places and events marked from their byte spans; what the cleaner removed
// and why; metadata; the stories the article belongs to.
import {
  h, api, mount, fail, pathId, link, quoteTerm, markText, linkHover, fmtDate, plural, setTitle,
  TYPE_LABEL, typeClass, safeHref, short,
} from './common.js';
import { miniMap } from './map.js';

const REASONS = {
  ad: 'advertisement',
  caption: 'image caption or alt text',
  duplicate: 'line repeated verbatim',
  navigation: 'navigation, share bar, menu or comments',
  byline: 'byline or author bio',
  other: 'other',
};

// Article-local entity id ("e3") → the store's entity number, from /api/document.
let storeIds = {};

/** The entity page of an article-local entity, or a search when the store has no
 *  number for it. */
function entityHref(e) {
  const id = storeIds[e.id];
  return id !== undefined && id !== null ? link.entity(id) : link.search(`entity:${quoteTerm(e.name)}`);
}

function marksOf(doc) {
  const marks = [];
  for (const e of doc.entities || []) {
    const geo = e.geo ? ` — ${e.geo.lat?.toFixed?.(2)}, ${e.geo.lon?.toFixed?.(2)}${e.geo.country ? ` (${e.geo.country})` : ''}` : '';
    for (const m of e.mentions || []) {
      marks.push({
        start: m.start, end: m.end, cls: `ent ${typeClass(e.type)}`,
        title: `${TYPE_LABEL[e.type] || e.type}: ${short(e.name, 200)}${geo}`, href: entityHref(e), key: `e:${e.id}`,
      });
    }
  }
  (doc.quotes || []).forEach((q, i) => {
    const key = `q${i}`;
    const who = q.speaker ? q.speaker.name : 'unknown speaker';
    const parts = q.parts && q.parts.length ? q.parts : [{ start: q.start, end: q.end }];
    for (const p of parts) {
      marks.push({ start: p.start, end: p.end, cls: `quote q-${q.kind || 'direct'}`, title: `Quote (${q.kind}) — ${who}${q.cue ? `, “${q.cue}”` : ''}`, key, id: key });
    }
    if (q.speaker_span) marks.push({ start: q.speaker_span.start, end: q.speaker_span.end, cls: 'speaker', title: `Speaker of quote ${i + 1}: ${who}`, key });
    if (q.cue_span) marks.push({ start: q.cue_span.start, end: q.cue_span.end, cls: 'cue', title: `Cue of quote ${i + 1}`, key });
  });
  (doc.events || []).forEach((ev, i) => {
    const key = `v${i}`;
    if (ev.trigger) marks.push({ start: ev.trigger.start, end: ev.trigger.end, cls: 'event-trigger', title: `Event ${ev.type}${ev.quad ? ` (${ev.quad.replace('_', ' ')})` : ''}`, key, id: key });
    else if (doc.sentences && doc.sentences[ev.sentence]) {
      const [s, e] = spanOf(doc.sentences[ev.sentence]);
      marks.push({ start: s, end: e, cls: 'event-sentence', title: `Event ${ev.type}`, key, id: key });
    }
    for (const [role, a] of [['actor', ev.actor], ['target', ev.target]]) {
      if (a && a.span) marks.push({ start: a.span.start, end: a.span.end, cls: `event-${role}`, title: `${role} of ${ev.type}: ${a.name}`, key });
    }
  });
  if (doc.dateline && Number.isFinite(doc.dateline.start)) {
    marks.push({ start: doc.dateline.start, end: doc.dateline.end, cls: 'dateline', title: 'Dateline' });
  }
  return marks;
}

function spanOf(s) {
  return Array.isArray(s) ? s : [s.start, s.end];
}

function metadata(doc) {
  const rows = [];
  const row = (k, v) => { if (v !== null && v !== undefined && v !== '') rows.push(h('tr', null, h('th', { scope: 'row', text: k }), h('td', null, v))); };
  row('Published', fmtDate(doc.published));
  if (doc.dateline) row('Dateline', h('bdi', { text: [doc.dateline.place, doc.dateline.date].filter(Boolean).join(', ') }));
  if (doc.byline) row('Byline', h('span', null, h('bdi', { text: doc.byline.name }), doc.byline.bio ? h('span', { class: 'muted', text: ` — ${doc.byline.bio}` }) : null));
  if (doc.url) {
    const href = safeHref(doc.url);
    row('URL', href && /^https?:/.test(href)
      ? h('a', { href, rel: 'noopener noreferrer nofollow', class: 'ext' }, h('bdi', { text: doc.url }))
      : h('bdi', { class: 'unsafe-url', title: 'Not an http(s) link: shown as text only', text: doc.url }));
  }
  row('Source file', h('bdi', { text: doc.source }));
  row('Language', doc.language);
  row('Id', h('code', { text: doc.id }));
  if (doc.warnings && doc.warnings.length) row('Warnings', h('ul', null, doc.warnings.map((w) => h('li', { text: w }))));
  return h('table', { class: 'meta-table' }, h('tbody', null, rows));
}

function legend(textBox) {
  const toggles = [
    ['ents', 'Entities', 'ent'],
    ['quotes', 'Quotes', 'quote'],
    ['events', 'Events', 'event-trigger'],
  ];
  return h('div', { class: 'legend', role: 'group', 'aria-label': 'What to highlight' },
    toggles.map(([k, label, cls]) => {
      const id = `show-${k}`;
      return h('label', { for: id },
        h('input', { type: 'checkbox', id, checked: true, on: { change: (e) => textBox.classList.toggle(`hide-${k}`, !e.target.checked) } }),
        h('span', { class: `swatch ${cls}` }), label);
    }),
    h('span', { class: 'keys' },
      h('span', { class: 'swatch t-person' }), 'person ',
      h('span', { class: 'swatch t-org' }), 'organisation ',
      h('span', { class: 'swatch t-place' }), 'place ',
      h('span', { class: 'swatch t-other' }), 'other ',
      h('span', { class: 'swatch speaker' }), 'speaker ',
      h('span', { class: 'swatch cue' }), 'cue'));
}

function quotesPanel(doc) {
  const qs = doc.quotes || [];
  if (!qs.length) return h('section', { class: 'panel' }, h('h2', { text: 'Quotes' }), h('p', { class: 'muted', text: 'No quotes found.' }));
  return h('section', { class: 'panel' },
    h('h2', { text: `Quotes (${qs.length})` }),
    h('ol', { class: 'quote-list' }, qs.map((q, i) => h('li', { dataset: { key: `q${i}` } },
      h('a', { href: `#q${i}`, class: 'who' }, h('bdi', { text: q.speaker ? short(q.speaker.name, 120) : 'unknown speaker' })),
      q.cue ? h('span', { class: 'cue-word', text: ` ${q.cue}` }) : null,
      h('span', { class: `kind k-${q.kind}`, text: q.kind }),
      h('blockquote', null, h('bdi', { text: clip(q.text, 240) }))))));
}

function entitiesPanel(doc) {
  const groups = new Map();
  for (const e of doc.entities || []) {
    if (!groups.has(e.type)) groups.set(e.type, []);
    groups.get(e.type).push(e);
  }
  const order = ['PERSON', 'ORG', 'PLACE', 'OTHER'];
  return h('section', { class: 'panel' },
    h('h2', { text: `Entities (${(doc.entities || []).length})` }),
    order.filter((t) => groups.has(t)).map((t) => h('div', { class: 'ent-group' },
      h('h3', { text: TYPE_LABEL[t] }),
      h('ul', { class: 'chips' }, groups.get(t)
        .sort((a, b) => (b.mentions?.length || 0) - (a.mentions?.length || 0))
        .map((e) => h('li', { dataset: { key: `e:${e.id}` } },
          h('a', { class: ['chip', typeClass(e.type)], href: entityHref(e), title: short([e.titles?.join(', '), e.aliases?.length > 1 ? `also: ${e.aliases.join(', ')}` : ''].filter(Boolean).join(' — '), 500) },
            h('bdi', { text: short(e.name, 80) }), h('span', { class: 'count', text: e.mentions?.length || 0 }))))))));
}

function eventsPanel(doc) {
  const evs = doc.events || [];
  if (!evs.length) return null;
  const who = (a) => (a ? h('bdi', { text: a.name }) : h('span', { class: 'muted', text: '—' }));
  return h('section', { class: 'panel' },
    h('h2', { text: `Events (${evs.length})` }),
    h('ol', { class: 'event-list' }, evs.map((ev, i) => h('li', { dataset: { key: `v${i}` } },
      h('a', { href: `#v${i}`, class: `etype q-${ev.quad || 'none'}`, text: ev.type }), ' ',
      who(ev.actor), ' → ', who(ev.target),
      ev.place ? [' in ', h('bdi', { text: ev.place.name })] : null,
      ev.date ? [' on ', fmtDate(ev.date)] : null))));
}

function placesPanel(doc) {
  const places = (doc.entities || []).filter((e) => e.geo && Number.isFinite(e.geo.lat));
  if (!places.length && !(doc.focus && doc.focus.length)) return null;
  return h('section', { class: 'panel' },
    h('h2', { text: `Places (${places.length})` }),
    doc.focus && doc.focus.length ? h('p', null, 'About: ', doc.focus.map((f, i) => [i ? ', ' : '', h('bdi', { text: f.name })])) : null,
    places.length ? miniMap(places.map((e) => ({ lat: e.geo.lat, lon: e.geo.lon, name: e.name, count: e.mentions?.length || 1, href: entityHref(e) }))) : null,
    h('ul', { class: 'place-list' }, places.map((e) => h('li', null,
      h('a', { href: entityHref(e) }, h('bdi', { text: e.name })),
      h('span', { class: 'muted', text: ` ${e.geo.lat.toFixed(2)}, ${e.geo.lon.toFixed(2)}${e.geo.country ? ` · ${e.geo.country}` : ''}${e.geo.feature ? ` · ${e.geo.feature}` : ''}${e.geo.inherited ? ' · located by what contains it' : ''}` })))));
}

function removedPanel(doc) {
  const rm = doc.removed || [];
  const counts = {};
  for (const r of rm) counts[r.reason] = (counts[r.reason] || 0) + 1;
  return h('details', { class: 'panel removed' },
    h('summary', null, `Removed by the cleaner: ${rm.length ? Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') : 'nothing'}`),
    rm.length ? h('ul', null, rm.map((r) => h('li', null,
      h('span', { class: `reason r-${r.reason}`, title: REASONS[r.reason] || r.reason, text: r.reason }),
      h('bdi', { class: 'removed-text', text: clip(r.text, 400) })))) : null);
}

function storiesPanel(doc) {
  const st = doc.stories || [];
  if (!st.length) return null;
  return h('section', { class: 'panel stories-of' },
    h('h2', { text: st.length === 1 ? 'Part of a story' : `Part of ${st.length} stories` }),
    h('ul', null, st.map((s) => h('li', null,
      h('a', { href: link.story(s.story ?? s.id ?? s) }, h('bdi', { text: s.label || `Story ${s.id ?? s}` })),
      s.documents ? h('span', { class: 'muted', text: ` · ${plural(Array.isArray(s.documents) ? s.documents.length : s.documents, 'report')}` }) : null))));
}

/** The site of a document's URL (`en.wikinews.org`), when it has an http(s) one. */
function siteOf(doc) {
  const href = doc.url ? safeHref(doc.url) : null;
  if (!href || !/^https?:/.test(href)) return null;
  return new URL(href).hostname.replace(/^www\./, '');
}

function clip(s, n) {
  const t = String(s ?? '');
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

async function run() {
  const id = pathId('/article/');
  if (!id) throw new Error('No article id in the address');
  const data = await api('/api/document', { id });
  const doc = data.document || data;
  storeIds = data.entities || {};
  if (!doc.stories && data.stories) doc.stories = data.stories;
  setTitle(doc.title || doc.id);
  const textBox = h('div', { class: 'doc-text', dir: 'auto', lang: doc.language || null });
  textBox.append(markText(doc.text || '', marksOf(doc)));
  linkHover(textBox);
  mount(
    h('article', { class: 'article-layout' },
      h('div', { class: 'article-main' },
        h('h1', null, h('bdi', { text: short(doc.title || doc.id, 500) })),
        h('p', { class: 'meta' },
          [fmtDate(doc.published), doc.byline?.name, doc.language].filter(Boolean).map((m, i) => [i ? ' · ' : '', h('bdi', { text: m })]),
          siteOf(doc) ? [' · ', h('a', { href: link.search(`site:${quoteTerm(siteOf(doc))}`), text: `more from ${siteOf(doc)}` })] : null),
        storiesPanel(doc),
        legend(textBox),
        textBox,
        removedPanel(doc),
        h('details', { class: 'panel' }, h('summary', null, 'Metadata'), metadata(doc))),
      h('aside', { class: 'article-side' }, quotesPanel(doc), entitiesPanel(doc), eventsPanel(doc), placesPanel(doc))),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'center' });
}

run().catch(fail);
