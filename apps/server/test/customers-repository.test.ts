import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '@threadline/connector-core';
import type { Db } from '@threadline/platform/db';
import { migrate } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { migrationSets } from '../src/migrations.js';
import { lockCustomerKeys, upsertCustomer } from '../src/mirror/customers-repository.js';
import { createTenant } from '../src/tenants/tenants-repository.js';

function customer(id: string, email: string, phone?: string): Customer {
  return {
    id,
    name: `Customer ${id}`,
    locale: 'en-US',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    identities: [
      { type: 'email', value: email, isVerified: true, isPrimary: true },
      ...(phone ? [{ type: 'phone' as const, value: phone, isVerified: false, isPrimary: false }] : []),
    ],
  };
}

describe.each(testDatabases())('customer identity resolution under concurrent writers on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;

  beforeAll(async () => {
    db = await create();
    await migrate(db, migrationSets);
    tenantId = (await db.transaction((tx) => createTenant(tx, { slug: 'race', name: 'Race' }))).id;
  });

  afterAll(async () => {
    await db?.close();
  });

  const writeOne = (customers: Customer[]) =>
    db.transaction(async (tx) => {
      await lockCustomerKeys(tx, tenantId, customers);
      const ids: string[] = [];
      for (const each of customers) ids.push(await upsertCustomer(tx, tenantId, each));
      // Hold the transaction open a moment, as a real sync does while it writes tickets.
      await tx.query('select pg_sleep(0.01)');
      return ids;
    });

  it('keeps one customer when many syncs of a new person run at once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => writeOne([customer('501', 'ana@example.com')])));
    const ids = new Set(results.flat());
    expect(ids.size).toBe(1);
    const { rows } = await db.query<{ count: number }>(`select count(*)::int as count from customers where tenant_id = $1`, [tenantId]);
    expect(rows[0]?.count).toBe(1);
  });

  it('does not deadlock when writers name overlapping people in opposite orders', async () => {
    const a = customer('601', 'bo@example.com', '+15550000601');
    const b = customer('602', 'cy@example.com', '+15550000602');
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => writeOne(index % 2 === 0 ? [a, b] : [b, a])));
    expect(new Set(results.map((ids) => [...ids].sort().join()))).toHaveProperty('size', 1);
    const { rows } = await db.query<{ count: number }>(
      `select count(*)::int as count from customers c join customer_external_ids e on e.customer_id = c.id
        where c.tenant_id = $1 and e.external_id in ('601', '602')`,
      [tenantId],
    );
    expect(rows[0]?.count).toBe(2);
  });
});
