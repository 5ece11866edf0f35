import { KnowledgeSourceError } from '../../errors.js';
import { decodeWindows1252 } from '../files/decode-text.js';
import { forbiddenAddressError, type FetchPolicy } from './fetch-policy.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export const DEFAULT_USER_AGENT = 'ThreadlineBot/0.1';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Browsers follow about 20; help centers need one or two (http → https, bare → www, old slug). */
export const DEFAULT_MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchResourceOptions {
  fetch: FetchLike;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  accept: string;
  /** Checked before every request, redirects included. */
  policy: FetchPolicy;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

/** A fetched response body with the facts the sources need. */
export interface FetchedResource {
  /** URL after redirects. */
  url: string;
  status: number;
  /** Media type lower-cased without parameters, `''` when absent. */
  mediaType: string;
  /** `charset` parameter of Content-Type, if any. */
  charset: string | null;
  lastModified: string | null;
  body: Uint8Array;
}

/**
 * GETs `url` with a timeout and a byte limit. Redirects are followed here, one hop at a time, so
 * `options.policy` vets every hop's host before it is requested. Network failures, timeouts, refused
 * addresses, error statuses and oversize bodies become `KnowledgeSourceError`s carrying the URL and the
 * reason; the caller's abort signal is re-thrown as is.
 */
export async function fetchResource(url: string, options: FetchResourceOptions): Promise<FetchedResource> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current = new URL(url);
  let response: Response;
  for (let redirects = 0; ; redirects += 1) {
    try {
      await options.policy.resolve(current);
      response = await options.fetch(current.href, {
        headers: { 'user-agent': options.userAgent, accept: options.accept },
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      throw translateFailure(error, url, current, options, timeout);
    }
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) break;
    await response.body?.cancel().catch(() => undefined);
    current = nextHop(url, current, location, redirects, maxRedirects);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    // A 429 or 5xx is the site's trouble (a later sync may succeed); any other status is the URL's.
    const isSiteFailure = response.status === 429 || response.status >= 500;
    throw new KnowledgeSourceError(
      isSiteFailure ? 'KNOWLEDGE_URL_SERVER_ERROR' : 'KNOWLEDGE_URL_HTTP_ERROR',
      `${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      { url, httpStatus: response.status },
    );
  }
  const [mediaType = '', ...parameters] = (response.headers.get('content-type') ?? '').split(';').map((part) => part.trim());
  const charset = parameters.find((part) => /^charset=/i.test(part))?.slice('charset='.length).replace(/"/g, '') ?? null;
  let body: Uint8Array;
  try {
    body = await readLimited(response, url, options.maxBytes);
  } catch (error) {
    if (error instanceof KnowledgeSourceError) throw error;
    throw translateFailure(error, url, current, options, timeout);
  }
  return {
    url: current.href,
    status: response.status,
    mediaType: mediaType.toLowerCase(),
    charset,
    lastModified: toIsoDate(response.headers.get('last-modified')),
    body,
  };
}

/** `text/html` and XHTML; an absent Content-Type is sniffed from the body's first bytes. */
export function isHtml(resource: Pick<FetchedResource, 'mediaType' | 'body'>): boolean {
  if (resource.mediaType === 'text/html' || resource.mediaType === 'application/xhtml+xml') return true;
  if (resource.mediaType !== '') return false;
  const head = new TextDecoder().decode(resource.body.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** WHATWG maps all of these to windows-1252, which Node's TextDecoder gets wrong (see decode-text.ts). */
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'x-cp1252']);

/** Decodes an HTML body: the Content-Type charset, else a `<meta charset>` in the first KiB, else UTF-8. */
export function decodeHtml(resource: Pick<FetchedResource, 'charset' | 'body'>): string {
  const sniffed = /<meta[^>]+charset=["']?([\w-]+)/i.exec(new TextDecoder('latin1').decode(resource.body.subarray(0, 1024)))?.[1];
  for (const label of [resource.charset, sniffed, 'utf-8']) {
    if (!label) continue;
    if (WINDOWS_1252_LABELS.has(label.toLowerCase())) return decodeWindows1252(resource.body);
    try {
      return new TextDecoder(label).decode(resource.body);
    } catch {
      // Unknown charset label: try the next candidate.
    }
  }
  return new TextDecoder().decode(resource.body);
}

/** The URL a redirect points to, or the reason it is not followed. */
function nextHop(url: string, current: URL, location: string, redirects: number, maxRedirects: number): URL {
  const unreachable = (reason: string) =>
    new KnowledgeSourceError('KNOWLEDGE_URL_UNREACHABLE', `${url} is unreachable: ${reason}`, { url, reason, redirectedTo: location });
  if (redirects >= maxRedirects) throw unreachable(`more than ${maxRedirects} redirects`);
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw unreachable('it redirects to an invalid URL');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw unreachable(`it redirects to a ${next.protocol} URL`);
  next.hash = '';
  return next;
}

async function readLimited(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new KnowledgeSourceError(
      'KNOWLEDGE_URL_TOO_LARGE',
      `${url} is larger than the ${Math.round(maxBytes / 1024)} KiB limit`,
      { url, maxBytes },
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    parts.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/** Node's fetch reports the network failure as `cause.code` (an errno / undici code): map it to words. */
const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

function translateFailure(error: unknown, url: string, hop: URL, options: FetchResourceOptions, timeout: AbortSignal): unknown {
  if (options.signal?.aborted) return options.signal.reason;
  const refused = forbiddenAddress(error);
  if (refused) {
    // The socket's own lookup knows only the host: name the URL, and the hop when a redirect led there.
    const { host, address, reason } = refused.details as { host: string; address: string; reason: string };
    const redirectedTo = hop.href === new URL(url).href ? {} : { redirectedTo: hop.href };
    return forbiddenAddressError({ url, host, address, reason, ...redirectedTo }, refused);
  }
  if (timeout.aborted) {
    return new KnowledgeSourceError(
      'KNOWLEDGE_URL_UNREACHABLE',
      `${url} is unreachable: no answer within ${options.timeoutMs} ms`,
      { url, reason: 'timeout', timeoutMs: options.timeoutMs },
      error,
    );
  }
  const code = errorCode(error);
  const reason = (code && NETWORK_REASONS[code]) ?? (code ? `network error (${code})` : 'network error');
  return new KnowledgeSourceError(
    'KNOWLEDGE_URL_UNREACHABLE',
    `${url} is unreachable: ${reason}`,
    { url, reason, ...(code ? { errorCode: code } : {}) },
    error,
  );
}

/** A refusal by the fetch policy, thrown directly or from inside the socket's lookup (as a cause). */
function forbiddenAddress(error: unknown): KnowledgeSourceError | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (current instanceof KnowledgeSourceError && current.kind === 'url_forbidden_address') return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function errorCode(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function toIsoDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
