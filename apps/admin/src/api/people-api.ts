import type { ApiClient } from './client.js';
import type { CreatedInvite, People, Role } from './account-types.js';

/** The workspace's members and invitations. */
export interface PeopleApi {
  list(): Promise<People>;
  invite(input: { email: string; role: Role }): Promise<CreatedInvite>;
  cancelInvite(id: string): Promise<void>;
  changeRole(userId: string, role: Role): Promise<void>;
  remove(userId: string): Promise<void>;
}

export function createPeopleApi(client: ApiClient): PeopleApi {
  return {
    list: () => client.json('/v1/people'),
    invite: (input) => client.write('POST', '/v1/people/invites', input),
    cancelInvite: async (id) => void (await client.write('DELETE', `/v1/people/invites/${encodeURIComponent(id)}`)),
    changeRole: async (userId, role) => void (await client.write('PUT', `/v1/people/${encodeURIComponent(userId)}/role`, { role })),
    remove: async (userId) => void (await client.write('DELETE', `/v1/people/${encodeURIComponent(userId)}`)),
  };
}
