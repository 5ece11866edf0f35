import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/errors.js';
import { GroupsResponse } from '../../contract/sidebar.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';

/** The helpdesk's agent groups, read live: where an escalation can route a ticket. */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.get(
    '/v1/groups',
    { schema: { tags: ['groups'], summary: "The helpdesk's groups a ticket can be escalated to", response: { 200: GroupsResponse, ...errorResponses(401, 502, 503) } } },
    async (request) => {
      const { connector } = await app.helpdesks.forTenant(tenantOf(request).id);
      const groups = await connector.listGroups();
      return { groups: [...groups].sort((a, b) => a.name.localeCompare(b.name)) };
    },
  );
};
