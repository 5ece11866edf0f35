import type { Channel } from '@threadline/connector-core';
import type { DemoCustomer, DemoDataset, DemoIdentity, DemoMessage, DemoTicket } from '@threadline/connector-core/demo';
import type { ZendeskAudit, ZendeskAuditEvent, ZendeskComment, ZendeskSatisfactionRating, ZendeskTicket, ZendeskVia } from '../wire.js';
import { commentHtml, zendeskTime, type SandboxState } from './state.js';
import { seedMetricSet } from './ticket-metrics.js';

const SUPPORT_PHONE = '+18005550199';

/** `+14155550134` → `+1 (415) 555-0134`; other numbers as given. */
export function formatPhone(phone: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return match ? `+1 (${match[1]}) ${match[2]}-${match[3]}` : phone;
}

/** Zendesk tags cannot hold spaces; admins write them with underscores. */
export function zendeskTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '_');
}

/** The `via` Zendesk records for a ticket that arrived on `channel` from `from`. */
export function viaFor(channel: Channel, from: DemoIdentity, name: string, dataset: DemoDataset): ZendeskVia {
  const company = dataset.company.name;
  const phone = { phone: from.value, formatted_phone: formatPhone(from.value), name };
  const messaging = (network: string | null): ZendeskVia => ({
    channel: 'native_messaging',
    // [guess] Where Sunshine Conversations names the network; the connector looks in rel and from/to.channel.
    source: network ? { from: { name, channel: network }, to: { name: company, channel: network }, rel: null } : { from: { name }, to: { name: company }, rel: null },
  });
  switch (channel) {
    case 'email':
      return { channel: 'email', source: { from: { address: from.value, name }, to: { address: dataset.company.supportEmail, name: company }, rel: null } };
    case 'web_form':
      return { channel: 'web', source: { from: {}, to: {}, rel: null } };
    case 'chat':
      return { channel: 'chat', source: { from: {}, to: {}, rel: 'chat' } };
    case 'messaging':
      return messaging(null);
    case 'whatsapp':
      return messaging('whatsapp');
    case 'social_instagram':
      return messaging('instagram');
    case 'sms':
      return { channel: 'sms', source: { from: phone, to: { phone: SUPPORT_PHONE, formatted_phone: formatPhone(SUPPORT_PHONE), name: company }, rel: null } };
    case 'voice':
      return { channel: 'voice', source: { from: phone, to: { phone: SUPPORT_PHONE, formatted_phone: formatPhone(SUPPORT_PHONE), name: company }, rel: 'inbound' } };
    case 'social_x':
      return { channel: 'twitter', source: { from: { username: from.value, name, profile_url: `https://twitter.com/${from.value}` }, to: { username: 'northwindgear', name: company }, rel: 'direct_message' } };
    case 'social_facebook':
      return { channel: 'facebook', source: { from: { name, facebook_id: from.value }, to: { name: company }, rel: 'message' } };
    case 'api':
      return { channel: 'api', source: { from: {}, to: {}, rel: null } };
    case 'system':
      return { channel: 'rule', source: { from: { id: 360_011_223_344, title: 'Auto-create from form' }, to: {}, rel: 'trigger' } };
    default:
      return { channel, source: { from: {}, to: {}, rel: null } };
  }
}

/** Conversations whose whole transcript arrives on the ticket's own channel. */
const TRANSCRIPT_CHANNELS = new Set<Channel>(['chat', 'messaging', 'whatsapp', 'social_instagram']);

/** The identity a customer writes from on `channel`: a phone for calls and texts, else the ticket's own. */
function identityFor(customer: DemoCustomer, channel: Channel, fallback: DemoIdentity): DemoIdentity {
  const wanted = channel === 'voice' || channel === 'sms' || channel === 'whatsapp' ? 'phone' : channel === 'email' ? 'email' : null;
  return (wanted && customer.identities.find((identity) => identity.type === wanted)) || fallback;
}

function messageVia(message: DemoMessage, ticket: DemoTicket, ticketVia: ZendeskVia, customer: DemoCustomer, dataset: DemoDataset): ZendeskVia {
  if (message.role === 'customer') {
    return message.channel && message.channel !== ticket.channel ? viaFor(message.channel, identityFor(customer, message.channel, ticket.via), customer.name, dataset) : ticketVia;
  }
  if (message.role === 'system') return { channel: 'rule', source: { from: { id: 360_011_223_355, title: 'Notify requester of received request' }, to: {}, rel: 'trigger' } };
  if (message.role === 'bot') return { channel: 'api', source: { from: {}, to: {}, rel: null } };
  return TRANSCRIPT_CHANNELS.has(ticket.channel) ? ticketVia : { channel: 'web', source: { from: {}, to: {}, rel: null } };
}

function authorOf(state: SandboxState, message: DemoMessage, requesterId: number): number {
  if (message.role === 'customer') return requesterId;
  if (message.role === 'system') return -1;
  if (message.role === 'bot') return state.botUserId;
  return state.keys.agent.get(message.agentKey ?? '') ?? state.keys.agent.values().next().value ?? -1;
}

