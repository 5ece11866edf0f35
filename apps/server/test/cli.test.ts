import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';

const run = promisify(execFile);
const buildScript = fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url));
const launcher = fileURLToPath(new URL('../../../bin/threadline', import.meta.url));
// The command as users run it: the built bundle, in a copy of this file's own.
const bundleDir = mkdtempSync(join(tmpdir(), 'tl-cli-bundle-'));
const cli = join(bundleDir, 'threadline.mjs');

beforeAll(async () => {
  await run(process.execPath, [buildScript, '--outdir', bundleDir], { timeout: 300_000 });
}, 300_000);
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

async function threadline(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the threadline kb command', () => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));

  beforeAll(async () => {
    sandbox = await startVendorSandbox('zendesk');
    // 127.0.0.2 stands for an intranet host the operator allows; everything else on loopback is refused.
    app = await buildApp(testConfig({ fetch: { allow: ['127.0.0.2'] } }), { logger: false });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const tenant = await connectTenant(app, sandbox, 'cli-tenant');
    env = { THREADLINE_URL: url, THREADLINE_API_KEY: tenant.apiKey, THREADLINE_DATA_DIR: dir };
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a file, waits for the sync, and finds it', async () => {
    // Before any source, the list is empty and says how to add one.
    const empty = await threadline(['kb', 'list'], env);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('no knowledge sources yet: add one with `threadline kb add');
    const file = join(dir, 'returns.md');
    writeFileSync(file, '# Returns for bikes\n\nBikes can be returned within 30 days if unridden.\n');
    const added = await threadline(['kb', 'add', file], env);
    expect(added.stderr).toContain('done, 1 documents');
    expect(added.code).toBe(0);
    const found = await threadline(['kb', 'search', 'can I return a bike'], env);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^1\. Returns for bikes/);
  });

  it('refuses a file type it cannot read, naming the ones it can', async () => {
    const file = join(dir, 'tool.exe');
    writeFileSync(file, Buffer.from([0x4d, 0x5a, 0x90, 0x00]));
    const result = await threadline(['kb', 'add', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^threadline: .*PDF.*DOCX/i);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports an unreachable page with its reason', async () => {
    const result = await threadline(['kb', 'add', 'http://127.0.0.2:9/help'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed: .*127\.0\.0\.2:9/);
  });

  it('refuses a page on the server’s own network before adding it, saying why', async () => {
    const result = await threadline(['kb', 'add', 'http://127.0.0.1:9/help'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^threadline: http:\/\/127\.0\.0\.1:9\/help may not be fetched: 127\.0\.0\.1 is a loopback address.*\[KNOWLEDGE_URL_FORBIDDEN_ADDRESS\]/);
    expect(result.stdout).not.toContain('added source');
  });

  it('says how to start the server when it is not running', async () => {
    const result = await threadline(['kb', 'list'], { ...env, THREADLINE_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot reach Threadline at http://127.0.0.1:9');
  });

  it('finds the local server on the same PORT the server reads when THREADLINE_URL is unset', async () => {
    const { THREADLINE_URL: url, ...rest } = env;
    const port = new URL(url as string).port;
    const result = await threadline(['kb', 'list'], { ...rest, PORT: port });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const elsewhere = await threadline(['kb', 'list'], { ...rest, PORT: '9' });
    expect(elsewhere.stderr).toContain('Cannot reach Threadline at http://127.0.0.1:9');
  });
});

describe('the threadline tenant command', () => {
  let sandbox: ConnectedSandbox;
  const dataDir = mkdtempSync(join(tmpdir(), 'tl-cli-tenant-'));
  const env = { THREADLINE_DATA_DIR: dataDir, THREADLINE_DEMO: 'auto' };

  beforeAll(async () => {
    sandbox = await startVendorSandbox('zendesk');
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const create = (slug: string, token: string) =>
    threadline(['tenant', 'create', '--slug', slug, '--name', slug, '--zendesk', sandbox.url, '--email', sandbox.credentials.kind === 'zendesk' && sandbox.credentials.auth.type === 'token' ? sandbox.credentials.auth.email : '', '--token', token], env);

  it('checks the credentials against the helpdesk and stores nothing when they are wrong', async () => {
    const refused = await create('acme', 'not-the-token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^threadline: Zendesk at http:\/\/127\.0\.0\.1:\d+ did not accept these credentials, so nothing was stored: .*authenticate/);
    const listed = await threadline(['tenant', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toBe('no tenants yet: create one with `threadline tenant create` (its options: `threadline tenant create --help`)\n');
  }, 180_000);

  it('names the helpdesk agent it connected as, and says when the new tenant ends the demo', async () => {
    const token = sandbox.credentials.kind === 'zendesk' && sandbox.credentials.auth.type === 'token' ? sandbox.credentials.auth.token : '';
    const demo = await create('northwind-zendesk', token);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/connected to zendesk as .+ \((admin|agent)\)/);
    expect(demo.stdout).not.toContain('THREADLINE_DEMO=on');
    const own = await create('acme', token);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('the demo helpdesks and tenants stop on the next start');
    expect(own.stdout).toContain('THREADLINE_DEMO=on');
  }, 180_000);
});

describe('bin/threadline', () => {
  it('builds the command when needed and runs it', async () => {
    const { stdout } = await run(launcher, ['--help'], { timeout: 300_000 });
    expect(stdout).toMatch(/^usage: threadline <command>/);
  }, 300_000);
});
