// Firmware images and rollouts: upload, choose whom to update and how carefully, then watch wave by wave.
import { api, session } from './api.js';
import { h, fill, heading, emptyState, errorBox, fact, formatTime, formatBytes, formatCount, badge, toast,
  confirmAction, busy, hashQuery, setHashQuery } from './ui.js';

const FAILED = /^FAILED/;
const STATE_ORDER = ['QUEUED', 'PRECHECK', 'COMMANDED', 'DOWNLOADING', 'REBOOTING', 'VERIFYING', 'SUCCEEDED',
  'SKIPPED', 'FAILED_PRECHECK', 'FAILED_NO_FETCH', 'FAILED_DOWNLOAD_ABORTED', 'FAILED_SAME_VERSION',
  'FAILED_TIMEOUT', 'CANCELLED'];

export function renderList(main) {
  const images = h('div', { id: 'firmware-list' });
  const list = h('div', { id: 'rollout-list' });
  fill(main, heading('Firmware & rollouts'),
    h('section', { class: 'card', 'aria-labelledby': 'fw-h' }, h('h2', { id: 'fw-h' }, 'Firmware images'),
      session.can('operator') ? uploadForm(() => loadImages()) : null, images),
    session.can('operator') ? h('section', { class: 'card', 'aria-labelledby': 'new-h' },
      h('h2', { id: 'new-h' }, 'New rollout'), h('div', { id: 'new-rollout' })) : null,
    h('section', { class: 'card', 'aria-labelledby': 'ro-h' }, h('h2', { id: 'ro-h' }, 'Rollouts'), list));

  async function loadImages() {
    try {
      const firmware = await api('/api/firmware');
      drawImages(images, firmware, loadImages);
      const form = document.getElementById('new-rollout');
      if (form) fill(form, rolloutForm(firmware));
    } catch (e) {
      fill(images, errorBox(e));
    }
  }
  loadImages();
  loadRollouts(list);
  const timer = setInterval(() => loadRollouts(list), 5000);
  return () => clearInterval(timer);
}

function uploadForm(reload) {
  const file = h('input', { type: 'file', id: 'firmware-file', required: true,
    accept: '.rbl,.bin,.img', 'aria-describedby': 'firmware-help' });
  const message = h('p', { id: 'upload-message', role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Upload');
  return h('form', { class: 'upload', onsubmit: (e) => {
    e.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    message.className = '';
    message.textContent = `Uploading ${chosen.name}…`;
    busy(button, async () => {
      try {
        const stored = await api(`/api/firmware?filename=${encodeURIComponent(chosen.name)}`,
          { method: 'POST', body: chosen });
        message.className = 'ok';
        message.textContent = `Stored ${stored.filename}: ${stored.kind} for ${stored.chip}, version ${stored.version}.`;
        file.value = '';
        reload();
      } catch (err) {
        message.className = 'error';
        message.textContent = `${chosen.name} was refused: ${err.message}`;
      }
    });
  } },
  h('label', {}, 'Image file', file), button,
  h('p', { id: 'firmware-help', class: 'hint' }, 'An OpenBeken release file as published, e.g. ',
    h('code', {}, 'OpenBK7231N_1.18.300.rbl'), ' (OTA) or ', h('code', {}, 'OpenBK7231N_QIO_1.18.300.bin'),
    ' (serial flash); the name gives chip and version, and the contents are checked before anything is stored.'),
  message);
}

function drawImages(container, firmware, reload) {
  if (firmware.length === 0) {
    fill(container, emptyState('No firmware images yet. Upload an OpenBeken release to roll it out.'));
    return;
  }
  fill(container, h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'firmware-table' },
    h('thead', {}, h('tr', {}, ['File', 'Kind', 'Chip', 'Version', 'Size', 'Uploaded', ''].map((t) =>
      h('th', { scope: 'col' }, t)))),
    h('tbody', {}, firmware.map((f) => h('tr', {},
      h('td', { class: 'mono' }, f.filename), h('td', {}, f.kind), h('td', {}, f.chip), h('td', {}, f.version),
      h('td', { class: 'num' }, formatBytes(f.size)),
      h('td', {}, `${formatTime(f.uploadedAt)} by ${f.uploadedBy}`),
      h('td', {}, session.can('operator') ? h('button', { type: 'button', class: 'quiet', onclick: async (e) => {
        if (!await confirmAction(`Delete ${f.filename}? Meters already updated keep it.`, 'Delete')) return;
        busy(e.target, async () => {
          await api(`/api/firmware/${encodeURIComponent(f.id)}`, { method: 'DELETE' });
          toast(`Deleted ${f.filename}.`);
          reload();
        });
      } }, 'Delete') : '')))))));
}

