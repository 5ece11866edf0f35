/**
 * A Freshdesk ticket page as a platform 3.0 ticket_sidebar app sees it (reference §5, §7): the
 * app's app/index.html framed with `{{{appclient}}}` replaced by a front-end client that gives
 * `app.initialized()` → client { data.get, interface.trigger, events.on, iparams.get,
 * request.invoke, request.invokeTemplate }, talking to this page by postMessage. The platform's
 * server side is emulated in Node: `request.invoke` runs the app's own server/server.js (SMI,
 * allow-listed in manifest modules.common.functions) with the installation's iparams, and
 * `request.invokeTemplate` renders config/requests.json (`<%= context.x %>`, `<%= iparam.x %>`,
 * listed in modules.common.requests) and answers `{ status, headers, response: string }`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { BrowserContext } from 'playwright-core';
import { fulfillFromFolder, HOST_PAGE_STYLE, jsonBody } from './static-files.js';

export const FRESHDESK_ORIGIN = 'https://northwind.freshdesk.test';
export const FDK_APP_ORIGIN = 'https://northwind.fdk-apps.freshdesk.test';

export interface FdkHostOptions {
  /** The app folder (manifest.json, app/, config/, server/) with the UI built into app/. */
  appDir: string;
  ticket: { id: number; subject: string };
  contact: { name: string; email: string };
  loggedInUser: { id: number; name: string; email: string };
  /** Installation parameters by config/iparams.json name (secure ones never reach the browser). */
  iparams: Record<string, string>;
  /** Whether the reply editor starts open (`setValue` on a closed editor fails, as in Freshdesk). */
  isEditorOpen?: boolean;
}

export interface TemplateCall {
  name: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  status: number;
}

interface RequestTemplate {
  schema: { method: string; protocol?: string; host: string; path: string; query?: Record<string, string>; headers?: Record<string, string> };
  options?: Record<string, unknown>;
}

interface FdkManifest {
  modules: { common?: { requests?: Record<string, unknown>; functions?: Record<string, unknown> } };
}

/** Renders `<%= context.x %>` / `<%= iparam.x %>`; anything else is an error, as an unknown key would be. */
export function renderTemplateValue(text: string, scope: { context: Record<string, unknown>; iparam: Record<string, string> }): string {
  return text.replace(/<%=\s*(context|iparam)\.([A-Za-z0-9_]+)\s*%>/g, (_whole, kind: 'context' | 'iparam', key: string) => {
    const value = kind === 'context' ? scope.context[key] : scope.iparam[key];
    if (value === undefined || value === null) throw new Error(`request template needs ${kind}.${key}`);
    return String(value);
  });
}

const FRESH_CLIENT = (hostOrigin: string) => `(function () {
  var HOST = ${JSON.stringify(hostOrigin)};
  var pending = {}, handlers = {}, nextId = 1;
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending[id] = { resolve: resolve, reject: reject };
      parent.postMessage({ fdk: true, id: id, method: method, args: args }, HOST);
    });
  }
  window.addEventListener('message', function (event) {
    if (event.origin !== HOST || event.source !== parent) return;
    var data = event.data || {};
    if (data.fdk && pending[data.id]) {
      var waiter = pending[data.id];
      delete pending[data.id];
      if (data.ok) waiter.resolve(data.result); else waiter.reject(data.error);
    } else if (data.fdkEvent) {
      (handlers[data.fdkEvent] || []).forEach(function (handler) { handler({ type: data.fdkEvent, helper: { getData: function () { return data.payload || {}; } } }); });
    }
  });
  var client = {
    data: { get: function (name) { return call('data.get', [name]); } },
    interface: { trigger: function (action, options) { return call('interface.trigger', [action, options]); } },
    events: { on: function (name, callback) { (handlers[name] = handlers[name] || []).push(callback); return call('events.on', [name]); } },
    iparams: { get: function () { return call('iparams.get', []); } },
    request: {
      invoke: function (name, options) { return call('request.invoke', [name, options || {}]); },
      invokeTemplate: function (name, options) { return call('request.invokeTemplate', [name, options || {}]); }
    }
  };
  window.app = { initialized: function () { return call('app.initialized', []).then(function () { return client; }); } };
})();
`;

