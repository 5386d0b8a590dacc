// Story page: the documents of one story side by side, the shared entities, what the
// reports agree on, and where they differ — each discrepancy with both sides'
// evidence highlighted in their own texts; updates and differences of scope are shown
// as such, not as contradictions. Also the list of stories (/stories).
import {
  h, api, mount, fail, pathId, link, quoteTerm, markText, linkHover, fmtDate, plural, setTitle,
  typeClass, sliceBytes, short,
} from './common.js';

/** Where a report comes from, short: its site, else the file name (not the whole
 *  path of the file it was read from). */
function sourceOf(doc) {
  if (doc.source_name || doc.site) return doc.source_name || doc.site;
  const src = String(doc.source || '');
  return src.slice(src.lastIndexOf('/') + 1);
}

const KIND = {
  conflict: ['Conflict', 'the reports disagree'],
  update: ['Update', 'a later report revises an earlier figure'],
  scope: ['Scope', 'the reports count different things'],
};

function valueText(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function kindBadge(kind) {
  const [label, what] = KIND[kind] || KIND.conflict;
  return h('span', { class: `badge kind-${kind || 'conflict'}`, title: what, text: label });
}

async function storyPage(id) {
  const data = await api('/api/story', { id });
  const story = data.story || data;
  setTitle(story.label || `Story ${story.id}`);
  const docIds = (story.documents || []).map((d) => (typeof d === 'string' ? d : d.id));
  const docs = await Promise.all(docIds.map((d) => api('/api/document', { id: d })
    .then((x) => x.document || x).catch(() => ({ id: d, text: '', title: `${d} (not in the store)` }))));
  const byId = new Map(docs.map((d) => [d.id, d]));
  const colOf = new Map(docIds.map((d, i) => [d, i]));

  // Evidence marks per document: agreements a{i}, discrepancies d{i}.
  const marks = new Map(docIds.map((d) => [d, []]));
  const agreements = story.agreements || [];
  const discrepancies = story.discrepancies || [];
  agreements.forEach((a, i) => {
    for (const ev of a.evidence || []) {
      marks.get(ev.document)?.push({ start: ev.start, end: ev.end, cls: 'ev agree', key: `a${i}`, title: `Agreement: ${a.what} = ${valueText(a.value)}` });
    }
  });
  discrepancies.forEach((d, i) => {
    (d.values || []).forEach((v, j) => {
      marks.get(v.document)?.push({
        start: v.start, end: v.end, cls: `ev disagree side-${j % 4} kind-${d.kind || 'conflict'}`, key: `d${i}`,
        title: `${(KIND[d.kind] || KIND.conflict)[0]}: ${d.what} = ${valueText(v.value)}`,
      });
    });
  });
  const shared = new Set((story.shared_entities || []).map((s) => String(s).toLowerCase()));
  const columns = docs.map((doc) => {
    const ms = [...(marks.get(doc.id) || [])];
    for (const e of doc.entities || []) {
      if (!shared.has(String(e.name).toLowerCase())) continue;
      for (const m of e.mentions || []) ms.push({ start: m.start, end: m.end, cls: `ent shared ${typeClass(e.type)}`, title: `Shared entity: ${e.name}` });
    }
    const text = h('div', { class: 'doc-text', dir: 'auto' }, markText(doc.text || '', ms));
    return h('section', { class: 'story-doc', dataset: { doc: doc.id } },
      h('header', null,
        h('div', { class: 'meta' }, h('bdi', { text: sourceOf(doc) }), doc.published ? ` · ${fmtDate(doc.published)}` : ''),
        h('h3', null, h('a', { href: link.article(doc.id) }, h('bdi', { text: doc.title || doc.id })))),
      text);
  });
  const cols = h('div', { class: 'story-docs' }, columns);
  cols.style.setProperty('--cols', String(Math.min(Math.max(docs.length, 1), 3)));
  linkHover(cols);

  const focus = (key) => {
    for (const el of cols.querySelectorAll('.focus')) el.classList.remove('focus');
    const hits = [...cols.querySelectorAll(`[data-key="${CSS.escape(key)}"]`)];
    for (const el of hits) el.classList.add('focus');
    // Scroll each column to its first piece of evidence.
    const seen = new Set();
    for (const el of hits) {
      const col = el.closest('.story-doc');
      if (!col || seen.has(col)) continue;
      seen.add(col);
      const box = col.querySelector('.doc-text');
      box.scrollTop = Math.max(0, el.offsetTop - box.offsetTop - 40);
    }
    cols.scrollIntoView({ block: 'nearest' });
  };

  const docLabel = (d) => {
    const doc = byId.get(d);
    return h('span', { class: 'docref' }, h('span', { class: 'colno', text: `#${(colOf.get(d) ?? 0) + 1}` }), ' ',
      h('bdi', { text: doc ? short(doc.site || doc.title || sourceOf(doc) || d, 60) : d }));
  };

  const discList = discrepancies.length
    ? h('ol', { class: 'claims' }, discrepancies.map((d, i) => {
      const values = [...(d.values || [])];
      if (d.kind === 'update') values.sort((x, y) => String(x.published || '').localeCompare(String(y.published || '')));
      return h('li', { class: `claim kind-${d.kind || 'conflict'}`, dataset: { key: `d${i}` } },
        h('button', { type: 'button', class: 'claim-head', on: { click: () => focus(`d${i}`) }, title: 'Show the evidence in the texts' },
          kindBadge(d.kind), ' ', h('bdi', { class: 'what', text: d.what })),
        h('ul', { class: 'sides' }, values.map((v, j) => {
          const doc = byId.get(v.document);
          const quote = doc && doc.text ? sliceBytes(doc.text, v.start, v.end) : '';
          return h('li', { class: `side side-${(d.values || []).indexOf(v) % 4}` },
            d.kind === 'update' && j > 0 ? h('span', { class: 'arrow', text: '→ ' }) : null,
            h('strong', { class: 'value' }, h('bdi', { text: valueText(v.value) })), ' ',
            docLabel(v.document), v.published ? h('span', { class: 'muted', text: ` ${fmtDate(v.published)}` }) : null,
            quote ? h('q', { class: 'evidence' }, h('bdi', { text: quote })) : null);
        })));
    }))
    : h('p', { class: 'muted', text: 'The reports of this story do not contradict each other on any compared fact.' });

  const agreeList = agreements.length
    ? h('ul', { class: 'claims agree-list' }, agreements.map((a, i) => h('li', { class: 'claim agree', dataset: { key: `a${i}` } },
      h('button', { type: 'button', class: 'claim-head', on: { click: () => focus(`a${i}`) }, title: 'Show the evidence in the texts' },
        h('bdi', { class: 'what', text: a.what }), ': ', h('strong', null, h('bdi', { text: valueText(a.value) }))),
      h('span', { class: 'muted' }, ` in ${plural((a.evidence || []).length, 'report')}`))))
    : h('p', { class: 'muted', text: 'No compared fact is stated alike by several reports.' });

  const ents = story.entities && story.entities.length
    ? story.entities.map((e) => h('a', { class: ['chip', typeClass(e.type)], href: link.search(`entity:${quoteTerm(e.name)}`), title: `${plural((e.documents || []).length, 'report')}${e.aliases?.length ? ` — also: ${e.aliases.join(', ')}` : ''}` },
      h('bdi', { text: e.name }), h('span', { class: 'count', text: (e.documents || []).length })))
    : (story.shared_entities || []).map((n) => h('a', { class: 'chip', href: link.search(`entity:${quoteTerm(n)}`) }, h('bdi', { text: n })));

  mount(
    h('header', { class: 'story-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '/stories', text: 'Stories' }), ' ›'),
      h('h1', null, h('bdi', { text: short(story.label, 160) || `Story ${story.id}` })),
      h('p', { class: 'meta' }, `${plural(docs.length, 'report')}`,
        ' · ', h('a', { href: link.search(`story:${quoteTerm(story.id)}`), text: 'search in this story' }),
        ' · ', h('a', { href: link.timeline(`story:${quoteTerm(story.id)}`), text: 'timeline' })),
      story.why && story.why.length
        ? h('details', { class: 'why' }, h('summary', { text: `Why these reports were linked (${story.why.length})` }),
          h('ul', null, story.why.map((w) => h('li', null, h('bdi', { text: w })))))
        : null,
      h('div', { class: 'chips shared' }, ents)),
    h('div', { class: 'story-claims' },
      h('section', { class: 'panel discrepancies' }, h('h2', { text: `Where the reports differ (${discrepancies.length})` }),
        h('p', { class: 'legend-line' }, kindBadge('conflict'), ' disagree · ', kindBadge('update'), ' a later report revises a figure · ', kindBadge('scope'), ' they count different things'),
        discList),
      h('section', { class: 'panel agreements' }, h('h2', { text: `Where they agree (${agreements.length})` }), agreeList)),
    h('h2', { class: 'docs-title', text: 'The reports side by side' }),
    cols,
  );
  if (discrepancies.length) focus('d0');
}

async function storiesList() {
  setTitle('Stories');
  const data = await api('/api/stories', { limit: 200 });
  const all = data.stories || data;
  // A story of one report has nothing to compare: listed apart, as a count.
  const size = (s) => (Array.isArray(s.documents) ? s.documents.length : (s.documents ?? 0));
  const list = all.filter((s) => size(s) >= 2);
  const single = all.length - list.length;
  mount(
    h('h1', { text: 'Stories' }),
    h('p', { class: 'muted', text: 'A story is a set of reports of one real-world event. Open one to compare the reports side by side: what they agree on and where they differ.' }),
    list.length
      ? h('table', { class: 'stories-table' },
        h('thead', null, h('tr', null, ['Story', 'Reports', 'Differences', 'Agreements', 'Dates'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', null, list.map((s) => {
          const n = (v) => (Array.isArray(v) ? v.length : (v ?? 0));
          return h('tr', null,
            h('td', null, h('a', { href: link.story(s.story ?? s.id) }, h('bdi', { text: short(s.label, 120) || s.id }))),
            h('td', { class: 'num', text: n(s.documents) }),
            h('td', { class: 'num', text: n(s.discrepancies) }),
            h('td', { class: 'num', text: n(s.agreements) }),
            h('td', { class: 'dates', text: [...new Set([fmtDate(s.from), fmtDate(s.to)].filter(Boolean))].join(' – ') || 'undated' }));
        })))
      : h('p', { class: 'muted', text: 'No story yet: stories appear when several reports of one event are in the corpus.' }),
    single ? h('p', { class: 'muted', text: `${plural(single, 'article')} with no other report of the same event ${single === 1 ? 'is' : 'are'} not listed.` }) : null,
  );
}

const id = pathId('/story/');
(id ? storyPage(id) : storiesList()).catch(fail);
