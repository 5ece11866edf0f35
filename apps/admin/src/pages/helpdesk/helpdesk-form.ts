import type { Connection, ConnectionFormBody } from '../../api/connection-api.js';

export type HelpdeskKind = 'zendesk' | 'freshdesk';

/** How Threadline signs in to Zendesk: an agent's API token with their email, or an OAuth access token. */
export type ZendeskAuth = 'api_token' | 'oauth';

/** What the form holds while it is edited; secrets start blank (blank keeps the saved ones). */
export interface HelpdeskDraft {
  kind: HelpdeskKind;
  /** Zendesk subdomain or Freshdesk domain, or a URL. */
  address: string;
  /** Zendesk only. */
  zendeskAuth: ZendeskAuth;
  email: string;
  secret: string;
  webhookSecret: string;
}

export const HELPDESK_NAMES: Record<HelpdeskKind, string> = { zendesk: 'Zendesk', freshdesk: 'Freshdesk' };

export function toDraft(connection: Connection | null): HelpdeskDraft {
  return {
    kind: connection?.kind ?? 'zendesk',
    address: connection?.address ?? '',
    zendeskAuth: connection?.credentials?.type === 'oauth' ? 'oauth' : 'api_token',
    email: connection?.credentials?.email ?? '',
    secret: '',
    webhookSecret: '',
  };
}

/** The API's form body; blank secrets are left out, so the server keeps the saved ones. */
export function toForm(draft: HelpdeskDraft): ConnectionFormBody {
  const secrets = { ...(draft.webhookSecret.trim() ? { webhookSecret: draft.webhookSecret.trim() } : {}) };
  if (draft.kind === 'zendesk' && draft.zendeskAuth === 'oauth') {
    return { kind: 'zendesk', subdomain: draft.address.trim(), auth: 'oauth', ...(draft.secret.trim() ? { oauthToken: draft.secret.trim() } : {}), ...secrets };
  }
  if (draft.kind === 'zendesk') {
    return { kind: 'zendesk', subdomain: draft.address.trim(), email: draft.email.trim(), ...(draft.secret.trim() ? { apiToken: draft.secret.trim() } : {}), ...secrets };
  }
  return { kind: 'freshdesk', domain: draft.address.trim(), ...(draft.secret.trim() ? { apiKey: draft.secret.trim() } : {}), ...secrets };
}

/** What is missing before the form can be sent, in words; null when it can be. */
export function draftProblem(draft: HelpdeskDraft, saved: Connection | null): string | null {
  const isSameKind = saved?.isConnected === true && saved.kind === draft.kind;
  if (!draft.address.trim()) return draft.kind === 'zendesk' ? 'Enter the Zendesk subdomain (acme for acme.zendesk.com).' : 'Enter the Freshdesk domain (acme.freshdesk.com).';
  const isOauth = draft.kind === 'zendesk' && draft.zendeskAuth === 'oauth';
  if (draft.kind === 'zendesk' && !isOauth && !/^[^\s@]+@[^\s@]+$/.test(draft.email.trim())) return 'Enter the email of the Zendesk agent the API token belongs to.';
  // A blank secret keeps the saved one only when it is the same kind of secret.
  const isSameSignIn = isSameKind && (draft.kind === 'freshdesk' || (saved?.credentials?.type === 'oauth') === isOauth);
  if (!draft.secret.trim() && !(isSameSignIn && saved?.credentials?.secret.isSet)) return isOauth ? 'Enter the OAuth access token.' : draft.kind === 'zendesk' ? 'Enter the API token.' : 'Enter the API key.';
  if (!draft.webhookSecret.trim() && !(isSameKind && saved?.webhookSecret.isSet)) return draft.kind === 'zendesk' ? "Enter the webhook's signing secret." : 'Enter or generate the webhook secret.';
  return null;
}

/** A webhook secret made in the browser (Freshdesk's header value): 24 random bytes, base64url. */
export function generateWebhookSecret(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
