import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { startVendorSandbox, waitForJob, type ConnectedSandbox } from './sandboxes.js';
import { fillPath, operationsOf, sampleValue, type Operation, type SchemaNode } from './openapi-operations.js';

/**
 * Tenant isolation, generated from the OpenAPI document: every operation is called with tenant A's
 * credentials (API key and sidebar token) while tenant B's ids are injected everywhere a request can
 * carry them: path parameters, query (known and unknown keys), JSON body (uuid fields and unknown
 * keys) and headers. Nothing of B may come back, and B's rows must be exactly as they were.
 */

interface Tenant {
  id: string;
  slug: string;
  apiKey: string;
  sidebarSecret: string;
}

const B_MARKER = 'Bravo-only-knowledge-7f3a9c';

async function connect(app: FastifyInstance, sandbox: ConnectedSandbox, slug: string): Promise<Tenant> {
  const { tenant, apiKey, sidebarSecret } = await provisionTenant(app.db, app.secrets, {
    slug,
    name: `${slug} support`,
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    webhookSecret: sandbox.webhookSecret,
  });
  return { id: tenant.id, slug: tenant.slug, apiKey, sidebarSecret };
}

async function sidebarToken(tenant: Tenant): Promise<string> {
  return new SignJWT({ name: 'Agent A' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(tenant.slug)
    .setAudience('threadline')
    .setSubject('agent-a')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(tenant.sidebarSecret));
}

/** Every table that carries a tenant, found in the catalogue so a new table is covered without edits. */
async function tenantTables(app: FastifyInstance): Promise<string[]> {
  const { rows } = await app.db.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
      order by c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** A fingerprint of everything the tenant owns: row counts and a hash of every row's text. */
async function snapshot(app: FastifyInstance, tenantId: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of [...(await tenantTables(app)), 'tenants']) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const { rows } = await app.db.query<{ count: number; digest: string }>(
      `select count(*)::int as count, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from ${table} x where ${column} = $1`,
      [tenantId],
    );
    result[table] = `${rows[0]?.count}:${rows[0]?.digest}`;
  }
  return result;
}

/** One id of each kind B owns (its own rows, so a 2xx answer that names one has read B's data). */
async function representativeIds(app: FastifyInstance, tenantId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = { tenant: tenantId };
  for (const table of await tenantTables(app)) {
    const { rows: columns } = await app.db.query(`select 1 from information_schema.columns where table_name = $1 and column_name = 'id' and data_type = 'uuid'`, [table]);
    if (columns.length === 0) continue;
    const { rows } = await app.db.query<{ id: string }>(`select id::text from ${table} where tenant_id = $1 order by created_at nulls last limit 1`, [tenantId]).catch(async () =>
      app.db.query<{ id: string }>(`select id::text from ${table} where tenant_id = $1 limit 1`, [tenantId]),
    );
    if (rows[0]) ids[table] = rows[0].id;
  }
  return ids;
}

/** Every uuid-format field of a body schema set to `id` (arrays of them to `[id]`). */
function withUuids(schema: SchemaNode | null, value: unknown, id: string): unknown {
  if (!schema || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const result: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const options = [property, ...(property.anyOf ?? [])];
    if (options.some((option) => option.format === 'uuid')) result[name] = id;
    else if (options.some((option) => option.type === 'array' && option.items?.format === 'uuid')) result[name] = [id];
  }
  return result;
}

interface Call {
  operation: Operation;
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
  /** B values this call carries itself; an error message may echo them, a success may not. */
  injected: string[];
}

