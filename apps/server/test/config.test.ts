import { describe, expect, expectTypeOf, it } from 'vitest';
import { isThreadlineError } from '@threadline/platform';
import { loadConfig, type Config, type Env } from '../src/config.js';

describe('configuration from the environment', () => {
  it('types every setting from the schema, read-only (checked by the typecheck step)', () => {
    expectTypeOf<Config['demo']['mode']>().toEqualTypeOf<Env['THREADLINE_DEMO']>();
    expectTypeOf<Config['server']['port']>().toEqualTypeOf<Env['PORT']>();
    expectTypeOf<Config['log']['level']>().toEqualTypeOf<Env['LOG_LEVEL']>();
    expectTypeOf<Config['secrets']['key']>().toEqualTypeOf<Env['THREADLINE_SECRET_KEY']>();
    expectTypeOf<Config>().toEqualTypeOf<Readonly<Config>>();
    expectTypeOf<Config['worker']>().toEqualTypeOf<Readonly<Config['worker']>>();
  });

  it('defaults to an embedded database under the working directory', () => {
    const config = loadConfig({});
    expect(config.server).toEqual({ host: '127.0.0.1', port: 3000, shutdownTimeoutMs: 10_000, startupTimeoutMs: 120_000 });
    expect(config.database).toEqual({ driver: 'pglite', dataDir: `${process.cwd()}/.threadline/pgdata`, thread: 'worker' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('runs the embedded database in the server thread with THREADLINE_PGLITE_THREAD=inline, and refuses other places', () => {
    expect(loadConfig({ THREADLINE_PGLITE_THREAD: 'inline' }).database).toMatchObject({ driver: 'pglite', thread: 'inline' });
    expect(() => loadConfig({ THREADLINE_PGLITE_THREAD: 'process' })).toThrow(/THREADLINE_PGLITE_THREAD/);
  });

  it('lets a deployment (or a test) take away the boot deadline with STARTUP_TIMEOUT_MS=0', () => {
    expect(loadConfig({ STARTUP_TIMEOUT_MS: '0' }).server.startupTimeoutMs).toBe(0);
    expect(() => loadConfig({ STARTUP_TIMEOUT_MS: '-1' })).toThrow(/STARTUP_TIMEOUT_MS/);
  });

  it('reads the public address from PUBLIC_URL (origin only), refusing one with a path', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://threadline.acme.com/' }).publicUrl).toBe('https://threadline.acme.com');
    expect(() => loadConfig({ PUBLIC_URL: 'https://acme.com/threadline/v1' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'threadline.acme.com' })).toThrow(/PUBLIC_URL/);
  });

  it('uses native Postgres when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x', PORT: '8080' });
    expect(config.database).toEqual({ driver: 'postgres', url: 'postgres://u:p@db:5432/x', maxConnections: 10 });
    expect(config.server.port).toBe(8080);
  });

  it('sizes the worker and its connection pool from WORKER_CONCURRENCY', () => {
    expect(loadConfig({}).worker.concurrency).toBe(8);
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x', WORKER_CONCURRENCY: '32' });
    expect(config.worker.concurrency).toBe(32);
    expect(config.database).toMatchObject({ maxConnections: 20 });
    expect(() => loadConfig({ WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
  });

  it('reads the fetch allowlist of intranet hosts and ranges, refusing an entry that is neither', () => {
    expect(loadConfig({}).fetch.allow).toEqual([]);
    expect(loadConfig({ THREADLINE_FETCH_ALLOW: ' docs.corp.example, 10.20.0.0/16 ,,fd00::/8' }).fetch.allow).toEqual(['docs.corp.example', '10.20.0.0/16', 'fd00::/8']);
    expect(() => loadConfig({ THREADLINE_FETCH_ALLOW: 'docs.corp.example,10.20.0.0/40' })).toThrowError(
      expect.objectContaining({ code: 'SERVER_CONFIG_INVALID', message: expect.stringContaining('THREADLINE_FETCH_ALLOW: "10.20.0.0/40" is not a CIDR range') }),
    );
  });

  it('names every bad variable with what it got', () => {
    const failure = (() => {
      try {
        loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
      } catch (error) {
        return error;
      }
    })();
    expect(isThreadlineError(failure) && failure.code).toBe('SERVER_CONFIG_INVALID');
    expect((failure as Error).message).toContain('PORT');
    expect((failure as Error).message).toContain('"eighty"');
    expect((failure as Error).message).toContain('LOG_LEVEL');
  });

  it('answers offline by default, with Claude when an Anthropic key is set', () => {
    expect(loadConfig({}).answerModel).toEqual({ provider: 'offline' });
    expect(loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-1', ANTHROPIC_MODEL: 'claude-haiku-5-5' }).answerModel).toEqual({
      provider: 'anthropic',
      apiKey: 'sk-ant-1',
      model: 'claude-haiku-5-5',
      baseUrl: undefined,
    });
    expect(loadConfig({ ANTHROPIC_API_KEY: 'sk-ant-1', ANSWER_MODEL_PROVIDER: 'offline' }).answerModel).toEqual({ provider: 'offline' });
  });

  it('reads a self-hosted OpenAI-compatible model, requiring its URL and model id', () => {
    const config = loadConfig({ ANSWER_MODEL_PROVIDER: 'openai-compatible', ANSWER_MODEL_BASE_URL: 'http://localhost:11434/v1', ANSWER_MODEL: 'llama3.1:8b' });
    expect(config.answerModel).toEqual({ provider: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: undefined });
    expect(Object.isFrozen(config.answerModel)).toBe(true);
    expect(() => loadConfig({ ANSWER_MODEL_PROVIDER: 'openai-compatible', ANSWER_MODEL: 'llama3.1:8b' })).toThrowError(
      expect.objectContaining({ code: 'SERVER_CONFIG_INVALID', message: expect.stringContaining('needs ANSWER_MODEL_BASE_URL') }),
    );
    expect(() => loadConfig({ ANSWER_MODEL_PROVIDER: 'anthropic' })).toThrow(/ANTHROPIC_API_KEY/);
    // A half-done setup fails at boot rather than quietly answering offline.
    expect(() => loadConfig({ ANSWER_MODEL_BASE_URL: 'http://localhost:8000/v1', ANSWER_MODEL: 'qwen' })).toThrow(/without ANSWER_MODEL_PROVIDER/);
    expect(() => loadConfig({ ANSWER_MODEL_PROVIDER: 'llama' })).toThrow(/ANSWER_MODEL_PROVIDER/);
  });

  it('never echoes a secret value in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x' })).toThrow(/DATABASE_URL/);
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
  });

  it('reads METRICS_TOKEN, refusing a short one without echoing it', () => {
    expect(loadConfig({}).metrics.token).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-token-1234567' }).metrics.token).toBe('scrape-token-1234567');
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
