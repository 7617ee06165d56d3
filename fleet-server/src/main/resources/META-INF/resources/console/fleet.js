// The fleet table: every meter, searched, filtered, sorted and paged by the server; the rows shown update live.
import { api } from './api.js';
import * as live from './live.js';
import { h, fill, heading, emptyState, errorBox, formatCount, formatDuration, formatWatts, formatNumber,
  onlineBadge, hashQuery, setHashQuery, debounce } from './ui.js';

const COLUMNS = [
  ['name', 'Name'], ['topic', 'Topic'], [null, 'MAC'], ['online', 'Status'], ['firmware', 'Firmware'],
  [null, 'IP'], ['rssi', 'RSSI'], ['uptime', 'Uptime'], ['power', 'Power'],
];
const PAGE_SIZES = [25, 50, 100, 200];

/** What the page measured, read by the browser tests and the console benchmark. */
export const timings = (window.consoleTimings ??= {});

export function render(main) {
  const query = hashQuery();
  const state = {
    q: query.get('q') || '',
    online: query.get('online') || '',
    firmware: query.get('firmware') || '',
    tag: query.get('tag') || '',
    sort: query.get('sort') || 'name',
    page: Number(query.get('page') || 0),
    size: PAGE_SIZES.includes(Number(query.get('size'))) ? Number(query.get('size')) : 50,
  };
  let request = null;
  let changedAt = null;
  const rowsById = new Map();

  const search = h('input', { type: 'search', id: 'fleet-search', value: state.q,
    placeholder: 'name, topic, MAC, IP, notes', 'aria-label': 'Search meters' });
  const status = select('fleet-online', 'Status', [['', 'All'], ['false', 'Offline'], ['true', 'Online']],
    state.online);
  const firmware = select('fleet-firmware', 'Firmware', [['', 'All versions']], state.firmware);
  const tag = select('fleet-tag', 'Tag', [['', 'All tags']], state.tag);
  const size = select('fleet-size', 'Rows', PAGE_SIZES.map((n) => [String(n), String(n)]), String(state.size));
  const count = h('p', { class: 'count', id: 'fleet-count', 'aria-live': 'polite' });
  const table = h('table', { class: 'data', id: 'fleet-table' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const liveNote = h('span', { class: 'live-note' }, 'Rows update live');

  fill(main,
    heading('Fleet', liveNote),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { class: 'grow' }, 'Search', search), status.label, firmware.label, tag.label, size.label),
    count, h('div', { class: 'table-wrap' }, table), pager);

  const reload = () => {
    changedAt = performance.now();
    state.page = 0;
    load();
  };
  search.addEventListener('input', debounce(() => { state.q = search.value.trim(); reload(); }, 200));
  for (const [control, key] of [[status, 'online'], [firmware, 'firmware'], [tag, 'tag']]) {
    control.input.addEventListener('change', () => { state[key] = control.input.value; reload(); });
  }
  size.input.addEventListener('change', () => { state.size = Number(size.input.value); reload(); });

  load();

  async function load() {
    setHashQuery('/fleet', { ...state, page: state.page || '', size: state.size === 50 ? '' : state.size,
      sort: state.sort === 'name' ? '' : state.sort });
    request?.abort();
    request = new AbortController();
    const params = new URLSearchParams({ page: state.page, size: state.size, sort: state.sort });
    for (const key of ['q', 'online', 'firmware', 'tag']) if (state[key]) params.set(key, state[key]);
    main.setAttribute('aria-busy', 'true');
    try {
      const result = await api(`/api/devices?${params}`, { signal: request.signal });
      draw(result);
      const rendered = performance.now();
      if (timings.fleetFirstRender === undefined) {
        timings.fleetFirstRender = rendered;
        // the filter menus' counts read the whole fleet: after the first rows, not competing with them
        loadFacets(firmware, tag, state);
      }
      if (changedAt !== null) timings.fleetFilter = rendered - changedAt;
      timings.fleetRenders = (timings.fleetRenders || 0) + 1;
      changedAt = null;
      live.watch(result.items.map((d) => d.id), update);
    } catch (e) {
      if (e.name === 'AbortError') return;
      fill(table);
      fill(pager);
      fill(count, errorBox(e));
    } finally {
      main.removeAttribute('aria-busy');
    }
  }

  function draw(result) {
    rowsById.clear();
    const first = result.total === 0 ? 0 : result.page * result.size + 1;
    const last = Math.min(result.total, (result.page + 1) * result.size);
    fill(count, result.total === 0 ? '' : result.total === 1 ? '1 meter'
      : `${formatCount(first)}–${formatCount(last)} of ${formatCount(result.total)} meters`);
    const head = h('tr', {}, COLUMNS.map(([key, label]) => sortHeader(key, label)));
    const body = h('tbody');
    for (const device of result.items) {
      const row = h('tr', { dataset: { id: device.id } });
      cells(row, device);
      rowsById.set(device.id, row);
      body.append(row);
    }
    fill(table, h('caption', { class: 'visually-hidden' }, 'Meters'), h('thead', {}, head), body);
    if (result.total === 0) {
      body.append(h('tr', {}, h('td', { colspan: COLUMNS.length },
        emptyState(anyFilter() ? 'No meter matches these filters.'
          : 'No meters yet. A meter appears here as soon as it connects to the broker.'))));
    }
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    fill(pager,
      h('button', { type: 'button', disabled: result.page === 0, onclick: () => go(state.page - 1) }, '← Previous'),
      h('span', {}, `Page ${formatCount(result.page + 1)} of ${formatCount(pages)}`),
      h('button', { type: 'button', disabled: result.page + 1 >= pages, onclick: () => go(state.page + 1) },
        'Next →'));
  }

  function go(page) {
    state.page = page;
    changedAt = performance.now();
    load();
  }

  function anyFilter() {
    return state.q || state.online || state.firmware || state.tag;
  }

  function sortHeader(key, label) {
    if (!key) return h('th', { scope: 'col' }, label);
    const direction = state.sort === key ? 'ascending' : state.sort === `-${key}` ? 'descending' : null;
    const next = direction === 'ascending' ? `-${key}` : key;
    return h('th', { scope: 'col', 'aria-sort': direction || 'none' },
      h('button', { type: 'button', class: 'sort', onclick: () => { state.sort = next; reload(); } },
        label, h('span', { 'aria-hidden': 'true' }, direction === 'ascending' ? ' ▲' : direction ? ' ▼' : '')));
  }

  function update(device) {
    const row = rowsById.get(device.id);
    if (!row) return;
    const fresh = h('tr');
    cells(fresh, device);
    // a device event may change nothing shown here (e.g. only when it was last heard): no flash then
    if (fresh.textContent === row.textContent) return;
    row.replaceChildren(...fresh.childNodes);
    row.classList.remove('changed');
    void row.offsetWidth;
    row.classList.add('changed');
  }

  return () => live.unwatch();
}

