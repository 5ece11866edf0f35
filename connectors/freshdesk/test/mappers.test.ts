import { describe, expect, it } from 'vitest';
import {
  conversationAuthorRole,
  conversationChannel,
  EMPTY_ACCOUNT_FIELDS,
  htmlToText,
  mapArticle,
  mapCannedResponse,
  mapCustomer,
  mapDescription,
  mapSatisfactionRating,
  mapTicket,
  parseTicketFields,
  ticketChannel,
  ticketStatus,
  TICKET_SOURCE_CHANNELS,
} from '../src/mappers.js';
import type { FdContact, FdSatisfactionRating, FdSolutionArticle, FdTicket, FdTicketField, FdTicketStats } from '../src/wire-types.js';

const field = (name: string, choices: unknown): FdTicketField =>
  ({ id: 1, name, label: name, description: '', position: 1, required_for_closure: false, required_for_agents: false, type: `default_${name}`, default: true, customers_can_edit: false, label_for_customers: name, required_for_customers: false, displayed_to_customers: true, created_at: '', updated_at: '', choices }) as FdTicketField;

const accountFields = parseTicketFields([
  field('source', { Email: 1, Portal: 2, WhatsApp: 13, SMS: 14, Instagram: 15, 'Carrier pigeon': 16 }),
  field('status', { '2': ['Open', 'Being Processed'], '6': ['Waiting on Customer', 'Awaiting your Reply'], '7': ['Waiting on Third Party', 'Being Processed'], '8': ['Escalated to R&D', 'Being Processed'] }),
]);

const ticket = (overrides: Partial<FdTicket> = {}): FdTicket => ({
  id: 20, subject: 'Order late', description: '<p>Where is it?</p>', description_text: 'Where is it?', status: 2, priority: 3, source: 1, type: 'Question',
  requester_id: 43000012345, responder_id: 43000010001, group_id: 43000005002, company_id: null, product_id: null, email_config_id: null, tags: ['delivery'],
  cc_emails: [], fwd_emails: [], reply_cc_emails: [], to_emails: null, fr_escalated: false, is_escalated: false, spam: false, due_by: null, fr_due_by: null,
  custom_fields: {}, created_at: '2024-04-17T17:18:10Z', updated_at: '2024-04-17T17:20:00Z', ...overrides,
});

describe('ticket source table', () => {
  it('maps every documented source code', () => {
    const expected = { 1: 'email', 2: 'web_form', 3: 'voice', 4: 'web_form', 5: 'social_x', 6: 'social_facebook', 7: 'chat', 8: 'messaging', 9: 'web_form', 10: 'email', 11: 'other', 12: 'chat' };
    for (const [code, channel] of Object.entries(expected)) expect(ticketChannel(Number(code))).toEqual({ channel, raw: code });
    expect(Object.keys(TICKET_SOURCE_CHANNELS).sort()).toEqual(Object.keys(expected).sort());
  });

  it("resolves undocumented codes by the account's source labels and keeps unknown ones as other", () => {
    expect(ticketChannel(13, accountFields)).toEqual({ channel: 'whatsapp', raw: '13' });
    expect(ticketChannel(14, accountFields)).toEqual({ channel: 'sms', raw: '14' });
    expect(ticketChannel(15, accountFields)).toEqual({ channel: 'social_instagram', raw: '15' });
    expect(ticketChannel(16, accountFields)).toEqual({ channel: 'other', raw: '16' });
    expect(ticketChannel(13)).toEqual({ channel: 'other', raw: '13' });
    expect(ticketChannel(null)).toEqual({ channel: 'other', raw: '' });
  });

  it('never lets an account label override a documented code', () => {
    const odd = parseTicketFields([field('source', { WhatsApp: 1 })]);
    expect(ticketChannel(1, odd).channel).toBe('email');
  });
});

describe('conversation source table', () => {
  const whatsapp = { channel: 'whatsapp' as const, raw: '13' };
  it('gives replies and notes the ticket channel and the rest their own medium', () => {
    const expected: Record<number, string> = { 0: 'whatsapp', 2: 'whatsapp', 5: 'social_x', 6: 'web_form', 7: 'social_facebook', 8: 'email', 9: 'voice', 11: 'other', 42: 'other' };
    for (const [code, channel] of Object.entries(expected)) expect(conversationChannel(Number(code), whatsapp)).toEqual({ channel, raw: code });
  });
});

