import { htmlToText } from '../mappers.js';
import type { ZendeskAudit, ZendeskAuditEvent, ZendeskComment, ZendeskStatus, ZendeskTicket } from '../wire.js';
import { commentHtml, isoSeconds, touchTicket, type SandboxState } from './state.js';
import { recordStatusChange } from './ticket-metrics.js';

type Details = Record<string, Array<{ description: string; error: string }>>;

/** What a write answers: the changed ticket and its audit, or the error Zendesk would send. */
export type UpdateOutcome =
  | { ok: true; ticket: ZendeskTicket; audit: ZendeskAudit }
  | { ok: false; status: 400 | 409 | 422; error: string; description: string; details?: Details };

const STATUSES: ZendeskStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
/** Zendesk's cap on comments per ticket. */
const MAX_COMMENTS = 5000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tags as Zendesk stores them: lower case, split on whitespace, each once. */
export function normalizeTags(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [...new Set(list.flatMap((tag) => String(tag).toLowerCase().split(/[\s,]+/)).filter(Boolean))];
}

function invalid(details: Details): UpdateOutcome {
  return { ok: false, status: 422, error: 'RecordInvalid', description: 'Record validation errors', details };
}

function fieldError(field: string, description: string): Details {
  return { [field]: [{ description, error: 'InvalidValue' }] };
}

/** The agent-facing comment written through the API. */
export function buildComment(state: SandboxState, input: Record<string, unknown>, authorId: number, auditId: number, at: string): ZendeskComment | string {
  const html = typeof input.html_body === 'string' ? input.html_body : undefined;
  const text = typeof input.body === 'string' ? input.body : html === undefined ? '' : htmlToText(html);
  if (text.trim() === '') return 'Comment: cannot be blank';
  return {
    id: state.nextId('comment'),
    type: 'Comment',
    author_id: authorId,
    body: text,
    html_body: html ?? commentHtml(text),
    plain_body: html === undefined ? text : htmlToText(html),
    public: input.public !== false,
    attachments: [],
    audit_id: auditId,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    metadata: { system: { client: 'Threadline sandbox', ip_address: '127.0.0.1' }, custom: {} },
    created_at: at,
  };
}

/**
 * `PUT /tickets/{id}` semantics: validate everything first (422 `RecordInvalid` with `details`,
 * 409 for a stale `safe_update`), then apply fields and the comment, write an audit with a
 * `Comment` event and `Change` events, and bump `updated_at`.
 */
export function applyTicketUpdate(state: SandboxState, ticket: ZendeskTicket, input: unknown, actorId: number, now: Date = new Date()): UpdateOutcome {
  if (!isRecord(input)) return { ok: false, status: 400, error: 'InvalidValue', description: 'Request body must be {"ticket": {...}}' };
  if (ticket.status === 'closed') return invalid(fieldError('status', 'Status: closed prevents ticket update'));
  if (input.safe_update === true && input.updated_stamp !== ticket.updated_at) {
    return { ok: false, status: 409, error: 'UpdateConflict', description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.' };
  }
  const details: Details = {};
  const changes: Record<string, unknown> = {};
  if ('status' in input) {
    const status = input.status as ZendeskStatus;
    if (!STATUSES.includes(status) || (status === 'new' && ticket.status !== 'new')) Object.assign(details, fieldError('status', `Status: ${String(input.status)} is not valid`));
    else changes.status = status;
  }
  if ('priority' in input) {
    if (input.priority !== null && !PRIORITIES.includes(String(input.priority))) Object.assign(details, fieldError('priority', `Priority: ${String(input.priority)} is not valid`));
    else changes.priority = input.priority;
  }
  if ('group_id' in input) {
    const groupId = input.group_id === null ? null : Number(input.group_id);
    if (groupId !== null && !state.groups.has(groupId)) Object.assign(details, fieldError('group', 'Group: is invalid'));
    else changes.group_id = groupId;
  }
  if ('assignee_id' in input) {
    const assigneeId = input.assignee_id === null ? null : Number(input.assignee_id);
    const assignee = assigneeId === null ? undefined : state.users.get(assigneeId);
    if (assigneeId !== null && (!assignee || assignee.role === 'end-user')) Object.assign(details, fieldError('assignee', 'Assignee: is not an agent'));
    else changes.assignee_id = assigneeId;
  }
  if ('subject' in input && typeof input.subject === 'string') changes.subject = input.subject;
  if ('tags' in input) changes.tags = normalizeTags(input.tags);
  if ('additional_tags' in input || 'remove_tags' in input) {
    const base = (changes.tags as string[] | undefined) ?? ticket.tags;
    const removed = new Set(normalizeTags(input.remove_tags));
    changes.tags = [...new Set([...base, ...normalizeTags(input.additional_tags)])].filter((tag) => !removed.has(tag));
  }
  const auditId = state.nextId('audit');
  const at = isoSeconds(now);
  let comment: ZendeskComment | undefined;
  if (isRecord(input.comment)) {
    const authorId = input.comment.author_id === undefined ? actorId : Number(input.comment.author_id);
    const built = state.users.has(authorId) ? buildComment(state, input.comment, authorId, auditId, at) : 'Author: is invalid';
    if (typeof built === 'string') Object.assign(details, fieldError('comment', built));
    else comment = built;
    if ((state.comments.get(ticket.id)?.length ?? 0) >= MAX_COMMENTS) Object.assign(details, fieldError('base', `Ticket has reached the maximum of ${MAX_COMMENTS} comments`));
  }
  if (Object.keys(details).length > 0) return invalid(details);

  // An agent's update takes a new ticket out of `new`.
  if (ticket.status === 'new' && changes.status === undefined && (comment || changes.assignee_id)) changes.status = 'open';
  const events: ZendeskAuditEvent[] = [];
  if (comment) {
    state.comments.set(ticket.id, [...(state.comments.get(ticket.id) ?? []), comment]);
    const { type: _type, via: _via, metadata: _metadata, created_at: _createdAt, ...fields } = comment;
    events.push({ ...fields, type: 'Comment' });
    if (comment.public) ticket.is_public = true;
  }
  const record = ticket as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(changes)) {
    if (JSON.stringify(record[field]) === JSON.stringify(value)) continue;
    events.push({ id: state.nextId('event'), type: 'Change', field_name: field, value, previous_value: record[field] });
    if (field === 'status') recordStatusChange(state, ticket, { from: ticket.status, to: value as ZendeskTicket['status'], at });
    record[field] = value;
  }
  if (typeof changes.subject === 'string') ticket.raw_subject = changes.subject;
  touchTicket(state, ticket, now);
  const audit: ZendeskAudit = {
    id: auditId,
    ticket_id: ticket.id,
    author_id: actorId,
    created_at: at,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    metadata: { system: { client: 'Threadline sandbox', ip_address: '127.0.0.1' }, custom: {} },
    events,
  };
  state.audits.set(ticket.id, [...(state.audits.get(ticket.id) ?? []), audit]);
  return { ok: true, ticket, audit };
}
