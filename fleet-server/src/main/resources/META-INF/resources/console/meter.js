// One meter: who it is, what it measures now, its last day and month, what happened to it, and its controls.
import { api, session } from './api.js';
import * as live from './live.js';
import { timeChart } from './charts.js';
import { h, fill, heading, emptyState, errorBox, fact, formatWatts, formatNumber, formatDuration, formatTime,
  formatAgo, formatKwh, onlineBadge, badge, toast, confirmAction, busy } from './ui.js';

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function render(main, id) {
  const cleanups = [];
  const path = `/api/devices/${encodeURIComponent(id)}`;
  fill(main, heading('Meter'), h('p', { class: 'loading' }, 'Loading…'));

  (async () => {
    let device;
    try {
      device = await api(path);
    } catch (e) {
      fill(main, heading('Meter'), errorBox(e), h('p', {}, h('a', { href: '#/fleet' }, 'Back to the fleet')));
      return;
    }
    const title = h('h1', {}, device.name || device.id);
    const status = h('span', { id: 'meter-status' });
    const readings = h('div', { class: 'readings', id: 'meter-readings', 'aria-live': 'polite' });
    const relay = h('div', { class: 'relay card', id: 'meter-relay' });
    const identity = h('dl', { class: 'facts', id: 'meter-identity' });
    const powerChart = h('div', { class: 'chart', id: 'meter-power-chart' });
    const energyChart = h('div', { class: 'chart', id: 'meter-energy-chart' });
    const history = h('div', { id: 'meter-history' });
    const accounting = h('div', { id: 'meter-accounting' });
    let pendingRelay = null;

    const show = (d) => {
      device = d;
      title.textContent = d.name || d.id;
      fill(status, onlineBadge(d.online), d.conflict ? badge('topic conflict', 'bad') : '');
      fill(readings,
        reading('Voltage', formatNumber(d.voltage, 'V')),
        reading('Current', formatNumber(d.current, 'A', 3)),
        reading('Power', formatWatts(d.power), 'meter-power'),
        reading('Last heard', formatAgo(d.lastSeen)));
      if (pendingRelay !== null && d.relayOn === pendingRelay) {
        toast(`The relay is now ${d.relayOn ? 'on' : 'off'}.`);
        pendingRelay = null;
      }
      drawRelay(d);
      fill(identity,
        fact('Device id', d.id), fact('MQTT topic', d.topic), fact('MAC', d.mac), fact('Dialect', d.dialect),
        fact('Firmware', d.firmware ? `${d.firmware.version || '?'} (${d.firmware.build})` : null),
        fact('Chip', d.firmware?.chip), fact('IP address', d.ip), fact('Wi-Fi signal', formatNumber(d.rssi, 'dBm', 0)),
        fact('Uptime', formatDuration(d.uptimeSeconds)), fact('Free heap', formatNumber(d.freeHeap, 'bytes', 0)),
        fact('Reboots seen', d.reboots), fact('First seen', formatTime(d.firstSeen)),
        fact('Last seen', formatTime(d.lastSeen)), fact('Tags', d.tags.length ? d.tags.join(', ') : null),
        fact('Energy total from', d.energy.channel
          ? `channel ${d.energy.channel.number} ÷ ${d.energy.channel.divider} (${d.energy.channel.unit})`
          : `energycounter in ${d.energy.energycounterUnit} (${d.energy.unitFrom})`),
        fact('Notes', d.notes), d.conflict ? fact('Conflict', d.conflict) : []);
    };

    let relayShown = null;

    function drawRelay(d) {
      const state = d.relayOn === null || d.relayOn === undefined ? 'unknown' : d.relayOn ? 'on' : 'off';
      // redrawn only when it changes, so the switch keeps keyboard focus while readings stream in
      if (relayShown === `${state}/${pendingRelay}`) return;
      relayShown = `${state}/${pendingRelay}`;
      const children = [h('h2', {}, 'Relay'), h('p', { class: `relay-state ${state}`, id: 'relay-state' },
        `The relay is ${state}.`)];
      if (session.can('operator')) {
        const want = !(d.relayOn ?? false);
        const button = h('button', { type: 'button', id: 'relay-toggle', class: want ? '' : 'danger',
          onclick: () => toggleRelay(button, want) }, want ? 'Switch on…' : 'Switch off…');
        children.push(button);
        if (pendingRelay !== null) children.push(h('p', { class: 'hint' }, 'Sent; waiting for the meter to confirm…'));
      }
      fill(relay, ...children);
    }

    async function toggleRelay(button, on) {
      const name = device.name || device.id;
      const ok = await confirmAction(on
        ? `Switch the relay of ${name} on? Whatever is plugged in gets power.`
        : `Switch the relay of ${name} off? Whatever it feeds loses power.`, on ? 'Switch on' : 'Switch off');
      if (!ok) return;
      await busy(button, async () => {
        await api(`${path}/relay`, { method: 'POST', body: { on } });
        pendingRelay = on;
        drawRelay(device);
      });
    }

    fill(main,
      h('p', { class: 'crumbs' }, h('a', { href: '#/fleet' }, 'Fleet'), ' / ', device.id),
      h('div', { class: 'page-head' }, title, status),
      h('div', { class: 'grid two' },
        h('section', { class: 'card', 'aria-labelledby': 'live-h' }, h('h2', { id: 'live-h' }, 'Now'), readings),
        relay),
      h('section', { class: 'card', 'aria-labelledby': 'power-h' },
        h('h2', { id: 'power-h' }, 'Power, last 24 hours'),
        h('p', { class: 'hint' }, 'Average power per quarter hour, from the counted energy.'), powerChart),
      h('section', { class: 'card', 'aria-labelledby': 'energy-h' },
        h('h2', { id: 'energy-h' }, 'Energy per day, last 30 days'), energyChart),
      h('div', { class: 'grid two' },
        h('section', { class: 'card', 'aria-labelledby': 'identity-h' },
          h('h2', { id: 'identity-h' }, 'Identity and hardware'), identity, editForm()),
        session.can('operator') ? consoleBox() : null),
      h('section', { class: 'card', 'aria-labelledby': 'history-h' },
        h('h2', { id: 'history-h' }, 'Event history'), history),
      h('section', { class: 'card', 'aria-labelledby': 'accounting-h' },
        h('h2', { id: 'accounting-h' }, 'Accounting this month'), accounting));
    show(device);
    live.watch([device.id], (d) => show(d));
    cleanups.push(() => live.unwatch());
    cleanups.push(...await Promise.all([
      chart(powerChart, `${path}/energy?step=15m`, 'averageW', 'Power', 'W', 'line'),
      chart(energyChart, `${path}/energy?step=d&zone=${encodeURIComponent(ZONE)}`, 'energyWh', 'Energy', 'Wh',
        'bars'),
    ]));
    loadHistory(history, path);
    loadAccounting(accounting, path);

    function editForm() {
      if (!session.can('operator')) return null;
      const name = h('input', { id: 'meter-name', value: device.name || '' });
      const tags = h('input', { id: 'meter-tags', value: device.tags.join(', ') });
      const notes = h('textarea', { id: 'meter-notes', rows: 2 }, device.notes || '');
      const button = h('button', { type: 'submit' }, 'Save');
      return h('details', {}, h('summary', {}, 'Edit name, tags and notes'),
        h('form', { class: 'stack', onsubmit: (e) => {
          e.preventDefault();
          busy(button, async () => {
            show(await api(path, { method: 'PATCH', body: { name: name.value.trim() || null,
              tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean), notes: notes.value || null } }));
            toast('Saved.');
          });
        } }, h('label', {}, 'Name', name), h('label', {}, 'Tags, comma separated', tags),
        h('label', {}, 'Notes', notes), button));
    }

    function consoleBox() {
      const command = h('input', { id: 'console-command', required: true, placeholder: 'e.g. restart',
        autocomplete: 'off', spellcheck: 'false' });
      const args = h('input', { id: 'console-arguments', placeholder: 'arguments (optional)', autocomplete: 'off',
        spellcheck: 'false' });
      const out = h('pre', { class: 'console-out', id: 'console-out', 'aria-live': 'polite' });
      const button = h('button', { type: 'submit' }, 'Send');
      return h('section', { class: 'card', 'aria-labelledby': 'console-h' },
        h('h2', { id: 'console-h' }, 'Console command'),
        h('p', { class: 'hint' }, 'Sent to the meter as an OpenBeken console command over MQTT; its answer arrives ',
          'on its own topics.'),
        h('form', { class: 'stack', onsubmit: (e) => {
          e.preventDefault();
          busy(button, async () => {
            const sent = await api(`${path}/commands`, { method: 'POST',
              body: { command: command.value.trim(), arguments: args.value } });
            out.textContent = `${formatTime(sent.at)}  ${sent.topic}  ${sent.payload}\n${out.textContent}`;
          });
        } }, h('label', {}, 'Command', command), h('label', {}, 'Arguments', args), button), out);
    }
  })();

  return () => cleanups.forEach((c) => c());
}