/** One ticket with its comments and audits, as Zendesk would hold it. */
export function seedTicket(state: SandboxState, ticket: DemoTicket, customer: DemoCustomer, dataset: DemoDataset): number {
  const id = state.nextId('ticket');
  const requesterId = state.keys.customer.get(customer.key) as number;
  const via = viaFor(ticket.channel, ticket.via, customer.name, dataset);
  const isMessaging = via.channel === 'native_messaging';
  const record: ZendeskTicket = {
    id,
    url: `${state.origin}/api/v2/tickets/${id}.json`,
    external_id: null,
    type: ticket.priority === 'urgent' || ticket.priority === 'high' ? 'incident' : 'question',
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.messages[0]?.text ?? '',
    priority: ticket.priority,
    status: ticket.status === 'on_hold' ? 'hold' : ticket.status,
    recipient: ticket.channel === 'email' ? dataset.company.supportEmail : null,
    requester_id: requesterId,
    submitter_id: requesterId,
    assignee_id: ticket.assigneeKey === null ? null : (state.keys.agent.get(ticket.assigneeKey) ?? null),
    // Zendesk files a ticket under its requester's (default) organization.
    organization_id: state.users.get(requesterId)?.organization_id ?? null,
    group_id: state.keys.group.get(ticket.groupKey) ?? null,
    brand_id: 360_000_912_345,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    followup_ids: [],
    problem_id: null,
    has_incidents: false,
    is_public: ticket.messages.some((message) => message.isPublic),
    due_at: null,
    tags: [...new Set(ticket.tags.map(zendeskTag))],
    custom_fields: [],
    satisfaction_rating: null,
    ticket_form_id: 360_000_456_789,
    custom_status_id: null,
    allow_channelback: isMessaging,
    allow_attachments: true,
    from_messaging_channel: isMessaging,
    via,
    created_at: zendeskTime(ticket.createdAt),
    updated_at: zendeskTime(ticket.updatedAt),
    generated_timestamp: Math.floor(Date.parse(ticket.updatedAt) / 1000),
  };
  state.tickets.set(id, record);
  state.keys.ticket.set(ticket.key, id);
  seedMetricSet(state, record, { solvedAt: ticket.solvedAt, reopens: ticket.reopens, replies: ticket.messages.filter((message) => message.role !== 'customer' && message.isPublic).length });

  const comments: ZendeskComment[] = [];
  const audits: ZendeskAudit[] = [];
  ticket.messages.forEach((message, index) => {
    const commentVia = messageVia(message, ticket, via, customer, dataset);
    const isCall = index === 0 && ticket.channel === 'voice';
    const comment: ZendeskComment = {
      id: state.nextId('comment'),
      type: isCall ? 'VoiceComment' : 'Comment',
      author_id: authorOf(state, message, requesterId),
      body: message.text,
      html_body: commentHtml(message.text),
      plain_body: message.text,
      public: message.isPublic,
      attachments: [],
      audit_id: state.nextId('audit'),
      via: commentVia,
      metadata: { system: message.role === 'customer' ? { client: 'Mozilla/5.0', location: 'San Francisco, CA, United States' } : {}, custom: {} },
      created_at: zendeskTime(message.createdAt),
      ...(isCall ? { data: { from: ticket.via.value, to: SUPPORT_PHONE, call_duration: 212, answered_by_name: 'Alex Morgan', transcription_text: message.text, recording_url: null } } : {}),
    };
    comments.push(comment);
    const { type: _type, via: _via, metadata: _metadata, created_at: _createdAt, data: _data, ...fields } = comment;
    const events: ZendeskAuditEvent[] = [{ ...fields, type: 'Comment' }];
    if (index === 0) {
      for (const [field, value] of Object.entries({ subject: record.subject, status: 'new', priority: record.priority, requester_id: requesterId, group_id: record.group_id, tags: record.tags })) {
        events.push({ id: state.nextId('event'), type: 'Create', field_name: field, value });
      }
    }
    audits.push({ id: comment.audit_id, ticket_id: id, author_id: comment.author_id ?? -1, created_at: comment.created_at, via: commentVia, metadata: comment.metadata, events });
  });
  // A later change without a comment (solving, a status change) is an audit of its own, as every
  // ticket event is in Zendesk, so the ticket event export reaches the ticket's updated_at.
  const lastComment = comments.at(-1)?.created_at;
  if (lastComment !== undefined && record.updated_at > lastComment) {
    const author = record.assignee_id ?? -1;
    audits.push({
      id: state.nextId('audit'),
      ticket_id: id,
      author_id: author,
      created_at: record.updated_at,
      via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
      metadata: { system: {}, custom: {} },
      events: [{ id: state.nextId('event'), type: 'Change', field_name: 'status', value: record.status, previous_value: 'open' }],
    });
  }
  state.comments.set(id, comments);
  state.audits.set(id, audits);
  return id;
}

/**
 * The dataset's ratings as Zendesk holds them: good and bad answers, `offered` for a survey sent and
 * not answered. Zendesk's scale has no neutral answer, so a neutral one stays `offered` here.
 */
export function seedSatisfactionRatings(state: SandboxState, dataset: DemoDataset): void {
  const rated = dataset.tickets.filter((ticket) => ticket.satisfaction).sort((a, b) => Date.parse(a.satisfaction?.createdAt ?? '') - Date.parse(b.satisfaction?.createdAt ?? ''));
  for (const ticket of rated) {
    const satisfaction = ticket.satisfaction as NonNullable<DemoTicket['satisfaction']>;
    const ticketId = state.keys.ticket.get(ticket.key) as number;
    const record = state.tickets.get(ticketId);
    if (!record) continue;
    const id = state.nextId('rating');
    const score = satisfaction.rating === 'good' || satisfaction.rating === 'bad' ? satisfaction.rating : 'offered';
    const rating: ZendeskSatisfactionRating = {
      id,
      url: `${state.origin}/api/v2/satisfaction_ratings/${id}.json`,
      assignee_id: record.assignee_id,
      group_id: record.group_id,
      requester_id: record.requester_id,
      ticket_id: ticketId,
      score,
      comment: score === 'offered' ? null : (satisfaction.comment ?? null),
      reason: null,
      created_at: zendeskTime(satisfaction.createdAt),
      updated_at: zendeskTime(satisfaction.createdAt),
    };
    state.satisfactionRatings.push(rating);
    record.satisfaction_rating = { id, score, comment: rating.comment };
  }
}