describe('statuses and priorities', () => {
  it('maps the fixed statuses, custom ones by label, and unknown custom ones to open', () => {
    expect([2, 3, 4, 5].map((code) => ticketStatus(code))).toEqual(['open', 'pending', 'solved', 'closed']);
    expect(ticketStatus(6, accountFields)).toBe('pending');
    expect(ticketStatus(7, accountFields)).toBe('on_hold');
    expect(ticketStatus(8, accountFields)).toBe('open');
    expect(ticketStatus(9)).toBe('open');
  });

  it('keeps the raw status and maps priorities 1–4', () => {
    const mapped = [1, 2, 3, 4].map((priority) => mapTicket(ticket({ priority, status: 7 }), 'https://acme.freshdesk.com/', accountFields));
    expect(mapped.map((t) => t.priority)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(mapped[0]).toMatchObject({ id: '20', status: 'on_hold', rawStatus: '7', requesterId: '43000012345', assigneeId: '43000010001', groupId: '43000005002', url: 'https://acme.freshdesk.com/a/tickets/20' });
  });

  it("takes the solve time and a reopen from the ticket's stats, and says nothing without them", () => {
    const stats: FdTicketStats = { agent_responded_at: null, requester_responded_at: null, first_responded_at: null, status_updated_at: null, reopened_at: null, resolved_at: null, closed_at: null, pending_since: null };
    const map = (overrides: Partial<FdTicketStats>) => mapTicket(ticket({ status: 5, stats: { ...stats, ...overrides } }), 'https://a');
    expect(map({ resolved_at: '2026-10-14T10:00:00Z', closed_at: '2026-10-16T10:00:00Z' })).toMatchObject({ solvedAt: '2026-10-14T10:00:00Z', reopens: 0 });
    // Closed without a resolve: the close is the solve. Freshdesk keeps only the latest reopen's time.
    expect(map({ closed_at: '2026-10-16T10:00:00Z', reopened_at: '2026-10-15T09:00:00Z' })).toMatchObject({ solvedAt: '2026-10-16T10:00:00Z', reopens: 1 });
    expect(map({})).toMatchObject({ solvedAt: null, reopens: 0 });
    const plain = mapTicket(ticket(), 'https://a');
    expect('solvedAt' in plain || 'reopens' in plain).toBe(false);
  });
});

describe('ticket fields', () => {
  it('reads source choices as {label: code} and status choices as {code: [labels]}', () => {
    expect(accountFields.sourceLabels.get(13)).toBe('WhatsApp');
    expect(accountFields.statusLabels.get(6)).toBe('Waiting on Customer');
    expect(parseTicketFields([field('source', ['not', 'an', 'object'])]).sourceLabels.size).toBe(0);
    expect(parseTicketFields([]).statusLabels.size).toBe(0);
  });
});

describe('messages', () => {
  const context = { ticketChannel: { channel: 'email' as const, raw: '1' }, requesterId: 43000012345, appAgentId: 43000010004 };
  it('tells customers, agents, the bot and the system apart', () => {
    expect(conversationAuthorRole({ incoming: true, user_id: 43000010001 }, context)).toBe('customer');
    expect(conversationAuthorRole({ incoming: false, user_id: 43000012345 }, context)).toBe('customer');
    expect(conversationAuthorRole({ incoming: false, user_id: 43000010004 }, context)).toBe('bot');
    expect(conversationAuthorRole({ incoming: false, user_id: 43000010001 }, context)).toBe('agent');
    expect(conversationAuthorRole({ incoming: false, user_id: null }, context)).toBe('system');
    expect(conversationAuthorRole({ incoming: false, user_id: 43000010004 }, { ...context, appAgentId: null })).toBe('agent');
  });

  it("turns the description into the requester's first message, or an agent's for outbound email", () => {
    expect(mapDescription(ticket())).toMatchObject({ id: '20-description', authorRole: 'customer', authorId: '43000012345', bodyText: 'Where is it?', isPublic: true, channel: { channel: 'email' } });
    expect(mapDescription(ticket({ source: 10 }))).toMatchObject({ authorRole: 'agent', authorId: '43000010001' });
    expect(mapDescription(ticket({ description_text: undefined, description: '<p>a &amp; b</p><p>c</p>' })).bodyText).toBe('a & b\nc');
  });

  it('converts HTML to text', () => {
    expect(htmlToText('<div>Hi<br>there</div><p>&lt;ok&gt;&nbsp;</p>')).toBe('Hi\nthere\n<ok>');
  });
});

describe('customers', () => {
  const contact: FdContact = {
    id: 43000012345, name: 'Jane Cooper', email: 'Jane.Cooper@example.com', other_emails: ['jane@work.example'], phone: '+1 (415) 555-0134', mobile: '+34 612 345 678',
    twitter_id: '@JaneC', facebook_id: 'jane.fb', unique_external_id: 'crm-7', social_handler: { instagram: 'jane.ig', whatsapp_id: '+34612345678' }, active: true, address: null, avatar: null,
    company_id: null, view_all_tickets: null, description: null, job_title: null, language: 'en', time_zone: 'UTC', tags: [], custom_fields: {}, created_at: '2023-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z',
  };

  it('collects every identity the contact carries, normalized, primary email first', () => {
    const customer = mapCustomer(contact);
    expect(customer.identities.map((i) => `${i.type}:${i.value}`)).toEqual([
      'email:jane.cooper@example.com', 'email:jane@work.example', 'phone:+14155550134', 'phone:+34612345678', 'twitter:janec', 'facebook:jane.fb', 'external_id:crm-7', 'instagram:jane.ig', 'whatsapp:+34612345678',
    ]);
    expect(customer.identities[0]?.isPrimary).toBe(true);
    expect(customer.identities.filter((i) => i.isPrimary)).toHaveLength(1);
  });

  it('reads social handles given as a list and ignores what it cannot place', () => {
    const customer = mapCustomer({ ...contact, other_emails: [], phone: null, mobile: null, twitter_id: null, facebook_id: null, unique_external_id: null, social_handler: [{ type: 'twitter', value: 'jc' }, { type: 'myspace', value: 'x' }, 'junk'] });
    expect(customer.identities.map((i) => `${i.type}:${i.value}`)).toEqual(['email:jane.cooper@example.com', 'twitter:jc']);
  });
});

describe('knowledge', () => {
  const article: FdSolutionArticle = {
    id: 43000022001, type: 1, category_id: 1, folder_id: 2, hierarchy: [{ level: 0, type: 'category', data: { id: 1, name: 'Orders', language: 'fr' } }], thumbs_up: 0, thumbs_down: 0, hits: 0,
    seo_data: {}, agent_id: 1, title: 'Shipping', description: '<p>Ships fast</p>', description_text: 'Ships fast', status: 2, tags: [], created_at: '2024-01-01T00:00:00Z', updated_at: '2024-02-01T00:00:00Z',
  };

  it('links articles to the portal and makes only published ones in open folders public', () => {
    expect(mapArticle(article, { sectionPath: ['Orders', 'Delivery'], isFolderPublic: true }, 'https://acme.freshdesk.com')).toMatchObject({
      id: '43000022001', url: 'https://acme.freshdesk.com/support/solutions/articles/43000022001', locale: 'fr', sectionPath: ['Orders', 'Delivery'], isPublic: true,
    });
    expect(mapArticle({ ...article, status: 1 }, { sectionPath: [], isFolderPublic: true }, 'https://a').isPublic).toBe(false);
    expect(mapArticle(article, { sectionPath: [], isFolderPublic: false }, 'https://a').isPublic).toBe(false);
  });

  it('maps canned responses to macros', () => {
    expect(mapCannedResponse({ id: 5, title: 'Refund', folder_id: 1, content: 'Refunded.', content_html: '<p>Refunded.</p>', attachments: [], created_at: '', updated_at: '2024-01-01T00:00:00Z' })).toEqual({ id: '5', title: 'Refund', bodyText: 'Refunded.', updatedAt: '2024-01-01T00:00:00Z' });
  });
});

it('maps with no account fields when none are needed', () => {
  expect(mapTicket(ticket(), 'https://a', EMPTY_ACCOUNT_FIELDS).channel.channel).toBe('email');
});

describe('satisfaction ratings', () => {
  // Freshdesk's survey answers (developer docs, "Satisfaction Ratings"; fields as in Freshworks'
  // SatisfactionRating: id, survey_id, user_id, agent_id, group_id, ticket_id, feedback, ratings,
  // created_at, updated_at): 103 Extremely happy … 100 Neutral … -103 Extremely unhappy.
  const rating = (ratings: Record<string, number>): FdSatisfactionRating => ({
    id: 43_000_810_001, survey_id: 43_000_020_001, user_id: 43_000_100_001, agent_id: null, group_id: null, ticket_id: 55,
    feedback: 'Fine', ratings, created_at: '2026-10-14T12:00:00Z', updated_at: '2026-10-14T12:00:00Z',
  });

  it('reads every happy face as good, every unhappy one as bad and 100 as neutral, keeping the raw value', () => {
    expect([103, 102, 101, 100, -101, -102, -103].map((value) => mapSatisfactionRating(rating({ default_question: value })).score)).toEqual([
      'good', 'good', 'good', 'neutral', 'bad', 'bad', 'bad',
    ]);
    expect(mapSatisfactionRating(rating({ default_question: -102 }))).toMatchObject({ id: '43000810001', ticketId: '55', requesterId: '43000100001', rawScore: '-102', comment: 'Fine' });
  });

  it('takes the overall question, not a custom one answered differently', () => {
    expect(mapSatisfactionRating(rating({ question_1: -103, default_question: 103 })).score).toBe('good');
  });
});
