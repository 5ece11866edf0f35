import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { CreatedInviteBody, MemberBody, NewInviteBody, PeopleBody, RoleChangeBody } from '../../contract/people.js';
import { authenticateTenant, scopeOf } from '../../plugins/app/api-auth.js';
import { cancelInvite, changeRole, invitePerson, listPeople, removePerson } from '../../accounts/console-accounts.js';
import type { ConsoleUser } from '../../accounts/console-users-repository.js';
import type { ConsoleInvite } from '../../accounts/invites-repository.js';
import { actorOf, requireRole } from '../../accounts/roles.js';

const toMember = (user: ConsoleUser) => ({ id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() });
const toInvite = (invite: ConsoleInvite) => ({ id: invite.id, email: invite.email, role: invite.role, invitedBy: invite.invitedBy, createdAt: invite.createdAt.toISOString(), expiresAt: invite.expiresAt.toISOString() });
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The workspace's console members and open invitations; changing them is for owners (or the API key). */
export const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);
  const tags = ['people'];

  app.get('/v1/people', { schema: { tags, summary: 'Members with their roles, and open invitations', response: { 200: PeopleBody, ...errorResponses(401) } } }, async (request) => {
    const { members, invites } = await listPeople(app.db, scopeOf(request));
    return { members: members.map(toMember), invites: invites.map(toInvite) };
  });

  app.post(
    '/v1/people/invites',
    { schema: { tags, summary: 'Invite someone (owners only); the link is in the answer, once', body: NewInviteBody, response: { 201: CreatedInviteBody, ...errorResponses(400, 401, 403, 409) } } },
    async (request, reply) => {
      requireRole(request.principal, 'owner');
      const { invite, path } = await invitePerson(app.db, scopeOf(request), { email: request.body.email, role: request.body.role, invitedBy: actorOf(request.principal) });
      return reply.code(201).header('cache-control', 'no-store').send({ invite: toInvite(invite), path });
    },
  );

  app.delete(
    '/v1/people/invites/:id',
    { schema: { tags, summary: 'Withdraw an open invitation (owners only)', params: Id, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      requireRole(request.principal, 'owner');
      await cancelInvite(app.db, scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/v1/people/:id/role',
    { schema: { tags, summary: "Change a member's role (owners only; the last owner stays owner)", params: Id, body: RoleChangeBody, response: { 200: MemberBody, ...errorResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      requireRole(request.principal, 'owner');
      return toMember(await changeRole(app.db, scopeOf(request), request.params.id, request.body.role));
    },
  );

  app.delete(
    '/v1/people/:id',
    { schema: { tags, summary: 'Remove a member and end their sessions (owners only; not the last owner)', params: Id, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => {
      requireRole(request.principal, 'owner');
      await removePerson(app.db, scopeOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
