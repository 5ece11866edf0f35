import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';

/** Seals stored secrets in tests (a fixed key, so no key file is written into the working tree). */
export const TEST_SECRET_KEY = '6a1c0f3d9b2e4a5c8d7e6f1029384756aabbccddeeff00112233445566778899';

/** Configuration for tests: quiet logs and an in-memory database unless a test says otherwise. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // The hash embedder keeps server tests fast; the local neural embedder has its own tests in knowledge/.
  // No boot deadline of its own: a busy machine may take minutes to open PGlite and migrate, and
  // each test's budget (vitest's timeouts) already bounds it.
  const base = loadConfig({ LOG_LEVEL: 'silent', THREADLINE_DEMO: 'off', EMBEDDINGS_PROVIDER: 'hash', THREADLINE_SECRET_KEY: TEST_SECRET_KEY, STARTUP_TIMEOUT_MS: '0' });
  return Object.freeze({ ...base, database: { driver: 'pglite' } as const, ...overrides });
}

/** Builds the app, readies it, and closes it when the test ends. */
export async function build(config: Config = testConfig()): Promise<FastifyInstance> {
  const app = await buildApp(config, { logger: false });
  onTestFinished(async () => {
    await app.close();
  });
  await app.ready();
  return app;
}
