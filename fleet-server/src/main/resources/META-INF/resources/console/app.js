// The console's shell: sign-in, navigation between pages, and the role that decides which buttons show.
import { session, signIn, signOut, whoami } from './api.js';
import { h, fill, errorBox } from './ui.js';
import * as live from './live.js';
import * as fleet from './fleet.js';
import * as meter from './meter.js';
import * as rollouts from './rollouts.js';
import * as energy from './energy.js';

const main = document.getElementById('main');
const header = document.querySelector('header.top');
let leave = null;

const routes = [
  [/^\/fleet$/, 'fleet', () => fleet.render(main)],
  [/^\/meters\/(.+)$/, 'fleet', (id) => meter.render(main, decodeURIComponent(id))],
  [/^\/rollouts$/, 'rollouts', () => rollouts.renderList(main)],
  [/^\/rollouts\/(.+)$/, 'rollouts', (id) => rollouts.renderOne(main, decodeURIComponent(id))],
  [/^\/energy$/, 'energy', () => energy.renderMonth(main)],
  [/^\/energy\/circuits\/(\d+)$/, 'energy', (id) => energy.renderCircuit(main, Number(id))],
];

function route() {
  if (!session.who) return;
  const path = location.hash.slice(1).split('?')[0] || '/fleet';
  leave?.();
  leave = null;
  const match = routes.map(([pattern, section, view]) => [path.match(pattern), section, view]).find(([m]) => m);
  if (!match) {
    location.replace('#/fleet');
    return;
  }
  const [groups, section, view] = match;
  for (const link of header.querySelectorAll('nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    leave = view(...groups.slice(1)) || null;
  } catch (e) {
    fill(main, errorBox(e));
  }
  main.focus({ preventScroll: true });
}

function showSignIn(reason) {
  header.hidden = true;
  live.stop();
  leave?.();
  leave = null;
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help' });
  const message = h('p', { id: 'sign-in-message', role: 'alert', class: reason ? 'error' : '' }, reason || '');
  const form = h('form', { class: 'sign-in card', onsubmit: async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const who = await whoami(input.value.trim());
      if (!who) {
        message.className = 'error';
        message.textContent = 'That token is not valid (mistyped, revoked or expired).';
        return;
      }
      signIn(input.value.trim());
      start(who);
    } catch (e) {
      message.className = 'error';
      message.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  } },
  h('h1', {}, 'Sign in to zmai-fleet'),
  h('label', { for: 'token' }, 'API token'),
  input,
  h('p', { id: 'token-help', class: 'hint' }, 'The server prints an admin token in its log on first start; ',
    'an admin issues tokens for others under /api/tokens. The token stays in this browser tab only.'),
  h('button', { type: 'submit' }, 'Sign in'),
  message);
  fill(main, form);
  input.focus();
}

function start(who) {
  session.who = who;
  header.hidden = false;
  document.getElementById('who').textContent = `${who.name} (${who.role})`;
  document.body.dataset.role = who.role;
  live.unwatch();
  route();
}

session.onSignOut = (reason) => showSignIn(reason);
document.getElementById('sign-out').addEventListener('click', () => signOut(''));
window.addEventListener('hashchange', route);
// a page the browser keeps in memory after leaving it would otherwise hold its stream, and a connection, open
window.addEventListener('pagehide', () => live.stop());
window.addEventListener('pageshow', (event) => {
  if (event.persisted && session.who) route();
});

(async () => {
  if (!session.token) {
    showSignIn();
    return;
  }
  try {
    const who = await whoami(session.token);
    if (who) start(who);
    else signOut('The server no longer accepts this token. Sign in again.');
  } catch (e) {
    showSignIn(e.message);
  }
})();
