import type { TenantScope } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import type { HelpdeskAgent } from '@threadline/connector-core';
import type { FetchPolicy } from '@threadline/knowledge/sources';
import type { ConnectionBody, ConnectionForm } from '../contract/connection.js';
import type { SecretBox } from '../tenants/secret-box.js';
import { getHelpdeskConnection, resetSyncPosition, saveHelpdeskConnection, type HelpdeskConnection, type HelpdeskCredentials } from '../tenants/tenants-repository.js';
import { ServerError } from '../errors.js';
import { checkHelpdeskAddress, checkHelpdeskCredentials, helpdeskAddress, helpdeskBaseUrl, HELPDESK_LABELS } from './connection-check.js';
import { insertConnectionAudit, type ConnectionFieldChange } from './connection-audit-repository.js';
import { listWebhookActivity } from './webhook-receipts-repository.js';
import { webhookSetup, webhookUrl } from './webhook-setup.js';

export interface ConnectionDeps {
  db: Db;
  secrets: SecretBox;
  fetchPolicy: FetchPolicy;
}

/** What a connection is once the form's blanks are filled from the saved one. */
interface ResolvedConnection {
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
}

/** Shows that a secret is set, with its last four characters only when twelve or more stay hidden. */
export function maskSecret(secret: string | null | undefined): { isSet: boolean; masked: string } {
  if (!secret) return { isSet: false, masked: '' };
  return { isSet: true, masked: secret.length >= 16 ? `••••••••${secret.slice(-4)}` : '••••••••' };
}

const given = (value: string | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null);

const missing = (message: string) => new ServerError('SERVER_HELPDESK_CREDENTIALS_MISSING', message);

/** The form's connection, blanks kept from the saved connection of the same kind (a changed kind needs everything). */
function resolveForm(form: ConnectionForm, stored: HelpdeskConnection | null): ResolvedConnection {
  const same = stored && stored.kind === form.kind ? stored : null;
  const webhookSecret = given(form.webhookSecret) ?? same?.webhookSecret ?? null;
  if (form.kind === 'zendesk') {
    const baseUrl = helpdeskBaseUrl('zendesk', form.subdomain);
    const savedAuth = same?.credentials.kind === 'zendesk' ? same.credentials.auth : null;
    if (form.auth === 'oauth') {
      const accessToken = given(form.oauthToken) ?? (savedAuth?.type === 'oauth' ? savedAuth.accessToken : null);
      if (!accessToken) throw missing('Zendesk needs the OAuth access token (read and write scope; an OAuth client in Admin Center > Apps and integrations > Zendesk API)');
      if (!webhookSecret) throw missing("Zendesk needs the webhook's signing secret: create the webhook (steps below), then Signing secret > Reveal");
      return { baseUrl, credentials: { kind: 'zendesk', auth: { type: 'oauth', accessToken } }, webhookSecret };
    }
    const token = given(form.apiToken) ?? (savedAuth?.type === 'token' ? savedAuth.token : null);
    const email = given(form.email);
    if (!email) throw missing('Zendesk needs the email of the agent the API token belongs to');
    if (!token) throw missing('Zendesk needs the API token (Admin Center > Apps and integrations > Zendesk API)');
    if (!webhookSecret) throw missing("Zendesk needs the webhook's signing secret: create the webhook (steps below), then Signing secret > Reveal");
    return { baseUrl, credentials: { kind: 'zendesk', auth: { type: 'token', email, token } }, webhookSecret };
  }
  const baseUrl = helpdeskBaseUrl('freshdesk', form.domain);
  const apiKey = given(form.apiKey) ?? (same?.credentials.kind === 'freshdesk' ? same.credentials.auth.apiKey : null);
  if (!apiKey) throw missing("Freshdesk needs the agent's API key (Profile settings > View API key)");
  if (!webhookSecret) throw missing('Freshdesk needs a webhook secret: the value your automation rules send in X-Threadline-Webhook-Secret');
  return { baseUrl, credentials: { kind: 'freshdesk', auth: { apiKey } }, webhookSecret };
}

/** The form field that carries the credentials' secret, as the audit names it. */
function secretField(credentials: HelpdeskCredentials): string {
  if (credentials.kind === 'freshdesk') return 'apiKey';
  return credentials.auth.type === 'token' ? 'apiToken' : 'oauthToken';
}

function secretOf(credentials: HelpdeskCredentials): string {
  if (credentials.kind === 'freshdesk') return credentials.auth.apiKey;
  return credentials.auth.type === 'token' ? credentials.auth.token : credentials.auth.accessToken;
}

/** Each field that differs, secrets named only as changed. */
function changesBetween(before: HelpdeskConnection | null, after: ResolvedConnection): ConnectionFieldChange[] {
  const emailOf = (credentials: HelpdeskCredentials | undefined) => (credentials?.kind === 'zendesk' && credentials.auth.type === 'token' ? credentials.auth.email : null);
  const fields: Array<[string, string | null, string | null, boolean]> = [
    ['kind', before?.kind ?? null, after.credentials.kind, false],
    ['baseUrl', before?.baseUrl ?? null, after.baseUrl, false],
    ['email', emailOf(before?.credentials), emailOf(after.credentials), false],
    [secretField(after.credentials), before ? secretOf(before.credentials) : null, secretOf(after.credentials), true],
    ['webhookSecret', before?.webhookSecret ?? null, after.webhookSecret, true],
  ];
  return fields
    .filter(([, was, is]) => was !== is)
    .map(([field, was, is, isSecret]) => (isSecret ? { field, before: was === null ? null : 'set', after: 'changed' } : { field, before: was, after: is }));
}

