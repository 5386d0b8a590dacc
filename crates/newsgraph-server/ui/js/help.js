// Help page: the query language with an example for each field, the pages, the
// keyboard shortcuts, and the licences of the vendored map data and libraries.
import { h, mount, link, setTitle } from './common.js';

const FIELDS = [
  ['word', 'fire', 'documents containing the word (any form SQLite full-text search matches), ranked'],
  ['"phrase"', '"prime minister"', 'the exact phrase'],
  ['AND OR NOT ( )', 'iran AND (sanctions OR embargo) NOT nuclear', 'boolean operators, upper case'],
  ['prefix*', 'elect*', 'words starting with elect'],
  ['NEAR', 'NEAR(police shot, 5)', 'words at most 5 words apart'],
  ['speaker:', 'speaker:Giuliani', 'quotes said by a person (any of their names)'],
  ['about:', 'about:"Nancy Pelosi"', 'documents and quotes about an entity'],
  ['entity:', 'entity:NATO', 'documents mentioning an entity'],
  ['place:', 'place:Albania', 'a place and everything inside it (Tirana is in Albania)'],
  ['event:', 'event:ATTACK', 'events of a PLOVER type'],
  ['actor: / target:', 'actor:Iran target:"United States"', 'who did it, to whom'],
  ['story:', 'story:s1', 'the reports of one story'],
  ['source: / site:', 'source:wikinews', 'where the article comes from'],
  ['lang:', 'lang:en', 'language'],
  ['date:', 'date:2019-07-01..2019-07-31', 'publication date, a day or a range'],
];

const PAGES = [
  ['Search', '/', 'the query box; results with the matching words highlighted; filters on the left (click to narrow); attention over time (click a bar to keep that period); export of every match as CSV or NDJSON.'],
  ['Article', null, 'the cleaned text: people, organisations and places coloured, quotes shaded with their speaker and cue (hover a quote to see its speaker); events underlined; what the cleaner cut out and why, below the text.'],
  ['Person / organisation / place', null, 'quotes by and about them, who they are mentioned with, their events, stories and places.'],
  ['Map', '/map', 'the located places and events of a query on a world map (drawn offline).'],
  ['Timeline', '/timeline', 'events and quotes of a query by date, filtered by event type, actor and place.'],
  ['Stories', '/stories', 'reports of one event side by side: what they agree on and where they differ, with the evidence highlighted in each text.'],
];

setTitle('Help');
mount(
  h('h1', { text: 'How to use newsgraph' }),
  h('p', null, 'Everything here runs on your machine from one corpus file; nothing is loaded from the internet. Start with a ',
    h('a', { href: '/', text: 'search' }), ', or open the ', h('a', { href: '/stories', text: 'stories' }), '.'),
  h('section', { class: 'panel' },
    h('h2', { id: 'query', text: 'The query language' }),
    h('p', { text: 'Words, phrases and operators are SQLite FTS5 full-text syntax, left as it is. Fields narrow the matches; combine them with spaces (all must hold). A query with a mistake gets a message saying what is wrong and where.' }),
    h('table', { class: 'fields' },
      h('thead', null, h('tr', null, h('th', { text: 'Form' }), h('th', { text: 'Example (click to run)' }), h('th', { text: 'Finds' }))),
      h('tbody', null, FIELDS.map(([f, ex, what]) => h('tr', null,
        h('td', null, h('code', { text: f })),
        h('td', null, h('a', { href: link.search(ex) }, h('code', { text: ex }))),
        h('td', { text: what })))))),
  h('section', { class: 'panel' },
    h('h2', { id: 'pages', text: 'Pages' }),
    h('dl', null, PAGES.flatMap(([name, href, what]) => [h('dt', null, href ? h('a', { href, text: name }) : name), h('dd', { text: what })]))),
  h('section', { class: 'panel' },
    h('h2', { id: 'keys', text: 'Keyboard' }),
    h('ul', null,
      h('li', null, h('kbd', { text: '/' }), ' jump to the search box'),
      h('li', null, h('kbd', { text: 'Esc' }), ' leave the search box'),
      h('li', null, h('kbd', { text: 'Tab' }), ' moves through links, filters and map points; ', h('kbd', { text: 'Enter' }), ' opens them'))),
  h('section', { class: 'panel' },
    h('h2', { id: 'licences', text: 'Licences' }),
    h('ul', null,
      h('li', null, 'Country outlines: Natural Earth (public domain), packaged as TopoJSON by world-atlas 2.0.2 (ISC, Mike Bostock).'),
      h('li', null, 'd3-geo 3.1.1 and d3-array 3.2.4 (ISC, Mike Bostock; d3-geo includes code by Charles Karney under MIT), topojson-client 3.1.0 (ISC, Mike Bostock).'),
      h('li', null, 'Their licence texts are served at ',
        ['d3-array', 'd3-geo', 'topojson-client', 'world-atlas'].map((n, i) => [i ? ', ' : '', h('a', { href: `/ui/vendor/LICENSE.${n}`, text: n })]), '.'),
      h('li', null, 'The bundled sample articles: Wikinews (CC BY 2.5) and ECB+ (CC BY 3.0); see samples/README.md.'))),
);
