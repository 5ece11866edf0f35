/** Query parameters that only track the visitor and never change the page. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|ref_src)$/i;

/** Paths that serve something other than HTML pages; a crawler never fetches them. */
const NON_HTML_PATH = /\.(pdf|jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|json|xml|rss|atom|zip|gz|tgz|bz2|rar|7z|mp3|wav|ogg|mp4|m4v|mov|avi|webm|woff2?|ttf|otf|eot|docx?|xlsx?|pptx?|odt|csv|txt|exe|dmg|msi|apk|iso)$/i;

/** A directory's index file, which servers also answer at the directory itself. */
const DIRECTORY_INDEX = /\/(?:index|default)\.(?:html?|php|aspx?)$/i;

/**
 * The dedupe key of a URL: fragment and tracking parameters dropped, a directory index file
 * (`index.html`, `index.htm`, `index.php`, `default.aspx`…) reduced to its directory, trailing slash
 * removed (except for the root), host lower-cased and default port dropped (by `URL`). Two links that
 * differ only in these are the same page.
 *
 * @example
 * canonicalUrl('https://Example.com:443/help/?utm_source=x#faq'); // 'https://example.com/help'
 * canonicalUrl('https://example.com/index.html'); // 'https://example.com/'
 */
export function canonicalUrl(input: string | URL): string {
  const url = new URL(input);
  url.hash = '';
  url.pathname = url.pathname.replace(DIRECTORY_INDEX, '/');
  for (const name of Array.from(url.searchParams.keys())) if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  // `URLSearchParams#delete` leaves a bare `?` when the query empties.
  if (url.search === '?') url.search = '';
  return url.href;
}

/** True for `http:`/`https:` URLs; anything else (mailto:, javascript:, ftp:) is not a web page. */
export function isHttpUrl(input: string): boolean {
  try {
    const url = new URL(input);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** True when the path's extension says it is a file (image, PDF, archive…), not an HTML page. */
export function looksLikeNonHtml(input: string): boolean {
  return NON_HTML_PATH.test(new URL(input).pathname);
}
