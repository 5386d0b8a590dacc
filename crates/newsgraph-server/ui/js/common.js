// Shared helpers of every page: DOM building (text only, never HTML), the API client,
// links between pages, byte-span highlighting, and the keyboard shortcuts.
//
// Safety rule of the whole UI: data from the corpus (scraped, hostile) only ever reaches
// the page as text nodes or as attribute values set through the DOM; no HTML parsing, no
// document writing, no code from strings, no inline handlers. The Content-Security-Policy the server
// sends (script-src 'self', require-trusted-types-for 'script') makes the browser refuse
// any attempt to do otherwise.

/** Builds an element. `attrs`: class, text, href and action (checked by safeHref),
 *  on: {event: fn}, dataset, and plain attributes (never a handler, style or resource
 *  URL: those throw); children are nodes, strings (as text), arrays, or
 *  null/undefined/false (skipped). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'href') {
        const href = safeHref(v);
        if (href !== null) el.setAttribute('href', href);
      } else if (k === 'on') {
        for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      } else if (k === 'dataset') {
        for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = String(dv);
      } else if (k === 'action') {
        const to = safeHref(v);
        if (to !== null && to.startsWith('/')) el.setAttribute('action', to);
      } else if (/^on|^(style|src|srcdoc|formaction|xlink:href|srcset|ping|background)$/i.test(k)) {
        // Handlers, inline styles and resource URLs never come from here.
        throw new Error(`h(): attribute ${k} not allowed`);
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

/** Same as h() for SVG elements; attribute values are set as plain strings. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'href' || /^on/i.test(k)) throw new Error(`svg(): attribute ${k} not allowed`);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An href is kept only when it is a path of this site or an http(s) URL: a scraped
 *  `javascript:`, `data:` or `vbscript:` URL never becomes a link. */
export function safeHref(v) {
  const s = String(v);
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  if (s.startsWith('#') || s.startsWith('?')) return s;
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (_) { /* not a URL */ }
  return null;
}

// ---------------------------------------------------------------- links

const enc = encodeURIComponent;
export const link = {
  search: (q, extra) => '/' + query({ q, ...extra }),
  article: (id, hl) => `/article/${enc(id)}` + (hl ? `#${hl}` : ''),
  entity: (id) => `/entity/${enc(id)}`,
  story: (id) => `/story/${enc(id)}`,
  map: (q) => '/map' + query({ q }),
  timeline: (q, extra) => '/timeline' + query({ q, ...extra }),
};

/** `?a=1&b=2` from an object, skipping empty values ('' when all are empty). */
export function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Quotes a value for the query language when it is not a bare word. */
export function quoteTerm(v) {
  const s = String(v);
  return /^[\p{L}\p{N}_.-]+$/u.test(s) ? s : `"${s.replace(/"/g, '')}"`;
}

export function params() {
  return new URLSearchParams(location.search);
}

/** The last path segment after `prefix` (`/article/ID` → `ID`), decoded. */
export function pathId(prefix) {
  const p = location.pathname;
  if (!p.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(p.slice(prefix.length));
  } catch (_) {
    return null;
  }
}

// ---------------------------------------------------------------- API

export class ApiError extends Error {
  constructor(status, message, where) {
    super(message);
    this.status = status;
    this.where = where;
  }
}

/** GET a JSON route. Bad requests come back as an ApiError with the server's message
 *  (the query language says what is wrong and where). */
export async function api(path, params) {
  const res = await fetch(path + query(params), { headers: { accept: 'application/json' } });
  let body = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) body = await res.json();
  else body = await res.text();
  if (!res.ok) {
    // {"error": {"message", "start", "end"}}: start/end locate the mistake in q.
    const e = body && typeof body === 'object' ? body.error : null;
    const msg = (e && (e.message || (typeof e === 'string' && e))) || (typeof body === 'string' && body) || res.statusText;
    const err = new ApiError(res.status, String(msg), e && Number.isFinite(e.start) ? [e.start, e.end] : null);
    err.q = params && params.q;
    throw err;
  }
  return body;
}

// ---------------------------------------------------------------- page frame

export function main() {
  return document.getElementById('main');
}

/** Replaces the page's content; `body[data-ready]` tells tests the page is built. */
export function mount(...nodes) {
  const m = main();
  m.replaceChildren();
  append(m, nodes);
  m.setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
  // Time to the first meaningful paint: the page's content is in the DOM (measured by
  // the UI timing bench in tests/browser.rs).
  if (!window.newsgraphReadyAt) window.newsgraphReadyAt = performance.now();
}

