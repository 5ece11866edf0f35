import type { ApiClient } from './client.js';
import type { Policy, PolicyAudit } from './account-types.js';

/** The agent's policy and who changed it. */
export interface PolicyApi {
  get(): Promise<Policy>;
  save(policy: Policy): Promise<Policy>;
  audit(limit?: number): Promise<PolicyAudit>;
}

export function createPolicyApi(client: ApiClient): PolicyApi {
  return {
    get: () => client.json('/v1/policy'),
    save: (policy) => client.write('PUT', '/v1/policy', policy),
    audit: (limit = 20) => client.json('/v1/policy/audit', { limit }),
  };
}
