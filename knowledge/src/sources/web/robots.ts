import * as robotsParserModule from 'robots-parser';
import { KnowledgeSourceError } from '../../errors.js';
import { fetchResource, type FetchLike } from './fetch-resource.js';
import type { FetchPolicy } from './fetch-policy.js';

/** What robots.txt says about one origin, for our user agent. */
export interface RobotsPolicy {
  isAllowed(url: string): boolean;
  /** `Crawl-delay` in milliseconds, or null. */
  crawlDelayMs: number | null;
  /** `Sitemap:` lines, absolute. */
  sitemaps: string[];
  /** Why everything is disallowed when robots.txt could not be read (RFC 9309 §2.3.1.4), else null. */
  unavailableReason: string | null;
}

export interface RobotsCache {
  /** The policy of `url`'s origin; robots.txt is fetched once per origin. */
  policyFor(url: string): Promise<RobotsPolicy>;
}

export interface RobotsCacheOptions {
  fetch: FetchLike;
  policy: FetchPolicy;
  userAgent: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The part of robots-parser's `Robot` used here. */
interface ParsedRobots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
  getSitemaps(): string[];
}

// robots-parser is CommonJS (`module.exports = fn`) while its types declare `export default`: Node
// hands an ES module the CommonJS exports as the namespace's `default`, which is the function itself
// (a static import, so bundlers see the dependency too).
const robotsParser = (robotsParserModule as unknown as { default: (url: string, contents: string) => ParsedRobots }).default;

/** RFC 9309 asks crawlers to read at least 500 KiB; anything past it is ignored. */
const MAX_ROBOTS_BYTES = 512 * 1024;
/** A robots.txt larger than this is not read at all (treated like a missing one). */
const MAX_ROBOTS_FETCH_BYTES = 4 * 1024 * 1024;

const ALLOW_ALL: RobotsPolicy = { isAllowed: () => true, crawlDelayMs: null, sitemaps: [], unavailableReason: null };

/**
 * Reads robots.txt with `robots-parser`, following RFC 9309 for failures: a 4xx (no robots.txt) allows
 * everything; a 5xx or 429 means "unreachable" and disallows everything. A network failure allows
 * everything, because the page fetch that follows reports the real problem (the host is down).
 */
export function createRobotsCache(options: RobotsCacheOptions): RobotsCache {
  const policies = new Map<string, Promise<RobotsPolicy>>();
  return {
    policyFor(url) {
      const origin = new URL(url).origin;
      let policy = policies.get(origin);
      if (!policy) {
        policy = loadPolicy(origin, options);
        policies.set(origin, policy);
      }
      return policy;
    },
  };
}

async function loadPolicy(origin: string, options: RobotsCacheOptions): Promise<RobotsPolicy> {
  const robotsUrl = `${origin}/robots.txt`;
  let text: string;
  try {
    const resource = await fetchResource(robotsUrl, {
      fetch: options.fetch,
      policy: options.policy,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs,
      maxBytes: MAX_ROBOTS_FETCH_BYTES,
      accept: 'text/plain,*/*;q=0.1',
      signal: options.signal,
    });
    text = new TextDecoder().decode(resource.body.subarray(0, MAX_ROBOTS_BYTES));
  } catch (error) {
    if (!(error instanceof KnowledgeSourceError)) throw error;
    const status = error.details.httpStatus;
    if (typeof status === 'number' && (status >= 500 || status === 429)) {
      return { isAllowed: () => false, crawlDelayMs: null, sitemaps: [], unavailableReason: `robots.txt answered HTTP ${status}` };
    }
    return ALLOW_ALL;
  }
  const robots = robotsParser(robotsUrl, text);
  const delaySeconds = robots.getCrawlDelay(options.userAgent);
  return {
    // `undefined` means the URL belongs to another origin: this policy has no say on it.
    isAllowed: (url) => robots.isAllowed(url, options.userAgent) ?? true,
    crawlDelayMs: typeof delaySeconds === 'number' && Number.isFinite(delaySeconds) && delaySeconds > 0 ? delaySeconds * 1000 : null,
    sitemaps: robots.getSitemaps(),
    unavailableReason: null,
  };
}

/** The error for a URL that robots.txt forbids. */
export function disallowedError(url: string, policy: RobotsPolicy): KnowledgeSourceError {
  const reason = policy.unavailableReason ?? 'robots.txt disallows it';
  return new KnowledgeSourceError(
    'KNOWLEDGE_URL_DISALLOWED',
    `${url} may not be fetched: ${reason}`,
    { url, reason },
  );
}
