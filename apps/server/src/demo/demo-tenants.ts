/** The demo's tenants, one per sandbox helpdesk. */
export const DEMO_TENANTS = { zendesk: 'northwind-zendesk', freshdesk: 'northwind-freshdesk' } as const;

/**
 * Whether every tenant is a demo tenant (true for none). With demo mode `auto` the demo runs only
 * then: the first tenant of the operator's own ends it.
 */
export function hasOnlyDemoTenants(tenants: readonly { slug: string }[]): boolean {
  const demoSlugs: readonly string[] = Object.values(DEMO_TENANTS);
  return tenants.every((tenant) => demoSlugs.includes(tenant.slug));
}
