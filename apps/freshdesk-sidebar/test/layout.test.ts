/**
 * The Freshworks CLI (`fdk validate`) is not on the npm registry, so this checks what it would:
 * the platform 3.0 folder layout and the manifest, iparams and request templates against the
 * reference (../shared/reference/helpdesk-apis.md §5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const json = <T>(path: string): T => JSON.parse(readFileSync(join(appDir, path), 'utf8')) as T;

const IPARAM_TYPES = ['text', 'number', 'dropdown', 'multiselect', 'checkbox', 'radio', 'paragraph', 'email', 'phone_number', 'date', 'url', 'domain', 'api_key'];
const SUPPORT_TICKET_LOCATIONS = ['ticket_sidebar', 'ticket_requester_info', 'ticket_top_navigation', 'ticket_background', 'ticket_conversation_editor', 'new_ticket_requester_info', 'new_ticket_background'];

interface Manifest {
  'platform-version': string;
  modules: { common: { requests: Record<string, unknown>; functions: Record<string, unknown> }; support_ticket: { location: Record<string, { url: string; icon: string }> } } & Record<string, unknown>;
  engines: { node: string; fdk: string };
}
interface Template {
  schema: { method: string; protocol?: string; host: string; path: string; query?: Record<string, string>; headers: Record<string, string> };
  options?: { retryDelay?: number; maxAttempts?: number };
}

describe('the Freshdesk app folder', () => {
  beforeAll(() => {
    execFileSync('npx', ['--yes', 'pnpm@10.34.9', '--filter', '@threadline/freshdesk-sidebar', 'build'], { cwd: join(appDir, '../..'), stdio: 'ignore', timeout: 240_000 });
  }, 300_000);

  it('has the platform 3.0 layout', () => {
    for (const file of ['manifest.json', 'app/index.html', 'app/scripts/app.js', 'app/styles/style.css', 'app/styles/images/icon.svg', 'config/iparams.json', 'config/requests.json', 'server/server.js']) {
      expect(existsSync(join(appDir, file)), file).toBe(true);
    }
  });

  it('declares a 3.0 manifest: the ticket sidebar with its icon, every request template, the token function, engines', () => {
    const manifest = json<Manifest>('manifest.json');
    expect(manifest['platform-version']).toBe('3.0');
    expect(Object.keys(manifest)).not.toContain('product');
    const sidebar = manifest.modules.support_ticket.location.ticket_sidebar!;
    expect(sidebar).toEqual({ url: 'index.html', icon: 'styles/images/icon.svg' });
    for (const location of Object.keys(manifest.modules.support_ticket.location)) expect(SUPPORT_TICKET_LOCATIONS).toContain(location);
    expect(existsSync(join(appDir, 'app', sidebar.url))).toBe(true);
    expect(existsSync(join(appDir, 'app', sidebar.icon))).toBe(true);
    expect(Object.keys(manifest.modules.common.requests).sort()).toEqual(Object.keys(json<Record<string, Template>>('config/requests.json')).sort());
    expect(manifest.modules.common.functions).toEqual({ mintToken: {} });
    expect(manifest.engines.node).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.engines.fdk).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('asks for the service, the tenant and the shared secret (secure) at installation', () => {
    const iparams = json<Record<string, { display_name: string; type: string; required?: boolean; secure?: boolean }>>('config/iparams.json');
    expect(Object.keys(iparams)).toEqual(['service_url', 'tenant', 'shared_secret']);
    for (const [name, iparam] of Object.entries(iparams)) {
      expect(IPARAM_TYPES, name).toContain(iparam.type);
      expect(iparam.display_name.length, name).toBeGreaterThan(0);
      expect(iparam.required, name).toBe(true);
    }
    expect(iparams.shared_secret?.secure).toBe(true);
    expect(iparams.service_url?.secure).toBeUndefined();
  });

  it('sends every call to the service host over HTTPS with the signed token, never the secret', () => {
    const templates = json<Record<string, Template>>('config/requests.json');
    for (const [name, { schema, options }] of Object.entries(templates)) {
      expect(schema.host, name).toBe('<%= iparam.service_url %>');
      expect(schema.protocol ?? 'https', name).toBe('https');
      expect(['GET', 'POST'], name).toContain(schema.method);
      expect(schema.path, name).toMatch(/^\/v1\//);
      expect(schema.headers.Authorization, name).toBe('Bearer <%= context.token %>');
      expect(JSON.stringify(schema), name).not.toContain('shared_secret');
      // A retried POST could escalate twice without its idempotency key.
      if (schema.method === 'POST') expect(options?.maxAttempts ?? 1, name).toBe(1);
    }
  });

  it('loads the Freshworks client and its own files only', () => {
    const html = readFileSync(join(appDir, 'app/index.html'), 'utf8');
    expect(html).toContain('<script src="{{{appclient}}}"></script>');
    expect(html).toContain('<script src="scripts/app.js"></script>');
    expect(html).toContain('href="styles/style.css"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('mints an HS256 token from the secure iparam in server.js, as the platform runs it', async () => {
    const code = readFileSync(join(appDir, 'server/server.js'), 'utf8');
    const result = await new Promise<{ token: string; expiresAt: number }>((resolve, reject) => {
      const sandbox = { exports: {} as Record<string, (args: unknown) => void>, require: createRequire(import.meta.url), Buffer, renderData: (error: unknown, data: { token: string; expiresAt: number }) => (error ? reject(error) : resolve(data)) };
      runInNewContext(code, sandbox);
      sandbox.exports.mintToken!({ iparams: { service_url: 'threadline.example.com', tenant: 'acme', shared_secret: 's3cret' }, agent: { id: 42, name: 'Sam', email: 'sam@acme.test' } });
    });
    const [header, payload, signature] = result.token.split('.');
    expect(createHmac('sha256', 's3cret').update(`${header}.${payload}`).digest('base64url')).toBe(signature);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'acme', aud: 'threadline', sub: '42', name: 'Sam', email: 'sam@acme.test' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect(result.expiresAt).toBe(claims.exp);
  });
});