function cells(row, d) {
  fill(row,
    h('td', {}, h('a', { href: `#/meters/${encodeURIComponent(d.id)}` }, d.name || d.id)),
    h('td', { class: 'mono' }, d.topic || '—'),
    h('td', { class: 'mono' }, d.mac || '—'),
    h('td', { class: 'status' }, onlineBadge(d.online)),
    h('td', {}, d.firmware?.version || '—'),
    h('td', { class: 'mono' }, d.ip || '—'),
    h('td', { class: 'num' }, formatNumber(d.rssi, 'dBm', 0)),
    h('td', { class: 'num' }, formatDuration(d.uptimeSeconds)),
    h('td', { class: 'num power' }, formatWatts(d.power)));
}

function select(id, label, options, value) {
  const input = h('select', { id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return { input, label: h('label', {}, label, input) };
}

async function loadFacets(firmware, tag, state) {
  try {
    const facets = await api('/api/devices/facets');
    addOptions(firmware.input, facets.firmware, state.firmware);
    addOptions(tag.input, facets.tags, state.tag);
  } catch {
    // the filters still work by hand-typed URL; the table reports connection problems itself
  }
}

function addOptions(input, values, chosen) {
  for (const { value, count } of values) {
    input.append(h('option', { value, selected: value === chosen }, `${value} (${formatCount(count)})`));
  }
}
