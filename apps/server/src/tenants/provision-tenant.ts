import type { Db } from '@threadline/platform/db';
import type { SecretBox } from './secret-box.js';
import { createApiKey, createTenant, saveHelpdeskConnection, setAnswerMessagesSince, type HelpdeskCredentials, type Tenant } from './tenants-repository.js';

export interface ProvisionInput {
  slug: string;
  name: string;
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
  sidebarSecret?: string;
  /**
   * Customer messages written before this are history and never answered; default: now. A demo or
   * test world whose seeded tickets stand for live traffic sets it earlier.
   */
  answerMessagesSince?: Date;
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
    if (input.answerMessagesSince) {
      await setAnswerMessagesSince(tx, tenant.id, input.answerMessagesSince);
    }
    const apiKey = await createApiKey(tx, tenant.id);
    return { tenant, apiKey, sidebarSecret };
  });
}
