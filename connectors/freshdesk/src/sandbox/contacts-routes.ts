import type { FastifyInstance } from 'fastify';
import type { FdContact } from '../wire-types.js';
import { checkBodyFields, checkQuery, notFound, paginate, pathId, requestAgent, validationFailed, type FieldProblem } from './protocol.js';
import { fdTime, type SandboxState } from './state.js';

const LIST_PARAMS = ['email', 'mobile', 'phone', 'unique_external_id', 'company_id', 'state', 'updated_since', 'page', 'per_page'];
const SEARCHABLE = ['email', 'phone', 'mobile', 'twitter_id', 'active', 'company_id', 'tag', 'language', 'time_zone'];
/** Fields both contacts of a merge may hold only one of; the merge body must then pick. */
const SINGLE_VALUED = ['phone', 'mobile', 'twitter_id', 'unique_external_id'] as const;

/** `?email=` matches the primary and the other emails [unconfirmed: Freshdesk may match only the primary]. */
function hasEmail(contact: FdContact, email: string): boolean {
  const wanted = email.toLowerCase();
  return contact.email === wanted || contact.other_emails.includes(wanted);
}

/**
 * One search clause. `phone:` and `mobile:` compare the number as stored, character for character,
 * like the list filters below [unconfirmed: the "Filter contacts" reference lists `phone` and
 * `mobile` as string fields without saying how they compare].
 */
function matchesField(contact: FdContact, field: string, value: string): boolean {
  switch (field) {
    case 'email':
      return hasEmail(contact, value);
    case 'twitter_id':
      return contact.twitter_id?.toLowerCase() === value.toLowerCase();
    case 'active':
      return String(contact.active) === value;
    case 'company_id':
      return String(contact.company_id) === value;
    case 'tag':
      return contact.tags.includes(value);
    default:
      return String(contact[field as 'phone' | 'mobile' | 'language' | 'time_zone'] ?? '') === value;
  }
}

/**
 * The search mini-language as far as contacts need it: `"field:'value' OR field:value AND …"`,
 * evaluated left to right without parentheses. The whole query must be in double quotes.
 */
function searchContacts(state: SandboxState, raw: string | undefined): FdContact[] {
  const query = raw?.trim() ?? '';
  if (!/^".*"$/s.test(query) || query.length > 514) {
    throw validationFailed([{ field: 'query', message: 'It should be a/an String enclosed in double quotes, at most 512 characters', code: 'invalid_value' }]);
  }
  const tokens = query.slice(1, -1).trim().split(/\s+(AND|OR)\s+/);
  const clause = (text: string): ((contact: FdContact) => boolean) => {
    const match = /^(\w+):(?:'([^']*)'|(\S+))$/.exec(text.trim());
    if (!match || !SEARCHABLE.includes(match[1] as string)) {
      throw validationFailed([{ field: 'query', message: `The query has an invalid or unsupported clause: ${text}`, code: 'invalid_value' }]);
    }
    return (contact) => matchesField(contact, match[1] as string, match[2] ?? match[3] ?? '');
  };
  let test = clause(tokens[0] ?? '');
  for (let index = 1; index < tokens.length; index += 2) {
    const [left, operator, right] = [test, tokens[index], clause(tokens[index + 1] ?? '')];
    test = operator === 'AND' ? (contact) => left(contact) && right(contact) : (contact) => left(contact) || right(contact);
  }
  return [...state.contacts.values()].filter((contact) => !contact.deleted && test(contact));
}

/**
 * `POST /contacts/merge`: the secondaries' emails become other emails of the primary, their
 * single-valued identities fill the primary's empty ones (or `contact` decides when both have one),
 * their tickets move to the primary, and they are gone (a later read is a 404).
 */
