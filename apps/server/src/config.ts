import { resolve, join } from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { ThreadlineError } from '@threadline/platform';
import type { DbOptions } from '@threadline/platform/db';

/**
 * Every setting the server reads from the environment. This is the only place `process.env`
 * is read; the result is validated once at boot, frozen and passed down.
 */
export const EnvSchema = Type.Object({
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to listen on' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  THREADLINE_DATA_DIR: Type.String({ minLength: 1, default: '.threadline', description: 'Folder for the embedded database and caches' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'Native Postgres with pgvector; unset to use embedded PGlite' })),
  ANTHROPIC_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000, description: 'How long a shutdown waits for in-flight requests' }),
  THREADLINE_DEMO: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], {
    default: 'auto',
    description: 'Run the demo helpdesks (Zendesk + Freshdesk sandboxes) and demo tenants; auto = when no other tenant exists',
  }),
  ZENDESK_SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4101 }),
  FRESHDESK_SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4102 }),
  SYNC_INTERVAL_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'Periodic incremental helpdesk sync; 0 turns it off' }),
});

export type Env = Static<typeof EnvSchema>;

/** Variables whose values never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'ANTHROPIC_API_KEY']);

export interface Config {
  readonly server: { readonly host: string; readonly port: number; readonly shutdownTimeoutMs: number };
  readonly log: { readonly level: string };
  readonly dataDir: string;
  readonly database: DbOptions;
  readonly anthropic: { readonly apiKey: string | undefined };
  readonly sync: { readonly intervalMs: number };
  readonly demo: { readonly mode: 'auto' | 'on' | 'off'; readonly zendeskPort: number; readonly freshdeskPort: number };
}

function describeProblems(env: Record<string, unknown>): string {
  const problems = [...Value.Errors(EnvSchema, env)].map((error) => {
    const name = error.instancePath.replace(/^\//, '');
    const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
    return `${name} ${error.message}${shown}`;
  });
  return problems.join('; ');
}

/**
 * Validates the environment and returns the frozen configuration.
 *
 * @example
 * const config = loadConfig({ PORT: '8080' });
 * config.server.port; // 8080
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((key) => source[key] !== undefined && source[key] !== '')
      .map((key) => [key, source[key]]),
  );
  const env = Value.Default(EnvSchema, Value.Convert(EnvSchema, known)) as Record<string, unknown>;
  if (!Value.Check(EnvSchema, env)) {
    throw new ThreadlineError({
      code: 'CONFIG_INVALID',
      category: 'user',
      message: `Invalid configuration: ${describeProblems(env)}`,
    });
  }
  const valid = env as Env;
  const dataDir = resolve(valid.THREADLINE_DATA_DIR);
  const database: DbOptions = valid.DATABASE_URL
    ? { driver: 'postgres', url: valid.DATABASE_URL }
    : { driver: 'pglite', dataDir: join(dataDir, 'pgdata') };
  return Object.freeze({
    server: Object.freeze({ host: valid.HOST, port: valid.PORT, shutdownTimeoutMs: valid.SHUTDOWN_TIMEOUT_MS }),
    log: Object.freeze({ level: valid.LOG_LEVEL }),
    dataDir,
    database: Object.freeze(database),
    anthropic: Object.freeze({ apiKey: valid.ANTHROPIC_API_KEY }),
    sync: Object.freeze({ intervalMs: valid.SYNC_INTERVAL_MS }),
    demo: Object.freeze({ mode: valid.THREADLINE_DEMO, zendeskPort: valid.ZENDESK_SANDBOX_PORT, freshdeskPort: valid.FRESHDESK_SANDBOX_PORT }),
  });
}
