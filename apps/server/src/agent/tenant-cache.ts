/**
 * A per-tenant value read at most once per `ttlMs` (knowledge hosts, the entity names of the
 * knowledge): they change only when sources do, and reading them scans the tenant's documents.
 * A value stale by up to `ttlMs` must be harmless where it is used.
 *
 * @example
 * const hostsFor = perTenantCache((tenantId) => knowledgeHosts(db, tenantId), 60_000);
 * await hostsFor(tenantId);
 */
export function perTenantCache<T>(load: (tenantId: string) => Promise<T>, ttlMs: number, now: () => number = Date.now): (tenantId: string) => Promise<T> {
  const cache = new Map<string, { value: T; expiresAt: number }>();
  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached && cached.expiresAt > now()) return cached.value;
    const value = await load(tenantId);
    cache.set(tenantId, { value, expiresAt: now() + ttlMs });
    return value;
  };
}
