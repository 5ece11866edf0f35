import type { FdContact } from '../wire-types.js';
import { validationFailed, type FieldProblem } from './protocol.js';
import { allowedStatuses, fdTime, TICKET_TYPES, type SandboxState, type StoredTicket } from './state.js';

/** The fields "Create a Ticket" takes (attachments aside). */
export const CREATABLE = ['name', 'requester_id', 'email', 'phone', 'twitter_id', 'unique_external_id', 'subject', 'type', 'status', 'priority', 'description', 'responder_id', 'cc_emails', 'custom_fields', 'due_by', 'fr_due_by', 'email_config_id', 'group_id', 'product_id', 'source', 'tags', 'company_id'];

/** Ticket sources the docs table lists (1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback widget, 10 Outbound email) and the `ticket_fields` sample's 4–6. */
const SOURCES = [1, 2, 3, 4, 5, 6, 7, 9, 10];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A contact Freshdesk creates for a requester email it has not seen. */
function newContact(state: SandboxState, email: string, name: unknown): FdContact {
  const id = Math.max(0, ...state.contacts.keys(), ...state.mergedContacts.keys()) + 1;
  const now = fdTime();
  const contact: FdContact = {
    id, name: typeof name === 'string' && name.trim() !== '' ? name : email, email, other_emails: [], phone: null, mobile: null, twitter_id: null,
    facebook_id: null, unique_external_id: null, active: false, deleted: false, address: null, avatar: null, company_id: null, view_all_tickets: null,
    description: null, job_title: null, language: 'en', time_zone: 'Pacific Time (US & Canada)', tags: [], custom_fields: {}, created_at: now, updated_at: now,
  };
  state.contacts.set(id, contact);
  return contact;
}

function requesterOf(state: SandboxState, body: Record<string, unknown>, problems: FieldProblem[]): FdContact | undefined {
  if (body.requester_id !== undefined) {
    const contact = state.contacts.get(body.requester_id as number);
    if (!contact) problems.push({ field: 'requester_id', message: 'There is no contact matching the given requester_id', code: 'invalid_value' });
    return contact;
  }
  if (typeof body.email === 'string') {
    const email = body.email.toLowerCase();
    if (!EMAIL.test(email)) {
      problems.push({ field: 'email', message: 'It should be in the valid email format', code: 'invalid_value' });
      return undefined;
    }
    return [...state.contacts.values()].find((contact) => !contact.deleted && (contact.email === email || contact.other_emails.includes(email))) ?? newContact(state, email, body.name);
  }
  // "Create a Ticket": requester_id, email, phone, twitter_id or unique_external_id is mandatory.
  problems.push({ field: 'requester_id', message: 'Please fill at least 1 of requester_id, phone, email, twitter_id, unique_external_id fields', code: 'missing_field' });
  return undefined;
}

/**
 * `POST /tickets` ("Create a Ticket"): a requester (an existing contact, or a new one for an unseen
 * email), `status` 2 Open and `priority` 1 Low and `source` 2 Portal unless given; 201 with the ticket.
 */
export function createTicket(state: SandboxState, body: Record<string, unknown>): StoredTicket {
  const problems: FieldProblem[] = [];
  const status = (body.status as number | undefined) ?? 2;
  const priority = (body.priority as number | undefined) ?? 1;
  if (!allowedStatuses(state).includes(status)) problems.push({ field: 'status', message: `It should be one of these values: '${allowedStatuses(state).join(',')}'`, code: 'invalid_value' });
  if (![1, 2, 3, 4].includes(priority)) problems.push({ field: 'priority', message: "It should be one of these values: '1,2,3,4'", code: 'invalid_value' });
  if (body.type !== undefined && body.type !== null && !TICKET_TYPES.includes(body.type as string)) problems.push({ field: 'type', message: `It should be one of these values: '${TICKET_TYPES.join(',')}'`, code: 'invalid_value' });
  if (body.group_id !== undefined && body.group_id !== null && !state.groups.has(body.group_id as number)) problems.push({ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' });
  if (body.source !== undefined && !SOURCES.includes(body.source as number)) problems.push({ field: 'source', message: `It should be one of these values: '${SOURCES.join(',')}'`, code: 'invalid_value' });
  if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string'))) problems.push({ field: 'tags', message: 'It should be a/an Array', code: 'datatype_mismatch' });
  const requester = problems.length === 0 ? requesterOf(state, body, problems) : undefined;
  if (problems.length > 0 || !requester) throw validationFailed(problems);
  const id = Math.max(0, ...state.tickets.keys(), ...state.archivedTickets.keys()) + 1;
  const now = fdTime();
  const description = typeof body.description === 'string' ? body.description : '';
  const ticket: StoredTicket = {
    id, subject: typeof body.subject === 'string' ? body.subject : '', description, description_text: description.replace(/<[^>]+>/g, ''),
    status, priority, source: (body.source as number | undefined) ?? 2, type: (body.type as string | null | undefined) ?? null,
    requester_id: requester.id, responder_id: (body.responder_id as number | undefined) ?? null, group_id: (body.group_id as number | undefined) ?? null,
    company_id: requester.company_id, product_id: null, email_config_id: null, tags: (body.tags as string[] | undefined) ?? [],
    cc_emails: (body.cc_emails as string[] | undefined) ?? [], fwd_emails: [], reply_cc_emails: [], to_emails: null, fr_escalated: false,
    is_escalated: false, spam: false, due_by: null, fr_due_by: null, custom_fields: (body.custom_fields as Record<string, unknown> | undefined) ?? {},
    attachments: [], created_at: now, updated_at: now,
  };
  state.tickets.set(id, ticket);
  state.conversations.set(id, []);
  return ticket;
}
