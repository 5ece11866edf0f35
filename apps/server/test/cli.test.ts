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
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

async function threadline(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 });
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
});
