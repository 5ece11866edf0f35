import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox, type Vendor } from './sandboxes.js';

/** A valid body for each ticket route that takes one, so only the missing ticket can fail the request. */
const BODIES: Record<string, unknown> = {
  'POST /v1/tickets/{ref}/rewrite': { text: 'Your parcel ships today.', style: 'shorter' },
  'POST /v1/tickets/{ref}/escalate': { reason: 'needs a person' },
  'POST /v1/tickets/{ref}/handoff': { channel: 'voice' },
};

/** Every operation under /v1/tickets/{ref}/, read from the app's own OpenAPI document: a new route is checked without being listed here. */
function ticketOperations(app: FastifyInstance): string[] {
  const document = (app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }).swagger();
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/v1/tickets/{ref}/'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe.each<Vendor>(['zendesk', 'freshdesk'])('a ticket %s does not have', (vendor) => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let headers: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVendorSandbox(vendor);
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    const tenant = await connectTenant(app, sandbox, `missing-${vendor}`);
    headers = { authorization: `Bearer ${tenant.apiKey}` };
  });

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('is a 404 with SERVER_TICKET_NOT_FOUND on every /v1/tickets/{ref}/ route', async () => {
    const operations = ticketOperations(app);
    // The routes as they are today, so a route dropped from the API is noticed too.
    expect(operations).toEqual([
      'GET /v1/tickets/{ref}/customer',
      'GET /v1/tickets/{ref}/summary',
      'GET /v1/tickets/{ref}/timeline',
      'POST /v1/tickets/{ref}/escalate',
      'POST /v1/tickets/{ref}/handoff',
      'POST /v1/tickets/{ref}/rewrite',
      'POST /v1/tickets/{ref}/suggest',
    ]);
    const answers: Record<string, { status: number; code: unknown }> = {};
    for (const operation of operations) {
      const [method, path] = operation.split(' ') as ['GET' | 'POST', string];
      const url = path.replace('{ref}', '999999991');
      const body = BODIES[operation];
      const response = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
      answers[operation] = { status: response.statusCode, code: response.json().code };
    }
    expect(answers).toEqual(Object.fromEntries(operations.map((operation) => [operation, { status: 404, code: 'SERVER_TICKET_NOT_FOUND' }])));
  });

  it('names the ticket in the answer and keeps the helpdesk out of it', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/tickets/999999992/customer', headers });
    expect(response.json()).toMatchObject({ code: 'SERVER_TICKET_NOT_FOUND', details: { ticketRef: '999999992' } });
  });
});
