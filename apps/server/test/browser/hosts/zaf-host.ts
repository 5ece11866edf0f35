/**
 * A Zendesk Support agent page as far as a ticket_sidebar app can tell (reference §3.1, §7):
 * it frames the app's packaged assets/iframe.html with `?origin=&app_guid=`, speaks the ZAF
 * postMessage protocol the real SDK uses (handshake → `app.registered` with metadata and
 * context; `get` / `invoke` answered by id; `request:N` answered with `request:N.done|fail`),
 * and proxies `client.request` server-side as Zendesk does: `{{setting.x}}` substituted from
 * the installation's settings (secure ones included, never sent to the browser), the JWT signed
 * from `jwt.claims` + `iat`/`exp` with `jwt.secret_key`, `{{jwt.token}}` filled in.
 */
import type { BrowserContext } from 'playwright-core';
import { SignJWT } from 'jose';
import { fulfillFromFolder, HOST_PAGE_STYLE, jsonBody } from './static-files.js';

export const ZENDESK_ORIGIN = 'https://northwind.zendesk.test';
export const ZAF_APP_ORIGIN = 'https://northwind.apps.zdusercontent.test';

export interface ZafHostOptions {
  /** The app folder (manifest.json, assets/, translations/) with the built assets. */
  appDir: string;
  ticket: { id: number; subject: string; requester: { id: number; name: string; email: string } };
  currentUser: { id: number; name: string; email: string };
  /** Installation settings by manifest parameter name; `secure` ones stay on the "server". */
  settings: Record<string, string>;
  secureSettings: string[];
}

export interface ProxiedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number;
}

interface ZafRequestOptions {
  url: string;
  type?: string;
  headers?: Record<string, string>;
  data?: string;
  contentType?: string;
  secure?: boolean;
  jwt?: { algorithm: string; secret_key: string; expiry?: number; claims?: Record<string, unknown> };
}

