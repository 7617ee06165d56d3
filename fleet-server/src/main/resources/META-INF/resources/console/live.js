// One live stream per tab: the fleet summary for the header, and the devices the current page shows.
import { eventStream } from './api.js';
import { formatCount } from './ui.js';

let stream = null;
let deviceListener = () => {};
let watched = [];

function summary(data) {
  const { total, online, offline } = JSON.parse(data);
  const box = document.getElementById('fleet-summary');
  box.textContent = `${formatCount(total)} meters · ${formatCount(online)} online · ${formatCount(offline)} offline`;
  box.classList.toggle('warn', offline > 0);
}

function state(value) {
  document.body.dataset.live = value;
}

/** Follows these device ids (at most 500) from now on; onDevice gets each changed device. */
export function watch(ids, onDevice) {
  deviceListener = onDevice;
  const key = ids.join(',');
  if (stream && key === watched.join(',')) return;
  watched = ids;
  stream?.close();
  const query = ids.length ? `?ids=${encodeURIComponent(key)}` : '';
  stream = eventStream(`/api/devices/live${query}`, (name, data) => {
    if (name === 'summary') summary(data);
    else if (name === 'device') deviceListener(JSON.parse(data));
  }, state);
}

export function unwatch() {
  watch([], () => {});
}

export function stop() {
  stream?.close();
  stream = null;
  watched = [];
}
