import type { BridgeRequestInit, BridgeResponse, HostBridge, HostTicket, NotifyKind } from '../host-bridge.js';
import { jsonResponse, parseBody } from '../host-bridge.js';
import { frameHeight } from '../frame-size.js';

/** The parts of the ZAF v2 client (zendesk_app_framework_sdk) the sidebar uses. */
export interface ZafClient {
  get(path: string | string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions): Promise<unknown>;
  metadata(): Promise<{ settings?: Record<string, unknown> }>;
  on(event: string, handler: (data: unknown) => void): void;
}

export interface ZafSdk {
  /** Returns false outside a Zendesk iframe (no `origin` / `app_guid` in the URL). */
  init(callback?: (context: unknown) => void): ZafClient | false;
}

/**
 * `client.request` options. With `secure: true` Zendesk's proxy substitutes `{{setting.x}}`
 * server-side, signs `jwt.claims` (plus `iat`/`exp` from `expiry`) with `jwt.secret_key`, and puts
 * the token where `{{jwt.token}}` stands; the shared secret never reaches the browser.
 */
export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST';
  contentType: string;
  data?: string;
  headers: Record<string, string>;
  jwt: { algorithm: 'HS256'; secret_key: string; expiry: number; claims: Record<string, string> };
  secure: true;
  cors: false;
  httpCompleteResponse: true;
  dataType: 'json';
}

/** The installation settings (manifest `parameters`) the bridge needs. */
export const ZAF_SETTINGS = { serviceUrl: 'service_url', tenant: 'tenant', sharedSecret: 'shared_secret' } as const;
/** Seconds a token lives; the server refuses anything older than an hour. */
export const ZAF_TOKEN_EXPIRY_SECONDS = 600;

interface CompleteResponse {
  status?: number;
  responseText?: string;
  responseJSON?: unknown;
}

function toResponse(raw: unknown): BridgeResponse | null {
  const response = (raw ?? {}) as CompleteResponse;
  if (typeof response.status !== 'number' || response.status === 0) return null;
  return jsonResponse(response.status, response.responseJSON !== undefined ? response.responseJSON : parseBody(response.responseText));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The sidebar inside Zendesk Support (ticket_sidebar location, ZAF v2).
 *
 * @example
 * import ZAFClient from 'zendesk_app_framework_sdk';
 * const bridge = await createZafBridge({ sdk: ZAFClient });
 */
export async function createZafBridge({ sdk }: { sdk: ZafSdk }): Promise<HostBridge> {
  const client = sdk.init();
  if (!client) throw new Error('this page is not running inside Zendesk (ZAFClient.init found no origin and app_guid)');

  const { settings = {} } = await client.metadata();
  const serviceUrl = text(settings[ZAF_SETTINGS.serviceUrl])?.replace(/\/+$/, '');
  const tenant = text(settings[ZAF_SETTINGS.tenant]);
  if (!serviceUrl || !tenant) throw new Error('the app settings need a Service URL and a Tenant; an admin sets them in Admin Center → Apps');
  const { currentUser } = (await client.get('currentUser')) as { currentUser?: { id?: unknown; name?: unknown; email?: unknown } };
  const agentId = text(currentUser?.id);
  if (!agentId) throw new Error('Zendesk did not say who the current agent is');
  const claims: Record<string, string> = { iss: tenant, aud: 'threadline', sub: agentId };
  const name = text(currentUser?.name);
  const email = text(currentUser?.email);
  if (name) claims.name = name;
  if (email) claims.email = email;

  // A flexible sidebar grows with its content only when the app asks; it asks for the content's
  // height up to a sidebar's worth (see frameHeight), and only when that changes.
  if (typeof ResizeObserver !== 'undefined') {
    let asked = 0;
    new ResizeObserver(() => {
      const height = frameHeight(document.body.getBoundingClientRect().height);
      if (height === asked) return;
      asked = height;
      client.invoke('resize', { width: '100%', height: `${height}px` }).catch(() => {});
    }).observe(document.body);
  }

  return {
    hostName: 'Zendesk',
    async getTicket(): Promise<HostTicket> {
      const data = await client.get(['ticket.id', 'ticket.subject', 'ticket.requester']);
      const id = text(data['ticket.id']);
      if (!id) throw new Error('no ticket is open');
      const requester = data['ticket.requester'] as { name?: unknown; email?: unknown } | undefined;
      return {
        id,
        ...(text(data['ticket.subject']) ? { subject: text(data['ticket.subject']) } : {}),
        ...(requester ? { requester: { ...(text(requester.name) ? { name: text(requester.name) } : {}), ...(text(requester.email) ? { email: text(requester.email) } : {}) } } : {}),
      };
    },
    async request(path: string, init: BridgeRequestInit = {}): Promise<BridgeResponse> {
      const options: ZafRequestOptions = {
        url: `${serviceUrl}${path}`,
        type: init.method ?? 'GET',
        contentType: 'application/json',
        headers: { ...init.headers, Authorization: 'Bearer {{jwt.token}}' },
        jwt: { algorithm: 'HS256', secret_key: `{{setting.${ZAF_SETTINGS.sharedSecret}}}`, expiry: ZAF_TOKEN_EXPIRY_SECONDS, claims },
        secure: true,
        cors: false,
        httpCompleteResponse: true,
        dataType: 'json',
        ...(init.body !== undefined ? { data: JSON.stringify(init.body) } : {}),
      };
      try {
        const response = toResponse(await client.request(options));
        if (!response) throw new Error('the Zendesk proxy returned no HTTP status');
        return response;
      } catch (failure) {
        // Non-2xx answers reject with the response; anything without a status is a transport failure.
        const response = toResponse(failure);
        if (response) return response;
        throw failure instanceof Error ? failure : new Error('the Zendesk proxy could not reach the service URL');
      }
    },
    async insertIntoEditor(textToInsert: string): Promise<void> {
      await client.invoke('ticket.comment.appendText', textToInsert);
    },
    notify(kind: NotifyKind, message: string): void {
      client.invoke('notify', message, kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'notice').catch(() => {});
    },
  };
}
