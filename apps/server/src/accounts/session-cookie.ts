/** The console session cookie's name. `__Host-` would forbid it over plain http, which the local start uses. */
export const SESSION_COOKIE = 'tl_session';
/** How long a console session lasts from sign-in (a work day and a half; no sliding renewal). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** One cookie's value from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * The Set-Cookie value for a session token: httpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it, not even on a top-level link: the console's own page then reads its
 * session with a same-origin call), Secure when the request came over https, and Path=/ so the API
 * and the console share it. `token: null` expires it.
 *
 * @example sessionCookie({ token: 'abc', isSecure: false }) // 'tl_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200'
 */
export function sessionCookie(options: { token: string | null; isSecure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${options.token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.token ? Math.floor(SESSION_TTL_MS / 1000) : 0}`];
  if (options.isSecure) parts.push('Secure');
  return parts.join('; ');
}