const describeAgent = (agent: HelpdeskAgent) => `${agent.name}${agent.email ? ` <${agent.email}>` : ''} (${agent.role})`;

/** Checks the form's address and credentials against the helpdesk; stores nothing. */
export async function checkConnection(deps: ConnectionDeps, scope: TenantScope, form: ConnectionForm): Promise<{ baseUrl: string; agent: HelpdeskAgent; message: string; resolved: ResolvedConnection; stored: HelpdeskConnection | null }> {
  const stored = await getHelpdeskConnection(deps.db, deps.secrets, scope.tenantId);
  const resolved = resolveForm(form, stored);
  await checkHelpdeskAddress({ kind: form.kind, baseUrl: resolved.baseUrl, storedBaseUrl: stored?.baseUrl ?? null, fetchPolicy: deps.fetchPolicy });
  const agent = await checkHelpdeskCredentials({ baseUrl: resolved.baseUrl, credentials: resolved.credentials });
  const what = form.kind === 'zendesk' ? 'the API token' : 'the API key';
  return { baseUrl: resolved.baseUrl, agent, message: `${HELPDESK_LABELS[form.kind]} accepted ${what}: it acts as ${describeAgent(agent)}`, resolved, stored };
}

/**
 * Saves the connection only once the helpdesk has accepted its credentials; the change is audited
 * (who, when, which fields; secrets as "changed"). A connection moved to another account or
 * helpdesk syncs again from the start.
 */
export async function changeConnection(deps: ConnectionDeps, scope: TenantScope, input: { form: ConnectionForm; actor: string }): Promise<{ agent: HelpdeskAgent; message: string }> {
  const { agent, resolved, stored } = await checkConnection(deps, scope, input.form);
  const changes = changesBetween(stored, resolved);
  if (changes.length > 0) {
    await deps.db.transaction(async (tx) => {
      await saveHelpdeskConnection(tx, deps.secrets, { tenantId: scope.tenantId, ...resolved });
      if (stored && (stored.kind !== resolved.credentials.kind || stored.baseUrl !== resolved.baseUrl)) await resetSyncPosition(tx, scope.tenantId);
      await insertConnectionAudit(tx, scope, { actor: input.actor, changes });
    });
  }
  const saved = changes.length > 0 ? 'Saved' : 'Nothing changed';
  return { agent, message: `${saved}. ${HELPDESK_LABELS[input.form.kind]} accepted the credentials: Threadline acts as ${describeAgent(agent)}` };
}

/** The connection as the console shows it: address, masked credentials, the webhook setup and whether events arrive. */
export async function describeConnection(deps: Pick<ConnectionDeps, 'db' | 'secrets'>, scope: TenantScope, input: { slug: string; publicUrl: string }): Promise<ConnectionBody> {
  const connection = await getHelpdeskConnection(deps.db, deps.secrets, scope.tenantId);
  const events = (await listWebhookActivity(deps.db, scope)).map((activity) => ({
    kind: activity.kind,
    lastReceivedAt: activity.lastReceivedAt?.toISOString() ?? null,
    receivedLast24h: activity.receivedLast24h,
    lastRefusedAt: activity.lastRefusedAt?.toISOString() ?? null,
    refusedLast24h: activity.refusedLast24h,
  }));
  if (!connection) {
    return { isConnected: false, kind: null, address: null, baseUrl: null, credentials: null, webhookSecret: maskSecret(null), webhookUrl: null, setup: [], events, lastSyncedAt: null };
  }
  const { credentials } = connection;
  const url = webhookUrl(input.publicUrl, connection.kind, input.slug);
  return {
    isConnected: true,
    kind: connection.kind,
    address: helpdeskAddress(connection.kind, connection.baseUrl),
    baseUrl: connection.baseUrl,
    credentials:
      credentials.kind === 'freshdesk'
        ? { type: 'api_key', email: null, secret: maskSecret(credentials.auth.apiKey) }
        : credentials.auth.type === 'token'
          ? { type: 'api_token', email: credentials.auth.email, secret: maskSecret(credentials.auth.token) }
          : { type: 'oauth', email: null, secret: maskSecret(credentials.auth.accessToken) },
    webhookSecret: maskSecret(connection.webhookSecret),
    webhookUrl: url,
    // The secret itself is never in an answer: the admin typed or generated it in the form.
    setup: webhookSetup({ kind: connection.kind, url, secret: '<the webhook secret saved on this page>', from: 'console' }),
    events,
    lastSyncedAt: connection.lastSyncedAt ? new Date(connection.lastSyncedAt).toISOString() : null,
  };
}
