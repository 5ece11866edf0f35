import { describe, expect, it } from 'vitest';
import { readCookie, sessionCookie } from './session-cookie.js';

describe('the session cookie', () => {
  it('reads one cookie among several, and nothing from a missing or broken header', () => {
    expect(readCookie('a=1; tl_session=abc%2Fdef; b=2', 'tl_session')).toBe('abc/def');
    expect(readCookie('tl_sessionx=1', 'tl_session')).toBeNull();
    expect(readCookie(undefined, 'tl_session')).toBeNull();
    expect(readCookie('tl_session=%E0%A4%A', 'tl_session')).toBeNull();
  });

  it('is httpOnly and SameSite=Strict, Secure only over https, and expires on sign-out', () => {
    expect(sessionCookie({ token: 'abc', isSecure: false })).toBe('tl_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200');
    expect(sessionCookie({ token: 'abc', isSecure: true })).toMatch(/; Secure$/);
    expect(sessionCookie({ token: null, isSecure: false })).toContain('Max-Age=0');
  });
});
