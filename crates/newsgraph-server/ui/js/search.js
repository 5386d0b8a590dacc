// Search page: the query box (the corpus query language), ranked results with
// highlighted snippets, facets that filter on click, attention over time, export.
import {
  h, api, mount, fail, params, link, query, quoteTerm, snippet, fmtDate, plural, setTitle,
  errorBox, entityChip, short,
} from './common.js';
import { attentionChart } from './chart.js';

const PAGE = 20;

// Facet groups: what the API calls them, their label, and the query field a click adds.
const FACETS = [
  { keys: ['person', 'people'], label: 'People', field: 'entity', type: 'PERSON' },
  { keys: ['org', 'organisations'], label: 'Organisations', field: 'entity', type: 'ORG' },
  { keys: ['place', 'places'], label: 'Places', field: 'place', type: 'PLACE' },
  { keys: ['site', 'source', 'sources'], label: 'Sources', field: 'source' },
  { keys: ['event', 'events'], label: 'Event types', field: 'event' },
  { keys: ['language', 'lang'], label: 'Languages', field: 'lang' },
];

const EXAMPLES = [
  ['fire', 'documents with the word fire (full text, ranked)'],
  ['"prime minister" NOT election', 'a phrase, without a word'],
  ['speaker:Trump', 'quotes by a person, through their aliases'],
  ['about:Iran', 'documents and quotes about an entity'],
  ['place:Iraq', 'a place and what lies inside it'],
  ['event:ATTACK date:2020-01-01..2020-01-31', 'events of a type in a date range'],
];

const state = {
  q: '',
  offset: 0,
  mode: 'count',
  interval: '',
};

function readState() {
  const p = params();
  state.q = (p.get('q') || '').trim();
  state.offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
  state.mode = p.get('mode') === 'ratio' ? 'ratio' : 'count';
  state.interval = ['day', 'week', 'month'].includes(p.get('interval')) ? p.get('interval') : '';
}

function go(next) {
  const s = { ...state, ...next };
  location.assign('/' + query({
    q: s.q, offset: s.offset || '', mode: s.mode === 'ratio' ? 'ratio' : '', interval: s.interval,
  }));
}

function addTerm(term) {
  const q = state.q ? `${state.q} ${term}` : term;
  go({ q, offset: 0 });
}

function searchForm() {
  const input = h('input', {
    id: 'q', type: 'search', name: 'q', value: state.q, autocomplete: 'off', spellcheck: 'false',
    'aria-label': 'Query', 'aria-describedby': 'qhelp',
    placeholder: 'e.g. speaker:Trump  or  place:Iraq event:ATTACK  or  "prime minister"',
  });
  const form = h('form', { class: 'search', role: 'search', action: '/', method: 'get' },
    input,
    h('button', { type: 'submit', text: 'Search' }));
  const help = h('details', { class: 'qhelp', id: 'qhelp' },
    h('summary', null, 'Query language — fields and examples'),
    h('p', null, 'Words and ', h('code', { text: '"phrases"' }), ', ', h('code', { text: 'AND' }), ' / ',
      h('code', { text: 'OR' }), ' / ', h('code', { text: 'NOT' }), ', ', h('code', { text: 'prefix*' }),
      ', ', h('code', { text: 'NEAR(a b, 5)' }), ' work as in SQLite full-text search. Fields narrow the matches: ',
      ...['speaker:', 'about:', 'entity:', 'place:', 'event:', 'actor:', 'target:', 'story:', 'source:', 'lang:', 'date:']
        .flatMap((f, i) => [i ? ' ' : '', h('code', { text: f })]),
      '. ', h('a', { href: '/help', text: 'Full reference' }), '.'),
    h('ul', { class: 'examples' }, EXAMPLES.map(([q, what]) =>
      h('li', null, h('a', { href: link.search(q) }, h('code', { text: q })), ' — ', what))));
  return h('section', { class: 'searchbox' }, form, help);
}

