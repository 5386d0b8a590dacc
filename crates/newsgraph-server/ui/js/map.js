// World maps, offline: Natural Earth country outlines (world-atlas TopoJSON, vendored)
// projected with d3-geo, decoded with topojson-client; points for places and events.
// The vendored bundles are classic scripts loaded before this module by the page shell
// (globals `d3` and `topojson`); nothing comes from the network but this server.
import { h, svg, api, mount, fail, params, link, quoteTerm, plural, setTitle, errorBox } from './common.js';

const atlases = new Map();

/** The country outlines at 1:110m (world view) or 1:50m (a region), loaded once. */
function atlas(detail) {
  const file = detail === 'fine' ? '/ui/vendor/countries-50m.json' : '/ui/vendor/countries-110m.json';
  if (!atlases.has(file)) {
    atlases.set(file, fetch(file).then((r) => {
      if (!r.ok) throw new Error(`map outlines unavailable (${r.status})`);
      return r.json();
    }).then((topo) => ({
      countries: topojson.feature(topo, topo.objects.countries),
      borders: topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b),
    })));
  }
  return atlases.get(file);
}

/**
 * Draws points [{lat, lon, name, count, href, kind}] on a world map inside a new
 * element (returned at once; the drawing follows when the outlines are loaded).
 * opts: {width, height, fit: 'points'|'world', onPoint(p, el)}
 */
export function drawMap(points, opts = {}) {
  const W = opts.width || 960;
  const H = opts.height || 500;
  const box = h('div', { class: 'map', role: 'img', 'aria-label': `Map of ${plural(points.length, 'place')}` });
  const valid = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180);
  const render = (fit) => {
    const proj = d3.geoNaturalEarth1();
    const sphere = { type: 'Sphere' };
    let fine = false;
    if (fit === 'points' && valid.length) {
      const mp = { type: 'MultiPoint', coordinates: valid.map((p) => [p.lon, p.lat]) };
      const [[x0, y0], [x1, y1]] = d3.geoBounds(mp);
      const span = Math.max(x1 - x0, y1 - y0);
      // Pad the points' box so a single place shows its surroundings.
      const pad = Math.max(4, span * 0.25);
      const area = {
        type: 'Polygon',
        coordinates: [[[x0 - pad, y0 - pad], [x1 + pad, y0 - pad], [x1 + pad, y1 + pad], [x0 - pad, y1 + pad], [x0 - pad, y0 - pad]]],
      };
      proj.fitExtent([[10, 10], [W - 10, H - 10]], area.coordinates[0][0][0] < -180 || area.coordinates[0][1][0] > 180 ? sphere : area);
      fine = span < 60;
    } else {
      proj.fitExtent([[4, 4], [W - 4, H - 4]], sphere);
    }
    const path = d3.geoPath(proj);
    return atlas(fine ? 'fine' : 'coarse').then((a) => {
      const root = svg('svg', { class: 'worldmap', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'xMidYMid meet' });
      root.append(svg('path', { class: 'sphere', d: path(sphere) }));
      const g = svg('g', { class: 'countries' });
      for (const f of a.countries.features) {
        const d = path(f);
        if (!d) continue;
        const c = svg('path', { class: 'country', d });
        c.append(svg('title', { text: f.properties && f.properties.name ? f.properties.name : '' }));
        g.append(c);
      }
      root.append(g);
      root.append(svg('path', { class: 'borders', d: path(a.borders) || '' }));
      const max = Math.max(1, ...valid.map((p) => p.count || 1));
      const pts = svg('g', { class: 'points' });
      // Big circles first, so small ones stay clickable on top.
      for (const p of [...valid].sort((x, y) => (y.count || 1) - (x.count || 1))) {
        const xy = proj([p.lon, p.lat]);
        if (!xy || !Number.isFinite(xy[0])) continue;
        const r = 3 + 12 * Math.sqrt((p.count || 1) / max);
        const c = svg('circle', { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), class: `point k-${p.kind || 'place'}`, tabindex: 0, 'data-name': p.name || '' });
        c.append(svg('title', { text: `${p.name || ''}${p.count ? ` — ${p.count}` : ''}` }));
        const open = () => { if (opts.onPoint) opts.onPoint(p, c); else if (p.href) location.assign(p.href); };
        c.addEventListener('click', open);
        c.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
        p.el = c;
        pts.append(c);
      }
      root.append(pts);
      box.replaceChildren(root);
      box.dataset.points = String(pts.childElementCount);
      box.dataset.ready = 'true';
    });
  };
  box.append(h('p', { class: 'loading', text: 'Drawing the map…' }));
  box.redraw = (fit) => render(fit).catch((e) => box.replaceChildren(errorBox(e, 'Map unavailable')));
  box.redraw(opts.fit || (valid.length ? 'points' : 'world'));
  return box;
}

