// Small DOM helpers and the console's number and time formats.

/** h('a', {href: '#/x', class: 'y'}, 'text', child): attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a container's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function heading(text, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', {}, text), ...extra);
}

export function emptyState(text) {
  return h('p', { class: 'empty' }, text);
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

/** Shows a short message in the polite live region. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.className = `toast show ${kind}`;
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.className = 'toast'), kind === 'error' ? 8000 : 4000);
}

/** Asks before something that cannot be taken back; resolves true only on an explicit confirm. */
export function confirmAction(question, confirmLabel) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = question;
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** Runs an action from a button, disabling it meanwhile and reporting a failure in plain words. */
export async function busy(button, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (e) {
    toast(e.message, 'error');
    return undefined;
  } finally {
    button.disabled = false;
  }
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const kwh = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const integer = new Intl.NumberFormat();

export function formatCount(n) {
  return integer.format(n);
}

const formats = new Map();

export function formatNumber(value, unit, digits = 1) {
  if (value === null || value === undefined || value === '') return '—';
  if (!formats.has(digits)) formats.set(digits, new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }));
  const formatted = formats.get(digits).format(Number(value));
  return unit ? `${formatted} ${unit}` : formatted;
}

export function formatWatts(watts) {
  return formatNumber(watts, 'W');
}

/** Watt-hours as the report gives them (decimal text), shown in kWh. */
export function formatKwh(wh) {
  if (wh === null || wh === undefined) return '—';
  return `${kwh.format(Number(wh) / 1000)} kWh`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const d = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${hours} h`;
  if (hours > 0) return `${hours} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${Math.floor(seconds)} s`;
}

export function formatTime(instant) {
  if (!instant) return '—';
  return new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatAgo(instant) {
  if (!instant) return '—';
  const seconds = Math.max(0, (Date.now() - new Date(instant).getTime()) / 1000);
  return seconds < 5 ? 'just now' : `${formatDuration(seconds)} ago`;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KiB`;
  return `${number.format(bytes / 1024 / 1024)} MiB`;
}

/** A labelled value for definition lists. */
export function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value ?? '—')];
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind}` }, text);
}

export function onlineBadge(online) {
  return online ? badge('online', 'good') : badge('offline', 'bad');
}

/** Reads and writes the query part of the location hash, e.g. #/fleet?online=false. */
export function hashQuery() {
  const hash = location.hash.slice(1);
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

export function setHashQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, value);
  }
  const text = query.toString();
  const target = `#${path}${text ? `?${text}` : ''}`;
  if (location.hash !== target) history.replaceState(null, '', target);
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
