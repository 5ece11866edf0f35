import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { AcceptInviteBody, CurrentSessionBody, LinkPreviewBody, LinkTokenBody, SessionBody, SignInBody } from '../../contract/people.js';
import { describeLink, openLink, signIn, type StartedSession } from '../../accounts/console-accounts.js';
import { accountError } from '../../accounts/account-errors.js';
import { sessionCookie } from '../../accounts/session-cookie.js';
import { deleteSession, findSession, type ConsoleSession } from '../../accounts/sessions-repository.js';
import { checkCsrf, checkSameOrigin, sessionTokenOf } from '../../plugins/app/session-auth.js';

const toSessionBody = (session: Pick<StartedSession, 'tenant' | 'user' | 'csrfToken' | 'expiresAt'>): SessionBody => ({
  workspace: { slug: session.tenant.slug, name: session.tenant.name },
  member: { id: session.user.id, email: session.user.email, name: session.user.name, role: session.user.role },
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt.toISOString(),
});

const fromStored = (session: ConsoleSession): SessionBody =>
  toSessionBody({ tenant: session.tenant, user: { id: session.userId, email: session.email, name: session.name, role: session.role, createdAt: session.expiresAt }, csrfToken: session.csrfToken, expiresAt: session.expiresAt });

/** Sets the cookie of a session just started and answers who is signed in. */
function startSession(request: FastifyRequest, reply: FastifyReply, session: StartedSession): SessionBody {
  void reply.header('set-cookie', sessionCookie({ token: session.token, isSecure: request.protocol === 'https' })).header('cache-control', 'no-store');
  return toSessionBody(session);
}

/**
 * The console's sign-in, registered outside the authenticated context: password sign-in (rate
 * limited per account and address), opening an invitation or a one-time sign-in link, reading the
 * current session, and signing out. Machines keep using the tenant API key instead.
 */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schemaBase = { tags: ['auth'] };

  app.post(
    '/v1/auth/sign-in',
    {
      schema: {
        ...schemaBase,
        summary: 'Sign in to the console with workspace, email and password; sets the session cookie',
        description: 'After 5 failed attempts for an account, or 30 from one address, in 15 minutes: 429 AUTH_RATE_LIMITED with Retry-After.',
        body: SignInBody,
        response: { 200: SessionBody, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      checkSameOrigin(request);
      const session = await signIn(app.db, { workspace: request.body.workspace, email: request.body.email, password: request.body.password, ip: request.ip });
      return startSession(request, reply, session);
    },
  );

  app.post(
    '/v1/auth/links/preview',
    { schema: { ...schemaBase, summary: 'What an invitation or sign-in link is for (workspace, email, role), without using it', body: LinkTokenBody, response: { 200: LinkPreviewBody, ...errorResponses(400) } } },
    async (request) => {
      const link = await describeLink(app.db, request.body.token);
      return { ...link, expiresAt: link.expiresAt.toISOString() };
    },
  );

  app.post(
    '/v1/auth/links/sign-in',
    { schema: { ...schemaBase, summary: 'Use a one-time sign-in link; sets the session cookie', body: LinkTokenBody, response: { 200: SessionBody, ...errorResponses(400, 403) } } },
    async (request, reply) => {
      checkSameOrigin(request);
      const link = await describeLink(app.db, request.body.token);
      if (link.kind !== 'sign_in') throw accountError('SERVER_AUTH_LINK_INVALID', { message: 'This is an invitation: choose a password to accept it' });
      return startSession(request, reply, await openLink(app.db, { token: request.body.token }));
    },
  );

  app.post(
    '/v1/auth/invites/accept',
    { schema: { ...schemaBase, summary: 'Accept an invitation: creates the account with this password and signs in', body: AcceptInviteBody, response: { 200: SessionBody, ...errorResponses(400, 403, 409) } } },
    async (request, reply) => {
      checkSameOrigin(request);
      const link = await describeLink(app.db, request.body.token);
      if (link.kind !== 'invite') throw accountError('SERVER_AUTH_LINK_INVALID', { message: 'This is a sign-in link, not an invitation' });
      const { token, password, name } = request.body;
      return startSession(request, reply, await openLink(app.db, { token, password, ...(name ? { name } : {}) }));
    },
  );

  app.get(
    '/v1/auth/session',
    { schema: { ...schemaBase, summary: 'Who is signed in in this browser (null: nobody), with the CSRF token for writes', response: { 200: CurrentSessionBody } } },
    async (request, reply) => {
      const token = sessionTokenOf(request);
      const session = token ? await findSession(app.db, token) : null;
      void reply.header('cache-control', 'no-store');
      return { session: session ? fromStored(session) : null };
    },
  );

  app.post(
    '/v1/auth/sign-out',
    { schema: { ...schemaBase, summary: 'End this session and clear its cookie', response: { 204: Type.Null(), ...errorResponses(403) } } },
    async (request, reply) => {
      const token = sessionTokenOf(request);
      const session = token ? await findSession(app.db, token) : null;
      // Signing out is a write: another site must not sign a user out either.
      if (token && session) {
        checkCsrf(request, session);
        await deleteSession(app.db, token);
      }
      return reply.header('set-cookie', sessionCookie({ token: null, isSecure: request.protocol === 'https' })).code(204).send(null);
    },
  );
};
