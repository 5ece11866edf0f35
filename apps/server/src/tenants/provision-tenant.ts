import type { Db } from '@threadline/platform/db';
import type { SecretBox } from './secret-box.js';
import { createApiKey, createTenant, saveHelpdeskConnection, type HelpdeskCredentials, type Tenant } from './tenants-repository.js';

export interface ProvisionInput {
  slug: string;
  name: string;
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
  sidebarSecret?: string;
}

/** Creates a tenant, its helpdesk connection and its first API key, all or nothing. */
export async function provisionTenant(db: Db, secrets: SecretBox, input: ProvisionInput): Promise<{ tenant: Tenant; apiKey: string; sidebarSecret: string }> {
  return db.transaction(async (tx) => {
    const tenant = await createTenant(tx, { slug: input.slug, name: input.name });
    const { sidebarSecret } = await saveHelpdeskConnection(tx, secrets, {
      tenantId: tenant.id,
      baseUrl: input.baseUrl,
      credentials: input.credentials,
      webhookSecret: input.webhookSecret,
      ...(input.sidebarSecret ? { sidebarSecret: input.sidebarSecret } : {}),
    });
    const apiKey = await createApiKey(tx, tenant.id);
    return { tenant, apiKey, sidebarSecret };
  });
}