function rolloutForm(firmware) {
  const ota = firmware.filter((f) => f.kind === 'ota' || f.kind === 'OTA' || f.rbl);
  if (ota.length === 0) return emptyState('Upload an OTA image (.rbl) first; rollouts send OTA images.');
  const image = h('select', { id: 'rollout-firmware', required: true },
    ota.map((f) => h('option', { value: f.id }, `${f.filename} (${f.chip} ${f.version})`)));
  const tags = h('input', { id: 'rollout-tags', placeholder: 'e.g. rack-a, office' });
  const version = h('input', { id: 'rollout-version', placeholder: 'e.g. >=1.17.0 <1.18.300' });
  const ids = h('textarea', { id: 'rollout-devices', rows: 2, placeholder: 'or explicit device ids, one per line' });
  const canary = h('input', { id: 'rollout-canary', type: 'number', min: 0, value: 1 });
  const waves = h('input', { id: 'rollout-waves', value: '10, 50, 100' });
  const concurrent = h('input', { id: 'rollout-concurrent', type: 'number', min: 1, value: 50 });
  const threshold = h('input', { id: 'rollout-failure', type: 'number', min: 0, max: 100, value: 10 });
  const preview = h('p', { id: 'rollout-preview', 'aria-live': 'polite', class: 'hint' },
    'Choose the meters, then preview how many this rollout would update.');
  const previewButton = h('button', { type: 'button', id: 'rollout-preview-button', class: 'quiet' }, 'Preview');
  const create = h('button', { type: 'submit', id: 'rollout-create' }, 'Create and start');

  const request = () => {
    const explicit = ids.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const body = { firmware: image.value, canary: Number(canary.value), maxConcurrent: Number(concurrent.value),
      failureThresholdPercent: Number(threshold.value),
      waves: waves.value.split(',').map((w) => w.trim()).filter(Boolean).map((w) => Number(w.replace('%', ''))) };
    if (explicit.length) body.devices = explicit;
    else {
      body.filter = {};
      const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
      if (tagList.length) body.filter.tags = tagList;
      if (version.value.trim()) body.filter.version = version.value.trim();
    }
    return body;
  };
  previewButton.addEventListener('click', () => busy(previewButton, async () => {
    try {
      const result = await api('/api/rollouts/preview', { method: 'POST', body: request() });
      preview.className = 'ok';
      preview.textContent = `This rollout would update ${formatCount(result.devices)} meter${result.devices === 1
        ? '' : 's'}${result.sample.length ? `, e.g. ${result.sample.slice(0, 5).join(', ')}` : ''}.`;
    } catch (e) {
      preview.className = 'error';
      preview.textContent = e.message;
    }
  }));
  return h('form', { class: 'rollout-form', onsubmit: (e) => {
    e.preventDefault();
    busy(create, async () => {
      try {
        const rollout = await api('/api/rollouts', { method: 'POST', body: { ...request(), start: true } });
        location.hash = `#/rollouts/${encodeURIComponent(rollout.id)}`;
      } catch (err) {
        preview.className = 'error';
        preview.textContent = err.message;
      }
    });
  } },
  h('label', {}, 'Image', image),
  h('fieldset', {}, h('legend', {}, 'Which meters'),
    h('label', {}, 'With all of these tags', tags), h('label', {}, 'Firmware now in this range', version),
    h('label', {}, 'Device ids', ids)),
  h('fieldset', {}, h('legend', {}, 'How carefully'),
    h('label', {}, 'Canary meters first', canary), h('label', {}, 'Waves, % of all reached', waves),
    h('label', {}, 'At most at once', concurrent), h('label', {}, 'Pause when failures exceed, %', threshold)),
  h('div', { class: 'actions' }, previewButton, create), preview);
}