function facetList(resp) {
  const data = (resp && resp.facets) || resp || {};
  const box = h('aside', { class: 'facets', 'aria-label': 'Filter the matches' });
  box.append(h('h2', { text: 'Filter' }));
  let any = false;
  for (const f of FACETS) {
    const key = f.keys.find((k) => Array.isArray(data[k]));
    if (!key) continue;
    const items = data[key].slice(0, 12);
    if (!items.length) continue;
    any = true;
    box.append(h('section', { class: 'facet' },
      h('h3', { text: f.label }),
      h('ul', null, items.map((it) => {
        const name = String(it.name ?? it.value ?? it.key ?? '');
        const term = `${f.field}:${quoteTerm(name)}`;
        return h('li', null, h('button', {
          type: 'button', class: ['facet-item', f.type ? `t-${f.type.toLowerCase()}` : null],
          title: `Add ${short(term, 300)} to the query`, on: { click: () => addTerm(term) },
        }, h('bdi', { class: 'name', text: short(name, 120) }), h('span', { class: 'count', text: (it.count ?? 0).toLocaleString('en') })));
      }))));
  }
  if (!any) box.append(h('p', { class: 'muted', text: 'No facets for these matches.' }));
  return box;
}

function resultItem(r, rank) {
  const id = r.id ?? r.document ?? r.doc_id;
  const meta = [r.source_name || r.site || r.source, fmtDate(r.published)].filter(Boolean);
  return h('li', { class: 'result' },
    h('a', { class: 'title', href: link.article(id), dataset: { rank } }, h('bdi', { text: short(r.title || id, 300) })),
    h('div', { class: 'meta' }, meta.map((m, i) => [i ? ' · ' : '', h('bdi', { text: m })])),
    r.snippet ? h('p', { class: 'snippet' }, snippet(r.snippet, r.highlights)) : null,
    Array.isArray(r.entities) && r.entities.length
      ? h('div', { class: 'chips' }, r.entities.slice(0, 6).map(entityChip)) : null);
}

function pager(total) {
  if (total <= PAGE) return null;
  const from = state.offset + 1;
  const to = Math.min(total, state.offset + PAGE);
  return h('nav', { class: 'pager', 'aria-label': 'Result pages' },
    state.offset > 0 ? h('a', { href: '/' + query({ q: state.q, offset: Math.max(0, state.offset - PAGE) || '' }), rel: 'prev', text: '← Previous' }) : null,
    h('span', { text: ` ${from}–${to} of ${total.toLocaleString('en')} ` }),
    to < total ? h('a', { href: '/' + query({ q: state.q, offset: state.offset + PAGE }), rel: 'next', text: 'Next →' }) : null);
}

function exportLinks() {
  const mk = (format, label) => h('a', {
    class: 'button', href: '/api/export' + query({ q: state.q, what: 'documents', format }), download: true,
    title: `Every matching document (not only this page), as ${label}`,
  }, `Export ${label}`);
  return h('div', { class: 'exports' }, mk('csv', 'CSV'), mk('ndjson', 'NDJSON'),
    h('a', { class: 'button', href: link.map(state.q), text: 'On the map' }),
    h('a', { class: 'button', href: link.timeline(state.q), text: 'Timeline' }));
}

