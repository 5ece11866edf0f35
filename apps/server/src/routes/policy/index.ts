import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { PolicyAuditBody, PolicyBody, PolicyResponse } from '../../contract/policy.js';
import { authenticateTenant, scopeOf } from '../../plugins/app/api-auth.js';
import { actorOf, requireRole } from '../../accounts/roles.js';
import { getPolicy } from '../../agent/policy-repository.js';
import { changePolicy, toPolicyBody } from '../../agent/policy-change.js';
import { listPolicyAudit } from '../../agent/policy-audit-repository.js';

/** What the agent may do for the tenant: the one policy the pipeline, the sidebar and replays read. */
export const policyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);
  const tags = ['policy'];

  app.get('/v1/policy', { schema: { tags, summary: "The agent's policy: per-channel mode and threshold, blocked topics, limits, identity, languages", response: { 200: PolicyResponse, ...errorResponses(401) } } }, async (request) =>
    toPolicyBody(await getPolicy(app.db, scopeOf(request).tenantId)),
  );

  app.put(
    '/v1/policy',
    {
      schema: {
        tags,
        summary: 'Replace the policy (admins and owners); the next event already obeys it, and the change is audited',
        description: 'The whole policy is sent (GET, edit, PUT). A policy that is not valid is refused as a whole with 400 POLICY_INVALID naming the field; nothing of it is stored.',
        body: PolicyBody,
        response: { 200: PolicyResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'admin');
      const { policy } = await changePolicy(app.db, scopeOf(request), { body: request.body, actor: actorOf(request.principal) });
      return policy;
    },
  );

  app.get(
    '/v1/policy/audit',
    {
      schema: {
        tags,
        summary: 'Who changed the policy, when, and each field before and after; newest first',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false }),
        response: { 200: PolicyAuditBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const entries = await listPolicyAudit(app.db, scopeOf(request), { limit: request.query.limit });
      return { entries: entries.map((entry) => ({ id: entry.id, actor: entry.actor, at: entry.at.toISOString(), changes: entry.changes })) };
    },
  );
};