function mergeContacts(state: SandboxState, body: Record<string, unknown>): void {
  const problems: FieldProblem[] = [];
  const primary = state.contacts.get(body.primary_contact_id as number);
  if (!primary) problems.push({ field: 'primary_contact_id', message: 'There is no contact matching the given primary_contact_id', code: 'invalid_value' });
  const ids = Array.isArray(body.secondary_contact_ids) ? (body.secondary_contact_ids as number[]) : [];
  const secondaries = ids.map((id) => state.contacts.get(id));
  if (ids.length === 0 || secondaries.some((contact) => !contact) || ids.includes(body.primary_contact_id as number)) {
    problems.push({ field: 'secondary_contact_ids', message: 'It should contain ids of existing contacts other than the primary', code: 'invalid_value' });
  }
  const chosen = (body.contact ?? {}) as Record<string, unknown>;
  if (primary && problems.length === 0) {
    for (const field of SINGLE_VALUED) {
      const holders = [primary, ...(secondaries as FdContact[])].filter((contact) => contact[field]);
      if (holders.length > 1 && chosen[field] === undefined) problems.push({ field: `contact.${field}`, message: 'It should be given because more than one contact has it', code: 'missing_field' });
    }
  }
  if (problems.length > 0 || !primary) throw validationFailed(problems);
  for (const secondary of secondaries as FdContact[]) {
    for (const email of [secondary.email, ...secondary.other_emails]) {
      if (email && !hasEmail(primary, email)) primary.other_emails.push(email);
    }
    for (const field of SINGLE_VALUED) primary[field] ??= secondary[field];
    state.contacts.delete(secondary.id);
    state.mergedContacts.set(secondary.id, primary.id);
    for (const ticket of [...state.tickets.values(), ...state.archivedTickets.values()]) if (ticket.requester_id === secondary.id) ticket.requester_id = primary.id;
  }
  for (const field of SINGLE_VALUED) if (typeof chosen[field] === 'string') primary[field] = chosen[field] as string;
  if (typeof chosen.email === 'string') primary.email = chosen.email.toLowerCase();
  if (Array.isArray(chosen.other_emails)) primary.other_emails = (chosen.other_emails as string[]).map((email) => email.toLowerCase());
  primary.updated_at = fdTime();
  state.merges.push({ primaryId: primary.id, secondaryIds: ids, mergedAt: primary.updated_at });
}

/** Contacts, contact search and merge, agents. */
export function registerContactRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/contacts/:id', async (request) => {
    checkQuery(request, []);
    const contact = state.contacts.get(pathId(request));
    if (!contact) throw notFound();
    return contact;
  });

  app.get('/api/v2/contacts', async (request, reply) => {
    const query = checkQuery(request, LIST_PARAMS);
    const since = query.updated_since === undefined ? undefined : Date.parse(query.updated_since);
    const contacts = [...state.contacts.values()].filter((contact) => {
      if (query.state === 'deleted' ? !contact.deleted : contact.deleted) return false;
      if (query.state === 'verified' && !contact.active) return false;
      if (query.state === 'unverified' && contact.active) return false;
      if (query.state === 'blocked') return false;
      if (query.email !== undefined && !hasEmail(contact, query.email)) return false;
      // "List All Contacts": `/api/v2/contacts?phone=4352789885`, `?mobile=7654367287`. The number is
      // compared with the contact's as typed, so `+14155550134` does not find `(415) 555-0134`
      // [unconfirmed: the reference shows only bare digits in its examples].
      if (query.phone !== undefined && contact.phone !== query.phone) return false;
      if (query.mobile !== undefined && contact.mobile !== query.mobile) return false;
      if (query.unique_external_id !== undefined && contact.unique_external_id !== query.unique_external_id) return false;
      if (query.company_id !== undefined && String(contact.company_id) !== query.company_id) return false;
      return since === undefined || Date.parse(contact.updated_at) >= since;
    });
    return paginate(request, reply, contacts);
  });

  app.get('/api/v2/search/contacts', async (request) => {
    const query = checkQuery(request, ['query', 'page']);
    const results = searchContacts(state, query.query);
    const page = Number(query.page ?? '1');
    if (!Number.isInteger(page) || page < 1 || page > 10) throw validationFailed([{ field: 'page', message: 'It should be a Positive Integer less than or equal to 10', code: 'invalid_value' }]);
    return { results: results.slice((page - 1) * 30, page * 30), total: results.length };
  });

  app.post('/api/v2/contacts/merge', async (request, reply) => {
    mergeContacts(state, checkBodyFields(request.body, ['primary_contact_id', 'secondary_contact_ids', 'contact']));
    return reply.code(204).send();
  });

  app.get('/api/v2/agents/me', async (request) => state.agents.get(requestAgent(request)));
  app.get('/api/v2/agents', async (request, reply) => {
    checkQuery(request, ['email', 'mobile', 'phone', 'state', 'page', 'per_page']);
    return paginate(request, reply, [...state.agents.values()]);
  });
  app.get('/api/v2/agents/:id', async (request) => {
    const agent = state.agents.get(pathId(request));
    if (!agent) throw notFound();
    return agent;
  });
}
