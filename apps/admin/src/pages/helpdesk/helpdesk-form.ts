import type { Connection, ConnectionFormBody } from '../../api/connection-api.js';

export type HelpdeskKind = 'zendesk' | 'freshdesk';

/** What the form holds while it is edited; secrets start blank (blank keeps the saved ones). */
export interface HelpdeskDraft {
  kind: HelpdeskKind;
  /** Zendesk subdomain or Freshdesk domain, or a URL. */
  address: string;
  email: string;
  secret: string;
  webhookSecret: string;
}

export const HELPDESK_NAMES: Record<HelpdeskKind, string> = { zendesk: 'Zendesk', freshdesk: 'Freshdesk' };

export function toDraft(connection: Connection | null): HelpdeskDraft {
  return { kind: connection?.kind ?? 'zendesk', address: connection?.address ?? '', email: connection?.credentials?.email ?? '', secret: '', webhookSecret: '' };
}

/** The API's form body; blank secrets are left out, so the server keeps the saved ones. */
export function toForm(draft: HelpdeskDraft): ConnectionFormBody {
  const secrets = { ...(draft.webhookSecret.trim() ? { webhookSecret: draft.webhookSecret.trim() } : {}) };
  if (draft.kind === 'zendesk') {
    return { kind: 'zendesk', subdomain: draft.address.trim(), email: draft.email.trim(), ...(draft.secret.trim() ? { apiToken: draft.secret.trim() } : {}), ...secrets };
  }
  return { kind: 'freshdesk', domain: draft.address.trim(), ...(draft.secret.trim() ? { apiKey: draft.secret.trim() } : {}), ...secrets };
}

/** What is missing before the form can be sent, in words; null when it can be. */
export function draftProblem(draft: HelpdeskDraft, saved: Connection | null): string | null {
  const isSameKind = saved?.isConnected === true && saved.kind === draft.kind;
  if (!draft.address.trim()) return draft.kind === 'zendesk' ? 'Enter the Zendesk subdomain (acme for acme.zendesk.com).' : 'Enter the Freshdesk domain (acme.freshdesk.com).';
  if (draft.kind === 'zendesk' && !/^[^\s@]+@[^\s@]+$/.test(draft.email.trim())) return "Enter the email of the Zendesk agent the API token belongs to.";
  if (!draft.secret.trim() && !(isSameKind && saved?.credentials?.secret.isSet && saved.credentials.type !== 'oauth')) return draft.kind === 'zendesk' ? 'Enter the API token.' : 'Enter the API key.';
  if (!draft.webhookSecret.trim() && !(isSameKind && saved?.webhookSecret.isSet)) return draft.kind === 'zendesk' ? "Enter the webhook's signing secret." : 'Enter or generate the webhook secret.';
  return null;
}

/** A webhook secret made in the browser (Freshdesk's header value): 24 random bytes, base64url. */
export function generateWebhookSecret(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