function hostPage(options: ZafHostOptions): string {
  const publicSettings = Object.fromEntries(Object.entries(options.settings).filter(([name]) => !options.secureSettings.includes(name)));
  const config = {
    appOrigin: ZAF_APP_ORIGIN,
    metadata: { appId: 901, installationId: 7001, name: 'Threadline', version: '0.1.0', settings: { title: 'Threadline', ...publicSettings } },
    context: { host: 'zendesk', product: 'support', location: 'ticket_sidebar', ticketId: options.ticket.id, instanceGuid: 'a1b2c3d4-guid', account: { subdomain: 'northwind' } },
    data: {
      'ticket.id': options.ticket.id,
      'ticket.subject': options.ticket.subject,
      'ticket.requester': { id: options.ticket.requester.id, name: options.ticket.requester.name, email: options.ticket.requester.email },
      currentUser: { id: options.currentUser.id, name: options.currentUser.name, email: options.currentUser.email, role: 'agent' },
    },
  };
  const src = `${ZAF_APP_ORIGIN}/assets/iframe.html?origin=${encodeURIComponent(ZENDESK_ORIGIN)}&app_guid=a1b2c3d4-guid`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>#${options.ticket.id} ${options.ticket.subject} – Zendesk (test host)</title><style>${HOST_PAGE_STYLE}</style></head>
<body><div class="workspace">
  <section class="ticket"><h1>#${options.ticket.id} ${options.ticket.subject}</h1><p>Requester: ${options.ticket.requester.name}</p>
    <label for="editor">Public reply</label><textarea id="editor" data-testid="zendesk-editor"></textarea><div id="toasts"></div></section>
  <aside class="apps"><h2>Apps</h2><iframe id="app" title="Threadline" src="${src}" height="600"></iframe></aside>
</div>
<script>
const config = ${JSON.stringify(config)};
const frame = document.getElementById('app');
const editor = document.getElementById('editor');
window.__zaf = { messages: [] };
function send(message) { frame.contentWindow.postMessage(JSON.stringify(message), config.appOrigin); }
function toast(text) { const el = document.createElement('div'); el.className = 'toast'; el.textContent = text; document.getElementById('toasts').append(el); }
const actions = {
  'ticket.comment.appendText': (text) => { editor.value += (editor.value ? '\\n' : '') + text; },
  'comment.appendText': (text) => { editor.value += (editor.value ? '\\n' : '') + text; },
  'resize': (size) => { if (size && size.height) frame.style.height = size.height; },
  'notify': (message) => toast(message),
};
window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow || event.origin !== config.appOrigin) return;
  const data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  window.__zaf.messages.push(data);
  if (data.key === 'iframe.handshake') {
    send({ key: 'zaf.app.registered', message: { metadata: config.metadata, context: config.context } });
  } else if (typeof data.key === 'string' && /^request:\\d+$/.test(data.key)) {
    const proxied = await fetch('/__zaf/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data.message) }).then((r) => r.json());
    let responseJSON; try { responseJSON = JSON.parse(proxied.responseText); } catch { responseJSON = undefined; }
    const arg = { status: proxied.status, responseText: proxied.responseText, responseJSON, headers: proxied.headers };
    const outcome = proxied.status >= 200 && proxied.status < 300 ? 'done' : 'fail';
    send({ key: 'zaf.' + data.key + '.' + outcome, message: { responseArgs: [arg] } });
  } else if (data.request === 'get') {
    const result = { errors: {} };
    for (const path of data.params) {
      if (path in config.data) result[path] = config.data[path];
      else result.errors[path] = { name: 'NotFound', message: 'No such path: ' + path, path };
    }
    send({ id: data.id, result });
  } else if (data.request === 'invoke') {
    const result = { errors: {} };
    for (const [name, args] of Object.entries(data.params)) {
      if (actions[name]) { actions[name](...args); result[name] = null; }
      else result.errors[name] = { name: 'NotFound', message: 'No such action: ' + name, path: name };
    }
    send({ id: data.id, result });
  } else if (data.request === 'set') {
    send({ id: data.id, result: { errors: {} } });
  }
});
</script></body></html>`;
}

/** Routes the host page, the app's assets and Zendesk's request proxy in `context`; returns the proxy log. */
export async function installZafHost(context: BrowserContext, options: ZafHostOptions): Promise<{ pageUrl: string; proxied: ProxiedRequest[] }> {
  const proxied: ProxiedRequest[] = [];
  const fill = (text: string, token?: string) =>
    text
      .replace(/\{\{setting\.([a-z0-9_]+)\}\}/g, (placeholder, name: string) => options.settings[name] ?? placeholder)
      .replace(/\{\{jwt\.token\}\}/g, (placeholder) => token ?? placeholder);

  await context.route(`${ZAF_APP_ORIGIN}/**`, (route) => fulfillFromFolder(route, options.appDir, new URL(route.request().url()).pathname.slice(1)));
  await context.route(`${ZENDESK_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/favicon.ico') return route.fulfill({ status: 204, body: '' });
    if (url.pathname.startsWith('/agent/tickets/')) return route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: hostPage(options) });
    if (url.pathname !== '/__zaf/proxy') return route.fulfill({ status: 404, body: 'not found' });

    // Zendesk's proxy, on the server side.
    const request = jsonBody<ZafRequestOptions>(route);
    let token: string | undefined;
    if (request.jwt) {
      if (!request.secure) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 400, responseText: 'jwt needs secure: true', headers: {} }) });
      const now = Math.floor(Date.now() / 1000);
      token = await new SignJWT({ ...request.jwt.claims })
        .setProtectedHeader({ alg: request.jwt.algorithm, typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + (request.jwt.expiry ?? 300))
        .sign(new TextEncoder().encode(fill(request.jwt.secret_key)));
    }
    const target = request.secure ? fill(request.url, token) : request.url;
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, request.secure ? fill(value, token) : value]));
    const unresolved = [target, ...Object.values(headers)].find((text) => /\{\{[^}]+\}\}/.test(text));
    if (unresolved) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 400, responseText: `unresolved placeholder in ${unresolved}`, headers: {} }) });
    const response = await fetch(target, {
      method: request.type ?? 'GET',
      headers: { ...headers, ...(request.data !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}) },
      ...(request.data !== undefined ? { body: request.data } : {}),
    });
    const responseText = await response.text();
    proxied.push({ method: request.type ?? 'GET', url: target, headers, status: response.status });
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ status: response.status, responseText, headers: { 'content-type': response.headers.get('content-type') ?? '' } }),
    });
  });
  return { pageUrl: `${ZENDESK_ORIGIN}/agent/tickets/${options.ticket.id}`, proxied };
}
