import { describe, expect, it } from 'vitest';
import { tenantScope } from '@threadline/platform';
import { ownerSignInLink } from '../src/accounts/console-accounts.js';
import { LOGIN_LIMITS } from '../src/accounts/login-limiter.js';
import { build } from './helper.js';
import { member, signInAs, TEST_PASSWORD, workspace } from './console-fixtures.js';

describe('console sign-in', () => {
  it('signs in with workspace, email and password: an httpOnly SameSite=Strict cookie, and only a hash of its token stored', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { workspace: 'acme', email: owner.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ workspace: { slug: 'acme' }, member: { email: owner.email, role: 'owner' }, csrfToken: expect.any(String) });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^tl_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const token = /^tl_session=([^;]+)/.exec(setCookie)?.[1] as string;
    const { rows } = await app.db.query<{ token_hash: string }>(`select token_hash from console_sessions`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(token);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const session = await app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: `tl_session=${token}` } });
    expect(session.json()).toMatchObject({ session: { member: { email: owner.email }, csrfToken: response.json().csrfToken } });
    expect((await app.inject({ method: 'GET', url: '/v1/auth/session' })).json()).toEqual({ session: null });
    // The session reads the tenant API like a key does.
    expect((await app.inject({ method: 'GET', url: '/v1/policy', headers: { cookie: `tl_session=${token}` } })).statusCode).toBe(200);
  });

  it('answers a wrong password, an unknown email and an unknown workspace alike, without saying which', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    const attempts = [
      { workspace: 'acme', email: owner.email, password: 'not the password at all' },
      { workspace: 'acme', email: 'nobody@acme.test', password: TEST_PASSWORD },
      { workspace: 'no-such-workspace', email: owner.email, password: TEST_PASSWORD },
    ];
    for (const payload of attempts) {
      const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'SERVER_AUTH_INVALID_CREDENTIALS', message: 'The workspace, email or password is not right' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  }, 120_000);

  it('stops an account after 5 failed sign-ins with 429 and Retry-After, even for the right password, while others still sign in', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    const admin = await member(app, space, 'admin');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { workspace: 'acme', email: owner.email, password: `wrong password ${i}` } });
      expect(response.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { workspace: 'acme', email: owner.email, password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'SERVER_AUTH_RATE_LIMITED', message: expect.stringContaining('for this account'), details: { scope: 'account' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_LIMITS.windowMs / 1000);
    await signInAs(app, space, admin.email);
  }, 120_000);

  it('stops an address after 30 failed sign-ins across accounts', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    // Failures are counted from stored rows: seed the 30 an address guessing at many accounts leaves.
    const now = new Date();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      await app.db.query(`insert into console_login_failures (tenant_id, limit_key, failed_at) values (null, 'ip:127.0.0.1', $1)`, [now]);
    }
    const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { workspace: 'acme', email: owner.email, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'SERVER_AUTH_RATE_LIMITED', details: { scope: 'address' } });
    // Another address is not held back.
    const elsewhere = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', remoteAddress: '10.1.2.3', payload: { workspace: 'acme', email: owner.email, password: TEST_PASSWORD } });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('refuses a cookie write without the CSRF token, with a wrong one, or from another origin; accepts the console\'s own', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    const session = await signInAs(app, space, owner.email);
    const put = (headers: Record<string, string>) => app.inject({ method: 'PUT', url: '/v1/settings/identity', headers, payload: { phoneRegion: 'US', mergeEmailAliases: true } });
    const refused: Array<Record<string, string>> = [{ cookie: session.cookie }, { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) }, { ...session.writeHeaders, origin: 'https://evil.example' }];
    for (const headers of refused) {
      const response = await put(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'SERVER_AUTH_CSRF_FAILED' });
    }
    expect((await put(session.writeHeaders)).statusCode).toBe(200);
    // A sign-in posted by another site's page is refused too (login CSRF).
    const foreign = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', headers: { origin: 'https://evil.example' }, payload: { workspace: 'acme', email: owner.email, password: TEST_PASSWORD } });
    expect(foreign.json()).toMatchObject({ code: 'SERVER_AUTH_CSRF_FAILED' });
  });

  it('signs out: the session ends in the database and the cookie is cleared', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const owner = await member(app, space, 'owner');
    const session = await signInAs(app, space, owner.email);
    expect((await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { cookie: session.cookie } })).statusCode).toBe(403);
    const out = await app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: session.writeHeaders });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await app.inject({ method: 'GET', url: '/v1/policy', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'SERVER_AUTH_SESSION_EXPIRED' });
  });

  it('opens a one-time sign-in link once: the owner is signed in, and the second use is refused', async () => {
    const app = await build();
    const space = await workspace(app, 'acme');
    const path = await ownerSignInLink(app.db, tenantScope(space.id), { email: 'owner@acme.test', invitedBy: 'demo' });
    expect(path).toMatch(/^\/sign-in\/link#token=[\w-]{43}$/);
    const token = path.split('#token=')[1] as string;
    const first = await app.inject({ method: 'POST', url: '/v1/auth/links/sign-in', payload: { token } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ workspace: { slug: 'acme' }, member: { email: 'owner@acme.test', role: 'owner' } });
    expect(String(first.headers['set-cookie'])).toMatch(/^tl_session=/);
    const second = await app.inject({ method: 'POST', url: '/v1/auth/links/sign-in', payload: { token } });
    expect(second.statusCode).toBe(400);
    expect(second.json()).toMatchObject({ code: 'SERVER_AUTH_LINK_INVALID' });
  });
});
