import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isThreadlineError } from '@threadline/platform';
import { loadConfig } from '../src/config.js';
import { createSecretBox, loadSecretKey, parseSecretKey } from '../src/tenants/secret-box.js';
import { getHelpdeskConnection, sealStoredSecrets } from '../src/tenants/tenants-repository.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { build, TEST_SECRET_KEY } from './helper.js';

const box = createSecretBox(parseSecretKey(TEST_SECRET_KEY));

describe('sealed secrets', () => {
  it('round-trips, never repeats a ciphertext, and refuses a tampered value or another key', () => {
    const sealed = box.seal('zd-token-123');
    expect(sealed.startsWith('tlsec1:')).toBe(true);
    expect(sealed).not.toContain('zd-token-123');
    expect(box.seal('zd-token-123')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('zd-token-123');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => box.open(tampered)).toThrow(/sealed with another key/);
    const other = createSecretBox(Buffer.alloc(32, 7));
    expect(() => other.open(sealed)).toThrow(/THREADLINE_SECRET_KEY/);
  });

  it('creates an owner-only key file once and reuses it; a bad key is a config error that does not echo it', () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'tl-key-')), 'nested', 'secret.key');
    const first = loadSecretKey({ key: undefined, keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ key: undefined, keyFile }).equals(first)).toBe(true);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(first.toString('base64url'));
    const failure = (() => {
      try {
        loadSecretKey({ key: 'too-short-secret', keyFile });
      } catch (error) {
        return error;
      }
    })();
    expect(isThreadlineError(failure) && failure.code).toBe('SERVER_CONFIG_INVALID');
    expect((failure as Error).message).not.toContain('too-short-secret');
    expect(() => loadConfig({ THREADLINE_SECRET_KEY: '' })).not.toThrow();
  });

  it('stores a connection sealed, reads it back, and seals connections stored in plain text by older versions', async () => {
    const app = await build();
    const { tenant } = await provisionTenant(app.db, app.secrets, {
      slug: 'sealed-co',
      name: 'Sealed Co',
      baseUrl: 'https://sealed.zendesk.com',
      credentials: { kind: 'zendesk', auth: { type: 'token', email: 'bot@sealed.test', token: 'zd-very-secret-token' } },
      webhookSecret: 'whsec-very-secret',
    });
    const raw = (await app.db.query(`select credentials::text as credentials, webhook_secret, sidebar_secret from helpdesk_connections where tenant_id = $1`, [tenant.id])).rows[0];
    expect(JSON.stringify(raw)).not.toMatch(/zd-very-secret-token|whsec-very-secret|bot@sealed\.test/);
    const connection = await getHelpdeskConnection(app.db, app.secrets, tenant.id);
    expect(connection).toMatchObject({ credentials: { auth: { token: 'zd-very-secret-token' } }, webhookSecret: 'whsec-very-secret' });

    // A row as an older version stored it.
    await app.db.query(
      `update helpdesk_connections set credentials = $2::jsonb, webhook_secret = 'legacy-hook', sidebar_secret = 'legacy-sidebar' where tenant_id = $1`,
      [tenant.id, JSON.stringify({ kind: 'zendesk', auth: { type: 'token', email: 'bot@sealed.test', token: 'legacy-token' } })],
    );
    expect(await getHelpdeskConnection(app.db, app.secrets, tenant.id)).toMatchObject({ credentials: { auth: { token: 'legacy-token' } }, webhookSecret: 'legacy-hook' });
    expect(await sealStoredSecrets(app.db, app.secrets)).toBe(1);
    expect(await sealStoredSecrets(app.db, app.secrets)).toBe(0);
    const resealed = (await app.db.query(`select credentials::text as credentials, webhook_secret, sidebar_secret from helpdesk_connections where tenant_id = $1`, [tenant.id])).rows[0];
    expect(JSON.stringify(resealed)).not.toMatch(/legacy-/);
    expect(await getHelpdeskConnection(app.db, app.secrets, tenant.id)).toMatchObject({
      credentials: { auth: { token: 'legacy-token' } },
      webhookSecret: 'legacy-hook',
      sidebarSecret: 'legacy-sidebar',
    });
  });
});
