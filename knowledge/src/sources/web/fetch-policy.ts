import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { KnowledgeSourceError } from '../../errors.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses. Inject one in tests to resolve names without DNS. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchPolicyOptions {
  /**
   * Hosts and CIDR ranges that may be fetched although they are not public (intranet docs), e.g.
   * `['docs.corp.example', '10.20.0.0/16', '192.168.1.7']`. A host name matches exactly (case-insensitive)
   * and lets through whatever it resolves to; an address or range lets through the addresses inside it.
   */
  allow?: readonly string[];
  /** Defaults to the system resolver (`dns.lookup`, all addresses). */
  lookup?: HostLookup;
}

/**
 * Which addresses the server may fetch for a tenant. Only public unicast addresses pass, unless the
 * operator's allowlist names the host or its range: a tenant who could make the server fetch
 * 127.0.0.1, 10.x or 169.254.169.254 would read the server's own network back through the index.
 */
export interface FetchPolicy {
  /**
   * Refuses `url` when its host is a literal address outside the policy; host names pass (no DNS).
   * For the check when a source is created, so an obviously internal URL is never stored.
   */
  checkLiteral(url: URL): void;
  /** Resolves `url`'s host and returns its addresses once every one is inside the policy. */
  resolve(url: URL): Promise<ResolvedAddress[]>;
  /**
   * The same check for a bare host name: the lookup the socket itself uses (see `pinned-fetch.ts`),
   * so the address that was checked is the one connected to. Its errors carry the host as `url`.
   */
  resolveHostname(hostname: string): Promise<ResolvedAddress[]>;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** ipaddr.js range names in words; `unicast` (public) is the only range fetched by default. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address (IPv6 unique local)',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
};

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Reads an IP literal as WHATWG URL parsing leaves it: dotted IPv4 (decimal, octal and hex forms already normalised) or bracketed IPv6. */
function literalAddress(hostname: string): Address | null {
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    const inner = hostname.slice(1, -1);
    return ipaddr.IPv6.isValid(inner) ? ipaddr.IPv6.parse(inner) : null;
  }
  if (ipaddr.IPv6.isValid(hostname)) return ipaddr.IPv6.parse(hostname);
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? ipaddr.IPv4.parse(hostname) : null;
}

function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** The problem with one allowlist entry, or null when it is a host name, an address or a CIDR range. */
function allowEntryProblem(entry: string): string | null {
  if (entry.includes('/')) {
    const isCidr = ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry);
    return isCidr ? null : `"${entry}" is not a CIDR range (like 10.20.0.0/16 or fd00::/8)`;
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) return null;
  return HOST_NAME.test(normaliseHost(entry)) ? null : `"${entry}" is neither a host name, an IP address nor a CIDR range`;
}

/**
 * What is wrong with the first allowlist entry that is neither a host name, an IP address nor a CIDR
 * range, or null. Config loaders call it at boot so a typo fails the start, not a sync.
 */
export function fetchAllowListProblem(entries: readonly string[]): string | null {
  for (const entry of entries) {
    const problem = allowEntryProblem(entry.trim());
    if (problem) return problem;
  }
  return null;
}

export interface ForbiddenAddress {
  url: string;
  host: string;
  address: string;
  reason: string;
  /** The redirect hop that led to the address, when it is not `url` itself. */
  redirectedTo?: string;
}

/** `KNOWLEDGE_URL_FORBIDDEN_ADDRESS` with a message that says which address and why. */
export function forbiddenAddressError(refused: ForbiddenAddress, cause?: unknown): KnowledgeSourceError {
  const what = literalAddress(refused.host) ? `${refused.address} is ${refused.reason}` : `${refused.host} resolves to ${refused.address}, ${refused.reason}`;
  const via = refused.redirectedTo ? ` it redirects to ${refused.redirectedTo}, and` : '';
  return new KnowledgeSourceError(
    'KNOWLEDGE_URL_FORBIDDEN_ADDRESS',
    `${refused.url} may not be fetched:${via} ${what}; only public addresses are fetched unless the operator allows the host`,
    { ...refused },
    cause,
  );
}

const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/**
 * The default policy refuses every address that is not public unicast, IPv4 and IPv6 alike:
 * loopback, private, link-local (169.254.169.254), CGNAT, multicast, unspecified, broadcast,
 * reserved and documentation ranges, IPv4-mapped and the other special IPv6 ranges (ipaddr.js
 * `range()` classifies). A name is refused when any of its addresses is.
 *
 * @example
 * const policy = createFetchPolicy({ allow: ['docs.corp.example', '10.20.0.0/16'] });
 * await policy.resolve(new URL('http://169.254.169.254/latest/meta-data/')); // throws KNOWLEDGE_URL_FORBIDDEN_ADDRESS
 */
export function createFetchPolicy(options: FetchPolicyOptions = {}): FetchPolicy {
  const entries = (options.allow ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problem = fetchAllowListProblem(entries);
  if (problem) throw new KnowledgeSourceError('KNOWLEDGE_SOURCE_INVALID_OPTIONS', `Fetch allowlist: ${problem}`, { allow: entries });
  const allowedHosts = new Set(entries.filter((entry) => !entry.includes('/') && literalAddress(entry) === null).map(normaliseHost));
  const allowedRanges = entries
    .filter((entry) => entry.includes('/') || literalAddress(entry) !== null)
    .map((entry) => (entry.includes('/') ? ipaddr.parseCIDR(entry) : ([ipaddr.parse(entry), entry.includes(':') ? 128 : 32] as [Address, number])));
  const lookup = options.lookup ?? systemLookup;

  const isInAllowedRange = (address: Address) => allowedRanges.some((range) => range[0].kind() === address.kind() && address.match(range));
  const refusal = (address: Address): string | null => {
    if (isInAllowedRange(address)) return null;
    const range = address.range();
    return range === 'unicast' ? null : (RANGE_WORDS[range] ?? `a special-purpose address (${range})`);
  };
  const checkLiteralHost = (url: string, hostname: string): Address | null => {
    const literal = literalAddress(hostname);
    if (!literal) return null;
    const reason = refusal(literal);
    if (reason) throw forbiddenAddressError({ url, host: hostname, address: literal.toString(), reason });
    return literal;
  };

  const resolveChecked = async (url: string, hostname: string): Promise<ResolvedAddress[]> => {
    const literal = checkLiteralHost(url, hostname);
    if (literal) return [{ address: literal.toString(), family: literal.kind() === 'ipv6' ? 6 : 4 }];
    const addresses = await lookup(hostname);
    if (allowedHosts.has(normaliseHost(hostname))) return addresses;
    for (const { address } of addresses) {
      const reason = ipaddr.isValid(address) ? refusal(ipaddr.parse(address)) : 'not an IP address';
      if (reason) throw forbiddenAddressError({ url, host: hostname, address, reason });
    }
    return addresses;
  };

  return {
    checkLiteral(url) {
      checkLiteralHost(url.href, url.hostname);
    },
    resolve: (url) => resolveChecked(url.href, url.hostname),
    resolveHostname: (hostname) => resolveChecked(hostname, hostname),
  };
}