export function setTitle(t) {
  document.title = `${t} · newsgraph`;
}

export function errorBox(err, what) {
  const status = err && err.status;
  // Point at the offending part of the query (byte offsets into q).
  let where = null;
  if (err && err.where && typeof err.q === 'string') {
    const [s, e] = err.where;
    const m = byteToUtf16(err.q, [s, Math.max(s, e ?? s)]);
    const a = m.get(s);
    const b = Math.max(m.get(Math.max(s, e ?? s)), a + 1);
    where = h('p', { class: 'msg where' }, err.q.slice(0, a), h('mark', { class: 'bad', text: err.q.slice(a, b) || ' ' }), err.q.slice(b));
  }
  return h('div', { class: 'error', role: 'alert' },
    h('strong', { text: what || (status === 404 ? 'Not found' : status === 400 ? 'That query has a problem' : 'Something went wrong') }),
    h('p', { class: 'msg', text: err && err.message ? err.message : String(err) }),
    where,
    status === 400 ? h('p', null, 'See ', h('a', { href: '/help', text: 'the query language' }), ' for what is allowed.') : null);
}

export function fail(err) {
  console.error(err);
  mount(errorBox(err));
}

/** A short human date (`2019-07-23` stays ISO: it is what journalists cite). */
export function fmtDate(d) {
  if (!d) return '';
  return String(d).slice(0, 10);
}

export function plural(n, one, many) {
  return `${Number(n).toLocaleString('en')} ${n === 1 ? one : (many || one + 's')}`;
}

/** A name or title cut to `n` characters (an ellipsis marks the cut): scraped data
 *  can hold a 100,000-character "name". */
export function short(s, n = 200) {
  const t = String(s ?? '');
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

export const TYPE_LABEL = { PERSON: 'Person', ORG: 'Organisation', PLACE: 'Place', OTHER: 'Other' };

export function typeClass(t) {
  return `t-${String(t || 'other').toLowerCase()}`;
}

/** Entity chip: a link to the entity page (or to a search when no corpus id). */
export function entityChip(e) {
  const name = e.name ?? e.value ?? e.text ?? '?';
  const id = e.entity ?? e.id;
  const href = id !== undefined && id !== null ? link.entity(id) : link.search(`entity:${quoteTerm(name)}`);
  return h('a', { class: ['chip', typeClass(e.type)], href, title: `${TYPE_LABEL[e.type] || e.type || ''}${e.type ? ': ' : ''}${short(name, 500)}` },
    h('bdi', { text: short(name, 80) }),
    e.count !== undefined ? h('span', { class: 'count', text: e.count }) : null);
}

// ---------------------------------------------------------------- spans

/** Maps UTF-8 byte offsets to UTF-16 indices of `text` in one pass. Offsets inside a
 *  character snap to the character's end; offsets past the text clamp to its length. */
export function byteToUtf16(text, offsets) {
  const wanted = [...new Set(offsets)].filter((o) => Number.isFinite(o)).sort((a, b) => a - b);
  const out = new Map();
  let byte = 0;
  let i = 0;
  let w = 0;
  while (w < wanted.length && i <= text.length) {
    while (w < wanted.length && wanted[w] <= byte) out.set(wanted[w++], i);
    if (i >= text.length) break;
    const cp = text.codePointAt(i);
    byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  while (w < wanted.length) out.set(wanted[w++], text.length);
  return out;
}

/** The text of a byte span. */
export function sliceBytes(text, start, end) {
  const m = byteToUtf16(text, [start, end]);
  return text.slice(m.get(start), m.get(end));
}

/**
 * Renders `text` with marks from byte spans. Each mark: {start, end, cls, title,
 * href, key, id}. Marks may nest or overlap: the text is cut at every boundary and each
 * piece is wrapped, innermost last, in one element per mark covering it, so every
 * piece shows all its marks (a speaker inside a quote, a place inside an event).
 * Returns a DocumentFragment of text nodes and elements only.
 */
export function markText(text, marks) {
  const valid = marks.filter((m) => Number.isFinite(m.start) && Number.isFinite(m.end) && m.end > m.start);
  const pos = byteToUtf16(text, valid.flatMap((m) => [m.start, m.end]));
  const spans = valid.map((m, i) => ({ ...m, a: pos.get(m.start), b: pos.get(m.end), i }))
    .filter((m) => m.b > m.a);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((m) => [m.a, m.b])])].sort((x, y) => x - y);
  // Longer marks outside, shorter inside; ties keep their order.
  spans.sort((x, y) => (y.b - y.a) - (x.b - x.a) || x.i - y.i);
  const frag = document.createDocumentFragment();
  const firstSeen = new Set();
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c];
    const b = cuts[c + 1];
    let node = document.createTextNode(text.slice(a, b));
    const active = spans.filter((m) => m.a <= a && m.b >= b);
    for (let k = active.length - 1; k >= 0; k--) {
      const m = active[k];
      const tag = m.href && !active.slice(0, k).some((o) => o.href) ? 'a' : 'mark';
      const el = h(tag, { class: m.cls, title: m.title, href: tag === 'a' ? m.href : null });
      if (m.key !== undefined) el.dataset.key = m.key;
      if (m.id && !firstSeen.has(m.id)) {
        el.id = m.id;
        firstSeen.add(m.id);
      }
      el.append(node);
      node = el;
    }
    frag.append(node);
  }
  return frag;
}

