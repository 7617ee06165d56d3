// The monthly energy report per circuit, a circuit's days and meters, and the circuits' meter assignments.
import { api, session, download } from './api.js';
import { timeChart, barList } from './charts.js';
import { h, fill, heading, emptyState, errorBox, formatKwh, formatTime, badge, toast, busy,
  confirmAction, hashQuery, setHashQuery } from './ui.js';

function lastMonth() {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

function shiftMonth(month, by) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

function monthPicker(month, onChange) {
  const input = h('input', { type: 'month', id: 'energy-month', value: month, required: true });
  input.addEventListener('change', () => input.value && onChange(input.value));
  return h('div', { class: 'month-picker' },
    h('button', { type: 'button', class: 'quiet', 'aria-label': 'Previous month',
      onclick: () => onChange(shiftMonth(input.value, -1)) }, '←'),
    h('label', {}, 'Month ', input),
    h('button', { type: 'button', class: 'quiet', 'aria-label': 'Next month',
      onclick: () => onChange(shiftMonth(input.value, 1)) }, '→'));
}

function hours(gaps) {
  return gaps.reduce((sum, g) => sum + (Date.parse(g.to) - Date.parse(g.from)) / 3600000, 0);
}

export function renderMonth(main) {
  const month = hashQuery().get('month') || lastMonth();
  setHashQuery('/energy', { month });
  const report = h('div', { id: 'energy-report' }, h('p', { class: 'loading' }, 'Loading…'));
  const csv = h('button', { type: 'button', id: 'energy-csv' }, 'Download CSV');
  csv.addEventListener('click', () => busy(csv, () => download(`/api/reports/monthly?month=${month}&format=csv`,
    `energy-${month}.csv`)));
  fill(main, heading('Energy', monthPicker(month, (m) => { location.hash = `#/energy?month=${m}`; }), csv), report,
    h('section', { class: 'card', 'aria-labelledby': 'circuits-h' }, h('h2', { id: 'circuits-h' }, 'Circuits'),
      h('div', { id: 'circuit-admin' })));

  (async () => {
    try {
      const [data, circuits] = await Promise.all([api(`/api/reports/monthly?month=${month}`), api('/api/circuits')]);
      const ids = new Map(circuits.map((c) => [c.name, c.id]));
      drawReport(report, data, ids, month);
      drawCircuitAdmin(document.getElementById('circuit-admin'), circuits, month);
    } catch (e) {
      fill(report, errorBox(e));
    }
  })();
}

function drawReport(container, data, ids, month) {
  if (data.circuits.length === 0) {
    fill(container, emptyState('No circuits yet. Create one below and assign meters to it.'));
    return;
  }
  const lines = [...data.circuits].sort((a, b) => b.energy_mwh - a.energy_mwh);
  const total = lines.reduce((sum, l) => sum + l.energy_mwh, 0);
  const link = (l) => (ids.has(l.circuit) ? `#/energy/circuits/${ids.get(l.circuit)}?month=${month}` : null);
  fill(container,
    h('section', { class: 'card' },
      barList(lines.map((l) => ({ label: l.circuit, value: l.energy_mwh, text: formatKwh(l.energy_wh), href: link(l) })),
        `Energy per circuit in ${month}, total ${formatKwh(total / 1000)}`)),
    h('section', { class: 'card' }, h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'energy-table' },
      h('caption', {}, `Circuits in ${month}, each in its own time zone`),
      h('thead', {}, h('tr', {}, ['Circuit', 'Time zone', 'Energy', 'Status', 'When finalized', 'Adjustments',
        'Unmetered'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, lines.map((l) => h('tr', { dataset: { circuit: l.circuit } },
        h('th', { scope: 'row' }, link(l) ? h('a', { href: link(l) }, l.circuit) : l.circuit),
        h('td', {}, l.timezone),
        h('td', { class: 'num energy' }, formatKwh(l.energy_wh)),
        h('td', {}, badge(l.status, l.status === 'final' ? 'good' : 'neutral')),
        h('td', { class: 'num' }, l.finalized_wh === null ? '—' : formatKwh(l.finalized_wh)),
        h('td', {}, adjustments(l.adjustments)),
        h('td', {}, unmetered(l.unmetered)))))))));
}