function reading(label, value, id) {
  return h('div', { class: 'reading' }, h('span', { class: 'reading-label' }, label),
    h('span', { class: 'reading-value', id }, value));
}

async function chart(container, url, field, label, unit, kind) {
  try {
    const series = await api(url);
    const points = series.intervals;
    if (points.every((p) => Number(p[field]) === 0)) {
      fill(container, emptyState('No energy counted in this period yet.'));
      return () => {};
    }
    const times = points.map((p) => Date.parse(p.start) / 1000);
    const values = points.map((p) => Number(p[field]));
    container.setAttribute('aria-label', `${label}: total ${formatKwh(series.totalWh)} over ${points.length} intervals`);
    container.setAttribute('role', 'img');
    return timeChart(container, { times, values, label, unit, kind, dayLabels: kind === 'bars' });
  } catch (e) {
    fill(container, errorBox(e));
    return () => {};
  }
}

async function loadHistory(container, path) {
  try {
    const events = await api(`${path}/history?limit=100`);
    fill(container, events.length === 0 ? emptyState('Nothing has happened to this meter yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'),
          h('th', { scope: 'col' }, 'Detail'))),
        h('tbody', {}, events.map((e) => h('tr', {}, h('td', { class: 'nowrap' }, formatTime(e.at)),
          h('td', {}, kindBadge(e.kind)), h('td', {}, e.detail)))))));
  } catch (e) {
    fill(container, errorBox(e));
  }
}