/** A small map for a side panel. */
export function miniMap(points) {
  return drawMap(points, { width: 480, height: 260, fit: 'points' });
}

/** Points from the API's place rows (tolerant of the field names). */
export function pointsOf(rows, kind) {
  return (rows || []).map((r) => ({
    lat: Number(r.lat ?? r.geo?.lat ?? r.latitude),
    lon: Number(r.lon ?? r.geo?.lon ?? r.longitude),
    name: r.name ?? r.value ?? r.place ?? '',
    count: r.count ?? r.documents ?? r.mentions ?? 1,
    id: r.entity ?? r.id ?? null,
    country: r.country ?? r.geo?.country ?? null,
    type: r.type,
    kind,
  }));
}

async function page() {
  const q = (params().get('q') || '').trim();
  setTitle(q ? `Map: ${q}` : 'Map');
  const data = await api('/api/map', { q });
  const places = pointsOf(data.places, 'place');
  const events = pointsOf(data.events, 'event');
  for (const p of places) p.href = p.id !== null ? link.entity(p.id) : link.search(`place:${quoteTerm(p.name)}`);
  for (const p of events) {
    p.href = link.timeline(q, { place: p.name, type: p.type });
    p.name = `${p.type} in ${p.name}`;
  }
  const all = [...places, ...events];
  const map = drawMap(all, { fit: 'world', height: 480 });
  const list = h('ol', { class: 'map-list' }, places.slice(0, 200).map((p) => h('li', null,
    h('a', { href: p.href }, h('bdi', { text: p.name })),
    h('span', { class: 'count', text: p.count }),
    p.country ? h('span', { class: 'muted', text: ` ${p.country}` }) : null,
    ' ', h('a', { class: 'small', href: link.search(`${q ? `${q} ` : ''}place:${quoteTerm(p.name)}`), text: 'documents' }))));
  const form = h('form', { class: 'search inline', action: '/map', method: 'get', role: 'search' },
    h('input', { id: 'q', type: 'search', name: 'q', value: q, 'aria-label': 'Query', placeholder: 'Query, e.g. event:ATTACK — empty for every place' }),
    h('button', { type: 'submit', text: 'Show' }));
  const fitBtns = h('div', { class: 'toggle', role: 'group', 'aria-label': 'Map extent' },
    h('button', { type: 'button', text: 'World', on: { click: () => map.redraw('world') } }),
    h('button', { type: 'button', text: 'Zoom to places', on: { click: () => map.redraw('points') } }));
  mount(
    h('h1', { text: q ? 'Places and events of this query' : 'Places and events of the corpus' }),
    form,
    h('p', { class: 'muted' },
      `${plural(places.length, 'place')}, ${plural(events.length, 'located event')}. Circle size: number of documents. `,
      h('span', { class: 'swatch k-place' }), ' place ', h('span', { class: 'swatch k-event' }), ' event. ',
      q ? h('a', { href: link.search(q), text: 'Back to the search' }) : null),
    fitBtns,
    h('div', { class: 'map-layout' }, map, h('aside', { class: 'panel' }, h('h2', { text: 'Places' }), places.length ? list : h('p', { class: 'muted', text: 'No located places for this query yet: places appear once the geocoder has run on the corpus.' }))),
  );
}

if (document.body.dataset.page === 'map') page().catch(fail);
