import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';
import { fillPath, operationsOf, type Operation, type SchemaNode } from './openapi-operations.js';

/**
 * Property-based fuzzing of every documented operation, driven by its OpenAPI schemas: values the
 * schema allows, mixed with the inputs that broke the API before (NUL bytes, 1e309, 999999999999,
 * forged cursors, wrong types, unknown keys, long strings). The promise: never a 5xx, and the server
 * still answers afterwards. The worker is off, so no source created here fetches anything.
 */

const RUNS_PER_OPERATION = 50;
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

const hostileStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '1e309',
  '-1e309',
  '999999999999',
  '-1',
  '0',
  'NaN',
  'Infinity',
  '',
  ' ',
  '%00',
  '../../etc/passwd',
  '\ud800',
  '😀',
  'null',
  '[]',
  Buffer.from('0|x').toString('base64url'),
  Buffer.from('0|00000000-0000-0000-0000-000000000000').toString('base64url'),
  Buffer.from('2026-01-01T00:00:00.000Z|not-a-uuid').toString('base64url'),
);

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileStrings, weight: 4 },
  { arbitrary: fc.constantFrom(1e308, -1, 0, 999_999_999_999, 2 ** 31, 2 ** 53 + 1, 0.5, true, null, [], {}, ['\u0000'], { tenantId: '00000000-0000-0000-0000-000000000000' }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 3000, maxLength: 25_000 }), weight: 1 },
  { arbitrary: fc.oneof(fc.integer(), fc.double()), weight: 1 },
);

/**
 * Values the schema allows (fast-check's own generators) half the time; otherwise a hostile value,
 * or an allowed string with a NUL character slipped in.
 */
function arbitraryFor(schema: SchemaNode | undefined, depth = 0): fc.Arbitrary<unknown> {
  const valid = allowed(schema, depth);
  const withNul = valid.chain((value) =>
    typeof value === 'string' ? fc.nat(value.length).map((at) => `${value.slice(0, at)}\u0000${value.slice(at)}`) : fc.constant(value),
  );
  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: hostile, weight: 1 }, { arbitrary: withNul, weight: 1 });
}

function allowed(schema: SchemaNode | undefined, depth: number): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => allowed(choice, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      if (depth > 3) return fc.constant({});
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, arbitraryFor(property, depth + 1)]));
      const record = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
      // Now and then a key the schema does not know, as a careless or hostile client sends.
      return fc.tuple(record, fc.option(fc.constantFrom('tenantId', 'customerId', '__proto__', 'constructor', 'extra'), { freq: 4 })).map(([value, extra]) =>
        extra ? { ...(value as object), [extra]: 'x' } : value,
      );
    }
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length <= (schema.maxLength ?? 10_000));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 80, 200) });
    default:
      return fc.constant(null);
  }
}

/** How a value travels in a URL: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

function requestArbitrary(operation: Operation) {
  const path = operation.parameters.filter((parameter) => parameter.in === 'path');
  const query = operation.parameters.filter((parameter) => parameter.in === 'query');
  return fc.record({
    path: fc.record(Object.fromEntries(path.map((parameter) => [parameter.name, arbitraryFor(parameter.schema).map(asText)]))),
    query: fc.record(Object.fromEntries(query.map((parameter) => [parameter.name, arbitraryFor(parameter.schema).map(asText)])), { requiredKeys: [] }),
    body: operation.body ? arbitraryFor(operation.body) : fc.constant(undefined),
    bytes: fc.uint8Array({ maxLength: 64 }),
  });
}

describe('fuzzing every route from its OpenAPI schemas', () => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let authorization: string;

  beforeAll(async () => {
    sandbox = await startVendorSandbox('zendesk');
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } }), { logger: false, runWorker: false });
    await app.ready();
    const { apiKey } = await provisionTenant(app.db, app.secrets, {
      slug: 'fuzzed',
      name: 'Fuzzed',
      baseUrl: sandbox.url,
      credentials: sandbox.credentials,
      webhookSecret: sandbox.webhookSecret,
    });
    authorization = `Bearer ${apiKey}`;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it(`answers ${RUNS_PER_OPERATION} generated requests per route without a 5xx and stays up`, async () => {
    const operations = operationsOf(app).filter((operation) => !operation.path.startsWith('/docs'));
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const runs = new Map<string, number>();
    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      const isUpload = operation.mediaTypes.includes('application/octet-stream');
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation), async (request) => {
          runs.set(name, (runs.get(name) ?? 0) + 1);
          const search = new URLSearchParams(request.query as Record<string, string>);
          const url = `${fillPath(operation.path, request.path as Record<string, string>)}${search.size > 0 ? `?${search}` : ''}`;
          const response = await app.inject({
            method: operation.method,
            url,
            headers: { authorization, ...(isUpload ? { 'content-type': 'application/octet-stream' } : {}) },
            ...(isUpload ? { payload: Buffer.from(request.bytes) } : request.body !== undefined ? { payload: request.body as never } : {}),
          });
          if (response.statusCode >= 500) throw new Error(`${operation.method} ${url} → ${response.statusCode} ${response.body.slice(0, 300)}`);
          // Every error speaks the API's shape.
          if (response.statusCode >= 400) expect(response.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
      );
    }
    for (const operation of operations) expect(runs.get(`${operation.method} ${operation.path}`)).toBeGreaterThanOrEqual(RUNS_PER_OPERATION);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }, 1_800_000);
});
