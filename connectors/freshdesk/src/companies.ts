import type { HttpClient } from '@threadline/connector-core/http';
import type { FdCompany } from './wire-types.js';

export interface CompanyCacheOptions {
  /** How long a looked-up company answers again without a request. Default 5 minutes. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Companies by id, each read once with `GET /companies/{id}` ("View a Company", the only call that
 * returns a company's `domains`: the tickets' `include=company` side-load carries id and name only)
 * and remembered for `ttlMs`, so a sync of many contacts of one company costs one request.
 */
export interface CompanyCache {
  get(companyId: number): Promise<FdCompany>;
}

export function createCompanyCache(client: HttpClient, options: CompanyCacheOptions = {}): CompanyCache {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<number, { company: Promise<FdCompany>; expiresAt: number }>();
  return {
    get(companyId) {
      const entry = entries.get(companyId);
      if (entry && entry.expiresAt > now()) return entry.company;
      const company = client.request<FdCompany>('GET', `/companies/${companyId}`).then(({ body }) => body);
      entries.set(companyId, { company, expiresAt: now() + ttlMs });
      // A failed read is not remembered: the next caller asks again.
      company.catch(() => entries.delete(companyId));
      return company;
    },
  };
}