async function loadRollouts(container) {
  try {
    const rollouts = await api('/api/rollouts');
    if (rollouts.length === 0) {
      fill(container, emptyState('No rollouts yet.'));
      return;
    }
    fill(container, h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'rollout-table' },
      h('thead', {}, h('tr', {}, ['Rollout', 'Image', 'State', 'Meters', 'Progress', 'Created'].map((t) =>
        h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rollouts.map((r) => h('tr', {},
        h('td', { class: 'mono' }, h('a', { href: `#/rollouts/${encodeURIComponent(r.id)}` }, r.id)),
        h('td', {}, `${r.firmware.version} (${r.firmware.chip})`), h('td', {}, stateBadge(r.state)),
        h('td', { class: 'num' }, formatCount(r.devices)), h('td', {}, progressBar(r.counts, r.devices)),
        h('td', {}, `${formatTime(r.createdAt)} by ${r.createdBy}`)))))));
  } catch (e) {
    fill(container, errorBox(e));
  }
}

export function renderOne(main, id) {
  const path = `/api/rollouts/${encodeURIComponent(id)}`;
  const summary = h('div', { id: 'rollout-summary' });
  const devices = h('div', { id: 'rollout-devices-list' });
  const filter = h('select', { id: 'rollout-state-filter' }, h('option', { value: '' }, 'All states'),
    STATE_ORDER.map((s) => h('option', { value: s, selected: hashQuery().get('state') === s }, label(s))));
  filter.addEventListener('change', () => {
    setHashQuery(`/rollouts/${id}`, { state: filter.value });
    refresh();
  });
  fill(main, h('p', { class: 'crumbs' }, h('a', { href: '#/rollouts' }, 'Firmware & rollouts'), ' / ', id),
    heading(`Rollout ${id}`), summary,
    h('section', { class: 'card', 'aria-labelledby': 'rd-h' }, h('h2', { id: 'rd-h' }, 'Meters'),
      h('label', {}, 'Show ', filter), devices));

  const head = h('section', { class: 'card', id: 'rollout-head' });
  const progress = h('div', { id: 'rollout-progress' });
  fill(summary, head, progress);
  let lastHead = null;
  let last = null;
  async function refresh() {
    try {
      const [rollout, rows] = await Promise.all([api(path),
        api(`${path}/devices?limit=200${filter.value ? `&state=${filter.value}` : ''}`)]);
      // the buttons are redrawn only when what they offer changes, so they keep keyboard focus meanwhile
      const headKey = JSON.stringify([rollout.state, rollout.reason, hasFailed(rollout)]);
      if (headKey !== lastHead) drawHead(head, rollout, refresh);
      lastHead = headKey;
      const key = JSON.stringify(rollout);
      if (key !== last) drawProgress(progress, rollout);
      last = key;
      drawDevices(devices, rows, rollout.devices);
    } catch (e) {
      fill(head, errorBox(e));
      lastHead = null;
    }
  }
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}

function hasFailed(r) {
  return Object.keys(r.counts).some((s) => FAILED.test(s));
}

function drawHead(container, r, refresh) {
  const actions = [];
  if (session.can('operator')) {
    const action = (name, text, question, danger) => {
      const button = h('button', { type: 'button', id: `rollout-${name}`, class: danger ? 'danger' : '',
        onclick: async () => {
          if (question && !await confirmAction(question, text)) return;
          busy(button, async () => {
            await api(`/api/rollouts/${encodeURIComponent(r.id)}/${name}`, { method: 'POST' });
            toast(`Rollout ${r.id}: ${text.toLowerCase()} done.`);
            refresh();
          });
        } }, text);
      actions.push(button);
    };
    if (r.state === 'READY') action('start', 'Start');
    if (r.state === 'RUNNING') action('pause', 'Pause');
    if (r.state === 'PAUSED') action('resume', 'Resume');
    if (['READY', 'RUNNING', 'PAUSED'].includes(r.state)) {
      action('cancel', 'Cancel', 'Cancel this rollout? Meters updating now finish; the queued ones keep their '
        + 'firmware.', true);
    }
    if (hasFailed(r) && r.state !== 'CANCELLED') {
      action('retry-failed', 'Retry failed');
    }
  }
  fill(container,
    h('div', { class: 'page-head' }, h('h2', {}, `${r.firmware.filename}`), stateBadge(r.state, 'rollout-state'),
      h('div', { class: 'actions' }, actions)),
    r.reason ? h('p', { class: 'warn-box', id: 'rollout-reason' }, r.reason) : null);
}

