import { resolve, join } from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import type { DbOptions } from '@threadline/platform/db';
import type { EmbedderConfig } from '@threadline/knowledge';
import { fetchAllowListProblem } from '@threadline/knowledge/sources/fetch-policy';
import { ServerError } from './errors.js';

/**
 * Every setting the server reads from the environment. This is the only place `process.env`
 * is read; the result is validated once at boot, frozen and passed down.
 */
export const EnvSchema = Type.Object({
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Interface to listen on' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'TCP port to listen on' }),
  // An enum of a const list: a union built with `.map` has no static type, and Config takes its types from here.
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, { default: 'info' }),
  LOG_FORMAT: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], {
    default: 'auto',
    description: 'auto: readable lines on a terminal, JSON otherwise',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#]+/?$',
      description:
        'The address helpdesks and browsers reach this server at, e.g. https://threadline.acme.com (behind a proxy or TLS terminator); the webhook URL the console and `tenant create` show is built on it. Unset: the address a request reached the server at',
    }),
  ),
  THREADLINE_DATA_DIR: Type.String({ minLength: 1, default: '.threadline', description: 'Folder for the embedded database and caches' }),
  THREADLINE_PGLITE_THREAD: Type.Union([Type.Literal('worker'), Type.Literal('inline')], {
    default: 'worker',
    description: "Where the embedded database runs: worker (a thread of its own, its SQL off the server's event loop) or inline (the server's thread)",
  }),
  THREADLINE_SECRET_KEY: Type.Optional(
    Type.String({ minLength: 1, description: 'Seals stored helpdesk credentials: 32 bytes as hex or base64; unset: a key file in the data folder' }),
  ),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'Native Postgres with pgvector; unset to use embedded PGlite' })),
  ANSWER_MODEL_PROVIDER: Type.Optional(
    Type.Union([Type.Literal('anthropic'), Type.Literal('openai-compatible'), Type.Literal('offline')], {
      description:
        'Which model answers: anthropic (Claude), openai-compatible (any /v1/chat/completions server: Ollama, vLLM, llama.cpp, LM Studio) or offline (extractive, no model); unset: anthropic when ANTHROPIC_API_KEY is set, offline otherwise',
    }),
  ),
  ANSWER_MODEL_BASE_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: 'openai-compatible: the server up to /v1, e.g. http://localhost:11434/v1 (Ollama); anthropic: another Messages API endpoint' }),
  ),
  ANSWER_MODEL: Type.Optional(Type.String({ minLength: 1, description: 'The model id the server knows, e.g. llama3.1:8b; required for openai-compatible' })),
  ANSWER_MODEL_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'Sent as a bearer token; local servers usually need none; anthropic: instead of ANTHROPIC_API_KEY' })),
  ANTHROPIC_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'Use Claude for answers; unset: the offline answer path' })),
  ANTHROPIC_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  ANTHROPIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'Another Messages API endpoint (tests, proxies)' })),
  EMBEDDINGS_PROVIDER: Type.Union([Type.Literal('local'), Type.Literal('openai'), Type.Literal('voyage'), Type.Literal('hash')], {
    default: 'local',
    description: 'local: Universal Sentence Encoder on the CPU, offline; openai: any OpenAI-compatible /v1/embeddings; voyage; hash: tests only',
  }),
  EMBEDDINGS_MODEL: Type.Optional(Type.String({ minLength: 1 })),
  EMBEDDINGS_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  EMBEDDINGS_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  EMBEDDINGS_DIMENSIONS: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
  THREADLINE_FETCH_ALLOW: Type.Optional(
    Type.String({
      description:
        'Comma-separated hosts and CIDR ranges on private networks that URL and crawl sources may fetch (intranet docs), e.g. docs.corp.example,10.20.0.0/16; unset: public addresses only',
    }),
  ),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000, description: 'How long a shutdown waits for in-flight requests' }),
  STARTUP_TIMEOUT_MS: Type.Integer({
    minimum: 0,
    default: 120_000,
    description: 'How long each boot step (opening the database and applying migrations) may take before the start fails; 0 waits as long as it takes',
  }),
  THREADLINE_DEMO: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], {
    default: 'auto',
    description: 'Run the demo helpdesks (Zendesk + Freshdesk sandboxes) and demo tenants; auto = when no other tenant exists',
  }),
  ZENDESK_SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4101 }),
  FRESHDESK_SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4102 }),
  THREADLINE_DEMO_STREAM_MS: Type.Integer({ minimum: 0, default: 6_000, description: 'Gap between replayed demo tickets; 0 turns the replay off' }),
  SYNC_INTERVAL_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'Periodic incremental helpdesk sync; 0 turns it off' }),
  METRICS_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'GET /metrics then needs Authorization: Bearer <this>; unset: /metrics is open (it carries no tenant data)' }),
  ),
  WORKER_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 256,
    default: 8,
    description: 'Ticket events handled at once by this process (each mostly waits on the model and the helpdesk)',
  }),
});

