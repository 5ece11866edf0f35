import { describe, expect, it } from 'vitest';
import { CHANNELS } from '@threadline/connector-core';
import { authorRole, mapComment, mapCustomer, mapIdentity, mapPriority, mapStatus, mapTicket, mapVia, ZENDESK_CHANNELS } from '../src/mappers.js';
import { macroBody, sectionPath } from '../src/help-center.js';
import type { ZendeskCategory, ZendeskSection, ZendeskTicket, ZendeskUser } from '../src/wire.js';

describe('channel mapping table', () => {
  // Every value the reference lists (§1.2): confirmed via type names with their numeric ids, and short names.
  const expected: Array<[string | number, string]> = [
    ['web_form', 'web_form'], [0, 'web_form'],
    ['mail', 'email'], [4, 'email'],
    ['web_service', 'api'], [5, 'api'],
    ['rule', 'system'], [8, 'system'],
    ['merge', 'system'], [19, 'system'],
    ['closed_ticket', 'system'], [27, 'system'],
    ['chat', 'chat'], [29, 'chat'],
    ['twitter', 'social_x'], [30, 'social_x'],
    ['voicemail', 'voice'], [33, 'voice'],
    ['phone_call_inbound', 'voice'], [34, 'voice'],
    ['text_message', 'sms'], [37, 'sms'],
    ['facebook_post', 'social_facebook'], [38, 'social_facebook'],
    ['facebook_message', 'social_facebook'], [41, 'social_facebook'],
    ['web', 'web_form'], ['email', 'email'], ['api', 'api'], ['voice', 'voice'], ['facebook', 'social_facebook'],
    ['mobile', 'web_form'], ['mobile_sdk', 'web_form'], ['sms', 'sms'], ['any_channel', 'messaging'],
    ['help_center', 'web_form'], ['side_conversation', 'system'], ['sample_ticket', 'system'], ['native_messaging', 'messaging'],
  ];

  it.each(expected)('maps via.channel %j to %s', (raw, channel) => {
    expect(mapVia({ channel: raw })).toEqual({ channel, raw: String(raw) });
  });

  it('maps numeric ids sent as numbers and as strings the same way', () => {
    expect(mapVia({ channel: 29 })).toEqual(mapVia({ channel: '29' }));
  });

  it('only maps into the shared channel vocabulary', () => {
    for (const channel of Object.values(ZENDESK_CHANNELS)) expect(CHANNELS).toContain(channel);
  });

  it('maps an unknown value to other and keeps it raw', () => {
    expect(mapVia({ channel: 'carrier_pigeon' })).toEqual({ channel: 'other', raw: 'carrier_pigeon' });
    expect(mapVia({ channel: 99 })).toEqual({ channel: 'other', raw: '99' });
    expect(mapVia(undefined)).toEqual({ channel: 'other', raw: '' });
  });

  it('tells WhatsApp, Messenger and Instagram apart on messaging tickets by via.source', () => {
    expect(mapVia({ channel: 'native_messaging', source: { from: { channel: 'whatsapp' }, to: {}, rel: null } }).channel).toBe('whatsapp');
    expect(mapVia({ channel: 'native_messaging', source: { from: {}, to: {}, rel: 'instagram_dm' } }).channel).toBe('social_instagram');
    expect(mapVia({ channel: 'native_messaging', source: { from: { type: 'messenger' }, to: {}, rel: null } }).channel).toBe('social_facebook');
    expect(mapVia({ channel: 'any_channel', source: { from: { service: 'WhatsApp' }, rel: null } })).toEqual({ channel: 'whatsapp', raw: 'any_channel:WhatsApp' });
  });

  it('keeps plain messaging when the source names no network', () => {
    expect(mapVia({ channel: 'native_messaging', source: { from: { name: 'Jane' }, to: {}, rel: null } })).toEqual({ channel: 'messaging', raw: 'native_messaging' });
  });

  it('does not let a customer-chosen name pick the network', () => {
    expect(mapVia({ channel: 'native_messaging', source: { from: { name: 'whatsapp fan' }, rel: null } }).channel).toBe('messaging');
  });
});

