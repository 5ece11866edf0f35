import type { HelpdeskKind } from '@threadline/vocabulary';
import { isConnectorError, type HelpdeskAgent } from '@threadline/connector-core';
import type { FetchPolicy } from '@threadline/knowledge/sources';
import type { HelpdeskCredentials } from '../tenants/tenants-repository.js';
import { ServerError } from '../errors.js';
import { createConnector } from './helpdesk-registry.js';

export const HELPDESK_LABELS: Record<HelpdeskKind, string> = { zendesk: 'Zendesk', freshdesk: 'Freshdesk' };

/** Each helpdesk's own host suffix: a bare name becomes `https://{name}{suffix}`. */
const VENDOR_HOSTS: Record<HelpdeskKind, string> = { zendesk: '.zendesk.com', freshdesk: '.freshdesk.com' };
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+(?::\d{1,5})?$/i;

const addressInvalid = (message: string, details: Record<string, string> = {}, cause?: unknown) => new ServerError('SERVER_HELPDESK_ADDRESS_INVALID', message, details, cause);

/**
 * The base URL of what an admin typed: a Zendesk subdomain (`acme` → `https://acme.zendesk.com`), a
 * Freshdesk domain (`acme` or `acme.freshdesk.com` → `https://acme.freshdesk.com`), or a whole URL
 * (a sandbox, a custom host), of which only the origin is kept.
 *
 * @example
 * helpdeskBaseUrl('zendesk', 'acme'); // 'https://acme.zendesk.com'
 */
export function helpdeskBaseUrl(kind: HelpdeskKind, text: string): string {
  const value = text.trim().replace(/\/+$/, '');
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch (error) {
      throw addressInvalid(`"${text}" is not a URL`, { address: text }, error);
    }
    if (url.username || url.password) throw addressInvalid('The address must not carry a user name or password; the credentials have their own fields', { address: url.origin });
    return url.origin;
  }
  if (NAME.test(value)) return `https://${value.toLowerCase()}${VENDOR_HOSTS[kind]}`;
  if (HOST.test(value)) return `https://${value.toLowerCase()}`;
  const example = kind === 'zendesk' ? 'acme (for https://acme.zendesk.com)' : 'acme.freshdesk.com';
  throw addressInvalid(`"${text}" is not a ${HELPDESK_LABELS[kind]} ${kind === 'zendesk' ? 'subdomain' : 'domain'} or URL; for example ${example}`, { address: text });
}

/** What the form's address field shows for a stored base URL: the subdomain or domain where it is the vendor's own, else the URL. */
export function helpdeskAddress(kind: HelpdeskKind, baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' || url.port) return baseUrl;
  if (kind === 'zendesk' && url.hostname.endsWith(VENDOR_HOSTS.zendesk)) {
    const subdomain = url.hostname.slice(0, -VENDOR_HOSTS.zendesk.length);
    if (NAME.test(subdomain)) return subdomain;
  }
  return kind === 'freshdesk' ? url.hostname : baseUrl;
}

/**
 * Refuses an address the server should not call for a tenant: anything but the vendor's own hosts
 * must be a public address or on the operator's THREADLINE_FETCH_ALLOW (as knowledge fetches), so a
 * console user cannot make the server probe its own network. The address the connection already
 * has (set by the operator with `tenant create`) stays allowed.
 */
export async function checkHelpdeskAddress(input: { kind: HelpdeskKind; baseUrl: string; storedBaseUrl: string | null; fetchPolicy: FetchPolicy }): Promise<void> {
  if (input.baseUrl === input.storedBaseUrl) return;
  const url = new URL(input.baseUrl);
  const isVendorHost = url.protocol === 'https:' && !url.port && url.hostname.endsWith(VENDOR_HOSTS[input.kind]);
  if (isVendorHost) return;
  try {
    input.fetchPolicy.checkLiteral(url);
    await input.fetchPolicy.resolve(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw addressInvalid(`${url.origin} is not an address Threadline may call: ${reason}`, { baseUrl: url.origin }, error);
  }
}

/** How the credentials are named in a refusal: "the API token for agent@acme.com", "the API key". */
function credentialsWords(credentials: HelpdeskCredentials): string {
  if (credentials.kind === 'freshdesk') return 'the API key';
  return credentials.auth.type === 'token' ? `the API token for ${credentials.auth.email}` : 'the OAuth token';
}

/**
 * Asks the helpdesk who the credentials act as (Zendesk `GET /api/v2/users/me`, Freshdesk
 * `GET /api/v2/agents/me`), once, without retries. A refusal becomes a 422 in words ("Zendesk
 * refused the API token for agent@acme.com (401): Couldn't authenticate you"); an address where
 * nothing answers, a 422 too; a helpdesk failing on its side (5xx), a 502. Nothing is stored either way.
 */
export async function checkHelpdeskCredentials(input: { baseUrl: string; credentials: HelpdeskCredentials; timeoutMs?: number }): Promise<HelpdeskAgent> {
  const vendor = HELPDESK_LABELS[input.credentials.kind];
  const connector = createConnector({ baseUrl: input.baseUrl, credentials: input.credentials }, { http: { maxRetries: 0, timeoutMs: input.timeoutMs ?? 10_000 } });
  try {
    return await connector.whoAmI();
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const status = error.httpStatus;
    const said = typeof error.details.helpdeskMessage === 'string' ? `: ${error.details.helpdeskMessage}` : '';
    const details = { baseUrl: input.baseUrl, helpdeskCode: error.code, ...(status === undefined ? {} : { httpStatus: status }) };
    if (error.kind === 'auth' || error.kind === 'forbidden') {
      // A 2xx that is not an agent (Zendesk's end users) carries no status: the connector's words say it.
      const words = status === undefined ? `${vendor} accepted ${credentialsWords(input.credentials)} but not as an agent: ${error.message}` : `${vendor} refused ${credentialsWords(input.credentials)} (${status})${said}`;
      throw new ServerError('SERVER_HELPDESK_CREDENTIALS_REFUSED', words, details, error);
    }
    if (error.kind === 'not_found') {
      throw new ServerError('SERVER_HELPDESK_CREDENTIALS_REFUSED', `${vendor} has no account at ${input.baseUrl} (${status ?? 404}); check the ${input.credentials.kind === 'zendesk' ? 'subdomain' : 'domain'}`, details, error);
    }
    if (error.kind === 'timeout' || error.kind === 'network') {
      // Nothing answered at the address the admin typed: most often the address is wrong.
      throw new ServerError('SERVER_HELPDESK_UNREACHABLE', `${vendor} could not be reached at ${input.baseUrl}; check the address. Nothing was saved: ${error.message}`, details, error);
    }
    throw new ServerError('SERVER_HELPDESK_CHECK_FAILED', `${vendor} answered with an error at ${input.baseUrl}${status === undefined ? '' : ` (${status})`}${said}; nothing was saved`, details, error);
  }
}
