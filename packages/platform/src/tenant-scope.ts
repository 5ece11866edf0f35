declare const scopeBrand: unique symbol;

/**
 * Which tenant a query may see. Repositories take it as its own argument, apart from the filters a
 * request supplies, so request input can never be spread over the tenant: an object literal such as
 * `{ tenantId, ...request.query }` is not a `TenantScope` (it lacks the brand) and does not compile.
 *
 * Made only where the tenant is known for certain: from a request's verified credentials
 * (`scopeOf(request)` in the server), from a stored job's own row, or in a test.
 *
 * @example
 * const jobs = await listJobs(db, scopeOf(request), { status: request.query.status, limit: 20 });
 */
export interface TenantScope {
  readonly tenantId: string;
  readonly [scopeBrand]: true;
}

/** Wraps a tenant id that came from authentication or from a row the tenant owns. */
export function tenantScope(tenantId: string): TenantScope {
  return Object.freeze({ tenantId }) as TenantScope;
}
