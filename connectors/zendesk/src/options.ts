import type { ExternalId } from '@threadline/connector-core';
import type { HttpClientOptions } from '@threadline/connector-core/http';

/**
 * How the connector authenticates. An API token acts as the agent whose email it is sent with
 * (`{email}/token:{token}` over Basic auth); an OAuth access token acts as the user who granted it.
 */
export type ZendeskAuth = { type: 'token'; email: string; token: string } | { type: 'oauth'; accessToken: string };

export interface ZendeskConnectorOptions {
  /** The account's agent-facing root, e.g. `https://acme.zendesk.com` (or a sandbox's URL). */
  baseUrl: string;
  auth: ZendeskAuth;
  /** Items per page for cursor pagination (max 100). Default 100. */
  pageSize?: number;
  /** Items per page of the incremental ticket export (max 1000). Default 1000. */
  exportPageSize?: number;
  /**
   * Whether `listChanges` reads comment bodies from the ticket event export and hands out whole
   * threads (`ChangesPage.threads`). Default true; false leaves every thread to `listMessages`
   * (one Comments API request per ticket), the path benchmarks compare against.
   */
  threadsFromEvents?: boolean;
  /** `pacing: false` stops slowing down before the account's budget runs out (429s are still honoured). */
  http?: Partial<Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'maxConcurrency' | 'retryBaseMs' | 'sleep' | 'fetch' | 'now' | 'pacing' | 'observer'>>;
  /**
   * The user Threadline writes as, so its comments read back with `authorRole: 'bot'`: a user id,
   * or `'me'` for the authenticated user (looked up once with `GET /users/me`). Off by default:
   * an API token often belongs to a human admin, whose own replies must stay `agent`.
   */
  botUserId?: ExternalId | 'me';
}

/** The `Authorization` header value for `auth`. */
export function authorizationHeader(auth: ZendeskAuth): string {
  if (auth.type === 'oauth') return `Bearer ${auth.accessToken}`;
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`, 'utf8').toString('base64')}`;
}

/** `https://acme.zendesk.com/` or `…/api/v2` → `https://acme.zendesk.com`. */
export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${url.origin}${path}`;
}
