/** Schemes a link in the sidebar may use; anything else (javascript:, data:, vbscript:, file:…) is never a link. */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The one gate every `href` in the sidebar goes through. Citation and ticket URLs come from
 * knowledge sources and helpdesk data, which the sidebar does not control, so a `javascript:` URL
 * there would run in the agent's session. Returns the normalized URL when its scheme is http:,
 * https: or mailto:, an in-page `#fragment` as it is (it never leaves the page), and null for
 * everything else: relative or unparseable URLs and other schemes. Callers render null as plain text.
 *
 * @example
 * safeHref('https://help.example.com/a?b=1') // 'https://help.example.com/a?b=1'
 * safeHref(' JaVaScRiPt:alert(1)')          // null
 * safeHref('#answer-1')                      // '#answer-1'
 */
export function safeHref(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  if (/^#[\w-]*$/.test(url)) return url;
  let parsed: URL;
  try {
    // The WHATWG parser drops the tabs, newlines and control characters that browsers also ignore
    // ("java\tscript:"), so the scheme checked here is the scheme a browser would follow.
    parsed = new URL(url);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
}