function hostPage(options: FdkHostOptions, publicIparams: Record<string, string>): string {
  const config = {
    appOrigin: FDK_APP_ORIGIN,
    data: {
      ticket: { id: options.ticket.id, subject: options.ticket.subject, status: 2, priority: 1 },
      contact: { name: options.contact.name, email: options.contact.email },
      loggedInUser: { id: options.loggedInUser.id, contact: { name: options.loggedInUser.name, email: options.loggedInUser.email } },
    },
    iparams: publicIparams,
    isEditorOpen: options.isEditorOpen ?? false,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>#${options.ticket.id} ${options.ticket.subject} – Freshdesk (test host)</title><style>${HOST_PAGE_STYLE}</style></head>
<body><div class="workspace">
  <section class="ticket"><h1>#${options.ticket.id} ${options.ticket.subject}</h1><p>Requester: ${options.contact.name}</p>
    <div id="editor-box" ${config.isEditorOpen ? '' : 'hidden'}><label for="editor">Reply</label><textarea id="editor" data-testid="freshdesk-editor"></textarea></div><div id="toasts"></div></section>
  <aside class="apps"><h2>Apps</h2><iframe id="app" title="Threadline" src="${FDK_APP_ORIGIN}/app/index.html" style="height: 1600px"></iframe></aside>
</div>
<script>
const config = ${JSON.stringify(config)};
const frame = document.getElementById('app');
const editor = document.getElementById('editor');
const editorBox = document.getElementById('editor-box');
window.__fdk = { calls: [] };
function reply(id, ok, value) { frame.contentWindow.postMessage({ fdk: true, id, ok, [ok ? 'result' : 'error']: value }, config.appOrigin); }
function toast(text) { const el = document.createElement('div'); el.className = 'toast'; el.textContent = text; document.getElementById('toasts').append(el); }
async function platform(path, body) {
  const answer = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  if (!answer.ok) throw answer.error;
  return answer.result;
}
const methods = {
  'app.initialized': async () => true,
  'events.on': async (name) => { if (name === 'app.activated') setTimeout(() => frame.contentWindow.postMessage({ fdkEvent: 'app.activated' }, config.appOrigin), 0); return true; },
  'data.get': async (name) => { if (!(name in config.data)) throw { message: 'Unknown data ' + name }; return { [name]: config.data[name] }; },
  'iparams.get': async () => config.iparams,
  'interface.trigger': async (action, options) => {
    if (action === 'setValue' && options.id === 'editor') {
      if (editorBox.hidden) throw { message: 'The reply editor is not open' };
      editor.value = options.replace ? options.text : (options.position === 'start' ? options.text + editor.value : editor.value + (editor.value ? '\\n' : '') + options.text);
      return { message: 'ok' };
    }
    if (action === 'click' && options.id === 'reply') { editorBox.hidden = false; if (options.text) editor.value = options.text; return { message: 'ok' }; }
    if (action === 'showNotify') { toast(options.message); return { message: 'ok' }; }
    throw { message: 'Unsupported interface action ' + action };
  },
  'request.invoke': (name, options) => platform('/__fdk/invoke', { name, options }),
  'request.invokeTemplate': (name, options) => platform('/__fdk/invokeTemplate', { name, options }),
};
window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow || event.origin !== config.appOrigin) return;
  const data = event.data || {};
  if (!data.fdk) return;
  window.__fdk.calls.push({ method: data.method, args: data.args });
  try { reply(data.id, true, await methods[data.method](...data.args)); }
  catch (error) { reply(data.id, false, error); }
});
</script></body></html>`;
}

/** Routes the Freshdesk page, the app's files and the platform's server side in `context`. */
export async function installFdkHost(context: BrowserContext, options: FdkHostOptions): Promise<{ pageUrl: string; templateCalls: TemplateCall[]; invocations: string[] }> {
  const manifest = JSON.parse(readFileSync(join(options.appDir, 'manifest.json'), 'utf8')) as FdkManifest;
  const templates = JSON.parse(readFileSync(join(options.appDir, 'config/requests.json'), 'utf8')) as Record<string, RequestTemplate>;
  const iparamsSpec = JSON.parse(readFileSync(join(options.appDir, 'config/iparams.json'), 'utf8')) as Record<string, { secure?: boolean }>;
  const serverCode = readFileSync(join(options.appDir, 'server/server.js'), 'utf8');
  const publicIparams = Object.fromEntries(Object.entries(options.iparams).filter(([name]) => !iparamsSpec[name]?.secure));
  const templateCalls: TemplateCall[] = [];
  const invocations: string[] = [];
  const nodeRequire = createRequire(import.meta.url);

  /** Serverless method invocation: the app's server.js in a fresh context, as the platform runs it. */
  function invokeServerMethod(name: string, payload: Record<string, unknown>): Promise<unknown> {
    if (!manifest.modules.common?.functions || !(name in manifest.modules.common.functions)) return Promise.reject({ status: 403, message: `${name} is not in modules.common.functions` });
    return new Promise((resolve, reject) => {
      const sandbox: Record<string, unknown> = {
        exports: {},
        Buffer,
        console,
        require: (id: string) => {
          if (id !== 'crypto') throw new Error(`module ${id} is not available in this test platform`);
          return nodeRequire('crypto');
        },
        renderData: (error: unknown, data: unknown) => (error ? reject(error) : resolve({ requestID: `req-${Date.now()}`, response: data })),
      };
      runInNewContext(serverCode, sandbox, { filename: 'server/server.js' });
      const handler = (sandbox.exports as Record<string, (args: unknown) => unknown>)[name];
      if (typeof handler !== 'function') return reject({ status: 404, message: `server.js exports no ${name}` });
      handler({ ...payload, iparams: { ...options.iparams } });
    });
  }

  async function invokeTemplate(name: string, input: { context?: Record<string, unknown>; body?: string }): Promise<{ status: number; headers: Record<string, string>; response: string }> {
    const template = templates[name];
    if (!template || !manifest.modules.common?.requests || !(name in manifest.modules.common.requests)) {
      return { status: 400, headers: {}, response: JSON.stringify({ message: `${name} is not a request template listed in the manifest` }) };
    }
    const scope = { context: input.context ?? {}, iparam: options.iparams };
    const { schema } = template;
    const host = renderTemplateValue(schema.host, scope);
    if (/[/:]/.test(host.replace(/:\d+$/, ''))) throw new Error(`template host must be a bare host name, got ${host}`);
    const query = new URLSearchParams(Object.entries(schema.query ?? {}).map(([key, value]) => [key, renderTemplateValue(value, scope)]));
    const path = renderTemplateValue(schema.path, scope);
    // The platform speaks HTTPS; the test server has no TLS, so loopback hosts are reached over HTTP.
    const protocol = /^127\.0\.0\.1(:\d+)?$|^localhost(:\d+)?$/.test(host) ? 'http' : (schema.protocol ?? 'https');
    const url = `${protocol}://${host}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
    const headers = Object.fromEntries(Object.entries(schema.headers ?? {}).map(([key, value]) => [key, renderTemplateValue(value, scope)]));
    const response = await fetch(url, { method: schema.method, headers, ...(input.body !== undefined && schema.method !== 'GET' ? { body: input.body } : {}) });
    templateCalls.push({ name, url, method: schema.method, headers, status: response.status });
    return { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, response: await response.text() };
  }

  await context.route(`${FDK_APP_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/__fdk/fresh_client.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: FRESH_CLIENT(FRESHDESK_ORIGIN) });
    return fulfillFromFolder(route, options.appDir, path.slice(1), path.endsWith('.html') ? (html) => html.replace('{{{appclient}}}', `${FDK_APP_ORIGIN}/__fdk/fresh_client.js`) : undefined);
  });
  await context.route(`${FRESHDESK_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/favicon.ico') return route.fulfill({ status: 204, body: '' });
    if (url.pathname.startsWith('/a/tickets/')) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: hostPage(options, publicIparams) });
    const answer = async (work: () => Promise<unknown>) => {
      try {
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, result: await work() }) });
      } catch (error) {
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: false, error: error instanceof Error ? { message: error.message } : error }) });
      }
    };
    if (url.pathname === '/__fdk/invoke') {
      const { name, options: payload } = jsonBody<{ name: string; options: Record<string, unknown> }>(route);
      invocations.push(name);
      return answer(() => invokeServerMethod(name, payload));
    }
    if (url.pathname === '/__fdk/invokeTemplate') {
      const { name, options: input } = jsonBody<{ name: string; options: { context?: Record<string, unknown>; body?: string } }>(route);
      return answer(async () => {
        const result = await invokeTemplate(name, input);
        // Non-2xx answers reject with the same shape.
        if (result.status < 200 || result.status >= 300) throw result;
        return result;
      });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  return { pageUrl: `${FRESHDESK_ORIGIN}/a/tickets/${options.ticket.id}`, templateCalls, invocations };
}