function drawProgress(container, r) {
  fill(container,
    h('section', { class: 'card' },
      h('dl', { class: 'facts' }, fact('Image', `${r.firmware.version} for ${r.firmware.chip}`),
        fact('Meters', formatCount(r.devices)), fact('Created', `${formatTime(r.createdAt)} by ${r.createdBy}`),
        fact('Finished', r.finishedAt ? formatTime(r.finishedAt) : null),
        fact('At most at once', r.settings.maxConcurrent),
        fact('Pauses above', `${r.settings.failureThresholdPercent} % failed`)),
      h('h3', {}, 'All meters'), countsLine(r.counts), progressBar(r.counts, r.devices)),
    h('section', { class: 'card', 'aria-labelledby': 'waves-h' }, h('h2', { id: 'waves-h' }, 'Waves'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'wave-table' },
        h('thead', {}, h('tr', {}, ['Wave', 'Meters', 'State', 'Progress', 'Counts'].map((t) =>
          h('th', { scope: 'col' }, t)))),
        h('tbody', {}, r.waves.map((w) => h('tr', { class: w.wave === r.currentWave ? 'current' : '' },
          h('td', {}, w.wave === 0 && r.waves.length > 1 ? 'Canary' : `Wave ${w.wave}`),
          h('td', { class: 'num' }, formatCount(w.size)), h('td', {}, w.state),
          h('td', {}, progressBar(w.counts, w.size)), h('td', {}, countsLine(w.counts)))))))));
}

function drawDevices(container, rows, total) {
  if (rows.length === 0) {
    fill(container, emptyState('No meter in this state.'));
    return;
  }
  fill(container, h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'rollout-device-table' },
    h('thead', {}, h('tr', {}, ['Meter', 'Wave', 'State', 'Since', 'Attempt', 'From', 'Image sent', 'Last evidence']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((d) => h('tr', { dataset: { device: d.device } },
      h('td', {}, h('a', { href: `#/meters/${encodeURIComponent(d.device)}` }, d.device)),
      h('td', { class: 'num' }, d.wave), h('td', {}, stateBadge(d.state)), h('td', {}, formatTime(d.stateAt)),
      h('td', { class: 'num' }, d.attempt), h('td', {}, d.fromVersion || '—'),
      h('td', { class: 'num' }, d.imageSize ? `${Math.round((100 * d.bytesSent) / d.imageSize)} %` : '—'),
      h('td', {}, d.history?.length ? d.history[d.history.length - 1].evidence : '')))))),
  rows.length < total ? h('p', { class: 'hint' }, `The first ${rows.length} shown; filter by state to see others.`)
    : null);
}

function label(state) {
  return state.toLowerCase().replaceAll('_', ' ');
}

function stateBadge(state, id) {
  const kind = FAILED.test(state) ? 'bad' : ['SUCCEEDED', 'FINISHED'].includes(state) ? 'good'
    : ['PAUSED', 'CANCELLED'].includes(state) ? 'warn' : 'neutral';
  const element = badge(label(state), kind);
  if (id) element.id = id;
  return element;
}

function countsLine(counts) {
  const entries = STATE_ORDER.filter((s) => counts[s]).map((s) => `${label(s)} ${formatCount(counts[s])}`);
  return h('p', { class: 'counts' }, entries.length ? entries.join(' · ') : 'no meters');
}

function progressBar(counts, total) {
  const done = counts.SUCCEEDED || 0;
  const skipped = counts.SKIPPED || 0;
  const failed = Object.entries(counts).filter(([s]) => FAILED.test(s)).reduce((n, [, c]) => n + c, 0);
  const pct = (n) => (total ? (100 * n) / total : 0);
  return h('div', { class: 'progress', role: 'img',
    'aria-label': `${done} succeeded, ${skipped} skipped, ${failed} failed of ${total}` },
  h('span', { class: 'ok', style: `width:${pct(done)}%` }), h('span', { class: 'skip', style: `width:${pct(skipped)}%` }),
  h('span', { class: 'fail', style: `width:${pct(failed)}%` }));
}
