import { createHash } from 'node:crypto';
import type { Queryable } from '@threadline/platform/db';
import { rekeyIdentities, type Customer, type Identity, type Organization } from '@threadline/connector-core';
import type { IdentitySettings } from '../tenants/identity-settings-repository.js';

export interface MirrorOrganization {
  id: string;
  externalId: string;
  name: string;
  domains: string[];
}

export interface MirrorCustomer {
  id: string;
  name: string;
  locale: string | null;
  organization: MirrorOrganization | null;
  identities: Identity[];
  externalIds: string[];
  createdAt: Date;
}

/**
 * The customers with their identities keyed by the tenant's settings (phone region, email aliases),
 * from the values as the helpdesk holds them. Locks, matching and storage all use these keys, so
 * `(415) 555-0134` on a call and `+14155550134` on a profile are one person.
 */
export function keyCustomers(customers: Iterable<Customer>, settings: IdentitySettings): Customer[] {
  return [...customers].map((customer) => ({ ...customer, identities: rekeyIdentities(customer.identities, settings) }));
}

/**
 * Serialises concurrent writers of the same people: takes a transaction-scoped advisory lock on
 * every helpdesk id and identity the customers carry, in one global order so two writers never
 * wait on each other crosswise. Without it, two syncs of a new customer both find no match and
 * both insert (one person becomes two, and tickets land on the wrong one).
 *
 * Call it inside the write transaction before the first `upsertCustomer`.
 */
export async function lockCustomerKeys(tx: Queryable, tenantId: string, customers: Iterable<Customer>): Promise<void> {
  const keys = new Set<bigint>();
  for (const customer of customers) {
    keys.add(lockKey(tenantId, `external:${customer.id}`));
    for (const identity of customer.identities) keys.add(lockKey(tenantId, `identity:${identity.type}:${identity.value}`));
  }
  if (keys.size === 0) return;
  const ordered = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  await tx.query(`select pg_advisory_xact_lock(key) from unnest($1::bigint[]) as key`, [ordered]);
}

function lockKey(tenantId: string, value: string): bigint {
  return createHash('sha256').update(`customer\u0000${tenantId}\u0000${value}`).digest().readBigInt64BE(0);
}

/**
 * Puts a helpdesk customer into the mirror and returns the Threadline customer id.
 *
 * Identity resolution: the customer is matched by its helpdesk id or by any identity's match key,
 * so its identities must be keyed with the tenant's settings first (`keyCustomers`). When
 * that matches several Threadline customers (the helpdesk merged two people we held apart), they
 * are merged into the oldest one: identities, helpdesk ids and tickets move over. Re-running with
 * the same data changes nothing.
 */
export async function upsertCustomer(tx: Queryable, tenantId: string, customer: Customer): Promise<string> {
  const matches = await tx.query<{ customer_id: string; created_at: Date }>(
    `select distinct c.id as customer_id, c.created_at
       from customers c
      where c.tenant_id = $1
        and (c.id in (select customer_id from customer_external_ids where tenant_id = $1 and external_id = $2)
          or c.id in (select customer_id from customer_identities
                       where tenant_id = $1 and (type, value) in (select * from unnest($3::text[], $4::text[]))))
      order by c.created_at, c.id`,
    [tenantId, customer.id, customer.identities.map((i) => i.type), customer.identities.map((i) => i.value)],
  );
  let customerId: string;
  if (matches.rows.length === 0) {
    const created = await tx.query<{ id: string }>(
      `insert into customers (tenant_id, name, locale, created_at) values ($1, $2, $3, $4) returning id`,
      [tenantId, customer.name, customer.locale, customer.createdAt],
    );
    customerId = (created.rows[0] as { id: string }).id;
  } else {
    customerId = (matches.rows[0] as { customer_id: string }).customer_id;
    const others = matches.rows.slice(1).map((row) => row.customer_id);
    if (others.length > 0) await mergeCustomers(tx, tenantId, customerId, others);
    // Name and locale follow the oldest helpdesk record: the caller record a phone system created
    // yesterday ("Caller +1 415…") joins Jane Cooper, it does not rename her.
    await tx.query(
      `update customers set name = $3, locale = $4, created_at = $5, updated_at = now()
        where tenant_id = $1 and id = $2 and created_at >= $5
          and (name is distinct from $3 or locale is distinct from $4 or created_at <> $5)`,
      [tenantId, customerId, customer.name, customer.locale, customer.createdAt],
    );
  }
  await tx.query(
    `insert into customer_external_ids (tenant_id, external_id, customer_id) values ($1, $2, $3)
     on conflict (tenant_id, external_id) do update set customer_id = excluded.customer_id
      where customer_external_ids.customer_id is distinct from excluded.customer_id`,
    [tenantId, customer.id, customerId],
  );
  // Undefined: the helpdesk record was read without its organization; what the mirror holds stays.
  if (customer.organization !== undefined) {
    const organizationId = customer.organization ? await upsertOrganization(tx, tenantId, customer.organization) : null;
    await tx.query(
      `update customers set organization_id = $3, updated_at = now() where tenant_id = $1 and id = $2 and organization_id is distinct from $3`,
      [tenantId, customerId, organizationId],
    );
  }
  for (const identity of customer.identities) {
    // Several helpdesk records can hold one number typed differently: the first raw value stays, so
    // a re-sync changes nothing and the card does not flip between formats.
    await tx.query(
      `insert into customer_identities (tenant_id, type, value, raw_value, customer_id, is_verified, is_primary)
       values ($1, $2, $3, $7, $4, $5, $6)
       on conflict (tenant_id, type, value) do update
         set customer_id = excluded.customer_id, is_verified = excluded.is_verified, is_primary = excluded.is_primary
       where (customer_identities.customer_id, customer_identities.is_verified, customer_identities.is_primary)
             is distinct from (excluded.customer_id, excluded.is_verified, excluded.is_primary)`,
      [tenantId, identity.type, identity.value, customerId, identity.isVerified, identity.isPrimary, identity.raw],
    );
  }
  return customerId;
}