async function loadAccounting(container, path) {
  const month = new Date().toISOString().slice(0, 7);
  try {
    const events = await api(`${path}/energy-events?month=${month}&zone=UTC`);
    const notable = events.filter((e) => e.kind !== 'ACCEPTED');
    fill(container, h('p', { class: 'hint' }, `${events.length} accounting decisions in ${month} (UTC); `,
      notable.length ? 'those other than a plain accepted increase:' : 'all of them plain accepted increases.'),
    notable.length === 0 ? null : h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ['When', 'Decision', 'From', 'To', 'Counted', 'Evidence']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, notable.slice(-100).reverse().map((e) => h('tr', {},
        h('td', { class: 'nowrap' }, formatTime(e.at)), h('td', {}, kindBadge(e.kind)),
        h('td', { class: 'num' }, `${e.fromWh} Wh`), h('td', { class: 'num' }, `${e.toWh} Wh`),
        h('td', { class: 'num' }, `${e.energyWh} Wh`), h('td', {}, e.evidence)))))));
  } catch (e) {
    fill(container, errorBox(e));
  }
}

function kindBadge(kind) {
  const bad = ['OFFLINE', 'CONFLICT', 'ENERGY_RESET', 'RESET', 'SILENT', 'REWIND', 'GLITCH_DISCARDED'];
  return badge(kind.toLowerCase().replaceAll('_', ' '), bad.includes(kind) ? 'bad' : 'neutral');
}
