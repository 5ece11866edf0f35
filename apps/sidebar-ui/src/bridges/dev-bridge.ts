import type { BridgeRequestInit, BridgeResponse, HostBridge, HostTicket, NotifyKind } from '../host-bridge.js';

export interface DevBridgeOptions {
  /** Where the Threadline API is; the dev page uses its own origin. */
  serviceUrl: string;
  /** A sidebar token (HS256, iss = tenant slug, aud = "threadline"). */
  token: string;
  ticket: HostTicket;
  /** Stands in for the helpdesk's reply editor. */
  appendToEditor(text: string): void;
  notify?(kind: NotifyKind, message: string): void;
}

/**
 * The sidebar outside any helpdesk (`/sidebar/dev.html`): calls the API directly with a token
 * pasted or signed on the page. For development and demos only; never ship a secret to a browser.
 */
export function createDevBridge(options: DevBridgeOptions): HostBridge {
  const base = options.serviceUrl.replace(/\/+$/, '');
  return {
    hostName: 'the dev page',
    getTicket: async () => options.ticket,
    request(path: string, init: BridgeRequestInit = {}): Promise<BridgeResponse> {
      return fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...init.headers,
          authorization: `Bearer ${options.token}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    },
    insertIntoEditor: async (text: string) => options.appendToEditor(text),
    notify: (kind, message) => options.notify?.(kind, message),
  };
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Signs a sidebar token in the browser (WebCrypto HMAC-SHA256), as the helpdesk proxies do.
 * Dev only: the secret is the tenant's sidebar secret (demo mode writes it to demo.json).
 */
export async function signDevToken(input: { tenant: string; secret: string; agentId: string; name?: string; email?: string; ttlSeconds?: number }): Promise<string> {
  const encoder = new TextEncoder();
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64url(
    encoder.encode(
      JSON.stringify({
        iss: input.tenant,
        aud: 'threadline',
        sub: input.agentId,
        ...(input.name ? { name: input.name } : {}),
        ...(input.email ? { email: input.email } : {}),
        iat: now,
        exp: now + (input.ttlSeconds ?? 3000),
      }),
    ),
  );
  const key = await crypto.subtle.importKey('raw', encoder.encode(input.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${header}.${payload}`)));
  return `${header}.${payload}.${base64url(signature)}`;
}