export type Env = Static<typeof EnvSchema>;

/** Variables whose values never appear in an error message or a log line. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'ANTHROPIC_API_KEY', 'ANSWER_MODEL_API_KEY', 'EMBEDDINGS_API_KEY', 'THREADLINE_SECRET_KEY', 'METRICS_TOKEN']);

/** The model behind the answer engine; `apiKey` is a secret (the logger redacts the field anywhere). */
export type AnswerModelConfig =
  | { readonly provider: 'anthropic'; readonly apiKey: string; readonly model: string | undefined; readonly baseUrl: string | undefined }
  | { readonly provider: 'openai-compatible'; readonly baseUrl: string; readonly model: string; readonly apiKey: string | undefined }
  | { readonly provider: 'offline' };

function embedderConfig(env: Env): EmbedderConfig {
  const missing = (name: string) =>
    new ServerError('SERVER_CONFIG_INVALID', `Invalid configuration: EMBEDDINGS_PROVIDER=${env.EMBEDDINGS_PROVIDER} needs ${name}`);
  switch (env.EMBEDDINGS_PROVIDER) {
    case 'local':
      return { provider: 'local' };
    case 'hash':
      return { provider: 'hash', ...(env.EMBEDDINGS_DIMENSIONS ? { dimensions: env.EMBEDDINGS_DIMENSIONS } : {}) };
    case 'openai':
      if (!env.EMBEDDINGS_MODEL) throw missing('EMBEDDINGS_MODEL');
      return {
        provider: 'openai',
        model: env.EMBEDDINGS_MODEL,
        ...(env.EMBEDDINGS_BASE_URL ? { baseUrl: env.EMBEDDINGS_BASE_URL } : {}),
        ...(env.EMBEDDINGS_API_KEY ? { apiKey: env.EMBEDDINGS_API_KEY } : {}),
        ...(env.EMBEDDINGS_DIMENSIONS ? { dimensions: env.EMBEDDINGS_DIMENSIONS } : {}),
      };
    case 'voyage':
      if (!env.EMBEDDINGS_API_KEY) throw missing('EMBEDDINGS_API_KEY');
      return {
        provider: 'voyage',
        apiKey: env.EMBEDDINGS_API_KEY,
        ...(env.EMBEDDINGS_MODEL ? { model: env.EMBEDDINGS_MODEL } : {}),
        ...(env.EMBEDDINGS_BASE_URL ? { baseUrl: env.EMBEDDINGS_BASE_URL } : {}),
        ...(env.EMBEDDINGS_DIMENSIONS ? { dimensions: env.EMBEDDINGS_DIMENSIONS } : {}),
      };
  }
}

function answerModelConfig(env: Env): AnswerModelConfig {
  const invalid = (why: string) => new ServerError('SERVER_CONFIG_INVALID', `Invalid configuration: ${why}`);
  const provider = env.ANSWER_MODEL_PROVIDER ?? (env.ANTHROPIC_API_KEY ? 'anthropic' : undefined);
  if (provider === undefined) {
    // ANSWER_MODEL_* without a provider is a half-done setup; answering offline would hide it.
    const stray = (['ANSWER_MODEL_BASE_URL', 'ANSWER_MODEL', 'ANSWER_MODEL_API_KEY'] as const).filter((name) => env[name] !== undefined);
    if (stray.length > 0) throw invalid(`${stray.join(', ')} set without ANSWER_MODEL_PROVIDER (anthropic, openai-compatible or offline)`);
    return { provider: 'offline' };
  }
  switch (provider) {
    case 'offline':
      return { provider };
    case 'anthropic': {
      const apiKey = env.ANSWER_MODEL_API_KEY ?? env.ANTHROPIC_API_KEY;
      if (!apiKey) throw invalid('ANSWER_MODEL_PROVIDER=anthropic needs ANSWER_MODEL_API_KEY or ANTHROPIC_API_KEY');
      return { provider, apiKey, model: env.ANSWER_MODEL ?? env.ANTHROPIC_MODEL, baseUrl: env.ANSWER_MODEL_BASE_URL ?? env.ANTHROPIC_BASE_URL };
    }
    case 'openai-compatible': {
      const missing = (['ANSWER_MODEL_BASE_URL', 'ANSWER_MODEL'] as const).filter((name) => env[name] === undefined);
      if (missing.length > 0 || !env.ANSWER_MODEL_BASE_URL || !env.ANSWER_MODEL) throw invalid(`ANSWER_MODEL_PROVIDER=openai-compatible needs ${missing.join(' and ')}`);
      return { provider, baseUrl: env.ANSWER_MODEL_BASE_URL, model: env.ANSWER_MODEL, apiKey: env.ANSWER_MODEL_API_KEY };
    }
  }
}

