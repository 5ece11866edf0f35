import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { ConnectionAuditBody, ConnectionBody, ConnectionCheckBody, ConnectionForm, ConnectionSavedBody } from '../../contract/connection.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { actorOf, requireRole } from '../../accounts/roles.js';
import { accountError } from '../../accounts/account-errors.js';
import { changeConnection, checkConnection, describeConnection } from '../../helpdesk/connection-change.js';
import { listConnectionAudit } from '../../helpdesk/connection-audit-repository.js';


/** The connection is the console's business: a helpdesk agent's sidebar token reads none of it. */
function refuseSidebar(request: FastifyRequest): void {
  if (request.principal?.kind === 'sidebar') {
    throw accountError('SERVER_AUTH_ROLE_FORBIDDEN', { message: "A helpdesk agent's token cannot read the helpdesk connection; sign in to the console", details: { needs: 'viewer' } });
  }
}

/**
 * The tenant's Zendesk or Freshdesk connection: read it (secrets masked), check credentials against
 * the helpdesk without saving, or save them once the helpdesk accepted them (admins and owners).
 */
export const connectionRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | undefined }> = async (app, { publicUrl }) => {
  app.addHook('onRequest', authenticateTenant);
  const tags = ['connection'];
  const deps = () => ({ db: app.db, secrets: app.secrets, fetchPolicy: app.kb.fetchPolicy });
  /** The origin the helpdesk should post webhooks to: PUBLIC_URL, or this server as the request reached it. */
  const publicUrlOf = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;
  const describe = (request: FastifyRequest) => describeConnection(deps(), scopeOf(request), { slug: tenantOf(request).slug, publicUrl: publicUrlOf(request) });

  app.get(
    '/v1/connection',
    {
      schema: {
        tags,
        summary: 'The helpdesk connection: address, masked credentials, the webhook setup with this tenant\'s URL, and whether events arrive',
        response: { 200: ConnectionBody, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      refuseSidebar(request);
      return describe(request);
    },
  );

  app.post(
    '/v1/connection/check',
    {
      schema: {
        tags,
        summary: 'Ask the helpdesk who these credentials act as, without saving them (admins and owners)',
        description:
          'Zendesk GET /api/v2/users/me, Freshdesk GET /api/v2/agents/me, once. Refused credentials answer 422 SERVER_HELPDESK_CREDENTIALS_REFUSED in the helpdesk\'s words; an address where nothing answers 422 SERVER_HELPDESK_UNREACHABLE; a helpdesk failing on its side 502 SERVER_HELPDESK_CHECK_FAILED. Blank secrets use the saved ones.',
        body: ConnectionForm,
        response: { 200: ConnectionCheckBody, ...errorResponses(400, 401, 403, 422, 502) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'admin');
      const { baseUrl, agent, message } = await checkConnection(deps(), scopeOf(request), request.body);
      return { baseUrl, agent, message };
    },
  );

  app.put(
    '/v1/connection',
    {
      schema: {
        tags,
        summary: 'Save the connection once the helpdesk accepts its credentials (admins and owners); audited',
        description: 'Checked as POST /v1/connection/check first: nothing is stored unless the helpdesk accepted the credentials. Blank secrets keep the saved ones of the same helpdesk.',
        body: ConnectionForm,
        response: { 200: ConnectionSavedBody, ...errorResponses(400, 401, 403, 422, 502) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'admin');
      const { agent, message } = await changeConnection(deps(), scopeOf(request), { form: request.body, actor: actorOf(request.principal) });
      return { connection: await describe(request), agent, message };
    },
  );

  app.get(
    '/v1/connection/audit',
    {
      schema: {
        tags,
        summary: 'Who changed the connection, when, and which fields; newest first (secrets only as "changed")',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }, { additionalProperties: false }),
        response: { 200: ConnectionAuditBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      refuseSidebar(request);
      const entries = await listConnectionAudit(app.db, scopeOf(request), { limit: request.query.limit });
      return { entries: entries.map((entry) => ({ id: entry.id, actor: entry.actor, at: entry.at.toISOString(), changes: entry.changes })) };
    },
  );
};