function adjustments(list) {
  if (!list.length) return 'none';
  const sum = list.reduce((s, a) => s + a.delta_mwh, 0);
  return h('details', {}, h('summary', {}, `${list.length}, ${sum >= 0 ? '+' : ''}${formatKwh(sum / 1000)}`),
    h('ul', {}, list.map((a) => h('li', {}, `${a.delta_wh} Wh from ${a.device}, ${formatTime(a.recorded_at)} by ${a.by}: `
      + `${a.reason}`))));
}

function unmetered(gaps) {
  if (!gaps.length) return 'none';
  return h('details', {}, h('summary', { class: 'warn' }, `${gaps.length} gap${gaps.length > 1 ? 's' : ''}, `
    + `${hours(gaps).toFixed(1)} h`),
  h('ul', {}, gaps.map((g) => h('li', {}, `${formatTime(g.from)} – ${formatTime(g.to)}`))));
}

function drawCircuitAdmin(container, circuits, month) {
  const list = circuits.length === 0 ? emptyState('No circuits.')
    : h('ul', { class: 'plain' }, circuits.map((c) => h('li', {},
      h('a', { href: `#/energy/circuits/${c.id}?month=${month}` }, c.name), ` (${c.timezone}), `,
      `${c.assignments.filter((a) => !a.to).length} meter(s) assigned now`)));
  if (!session.can('operator')) {
    fill(container, list);
    return;
  }
  const name = h('input', { id: 'circuit-name', required: true, maxlength: 200 });
  const zone = h('input', { id: 'circuit-zone', required: true,
    value: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' });
  const button = h('button', { type: 'submit' }, 'Create circuit');
  fill(container, list, h('form', { class: 'inline', onsubmit: (e) => {
    e.preventDefault();
    busy(button, async () => {
      const created = await api('/api/circuits', { method: 'POST',
        body: { name: name.value.trim(), timezone: zone.value.trim() } });
      location.hash = `#/energy/circuits/${created.id}?month=${month}`;
    });
  } }, h('label', {}, 'Name', name), h('label', {}, 'Time zone', zone), button));
}

export function renderCircuit(main, id) {
  const month = hashQuery().get('month') || lastMonth();
  const days = h('div', { class: 'chart', id: 'circuit-days-chart' });
  const table = h('div', { id: 'circuit-days' });
  const meters = h('div', { id: 'circuit-meters' });
  const title = h('h1', {}, 'Circuit');
  fill(main, h('p', { class: 'crumbs' }, h('a', { href: `#/energy?month=${month}` }, 'Energy'), ' / circuit'),
    h('div', { class: 'page-head' }, title,
      monthPicker(month, (m) => { location.hash = `#/energy/circuits/${id}?month=${m}`; })),
    h('section', { class: 'card', 'aria-labelledby': 'days-h' }, h('h2', { id: 'days-h' }, `Days of ${month}`),
      days, table),
    h('section', { class: 'card', 'aria-labelledby': 'meters-h' }, h('h2', { id: 'meters-h' }, 'Meters'), meters));
  let destroy = () => {};

  (async () => {
    try {
      const circuit = await api(`/api/circuits/${id}`);
      title.textContent = circuit.name;
      const next = shiftMonth(month, 1);
      const series = await api(`/api/circuits/${id}/energy?from=${month}-01&to=${next}-01&step=1d`);
      if (series.intervals.every((i) => Number(i.energyWh) === 0)) {
        fill(days, emptyState('No energy counted for this circuit in this month.'));
      } else {
        destroy = timeChart(days, { times: series.intervals.map((i) => Date.parse(i.start) / 1000),
          values: series.intervals.map((i) => Number(i.energyWh)), label: 'Energy', unit: 'Wh', kind: 'bars',
          dayLabels: true });
      }
      fill(table, h('details', {}, h('summary', {}, `Each day (total ${formatKwh(series.totalWh)})`),
        h('table', { class: 'data compact' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'),
          h('th', { scope: 'col' }, 'Energy'))),
        h('tbody', {}, series.intervals.map((i) => h('tr', {},
          h('td', {}, new Date(i.start).toLocaleDateString(undefined, { timeZone: circuit.timezone })),
          h('td', { class: 'num' }, formatKwh(i.energyWh))))))));
      drawMeters(meters, circuit, month, () => renderCircuit(main, id));
    } catch (e) {
      fill(days, errorBox(e));
    }
  })();
  return () => destroy();
}

async function drawMeters(container, circuit, month, reload) {
  const operator = session.can('operator');
  const rows = circuit.assignments.map((a) => h('tr', { dataset: { assignment: a.id } },
    h('td', {}, h('a', { href: `#/meters/${encodeURIComponent(a.device)}` }, a.device)),
    h('td', {}, formatTime(a.from)), h('td', {}, a.to ? formatTime(a.to) : 'now'),
    h('td', { class: 'num', dataset: { energyFor: a.device } }, '…'),
    operator ? h('td', {}, a.to ? '' : h('button', { type: 'button', class: 'quiet', onclick: async (e) => {
      if (!await confirmAction(`End the assignment of ${a.device} to ${circuit.name} now? Its energy from now on `
        + 'no longer counts for this circuit.', 'End assignment')) return;
      busy(e.target, async () => {
        await api(`/api/circuits/${circuit.id}/assignments/${a.id}`, { method: 'PATCH',
          body: { to: new Date().toISOString() } });
        toast('Assignment ended.');
        reload();
      });
    } }, 'End now')) : null));
  fill(container,
    circuit.assignments.length === 0 ? emptyState('No meter measures this circuit yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'assignment-table' },
        h('thead', {}, h('tr', {}, ['Meter', 'From', 'Until', `Energy in ${month}`, operator ? '' : null]
          .filter((t) => t !== null).map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))),
    operator ? assignForm(circuit, reload) : null);
  const next = shiftMonth(month, 1);
  for (const device of new Set(circuit.assignments.map((a) => a.device))) {
    api(`/api/devices/${encodeURIComponent(device)}/energy?from=${month}-01&to=${next}-01&step=d`
      + `&zone=${encodeURIComponent(circuit.timezone)}`)
      .then((s) => container.querySelectorAll(`[data-energy-for="${CSS.escape(device)}"]`)
        .forEach((cell) => { cell.textContent = formatKwh(s.totalWh); }))
      .catch(() => container.querySelectorAll(`[data-energy-for="${CSS.escape(device)}"]`)
        .forEach((cell) => { cell.textContent = '—'; }));
  }
}

function assignForm(circuit, reload) {
  const device = h('input', { id: 'assign-device', required: true, placeholder: 'device id, e.g. c8478c000001' });
  const from = h('input', { id: 'assign-from', type: 'datetime-local', required: true,
    value: new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16) });
  const message = h('p', { role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Assign meter');
  return h('form', { class: 'inline', onsubmit: (e) => {
    e.preventDefault();
    busy(button, async () => {
      try {
        await api(`/api/circuits/${circuit.id}/assignments`, { method: 'POST',
          body: { device: device.value.trim(), from: new Date(from.value).toISOString() } });
        toast(`${device.value.trim()} now measures ${circuit.name}.`);
        reload();
      } catch (err) {
        message.className = 'error';
        message.textContent = err.message;
      }
    });
  } }, h('label', {}, 'Meter', device), h('label', {}, 'From (your local time)', from), button, message);
}