function fetchAllowList(env: Env): readonly string[] {
  const allow = (env.THREADLINE_FETCH_ALLOW ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const problem = fetchAllowListProblem(allow);
  if (problem) throw new ServerError('SERVER_CONFIG_INVALID', `Invalid configuration: THREADLINE_FETCH_ALLOW: ${problem}`);
  return Object.freeze(allow);
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
 * The validated, frozen configuration. Not written by hand: it is what `loadConfig` builds, and
 * each field's type comes from `EnvSchema` (through `Env`), so the schema is the one declaration.
 */
export type Config = ReturnType<typeof loadConfig>;

/**
 * Validates the environment and returns the frozen configuration.
 *
 * @example
 * const config = loadConfig({ PORT: '8080' });
 * config.server.port; // 8080
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((key) => source[key] !== undefined && source[key] !== '')
      .map((key) => [key, source[key]]),
  );
  const env = Value.Default(EnvSchema, Value.Convert(EnvSchema, known)) as Record<string, unknown>;
  if (!Value.Check(EnvSchema, env)) {
    throw new ServerError(
      'SERVER_CONFIG_INVALID',
      `Invalid configuration: ${describeProblems(env)}`,
    );
  }
  const valid = env as Env;
  const dataDir = resolve(valid.THREADLINE_DATA_DIR);
  const database: DbOptions = valid.DATABASE_URL
    ? // Jobs spend most of their time on the model and the helpdesk, not the database: half the
      // worker loops plus room for requests. More connections only add backends competing for CPU.
      { driver: 'postgres', url: valid.DATABASE_URL, maxConnections: Math.max(10, Math.ceil(valid.WORKER_CONCURRENCY / 2) + 4) }
    : { driver: 'pglite', dataDir: join(dataDir, 'pgdata'), thread: valid.THREADLINE_PGLITE_THREAD };
  return Object.freeze({
    server: Object.freeze({ host: valid.HOST, port: valid.PORT, shutdownTimeoutMs: valid.SHUTDOWN_TIMEOUT_MS, startupTimeoutMs: valid.STARTUP_TIMEOUT_MS }),
    /** Where helpdesks and browsers reach the server, without a trailing slash; undefined: as each request reached it. */
    publicUrl: valid.PUBLIC_URL?.replace(/\/$/, ''),
    log: Object.freeze({ level: valid.LOG_LEVEL, isPretty: valid.LOG_FORMAT === 'pretty' || (valid.LOG_FORMAT === 'auto' && Boolean(process.stdout.isTTY)) }),
    dataDir,
    database: Object.freeze(database) as Readonly<DbOptions>,
    answerModel: Object.freeze(answerModelConfig(valid)),
    embeddings: Object.freeze(embedderConfig(valid)),
    sync: Object.freeze({ intervalMs: valid.SYNC_INTERVAL_MS }),
    /** Hosts and CIDR ranges that knowledge fetches may reach although they are not public. */
    fetch: Object.freeze({ allow: fetchAllowList(valid) }),
    /** Where the key that seals stored secrets comes from (see `loadSecretKey`). */
    secrets: Object.freeze({ key: valid.THREADLINE_SECRET_KEY, keyFile: join(dataDir, 'secret.key') }),
    worker: Object.freeze({ concurrency: valid.WORKER_CONCURRENCY }),
    /** `token`: the bearer token `GET /metrics` requires; undefined leaves it open. A secret (logs redact `token`). */
    metrics: Object.freeze({ token: valid.METRICS_TOKEN }),
    demo: Object.freeze({
      mode: valid.THREADLINE_DEMO,
      zendeskPort: valid.ZENDESK_SANDBOX_PORT,
      freshdeskPort: valid.FRESHDESK_SANDBOX_PORT,
      streamIntervalMs: valid.THREADLINE_DEMO_STREAM_MS,
    }),
  });
}
