import type { HelpdeskKind } from '@threadline/vocabulary';
import type { Db } from '@threadline/platform/db';
import type { HelpdeskConnector, WebhookVerifier } from '@threadline/connector-core';
import type { HttpExchange } from '@threadline/connector-core/http';
import { createZendeskConnector, createZendeskWebhookVerifier } from '@threadline/zendesk';
import { createFreshdeskConnector, createFreshdeskWebhookVerifier } from '@threadline/freshdesk';
import type { SecretBox } from '../tenants/secret-box.js';
import { getHelpdeskConnection, type HelpdeskConnection } from '../tenants/tenants-repository.js';
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

/** A connector for a connection's URL and credentials, stored or not yet (to check them before saving). */
export function createConnector(connection: Pick<HelpdeskConnection, 'baseUrl' | 'credentials'>, options: HelpdeskRegistryOptions = {}): HelpdeskConnector {
  const credentials = connection.credentials;
  const http = options.observeHttp ? { http: { observer: options.observeHttp } } : {};
  if (credentials.kind === 'zendesk') return createZendeskConnector({ baseUrl: connection.baseUrl, auth: credentials.auth, ...http });
  return createFreshdeskConnector({ baseUrl: connection.baseUrl, auth: credentials.auth, ...http });
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
