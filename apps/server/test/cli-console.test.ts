import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { workspace, type Workspace } from './console-fixtures.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

async function threadline(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the threadline admin and policy commands', () => {
  let app: FastifyInstance;
  let space: Workspace;
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    space = await workspace(app, 'cli-console');
    env = { THREADLINE_URL: url, THREADLINE_API_KEY: space.apiKey };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('prints an invitation link that the invited person can accept', async () => {
    const result = await threadline(['admin', 'invite', '--email', 'lead@cli.test', '--role', 'viewer'], env);
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link).toMatch(new RegExp(`^${env.THREADLINE_URL}/invite#token=[\\w-]{43}$`));
    const token = link.split('#token=')[1];
    const accepted = await app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'a long enough password' } });
    expect(accepted.json()).toMatchObject({ member: { email: 'lead@cli.test', role: 'viewer' } });

    const wrong = await threadline(['admin', 'invite', '--email', 'x@cli.test', '--role', 'king'], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--role must be one of owner, admin, viewer');
  }, 300_000);

  it('sets one channel and reads the policy back; the change is audited as the API key', async () => {
    const set = await threadline(['policy', 'set', '--channel', 'chat', '--mode', 'auto', '--threshold', '0.6'], env);
    expect(set.code, set.stderr).toBe(0);
    const got = await threadline(['policy', 'get'], env);
    expect(JSON.parse(got.stdout).channels.chat).toEqual({ mode: 'auto', confidenceThreshold: 0.6 });
    const audit = (await app.inject({ method: 'GET', url: '/v1/policy/audit', headers: { authorization: `Bearer ${space.apiKey}` } })).json();
    expect(audit.entries[0]).toMatchObject({ actor: 'api-key', changes: [{ field: 'channels.chat.mode', before: 'draft', after: 'auto' }, { field: 'channels.chat.confidenceThreshold', before: 0.7, after: 0.6 }] });

    // In percent, as the console shows it; a bare 60 is refused in words, not by the schema's path.
    const percent = await threadline(['policy', 'set', '--channel', 'chat', '--threshold', '65%'], env);
    expect(percent.code, percent.stderr).toBe(0);
    expect(JSON.parse(percent.stdout).channels.chat).toEqual({ mode: 'auto', confidenceThreshold: 0.65 });
    const outOfRange = await threadline(['policy', 'set', '--channel', 'chat', '--threshold', '60'], env);
    expect(outOfRange.code).not.toBe(0);
    expect(outOfRange.stderr).toContain('--threshold 60 is not a threshold: give a share from 0 to 1 (0.6) or a percent (60%)');

    const refused = await threadline(['policy', 'set', '--channel', 'voice', '--mode', 'auto'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('channels.voice.mode');
  }, 300_000);
});
