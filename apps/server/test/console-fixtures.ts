import type { FastifyInstance } from 'fastify';
import { tenantScope } from '@threadline/platform';
import { insertUser } from '../src/accounts/console-users-repository.js';
import { hashPassword } from '../src/accounts/password.js';
import type { ConsoleRole } from '../src/accounts/roles.js';
import { createApiKey, createTenant } from '../src/tenants/tenants-repository.js';

/** A cheap scrypt cost for accounts made by tests: the stored hash carries it, so sign-in verifies with it. */
const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
export const TEST_PASSWORD = 'a long enough test password';

export interface Workspace {
  id: string;
  slug: string;
  apiKey: string;
}

/** A tenant with an API key and no helpdesk: enough for the console's own routes. */
export async function workspace(app: FastifyInstance, slug: string): Promise<Workspace> {
  const tenant = await createTenant(app.db, { slug, name: `${slug} support` });
  return { id: tenant.id, slug, apiKey: await createApiKey(app.db, tenant.id) };
}

export async function member(app: FastifyInstance, space: Workspace, role: ConsoleRole, email = `${role}@${space.slug}.test`): Promise<{ id: string; email: string }> {
  const user = await insertUser(app.db, tenantScope(space.id), { email, name: null, role, passwordHash: await hashPassword(TEST_PASSWORD, TEST_SCRYPT) });
  return { id: user.id, email };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers of a signed-in browser write: the cookie, the CSRF token and the console's own origin. */
  writeHeaders: Record<string, string>;
}

/** Signs in through the API as a browser would, keeping the cookie. */
export async function signInAs(app: FastifyInstance, space: Workspace, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { workspace: space.slug, email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0] as string;
  const csrfToken = response.json().csrfToken as string;
  return { cookie, csrfToken, writeHeaders: { cookie, 'x-csrf-token': csrfToken, origin: 'http://localhost:80' } };
}
