import { describe, expect, it } from 'vitest';
import { isThreadlineError } from '@threadline/platform';
import { loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('defaults to an embedded database under the working directory', () => {
    const config = loadConfig({});
    expect(config.server).toEqual({ host: '127.0.0.1', port: 3000, shutdownTimeoutMs: 10_000 });
    expect(config.database).toEqual({ driver: 'pglite', dataDir: `${process.cwd()}/.threadline/pgdata` });
    expect(Object.isFrozen(config)).toBe(true);
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
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('THREADLINE_FETCH_ALLOW: "10.20.0.0/40" is not a CIDR range') }),
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
    expect(isThreadlineError(failure) && failure.code).toBe('CONFIG_INVALID');
    expect((failure as Error).message).toContain('PORT');
    expect((failure as Error).message).toContain('"eighty"');
    expect((failure as Error).message).toContain('LOG_LEVEL');
  });

  it('never echoes a secret value in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x' })).toThrow(/DATABASE_URL/);
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
    }
  });
});
