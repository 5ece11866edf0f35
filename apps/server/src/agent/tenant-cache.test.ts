import { describe, expect, it } from 'vitest';
import { perTenantCache } from './tenant-cache.js';

describe('per-tenant cache', () => {
  it('reads each tenant once per period and again after it', async () => {
    let clock = 0;
    const reads: string[] = [];
    const cached = perTenantCache(async (tenantId) => (reads.push(tenantId), `${tenantId}@${clock}`), 1_000, () => clock);
    expect(await cached('a')).toBe('a@0');
    clock = 999;
    expect(await cached('a')).toBe('a@0');
    expect(await cached('b')).toBe('b@999');
    clock = 1_000;
    expect(await cached('a')).toBe('a@1000');
    expect(reads).toEqual(['a', 'b', 'a']);
  });
});
