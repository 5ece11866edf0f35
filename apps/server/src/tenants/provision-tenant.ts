import type { Db } from '@threadline/platform/db';
import { createApiKey, createTenant, saveHelpdeskConnection, type HelpdeskCredentials, type Tenant } from './tenants-repository.js';

export interface ProvisionInput {
  slug: string;
  name: string;
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
}

/** Creates a tenant, its helpdesk connection and its first API key, all or nothing. */
export async function provisionTenant(db: Db, input: ProvisionInput): Promise<{ tenant: Tenant; apiKey: string }> {
  return db.transaction(async (tx) => {
    const tenant = await createTenant(tx, { slug: input.slug, name: input.name });
    await saveHelpdeskConnection(tx, { tenantId: tenant.id, baseUrl: input.baseUrl, credentials: input.credentials, webhookSecret: input.webhookSecret });
    const apiKey = await createApiKey(tx, tenant.id);
    return { tenant, apiKey };
  });
}
