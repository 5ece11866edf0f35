import type { HelpdeskKind } from '@threadline/vocabulary';
import type { Db } from '@threadline/platform/db';
import type { HelpdeskConnector, WebhookVerifier } from '@threadline/connector-core';
import type { HttpExchange } from '@threadline/connector-core/http';
import { createZendeskConnector, createZendeskWebhookVerifier, ticketUrl as zendeskTicketUrl } from '@threadline/zendesk';
import { createFreshdeskConnector, createFreshdeskWebhookVerifier, ticketUrl as freshdeskTicketUrl } from '@threadline/freshdesk';
import type { SecretBox } from '../tenants/secret-box.js';
import { findConnectionAddress, getHelpdeskConnection, type HelpdeskConnection } from '../tenants/tenants-repository.js';
import type { Queryable } from '@threadline/platform/db';
import { ServerError } from '../errors.js';

export interface TenantHelpdesk {
  connection: HelpdeskConnection;
  connector: HelpdeskConnector;
}

const verifiers: Record<HelpdeskKind, WebhookVerifier> = {
  zendesk: createZendeskWebhookVerifier(),
  freshdesk: createFreshdeskWebhookVerifier(),
};

export interface HelpdeskRegistryOptions {
  /** Told about every HTTP attempt any tenant's connector makes (the helpdesk request metrics). */
  observeHttp?: (exchange: HttpExchange) => void;
}

/** How a one-off call (the credentials check) talks to the helpdesk: no retries, a short wait. */
export interface ConnectorHttpOptions {
  maxRetries?: number;
  timeoutMs?: number;
}

/** A connector for a connection's URL and credentials, stored or not yet (to check them before saving). */
export function createConnector(connection: Pick<HelpdeskConnection, 'baseUrl' | 'credentials'>, options: HelpdeskRegistryOptions & { http?: ConnectorHttpOptions } = {}): HelpdeskConnector {
  const credentials = connection.credentials;
  const observer = options.observeHttp ? { observer: options.observeHttp } : {};
  const http = { http: { ...options.http, ...observer } };
  if (credentials.kind === 'zendesk') return createZendeskConnector({ baseUrl: connection.baseUrl, auth: credentials.auth, ...http });
  return createFreshdeskConnector({ baseUrl: connection.baseUrl, auth: credentials.auth, ...http });
}

const TICKET_URLS: Record<HelpdeskKind, (baseUrl: string, ticketId: string) => string> = { zendesk: zendeskTicketUrl, freshdesk: freshdeskTicketUrl };

/**
 * Where an agent opens a ticket in the tenant's helpdesk (`/v1/answers`, `/v1/jobs`), from the same
 * function the vendor's mapper fills `Ticket.url` with: Zendesk `…/agent/tickets/{id}`, Freshdesk
 * `…/a/tickets/{id}`; against a sandbox, under its base URL.
 */
export function helpdeskTicketUrl(connection: Pick<HelpdeskConnection, 'kind' | 'baseUrl'>, ticketId: string): string {
  return TICKET_URLS[connection.kind](connection.baseUrl, ticketId);
}

/** Makes ticket links for one tenant (one query); every link is null while it has no connection. */
export async function ticketLinksFor(db: Queryable, tenantId: string): Promise<(ticketId: string | null) => string | null> {
  const address = await findConnectionAddress(db, tenantId);
  return (ticketId) => (address && ticketId ? helpdeskTicketUrl(address, ticketId) : null);
}

/**
 * The one place that turns a tenant's stored connection into a live connector. Vendor differences
 * end here: everything downstream speaks `HelpdeskConnector`. Connectors are cached per tenant and
 * rebuilt when the connection changes. The cache is also what paces a tenant's requests: the
 * rate-limit pacer lives in the connector's HTTP client, so one connector per tenant means every
 * caller in this process shares the account's budget.
 */
export function createHelpdeskRegistry(db: Db, secrets: SecretBox, options: HelpdeskRegistryOptions = {}) {
  const cache = new Map<string, { key: string; helpdesk: TenantHelpdesk }>();
  return {
    async forTenant(tenantId: string): Promise<TenantHelpdesk> {
      const connection = await getHelpdeskConnection(db, secrets, tenantId);
      if (!connection) {
        throw new ServerError(
          'SERVER_HELPDESK_NOT_CONNECTED',
          'This tenant has no helpdesk connection yet; connect Zendesk or Freshdesk first',
        );
      }
      const key = JSON.stringify([connection.kind, connection.baseUrl, connection.credentials]);
      const cached = cache.get(tenantId);
      if (cached?.key === key) return { connection, connector: cached.helpdesk.connector };
      const helpdesk = { connection, connector: createConnector(connection, options) };
      cache.set(tenantId, { key, helpdesk });
      return helpdesk;
    },
    verifier(kind: HelpdeskKind): WebhookVerifier {
      return verifiers[kind];
    },
  };
}

export type HelpdeskRegistry = ReturnType<typeof createHelpdeskRegistry>;
