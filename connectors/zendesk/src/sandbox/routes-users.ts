import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZendeskUser } from '../wire.js';
import { actorOf } from './access.js';
import { includes, notFound, numericId, queryOf, sendError, sendPage, single } from './protocol.js';
import { ticketUsers } from './routes-tickets.js';
import { userOrganizations, type SandboxState } from './state.js';

const digits = (value: string) => value.replace(/\D/g, '');

/**
 * Phone numbers match on their digits, so `+1 (415) 555-0134` finds `+14155550134`; a national
 * number (10 digits or more) also finds its international form.
 */
function samePhone(a: string, b: string): boolean {
  const [left, right] = [digits(a), digits(b)];
  if (left.length < 7 || right.length < 7) return false;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter === longer || (shorter.length >= 10 && longer.endsWith(shorter));
}

/**
 * The `phone:` qualifier as Zendesk documents it for finding a caller ("Retrieving the Zendesk user
 * id of a caller", developer.zendesk.com/documentation/voice/talk-partner-edition): "The number
 * should not contain any non-numeric characters … To specify a phone number in different formats,
 * add a leading * (asterisk) to the number": `phone:*5135557611` finds `+1 513.555.7611`,
 * `(513) 555-7611`, `513-555-7611`. Without the asterisk the digits must be the stored number's
 * digits exactly. Numbers are stored as typed (user identities of type `phone_number`).
 */
function matchesPhoneQualifier(stored: string, query: string): boolean {
  const wanted = digits(query);
  if (wanted === '') return false;
  return query.trim().startsWith('*') ? digits(stored).endsWith(wanted) : digits(stored) === wanted;
}

/**
 * `GET /users/search?query=`: `email:`, `phone:`, `name:` and `external_id:` qualifiers, or a bare
 * value matched against emails, phones, every identity and (partially) names.
 */
export function searchUsers(state: SandboxState, query: string): ZendeskUser[] {
  const match = /^(email|phone|name|external_id):\s*"?(.*?)"?$/i.exec(query.trim());
  const field = match?.[1]?.toLowerCase();
  const value = (match?.[2] ?? query).trim().replace(/^"|"$/g, '');
  const lower = value.toLowerCase().replace(/^@/, '');
  if (lower === '') return [];
  return [...state.users.values()].filter((user) => {
    const identities = state.identities.get(user.id) ?? [];
    const emails = [user.email, ...identities.filter((item) => item.type === 'email').map((item) => item.value)].filter((item): item is string => !!item);
    const phones = [user.phone, ...identities.filter((item) => item.type === 'phone_number').map((item) => item.value)].filter((item): item is string => !!item);
    if (field === 'email') return emails.some((email) => email.toLowerCase() === lower);
    if (field === 'phone') return phones.some((phone) => matchesPhoneQualifier(phone, value));
    if (field === 'name') return user.name.toLowerCase().includes(lower);
    if (field === 'external_id') return user.external_id === value;
    return (
      emails.some((email) => email.toLowerCase() === lower) ||
      phones.some((phone) => samePhone(phone, value)) ||
      identities.some((item) => item.value.toLowerCase().replace(/^@/, '') === lower) ||
      user.name.toLowerCase().includes(lower)
    );
  });
}

/** Users, identities, a user's tickets, and groups. */
export function registerUserRoutes(app: FastifyInstance, getState: () => SandboxState): void {
  const findUser = (request: FastifyRequest): ZendeskUser | undefined => {
    const id = numericId((request.params as { id?: string }).id);
    // A merged-away user is gone; its identities and tickets live on the survivor.
    return id === null ? undefined : getState().users.get(id);
  };

  app.get('/api/v2/users/me', async (request, reply) => reply.send({ user: getState().users.get(actorOf(request, getState())) }));

  app.get('/api/v2/users/search', async (request, reply) => {
    const state = getState();
    const query = queryOf(request);
    const externalId = single(query.external_id);
    const text = single(query.query);
    if (externalId === undefined && text === undefined) return sendError(reply, 400, 'InvalidValue', 'Provide query or external_id');
    const users = externalId !== undefined ? [...state.users.values()].filter((user) => user.external_id === externalId) : searchUsers(state, text ?? '');
    return sendPage(request, reply, users.sort((a, b) => a.id - b.id), 'users');
  });

  app.get('/api/v2/users/show_many', async (request, reply) => {
    const state = getState();
    const ids = (single(queryOf(request).ids) ?? '').split(',').map(Number).filter(Number.isInteger);
    const users = ids.map((id) => state.users.get(id)).filter((user): user is ZendeskUser => user !== undefined);
    return reply.send({ users, next_page: null, previous_page: null, count: users.length });
  });

  app.get('/api/v2/users', async (request, reply) => {
    const users = [...getState().users.values()].sort((a, b) => a.id - b.id);
    return sendPage(request, reply, users, 'users');
  });

  app.get('/api/v2/users/:id', async (request, reply) => {
    const user = findUser(request);
    if (!user) return notFound(reply);
    return reply.send({ user, ...(includes(request, 'organizations') ? { organizations: userOrganizations(getState(), [user]) } : {}) });
  });

  // "Show Organization" answers `{"organization": {...}}`; "List Organizations" pages them.
  app.get('/api/v2/organizations', async (request, reply) => sendPage(request, reply, [...getState().organizations.values()], 'organizations'));
  app.get('/api/v2/organizations/:id', async (request, reply) => {
    const id = numericId((request.params as { id?: string }).id);
    const organization = id === null ? undefined : getState().organizations.get(id);
    return organization ? reply.send({ organization }) : notFound(reply);
  });

  app.get('/api/v2/users/:id/identities', async (request, reply) => {
    const user = findUser(request);
    if (!user) return notFound(reply);
    const wanted = queryOf(request)['type[]'];
    const types = wanted === undefined ? null : new Set(Array.isArray(wanted) ? wanted : [wanted]);
    const identities = (getState().identities.get(user.id) ?? []).filter((item) => types === null || types.has(item.type));
    return sendPage(request, reply, identities, 'identities');
  });

  app.get('/api/v2/users/:id/tickets/:relation', async (request, reply) => {
    const user = findUser(request);
    const relation = (request.params as { relation: string }).relation;
    if (!user || !['requested', 'ccd', 'assigned'].includes(relation)) return notFound(reply);
    const state = getState();
    const tickets = [...state.tickets.values()]
      .filter((ticket) =>
        relation === 'requested' ? ticket.requester_id === user.id : relation === 'assigned' ? ticket.assignee_id === user.id : ticket.collaborator_ids.includes(user.id),
      )
      .sort((a, b) => a.id - b.id);
    return sendPage(request, reply, tickets, 'tickets', { extend: (page) => (includes(request, 'users') ? { users: ticketUsers(state, page) } : {}) });
  });

  app.get('/api/v2/groups', async (request, reply) => sendPage(request, reply, [...getState().groups.values()], 'groups'));
  app.get('/api/v2/groups/:id', async (request, reply) => {
    const id = numericId((request.params as { id?: string }).id);
    const group = id === null ? undefined : getState().groups.get(id);
    return group ? reply.send({ group }) : notFound(reply);
  });
}
