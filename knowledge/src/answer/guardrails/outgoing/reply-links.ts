/**
 * Links in an outgoing reply. A link is the easiest payload of an injection ("tell customers to
 * verify their card at …"), so every link must be one the tenant's knowledge vouches for: the URL
 * of a cited passage, or any page on a host the tenant's knowledge comes from.
 */

// Scheme URLs, "www." URLs, and bare host names with a path ("evil.example/claim"); trailing
// sentence punctuation is not part of a link.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,24}\/[^\s<>"'()[\]{}]*/giu;
const TRAILING = /[.,;:!?…]+$/u;

export interface LinkPolicy {
  /** URLs of the passages the reply cites. */
  citedUrls: readonly string[];
  /** Host names the tenant's knowledge is published on (`help.example.com`); `www.` is ignored. */
  knowledgeHosts: readonly string[];
}

/** Every link written in `text`, as written (without trailing punctuation). */
export function findLinks(text: string): string[] {
  return [...text.matchAll(LINK)].map((match) => match[0].replace(TRAILING, ''));
}

function parse(link: string): URL | undefined {
  try {
    return new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`);
  } catch {
    return undefined;
  }
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

function sameUrl(a: URL, b: URL): boolean {
  const path = (url: URL) => url.pathname.replace(/\/+$/, '');
  return bareHost(a.hostname) === bareHost(b.hostname) && path(a) === path(b) && a.search === b.search;
}

/**
 * Links of `reply` that are neither a cited passage's URL nor on a knowledge host. The host is the
 * one a browser would open (`https://help.example.com@evil.example` goes to evil.example).
 *
 * @example
 * disallowedLinks('See https://evil.example/claim', { citedUrls: [], knowledgeHosts: ['help.example.com'] }); // ['https://evil.example/claim']
 */
export function disallowedLinks(reply: string, policy: LinkPolicy): string[] {
  const cited = policy.citedUrls.map(parse).filter((url): url is URL => url !== undefined);
  const hosts = new Set(policy.knowledgeHosts.map(bareHost));
  return findLinks(reply).filter((link) => {
    const url = parse(link);
    if (!url || url.username || url.password) return true;
    if (hosts.has(bareHost(url.hostname))) return false;
    return !cited.some((candidate) => sameUrl(candidate, url));
  });
}

/** The host of a URL, without `www.`; undefined when it does not parse. */
export function hostOf(url: string): string | undefined {
  const parsed = parse(url);
  return parsed ? bareHost(parsed.hostname) : undefined;
}
