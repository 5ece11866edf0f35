import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity, type Customer, type Identity } from '@threadline/connector-core';
import type { Db } from '@threadline/platform/db';
import { migrate } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { migrationSets } from '../src/migrations.js';
import { getCustomer, keyCustomers, lockCustomerKeys, upsertCustomer } from '../src/mirror/customers-repository.js';
import { changeIdentitySettings } from '../src/mirror/identity-settings-change.js';
import { DEFAULT_IDENTITY_SETTINGS, getIdentitySettings, saveIdentitySettings, type IdentitySettings } from '../src/tenants/identity-settings-repository.js';
import { createTenant } from '../src/tenants/tenants-repository.js';

function customer(id: string, email: string, phone?: string): Customer {
  return {
    id,
    name: `Customer ${id}`,
    locale: 'en-US',
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    identities: [
      identity('email', email, { isVerified: true, isPrimary: true }),
      ...(phone ? [identity('phone', phone, { isVerified: false, isPrimary: false })] : []),
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

/** A helpdesk record with the given identities, created `createdAt`. */
function record(id: string, name: string, identities: Identity[], createdAt = '2026-11-01T10:00:00Z'): Customer {
  return { id, name, locale: 'en-US', createdAt, updatedAt: createdAt, identities };
}

describe.each(testDatabases())('one person across identity formats on $label', ({ create }) => {
  let db: Db;

  beforeAll(async () => {
    db = await create();
    await migrate(db, migrationSets);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** A fresh tenant with `settings`, and a writer that keys and upserts records the way the mirror sync does. */
  async function tenantWith(slug: string, settings?: IdentitySettings) {
    const tenantId = (await db.transaction((tx) => createTenant(tx, { slug, name: slug }))).id;
    if (settings) await db.transaction((tx) => saveIdentitySettings(tx, tenantId, settings));
    const write = (records: Customer[]) =>
      db.transaction(async (tx) => {
        const keyed = keyCustomers(records, await getIdentitySettings(tx, tenantId));
        await lockCustomerKeys(tx, tenantId, keyed);
        const ids: string[] = [];
        for (const each of keyed) ids.push(await upsertCustomer(tx, tenantId, each));
        return ids;
      });
    return { tenantId, write };
  }

  it('resolves every format a helpdesk holds a number in to one person, and shows it as typed', async () => {
    const { tenantId, write } = await tenantWith('formats');
    const [jane] = await write([record('1', 'Jane Cooper', [identity('email', 'jane@x.com'), identity('phone', '+14155550134')], '2025-01-01T00:00:00Z')]);
    const typed = ['(415) 555-0134', '415-555-0134', '+1 (415) 555 0134', '415.555.0134'];
    const others = await write(typed.map((phone, index) => record(`${10 + index}`, `Caller ${phone}`, [identity('phone', phone)])));
    expect(new Set([jane, ...others])).toEqual(new Set([jane]));
    const card = await getCustomer(db, tenantId, jane as string);
    expect(card?.name).toBe('Jane Cooper');
    expect(card?.identities.filter((item) => item.type === 'phone')).toEqual([{ type: 'phone', value: '+14155550134', raw: '+14155550134', isVerified: true, isPrimary: false }]);
    expect(card?.externalIds).toEqual(['1', '10', '11', '12', '13']);
  });

  it('keeps the first raw value and changes nothing when the same records are written again', async () => {
    const { tenantId, write } = await tenantWith('rerun');
    const records = [record('1', 'Caller', [identity('phone', '(415) 555-0134')], '2026-01-01T00:00:00Z'), record('2', 'Jane', [identity('phone', '+1 415 555 0134')], '2025-01-01T00:00:00Z')];
    const [first] = await write(records);
    const before = (await db.query(`select * from customer_identities where tenant_id = $1`, [tenantId])).rows;
    expect(await write(records)).toEqual([first, first]);
    expect((await db.query(`select * from customer_identities where tenant_id = $1`, [tenantId])).rows).toEqual(before);
    expect(before).toMatchObject([{ value: '+14155550134', raw_value: '(415) 555-0134' }]);
    // The name follows the oldest helpdesk record, whichever was written first.
    expect((await getCustomer(db, tenantId, first as string))?.name).toBe('Jane');
  });

  it('reads national numbers in the tenant region', async () => {
    const uk = await tenantWith('uk', { defaultRegion: 'gb', canMergeEmailAliases: false });
    const [a, b] = await uk.write([record('1', 'Amy', [identity('phone', '020 7946 0018')]), record('2', 'Amy', [identity('phone', '+44 20 7946 0018')])]);
    expect(a).toBe(b);
    const us = await tenantWith('us');
    const [c, d] = await us.write([record('1', 'Amy', [identity('phone', '020 7946 0018')]), record('2', 'Amy', [identity('phone', '+44 20 7946 0018')])]);
    expect(c).not.toBe(d);
  });

  it('matches emails case-insensitively always, and aliases only when the tenant opts in', async () => {
    const records = [record('1', 'Jane', [identity('email', 'Jane@X.com')]), record('2', 'Jane', [identity('email', 'jane@x.com')]), record('3', 'Jane', [identity('email', 'jane+orders@x.com')])];
    const strict = await tenantWith('strict');
    expect(await getIdentitySettings(db, strict.tenantId)).toEqual(DEFAULT_IDENTITY_SETTINGS);
    expect(new Set(await strict.write(records)).size).toBe(2);
    const loose = await tenantWith('loose', { defaultRegion: 'US', canMergeEmailAliases: true });
    expect(new Set(await loose.write([...records, record('4', 'Jane', [identity('email', 'j.a.n.e@gmail.com')]), record('5', 'Jane', [identity('email', 'jane@gmail.com')])])).size).toBe(2);
  });

  it('matches social handles without @ and case, per platform', async () => {
    const { write } = await tenantWith('social');
    const [a, b, c] = await write([record('1', 'Jo', [identity('twitter', '@JoHikes')]), record('2', 'Jo', [identity('twitter', 'johikes')]), record('3', 'Jo', [identity('instagram', 'johikes')])]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('re-keys the mirror when the region changes, and the next sync joins the people the new keys name', async () => {
    const { tenantId, write } = await tenantWith('moved');
    const records = [record('1', 'Amy', [identity('phone', '020 7946 0018')], '2025-01-01T00:00:00Z'), record('2', 'Amy Caller', [identity('phone', '+44 20 7946 0018')])];
    const [a, b] = await write(records);
    expect(a).not.toBe(b);
    await changeIdentitySettings(db, tenantId, { defaultRegion: 'GB', canMergeEmailAliases: false });
    const keys = await db.query<{ value: string; raw_value: string }>(`select value, raw_value from customer_identities where tenant_id = $1 order by raw_value`, [tenantId]);
    expect(keys.rows).toEqual([{ value: '+442079460018', raw_value: expect.any(String) }]);
    const [c, d] = await write(records);
    expect(c).toBe(d);
    expect((await db.query(`select id from customers where tenant_id = $1`, [tenantId])).rows).toEqual([{ id: c }]);
  });

  it('refuses a region that is not one', async () => {
    const { tenantId } = await tenantWith('nowhere');
    await expect(db.transaction((tx) => saveIdentitySettings(tx, tenantId, { defaultRegion: 'ZZ', canMergeEmailAliases: false }))).rejects.toMatchObject({ code: 'SERVER_IDENTITY_REGION_UNKNOWN', category: 'user' });
  });
});