/** Hovering or focusing one piece of a mark lights up every piece with the same key
 *  (a quote, its speaker and its cue share one key). */
export function linkHover(root) {
  const on = (e, v) => {
    const t = e.target.closest && e.target.closest('[data-key]');
    if (!t) return;
    for (const el of root.querySelectorAll(`[data-key="${CSS.escape(t.dataset.key)}"]`)) el.classList.toggle('lit', v);
  };
  root.addEventListener('mouseover', (e) => on(e, true));
  root.addEventListener('mouseout', (e) => on(e, false));
  root.addEventListener('focusin', (e) => on(e, true));
  root.addEventListener('focusout', (e) => on(e, false));
}

// ---------------------------------------------------------------- snippets

/**
 * A search snippet with its matches highlighted. The server marks matches with
 * `highlights: [{start, end}]` (byte offsets into `snippet`), with the private use
 * characters U+E000/U+E001, or with `<b>`…`</b>` around each match; all become
 * <mark> elements and everything else stays text — a `<script>` in a snippet is
 * shown as the characters `<script>`, never parsed.
 */
export function snippet(s, highlights) {
  const frag = document.createDocumentFragment();
  if (!s) return frag;
  if (Array.isArray(highlights) && highlights.length) {
    frag.append(markText(s, highlights.map((x) => ({ start: x.start ?? x[0], end: x.end ?? x[1], cls: 'hit' }))));
    return frag;
  }
  const str = String(s);
  const html = !str.includes('\uE000');
  const [open, close] = html ? ['<b>', '</b>'] : ['\uE000', '\uE001'];
  const parts = str.split(html ? /(<b>|<\/b>)/ : /([\uE000\uE001])/);
  let inHit = false;
  for (const p of parts) {
    if (p === open) inHit = true;
    else if (p === close) inHit = false;
    else if (p) {
      // An HTML-escaped snippet: its four entities back to characters (one pass, so
      // `&amp;lt;` stays `&lt;`), shown as text.
      const t = html ? p.replace(/&(lt|gt|amp|quot|#39);/g, (_, e) => ENTITIES[e]) : p;
      frag.append(inHit ? h('mark', { class: 'hit', text: t }) : document.createTextNode(t));
    }
  }
  return frag;
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" };

// ---------------------------------------------------------------- keyboard

function shortcuts() {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (e.key === '/' && !typing) {
      const box = document.querySelector('#q') || document.querySelector('header .quick input');
      if (box) {
        e.preventDefault();
        box.focus();
        box.select();
      }
    } else if (e.key === 'Escape' && typing) {
      t.blur();
    }
  });
}

function markNav() {
  const page = document.body.dataset.page;
  for (const a of document.querySelectorAll('header nav a')) {
    if (a.dataset.nav === page) a.setAttribute('aria-current', 'page');
  }
  const q = params().get('q');
  const quick = document.querySelector('header .quick input');
  if (quick && q && page !== 'search') quick.value = q;
  if (page === 'search') document.querySelector('header .quick')?.setAttribute('hidden', '');
}

// What went wrong on this page, for the browser tests (and anyone in the console):
// script errors and Content-Security-Policy violations.
const problems = { errors: [], violations: [] };
window.newsgraphProblems = problems;
window.addEventListener('error', (e) => problems.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => problems.errors.push(String(e.reason)));
document.addEventListener('securitypolicyviolation', (e) => problems.violations.push(`${e.violatedDirective} ${e.blockedURI}`));

shortcuts();
markNav();
