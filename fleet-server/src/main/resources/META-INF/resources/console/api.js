// Talks to the fleet server's REST API with the signed-in token, which lives in this tab's session storage only.

const TOKEN_KEY = 'zmai-fleet.token';

export const session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  who: null,
  onSignOut: () => {},
  can(role) {
    return this.who != null && this.who.roles.includes(role);
  },
};

export function signIn(token) {
  session.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut(reason) {
  session.token = null;
  session.who = null;
  sessionStorage.removeItem(TOKEN_KEY);
  session.onSignOut(reason);
}

/** A failed call, with the server's own explanation (its problem+json detail) when there is one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const UNREACHABLE = 'The fleet server cannot be reached. Check that it is running, then try again.';

/**
 * Calls the API. A plain object body is sent as JSON; a Blob or ArrayBuffer as raw bytes.
 * Resolves to the parsed JSON (or text); with {raw: true} to the Response itself.
 */
export async function api(path, { method = 'GET', body, headers = {}, raw = false, signal } = {}) {
  const request = { method, signal, headers: { Authorization: `Bearer ${session.token}`, ...headers } };
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    request.body = body;
    request.headers['Content-Type'] ??= 'application/octet-stream';
  } else if (body !== undefined) {
    request.body = JSON.stringify(body);
    request.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, request);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, UNREACHABLE);
  }
  if (response.status === 401) {
    signOut('The server no longer accepts this token (revoked or expired). Sign in again.');
    throw new ApiError(401, 'Not signed in.');
  }
  if (!response.ok) throw new ApiError(response.status, await explain(response));
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

async function explain(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `${response.status} ${response.statusText}`;
  } catch {
    if (response.status === 403) return 'Your role does not allow this.';
    if (response.status >= 500) return `The server failed (${response.status}). Its log says why.`;
    return `${response.status} ${response.statusText}`;
  }
}

/** Asks who the token belongs to; null if the token is refused. */
export async function whoami(token) {
  let response;
  try {
    response = await fetch('/api/whoami', { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiError(response.status, await explain(response));
  return response.json();
}

/**
 * Follows a server-sent event stream read through fetch, so the token travels in a header and never in a URL.
 * Reconnects with back-off until closed; onState hears 'live' or 'reconnecting'.
 */
export function eventStream(path, onEvent, onState = () => {}) {
  const abort = new AbortController();
  let closed = false;
  (async () => {
    let delay = 1000;
    while (!closed) {
      try {
        const response = await fetch(path, {
          headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (response.status === 401) {
          signOut('The server no longer accepts this token (revoked or expired). Sign in again.');
          return;
        }
        if (!response.ok) throw new Error(`stream refused: ${response.status}`);
        onState('live');
        delay = 1000;
        await readEvents(response.body, onEvent);
      } catch (e) {
        if (closed) return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  })();
  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path, filename) {
  const response = await api(path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