/** The date range of a chart bar, in the query language. */
function periodRange(p, interval) {
  if (/^\d{4}-\d{2}$/.test(p)) {
    const [y, m] = p.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${p}-01..${p}-${String(last).padStart(2, '0')}`;
  }
  if (interval === 'week') {
    const end = new Date(Date.parse(`${p}T00:00:00Z`) + 6 * 864e5).toISOString().slice(0, 10);
    return `${p}..${end}`;
  }
  return p;
}

function attention(tl) {
  let series = (tl && (tl.series || tl.periods || tl.buckets)) || (Array.isArray(tl) ? tl : []);
  if (series.length && series[0].points) series = series[0].points;
  const box = h('section', { class: 'panel attention-panel' });
  const modes = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Chart values' },
    ['count', 'ratio'].map((m) => h('button', {
      type: 'button', 'aria-pressed': state.mode === m ? 'true' : 'false',
      on: { click: () => go({ mode: m }) },
      text: m === 'count' ? 'Count' : 'Share of all documents',
    })));
  const intervals = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Period' },
    ['day', 'week', 'month'].map((m) => h('button', {
      type: 'button', 'aria-pressed': (state.interval || tl?.interval) === m ? 'true' : 'false',
      on: { click: () => go({ interval: m }) }, text: m,
    })));
  box.append(h('div', { class: 'panel-head' }, h('h2', { text: 'Attention over time' }), modes, intervals));
  if (!series.length) {
    box.append(h('p', { class: 'muted', text: 'No dated documents among the matches.' }));
    return box;
  }
  box.append(attentionChart(series, {
    mode: state.mode,
    interval: state.interval || tl?.interval,
    onPick: (period) => addTerm(`date:${periodRange(String(period), state.interval || tl?.interval)}`),
  }));
  return box;
}

async function welcome() {
  const parts = [searchForm()];
  const stats = await api('/api/health').catch(() => null);
  if (stats) {
    const n = (k) => (stats[k] ?? stats.counts?.[k]);
    parts.push(h('section', { class: 'panel welcome' },
      h('h2', { text: 'In this corpus' }),
      h('ul', { class: 'stats' },
        [['documents', 'document'], ['entities', 'entity', 'entities'], ['quotes', 'quote'], ['events', 'event'],
          ['places', 'place'], ['stories', 'story', 'stories']]
          .filter(([k]) => n(k) !== undefined)
          .map(([k, one, many]) => h('li', null, k === 'stories' ? h('a', { href: '/stories', text: plural(n(k), one, many) }) : plural(n(k), one, many)))),
      stats.first_date || stats.from ? h('p', { class: 'muted', text: `Published ${fmtDate(stats.first_date || stats.from)} to ${fmtDate(stats.last_date || stats.to)}.` }) : null));
  }
  // What is in the corpus, to click on: the facets of everything.
  const facets = await api('/api/facets', { q: '' }).catch(() => null);
  if (facets) {
    const top = facetList(facets);
    top.querySelector('h2').textContent = 'Most mentioned';
    parts.push(top);
  }
  parts.push(h('section', { class: 'panel' },
    h('h2', { text: 'Try' }),
    h('ul', { class: 'examples' }, EXAMPLES.map(([q, what]) =>
      h('li', null, h('a', { href: link.search(q) }, h('code', { text: q })), ' — ', what)))));
  mount(...parts);
}

async function run() {
  readState();
  if (!state.q) {
    setTitle('Search');
    await welcome();
    document.getElementById('q')?.focus();
    return;
  }
  setTitle(state.q);
  const [res, facets, tl] = await Promise.allSettled([
    api('/api/documents', { q: state.q, limit: PAGE, offset: state.offset }),
    api('/api/facets', { q: state.q }),
    api('/api/timeline', { q: state.q, interval: state.interval }),
  ]);
  if (res.status === 'rejected') {
    mount(searchForm(), errorBox(res.reason));
    return;
  }
  const r = res.value;
  const results = r.results || r.documents || r.hits || [];
  const total = r.total ?? r.count ?? results.length;
  const list = h('ol', { class: 'results', start: state.offset + 1 }, results.map((x, i) => resultItem(x, state.offset + i + 1)));
  const head = h('div', { class: 'results-head' },
    h('p', { class: 'total', role: 'status' }, total ? `${plural(total, 'matching document')}` : 'No document matches this query.'),
    total ? exportLinks() : null);
  mount(
    searchForm(),
    h('div', { class: 'search-layout' },
      facets.status === 'fulfilled' ? facetList(facets.value) : h('aside', { class: 'facets' }, errorBox(facets.reason, 'Facets unavailable')),
      h('div', { class: 'search-main' },
        tl.status === 'fulfilled' ? attention(tl.value) : null,
        head, list, pager(total))),
  );
}

run().catch(fail);