describe('status and priority', () => {
  it('maps every Zendesk status, hold to on_hold', () => {
    expect(['new', 'open', 'pending', 'hold', 'solved', 'closed'].map(mapStatus)).toEqual(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
  });

  it('maps priorities and keeps a missing one null', () => {
    expect(['low', 'normal', 'high', 'urgent'].map(mapPriority)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(mapPriority(null)).toBeNull();
  });

  it('maps a ticket with string ids, an agent link and the raw status', () => {
    const ticket = { id: 35436, subject: 'Order not delivered', raw_subject: null, status: 'hold', priority: 'high', requester_id: 372718401234, group_id: 360001, assignee_id: null, tags: ['delivery'], via: { channel: 'email' }, created_at: '2024-04-17T17:18:10Z', updated_at: '2024-04-17T17:20:00Z' } as unknown as ZendeskTicket;
    expect(mapTicket(ticket, 'https://acme.zendesk.com')).toEqual({
      id: '35436', subject: 'Order not delivered', status: 'on_hold', rawStatus: 'hold', priority: 'high', requesterId: '372718401234', groupId: '360001', assigneeId: null,
      tags: ['delivery'], channel: { channel: 'email', raw: 'email' }, url: 'https://acme.zendesk.com/agent/tickets/35436', createdAt: '2024-04-17T17:18:10Z', updatedAt: '2024-04-17T17:20:00Z',
    });
    // With its metric set (include=metric_sets), Zendesk's own last solve and reopen count.
    expect(mapTicket(ticket, 'https://acme.zendesk.com', { solved_at: '2024-04-18T09:00:00Z', reopens: 2 })).toMatchObject({ solvedAt: '2024-04-18T09:00:00Z', reopens: 2 });
  });
});

describe('comment authors', () => {
  const users = new Map<string, Pick<ZendeskUser, 'role'>>([['1', { role: 'end-user' }], ['2', { role: 'agent' }], ['3', { role: 'admin' }], ['4', { role: 'agent' }]]);
  const context = { users, botUserId: '4' };
  const web = { channel: 'web' };

  it('tells customers, agents, admins and the app’s own user apart', () => {
    expect(authorRole({ author_id: 1, via: web }, context)).toBe('customer');
    expect(authorRole({ author_id: 2, via: web }, context)).toBe('agent');
    expect(authorRole({ author_id: 3, via: web }, context)).toBe('agent');
    expect(authorRole({ author_id: 4, via: { channel: 'api' } }, context)).toBe('bot');
    expect(authorRole({ author_id: 4, via: { channel: 'api' } }, { users, botUserId: null })).toBe('agent');
  });

  it('treats trigger, automation and merge comments and Zendesk’s own user as system', () => {
    expect(authorRole({ author_id: 2, via: { channel: 'rule' } }, context)).toBe('system');
    expect(authorRole({ author_id: 2, via: { channel: 8 } }, context)).toBe('system');
    expect(authorRole({ author_id: 2, via: { channel: 'merge' } }, context)).toBe('system');
    expect(authorRole({ author_id: -1, via: web }, context)).toBe('system');
    expect(authorRole({ author_id: null, via: web }, context)).toBe('system');
  });

  it('maps a private comment with attachments and falls back to HTML for the text', () => {
    const message = mapComment(
      {
        id: 1274, author_id: 2, body: undefined as unknown as string, plain_body: undefined as unknown as string, html_body: '<p>VIP &amp; check <b>refund</b></p>', public: false,
        attachments: [{ id: 9, file_name: 'a.png', content_url: 'https://x/a.png', content_type: 'image/png', size: 10, inline: false, thumbnails: [] }],
        via: { channel: 'web' }, created_at: '2024-04-17T17:18:10Z',
      },
      '35436',
      context,
    );
    expect(message).toMatchObject({ id: '1274', ticketId: '35436', authorId: '2', authorRole: 'agent', isPublic: false, bodyText: 'VIP & check refund', channel: { channel: 'web_form' } });
    expect(message.attachments).toEqual([{ id: '9', fileName: 'a.png', contentType: 'image/png', size: 10, url: 'https://x/a.png' }]);
  });
});

describe('customers', () => {
  it('normalizes every identity and keeps each once', () => {
    const user = { id: 9001, name: 'Jane', email: 'Jane@Example.com', phone: '+1 (415) 555-0134', external_id: 'crm-7', verified: true, locale: 'en-US', created_at: 'c', updated_at: 'u' } as ZendeskUser;
    const customer = mapCustomer(user, [
      { type: 'email', value: 'jane@example.com', verified: true, primary: true } as never,
      { type: 'phone_number', value: '+1 415-555-0134', verified: true, primary: true } as never,
      { type: 'twitter', value: '@JaneC', verified: true, primary: true } as never,
      { type: 'google', value: 'jane.c@gmail.com', verified: true, primary: false } as never,
    ]);
    expect(customer.id).toBe('9001');
    expect(customer.identities.map((item) => `${item.type}:${item.value}`).sort()).toEqual(
      ['email:jane.c@gmail.com', 'email:jane@example.com', 'external_id:crm-7', 'phone:+14155550134', 'twitter:janec'].sort(),
    );
  });

  it('maps identity types Zendesk may add later to other', () => {
    expect(mapIdentity({ type: 'carrier_pigeon' as never, value: 'x', verified: false, primary: false })?.type).toBe('other');
  });
});

describe('help center and macros', () => {
  it('builds category → section → sub-section paths', () => {
    const categories = new Map([[1, { id: 1, name: 'Orders' } as ZendeskCategory]]);
    const sections = new Map([
      [10, { id: 10, name: 'Delivery', category_id: 1, parent_section_id: null } as ZendeskSection],
      [11, { id: 11, name: 'Late parcels', category_id: 1, parent_section_id: 10 } as ZendeskSection],
    ]);
    expect(sectionPath(11, sections, categories)).toEqual(['Orders', 'Delivery', 'Late parcels']);
    expect(sectionPath(99, sections, categories)).toEqual([]);
  });

  it('reads macro text from comment_value in every shape', () => {
    expect(macroBody({ actions: [{ field: 'status', value: 'solved' }, { field: 'comment_value', value: 'Hello' }] })).toBe('Hello');
    expect(macroBody({ actions: [{ field: 'comment_value', value: ['channel:all', 'Hi there'] }] })).toBe('Hi there');
    expect(macroBody({ actions: [{ field: 'comment_value_html', value: '<p>Bye <b>now</b></p>' }] })).toBe('Bye now');
    expect(macroBody({ actions: [{ field: 'status', value: 'solved' }] })).toBe('');
  });
});