describe('tenant isolation across every route of the OpenAPI document', () => {
  let app: FastifyInstance;
  let zendesk: ConnectedSandbox;
  let freshdesk: ConnectedSandbox;
  let a: Tenant;
  let b: Tenant;
  let bIds: Record<string, string>;
  let bTicketRefs: string[];

  beforeAll(async () => {
    [zendesk, freshdesk] = await Promise.all([startVendorSandbox('zendesk'), startVendorSandbox('freshdesk')]);
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } }), { logger: false });
    await app.ready();
    a = await connect(app, zendesk, 'tenant-a');
    b = await connect(app, freshdesk, 'tenant-b');
    const asB = { authorization: `Bearer ${b.apiKey}` };

    // B's world: a mirrored helpdesk, knowledge only B has, a suggestion with feedback, an escalation.
    const sync = await app.inject({ method: 'POST', url: '/v1/sync', headers: asB });
    expect(await waitForJob(app, b.apiKey, sync.json().id, 180_000)).toMatchObject({ status: 'succeeded' });
    const created = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: asB, payload: { kind: 'file', name: 'Bravo notes' } });
    const sourceId = created.json().source.id as string;
    const upload = await app.inject({
      method: 'PUT',
      url: `/v1/kb/sources/${sourceId}/files/notes.md`,
      headers: { ...asB, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(`# Bravo returns\n\n${B_MARKER}: returns are accepted for 90 days at Bravo stores.\n`),
    });
    for (let i = 0; i < 1800; i++) {
      const job = (await app.inject({ method: 'GET', url: `/v1/kb/jobs/${upload.json().id}`, headers: asB })).json();
      if (job.status === 'succeeded') break;
      if (job.status === 'failed') throw new Error(`B's upload failed: ${job.lastError}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows } = await app.db.query<{ external_id: string }>(`select external_id from tickets where tenant_id = $1 order by external_id limit 2`, [b.id]);
    bTicketRefs = rows.map((row) => row.external_id);
    const suggestion = await app.inject({ method: 'POST', url: `/v1/tickets/${bTicketRefs[0]}/suggest`, headers: asB });
    expect(suggestion.statusCode).toBe(200);
    await app.inject({ method: 'POST', url: `/v1/answers/${suggestion.json().answerId}/feedback`, headers: asB, payload: { verdict: 'helpful' } });
    const escalation = await app.inject({
      method: 'POST',
      url: `/v1/tickets/${bTicketRefs[0]}/escalate`,
      headers: { ...asB, 'idempotency-key': 'shared-key-1' },
      payload: { reason: 'Bravo escalation' },
    });
    expect(escalation.statusCode).toBe(201);
    bIds = await representativeIds(app, b.id);
    // Let B's background work settle, so the snapshot compares like with like.
    for (let i = 0; i < 600; i++) {
      const { rows: busy } = await app.db.query(
        `select 1 from queue_jobs where tenant_id = $1 and status in ('queued', 'running')`,
        [b.id],
      );
      if (busy.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([zendesk?.close(), freshdesk?.close()]);
  });

  it("never returns or changes anything of tenant B, whatever B ids A's requests carry", async () => {
    // B's report facts marked by its own mirror sync are rewritten in the background (a timer, not A's
    // requests); rewrite them first so the snapshot holds only what A's requests could change.
    await app.reportFacts.flush(b.id);
    const before = await snapshot(app, b.id);
    const bUuids = Object.values(bIds);
    const markers = [...bUuids, B_MARKER, freshdesk.url.replace(/^https?:\/\//, '')];
    const credentials = { 'api key': `Bearer ${a.apiKey}`, 'sidebar token': `Bearer ${await sidebarToken(a)}` };
    const operations = operationsOf(app).filter((operation) => !operation.path.startsWith('/docs'));
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const covered = new Set<string>();
    const leaks: string[] = [];

    for (const operation of operations) {
      const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
      const queryParams = operation.parameters.filter((parameter) => parameter.in === 'query');
      const isWebhook = operation.path.startsWith('/v1/webhooks/');
      // Path variants: each parameter takes each kind of B id (ticket refs for `ref`, B's slug for webhooks).
      const pathVariants: Array<{ values: Record<string, string>; injected: string[] }> = [];
      const base = Object.fromEntries(pathParams.map((parameter) => [parameter.name, String(sampleValue(parameter.schema))]));
      if (isWebhook) pathVariants.push({ values: { vendor: 'freshdesk', tenant: b.slug }, injected: [b.slug] });
      else if (pathParams.length === 0) pathVariants.push({ values: {}, injected: [] });
      for (const parameter of isWebhook ? [] : pathParams) {
        const candidates = parameter.schema.format === 'uuid' ? bUuids : parameter.name === 'ref' ? bTicketRefs : [String(sampleValue(parameter.schema))];
        for (const candidate of candidates) pathVariants.push({ values: { ...base, [parameter.name]: candidate }, injected: [candidate] });
      }
      const query: Record<string, string> = {};
      for (const parameter of queryParams) if (parameter.required) query[parameter.name] = String(sampleValue(parameter.schema));
      const uuidQueryParams = queryParams.filter((parameter) => parameter.schema.format === 'uuid');
      const isUpload = operation.mediaTypes.includes('application/octet-stream');
      const body = operation.body ? sampleValue(operation.body) : undefined;

      for (const [credential, authorization] of Object.entries(credentials)) {
        const calls: Call[] = [];
        for (const variant of pathVariants) {
          const url = fillPath(operation.path, variant.values);
          const headers: Record<string, string> = { authorization, 'x-tenant-id': b.id, 'x-threadline-tenant': b.slug };
          if (isUpload) headers['content-type'] = 'application/octet-stream';
          // Known fields of the request as they are, with B's ids in every uuid field.
          calls.push({ operation, url: `${url}?${new URLSearchParams(query)}`, headers, injected: variant.injected, ...(body !== undefined ? { payload: body } : {}), ...(isUpload ? { payload: Buffer.from('# a\n\nb\n') } : {}) });
          for (const id of bUuids) {
            const q = new URLSearchParams(query);
            for (const parameter of uuidQueryParams) q.set(parameter.name, id);
            const changedBody = operation.body ? withUuids(operation.body, body, id) : undefined;
            if (uuidQueryParams.length === 0 && changedBody === body) continue;
            calls.push({ operation, url: `${url}?${q}`, headers, injected: [...variant.injected, id], ...(changedBody !== undefined ? { payload: changedBody } : {}) });
          }
          // Unknown keys that name B: the querystring and the body.
          const extra = new URLSearchParams({ ...query, tenantId: b.id, tenant: b.slug, customerId: bIds.customers ?? b.id });
          calls.push({ operation, url: `${url}?${extra}`, headers, injected: [...variant.injected, b.id, b.slug, bIds.customers ?? ''] });
          if (body !== undefined && typeof body === 'object' && body !== null) {
            calls.push({ operation, url, headers, payload: { ...body, tenantId: b.id, customerId: bIds.customers, sourceId: bIds.kb_sources }, injected: [...variant.injected, b.id, bIds.customers ?? '', bIds.kb_sources ?? ''] });
          }
        }
        for (const call of calls) {
          const response = await app.inject({
            method: call.operation.method,
            url: call.url,
            headers: call.headers,
            ...(call.payload !== undefined ? { payload: call.payload as never } : {}),
          });
          covered.add(`${operation.method} ${operation.path}`);
          const text = response.body;
          const isSuccess = response.statusCode < 400;
          for (const marker of markers) {
            if (!text.includes(marker)) continue;
            // An error may repeat the id the request itself sent ("no such document <id>"); a success may not.
            if (!isSuccess && call.injected.includes(marker)) continue;
            leaks.push(`${credential}: ${call.operation.method} ${call.url} → ${response.statusCode} contains B's ${marker}`);
          }
          if (response.statusCode >= 500) leaks.push(`${credential}: ${call.operation.method} ${call.url} → ${response.statusCode} ${text.slice(0, 200)}`);
        }
      }
    }

    expect(leaks).toEqual([]);
    expect([...covered].sort()).toEqual(operations.map((operation) => `${operation.method} ${operation.path}`).sort());
    // A delivery to B's public webhook URL that fails verification is counted for B by design (it is
    // how B's admin sees a webhook set up with a wrong secret); nothing of it was received or stored.
    const { webhook_receipts: _refusedCount, ...after } = await snapshot(app, b.id);
    const { webhook_receipts: _before, ...rest } = before;
    expect(after).toEqual(rest);
    const { rows } = await app.db.query<{ received: string | number }>(`select coalesce(sum(received), 0) as received from webhook_receipts where tenant_id = $1`, [b.id]);
    expect(Number(rows[0]?.received)).toBe(0);
  }, 1_200_000);
});
