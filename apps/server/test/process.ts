import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGLITE_TEMPLATE_ENV } from '@threadline/platform/db';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = fileURLToPath(new URL('../src/server.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the base URL once the server logs that it listens. */
  listening: Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * Runs the real server entry (`tsx src/server.ts`) as a child process with exactly the given
 * environment, and the test run's PGlite template (a fresh cluster's dump, so each child skips
 * initdb; it changes nothing the server does with its database).
 */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: repoRoot,
    // No boot deadline of the server's own: the test's budget bounds a slow start on a busy machine.
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      STARTUP_TIMEOUT_MS: '0',
      ...(process.env[PGLITE_TEMPLATE_ENV] ? { [PGLITE_TEMPLATE_ENV]: process.env[PGLITE_TEMPLATE_ENV] } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${err}`)));
  });
  listening.catch(() => {});
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return { child, stdout: () => out, stderr: () => err, listening, exited };
}