/** Puts a helpdesk organization into the mirror (name and domains follow the helpdesk) and returns its id. */
export async function upsertOrganization(tx: Queryable, tenantId: string, organization: Organization): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `with written as (
       insert into organizations (tenant_id, external_id, name, domains) values ($1, $2, $3, $4)
       on conflict (tenant_id, external_id) do update set name = excluded.name, domains = excluded.domains, updated_at = now()
       where (organizations.name, organizations.domains) is distinct from (excluded.name, excluded.domains)
       returning id)
     select id from written
     union all
     select id from organizations where tenant_id = $1 and external_id = $2 and not exists (select 1 from written)`,
    [tenantId, organization.id, organization.name, organization.domains],
  );
  return (rows[0] as { id: string }).id;
}

async function mergeCustomers(tx: Queryable, tenantId: string, survivorId: string, mergedIds: string[]): Promise<void> {
  for (const table of ['customer_identities', 'customer_external_ids', 'tickets']) {
    await tx.query(`update ${table} set customer_id = $2 where tenant_id = $1 and customer_id = any($3::uuid[])`, [tenantId, survivorId, mergedIds]);
  }
  await tx.query(`delete from customers where tenant_id = $1 and id = any($2::uuid[])`, [tenantId, mergedIds]);
}

export async function findCustomerIdByExternalId(db: Queryable, tenantId: string, externalId: string): Promise<string | null> {
  const { rows } = await db.query<{ customer_id: string }>(
    `select customer_id from customer_external_ids where tenant_id = $1 and external_id = $2`,
    [tenantId, externalId],
  );
  return rows[0]?.customer_id ?? null;
}

export async function getCustomer(db: Queryable, tenantId: string, customerId: string): Promise<MirrorCustomer | null> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    locale: string | null;
    created_at: Date;
    organization_id: string | null;
    organization_external_id: string | null;
    organization_name: string | null;
    organization_domains: string[] | null;
  }>(
    `select c.id, c.name, c.locale, c.created_at, o.id as organization_id, o.external_id as organization_external_id,
            o.name as organization_name, o.domains as organization_domains
       from customers c
       left join organizations o on o.id = c.organization_id and o.tenant_id = c.tenant_id
      where c.tenant_id = $1 and c.id = $2`,
    [tenantId, customerId],
  );
  const row = rows[0];
  if (!row) return null;
  const identities = await db.query<{ type: Identity['type']; value: string; raw_value: string; is_verified: boolean; is_primary: boolean }>(
    `select type, value, raw_value, is_verified, is_primary from customer_identities
      where tenant_id = $1 and customer_id = $2 order by is_primary desc, type, value`,
    [tenantId, customerId],
  );
  const externalIds = await db.query<{ external_id: string }>(
    `select external_id from customer_external_ids where tenant_id = $1 and customer_id = $2 order by external_id`,
    [tenantId, customerId],
  );
  return {
    id: row.id,
    name: row.name,
    locale: row.locale,
    organization: row.organization_id
      ? { id: row.organization_id, externalId: row.organization_external_id ?? '', name: row.organization_name ?? '', domains: row.organization_domains ?? [] }
      : null,
    createdAt: row.created_at,
    identities: identities.rows.map((identity) => ({
      type: identity.type,
      value: identity.value,
      raw: identity.raw_value,
      isVerified: identity.is_verified,
      isPrimary: identity.is_primary,
    })),
    externalIds: externalIds.rows.map((external) => external.external_id),
  };
}
