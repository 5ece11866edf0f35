import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { loggerOptions } from '../src/logger.js';
import { testConfig } from './helper.js';

const SECRETS = {
  authorization: 'Bearer tl_live_secret-api-key-0001',
  'proxy-authorization': 'Basic cHJveHk6c2VjcmV0LXByb3h5',
  cookie: 'session=secret-session-cookie-0002',
  'x-api-key': 'secret-x-api-key-0003',
  'x-threadline-token': 'secret-sidebar-token-0004',
  'x-threadline-webhook-secret': 'secret-freshdesk-webhook-0005',
  'x-zendesk-webhook-signature': 'c2VjcmV0LXplbmRlc2stc2lnbmF0dXJlLTAwMDY=',
};

/** The app with its real logger options, writing every line into memory. */
async function appLoggingTo(lines: string[]) {
  const config = testConfig({ log: { level: 'debug', isPretty: false } });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp(config, { logger: { ...(loggerOptions(config) as Exclude<FastifyServerOptions['logger'], boolean | undefined>), stream } });
  // Code that logs what it received: the headers bare, nested, and on the response side.
  app.addHook('onRequest', async (request) => {
    request.log.info({ headers: request.headers }, 'request headers');
    request.log.info({ delivery: { headers: request.headers } }, 'nested request headers');
    request.log.info({ response: { headers: { 'set-cookie': 'session=secret-set-cookie-0007' } } }, 'response headers');
    request.log.info({ connection: { webhookSecret: 'secret-field-0008', credentials: { apiKey: 'secret-field-0009' } } }, 'tenant connection');
  });
  onTestFinished(() => app.close());
  await app.ready();
  return app;
}

describe('log redaction', () => {
  it('never writes a secret header or credential field to the log, but keeps the idempotency key', async () => {
    const lines: string[] = [];
    const app = await appLoggingTo(lines);
    const headers = { ...SECRETS, 'idempotency-key': 'click-visible-0010' };
    await app.inject({ method: 'POST', url: '/v1/webhooks/freshdesk/acme', headers: { ...headers, 'content-type': 'application/json' }, payload: '{}' });
    await app.inject({ method: 'GET', url: '/v1/jobs', headers });
    // The answer model's key, should the configuration ever be logged.
    app.log.info({ config: { answerModel: { provider: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', apiKey: 'secret-model-key-0011' } } }, 'config');
    const output = lines.join('');
    expect(output).toContain('request headers');
    for (const value of [...Object.values(SECRETS), 'secret-set-cookie-0007', 'secret-field-0008', 'secret-field-0009', 'secret-model-key-0011']) {
      expect(output).not.toContain(value);
    }
    expect(output).toContain('[redacted]');
    expect(output).toContain('click-visible-0010');
  }, 300_000);
});
