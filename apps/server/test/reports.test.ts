import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startSandbox as startZendeskSandbox, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdeskSandbox, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { waitForJob } from './sandboxes.js';
import { freshdeskHistory, zendeskChange, zendeskHistory } from './report-fixtures.js';

/**
 * Every figure of the reports on a small hand-made history (report-fixtures.ts), mirrored through
 * the sandboxes as a real tenant's would be. The right answers are worked out beside each check.
 * Business hours: Europe/London, Monday–Friday 09:00–17:00; repeat-contact window 7 days.
 *
 * Zendesk tenant, October 2026:
 *   A1 email (Ada)  Fri 02 16:30 London → agent Mon 05 09:45: first response 30 + 45 = 75 min.
 *                   Solved Mon 11:00; rated good (Zendesk "good"). Threadline escalated it at 09:30 and
 *                   Alex answered at 09:45: handed off. Tue 06 10:00 Ada calls about it (a voice
 *                   comment on the email ticket): reopened, two channels in one issue. Solved again
 *                   Tue 12:00: resolution Fri 30 + Mon 480 + Tue 180 = 690 min.
 *   B1 chat (Bo)    Wed 07 18:30 (after hours) → agent Thu 09:10: 10 min; solved Thu 10:10: 70 min.
 *                   Rated bad. Threadline drafted a reply and the agent used it.
 *   C1 email (Cy)   Mon 12 10:00 → Threadline's auto-reply 10:02: 2 min, solved by it: 2 min. Nobody
 *                   came back; rated good: an automated resolution.
 *   D1 email (Di)   Tue 13 10:00 → auto-reply 10:05: 5 min; solved: 5 min. But Di called two days later:
 *   D2 voice (Di)   Thu 15 14:00, answered at once (0 min), solved 14:30 (30 min). So D1 is a repeat
 *                   contact, a two-channel issue, and not an automated resolution.
 */

const LONDON = {
  timezone: 'Europe/London',
  businessHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  holidays: [],
  repeatContactDays: 7,
};

describe('reports on a hand-made history', () => {
  let app: FastifyInstance;
  let zendesk: ZendeskSandbox;
  let freshdesk: FreshdeskSandbox;
  let zd: { id: string; headers: { authorization: string } };
  let fd: { id: string; headers: { authorization: string } };

  const get = async (tenant: { headers: { authorization: string } }, url: string) => app.inject({ method: 'GET', url, headers: tenant.headers });
  const overview = async (tenant: { headers: { authorization: string } }, query = 'from=2026-10-01&to=2026-10-31&interval=week') => {
    const response = await get(tenant, `/v1/reports/overview?${query}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const sync = async (tenant: { headers: { authorization: string } }) => {
    const job = await app.inject({ method: 'POST', url: '/v1/sync', headers: tenant.headers });
    expect(await waitForJob(app, tenant.headers.authorization.slice(7), job.json().id, 120_000)).toMatchObject({ status: 'succeeded' });
  };
  /** What the agent recorded, at the times of the story (the pipeline stores these rows). */
  const answer = async (input: { ticketKey: string; action: 'reply' | 'draft' | 'escalate'; at: string; reason?: string }) => {
    const { rows } = await app.db.query<{ id: string }>(
      `insert into answers (tenant_id, ticket_external_id, trigger, path, action, reply_text, confidence, summary, escalation, writeback_status, written_at, created_at)
       values ($1, $2, 'webhook', 'offline', $3, 'text', 0.9, 'summary', $4::jsonb, 'written', $5, $5) returning id`,
      [zd.id, zendesk.ids.ticket(input.ticketKey), input.action, input.reason ? JSON.stringify({ reason: input.reason }) : null, input.at],
    );
    return (rows[0] as { id: string }).id;
  };

  beforeAll(async () => {
    [zendesk, freshdesk] = await Promise.all([
      startZendeskSandbox({ rateLimitPerMinute: null, dataset: zendeskHistory() }),
      startFreshdeskSandbox({ rateLimitPerMinute: null, dataset: freshdeskHistory() }),
    ]);
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } } as never), { logger: false });
    await app.ready();
    const z = await provisionTenant(app.db, app.secrets, {
      slug: 'reports-zendesk', name: 'Reports Zendesk', baseUrl: zendesk.url,
      credentials: { kind: 'zendesk', auth: zendesk.credentials.auth as { type: 'token'; email: string; token: string } }, webhookSecret: zendesk.webhook.secret,
    });
    const f = await provisionTenant(app.db, app.secrets, {
      slug: 'reports-freshdesk', name: 'Reports Freshdesk', baseUrl: freshdesk.url,
      credentials: { kind: 'freshdesk', auth: { apiKey: freshdesk.credentials.apiKey } }, webhookSecret: freshdesk.webhookSecret,
    });
    zd = { id: z.tenant.id, headers: { authorization: `Bearer ${z.apiKey}` } };
    fd = { id: f.tenant.id, headers: { authorization: `Bearer ${f.apiKey}` } };

    await answer({ ticketKey: 'a1', action: 'escalate', at: '2026-10-05T08:30:00Z', reason: 'Damaged item: a person decides on a refund' });
    const draft = await answer({ ticketKey: 'b1', action: 'draft', at: '2026-10-08T08:05:00Z' });
    await app.db.query(`insert into answer_feedback (tenant_id, answer_id, verdict) values ($1, $2, 'used')`, [zd.id, draft]);
    await answer({ ticketKey: 'c1', action: 'reply', at: '2026-10-12T09:02:00Z' });
    await answer({ ticketKey: 'd1', action: 'reply', at: '2026-10-13T09:05:00Z' });
    await Promise.all([sync(zd), sync(fd)]);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([zendesk?.close(), freshdesk?.close()]);
  });

  it('counts business minutes in the tenant zone and recounts them when the settings change', async () => {
    expect((await get(zd, '/v1/settings/reports')).json()).toEqual({
      timezone: 'UTC', businessHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] }, holidays: [], repeatContactDays: 7,
    });
    // Default settings: UTC, 09:00–17:00. A1: Fri 15:30Z–17:00Z = 90, Mon 08:45Z is before opening = 0.
    const drill = async () => (await get(zd, '/v1/reports/tickets?metric=firstResponse&from=2026-10-01&to=2026-10-31')).json().tickets;
    expect((await drill()).find((row: { externalId: string }) => row.externalId === zendesk.ids.ticket('a1')).firstResponseMinutes).toBe(90);
    const saved = await app.inject({ method: 'PUT', url: '/v1/settings/reports', headers: zd.headers, payload: LONDON });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(LONDON);
    // London: Fri 16:30–17:00 = 30, Mon 09:00–09:45 = 45.
    expect((await drill()).find((row: { externalId: string }) => row.externalId === zendesk.ids.ticket('a1')).firstResponseMinutes).toBe(75);
    const refused = await app.inject({ method: 'PUT', url: '/v1/settings/reports', headers: zd.headers, payload: { ...LONDON, timezone: 'Mars/Olympus' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('SERVER_REPORT_SETTINGS_INVALID');
  });

  it('sees a reopen through another channel, and the full resolution to the last solve', async () => {
    // Tuesday 10:00 London Ada calls about the solved email ticket: the helpdesk reopens it.
    zendeskChange(zendesk, 'a1', { at: '2026-10-06T09:00:00Z', role: 'customer', channel: 'voice', text: 'Call transcript: the replacement is torn too.', status: 'open' });
    await sync(zd);
    zendeskChange(zendesk, 'a1', { at: '2026-10-06T11:00:00Z', role: 'agent', channel: 'web', text: 'Refunded in full.', status: 'solved' });
    await sync(zd);
    const reopened = (await get(zd, '/v1/reports/tickets?metric=reopen&from=2026-10-01&to=2026-10-31')).json();
    expect(reopened.tickets).toHaveLength(1);
    expect(reopened.tickets[0]).toMatchObject({
      externalId: zendesk.ids.ticket('a1'), helpdesk: 'zendesk', channel: 'email', customer: { name: 'Ada Weekend' },
      firstResponseMinutes: 75, resolutionMinutes: 690, csat: 'good', outcome: 'handedOff', reopened: true, repeatContact: false,
      // Escalated, then answered by Alex: the outcome is the hand-off, the reason stays visible.
      escalationReason: 'Damaged item: a person decides on a refund',
    });
    expect(reopened.tickets[0].url).toContain(zendesk.ids.ticket('a1'));
  });

  it('computes every figure of the overview', async () => {
    const body = await overview(zd);
    expect(body.range).toEqual({ from: '2026-10-01', to: '2026-10-31', timezone: 'Europe/London', interval: 'week' });
    expect(Object.keys(body.definitions).sort()).toEqual(
      ['tickets', 'firstResponse', 'resolution', 'csat', 'reopen', 'repeatContact', 'automatedResolution', 'autoReplied', 'drafted', 'draftUsed', 'escalated', 'handedOff', 'multiChannel'].sort(),
    );
    expect(body.definitions.handedOff).toContain('handed the conversation to another channel');
    expect(body.definitions.automatedResolution).toContain('did not come back on any channel within 7 days');
    expect(body.overall).toEqual({
      tickets: 5,
      // 0, 2, 5, 10, 75: median 5; p90 at rank 3.6 = 10 + 0.6 × (75 − 10) = 49.
      firstResponseMinutes: { median: 5, p90: 49 },
      // 2, 5, 30, 70, 690: median 30; p90 = 70 + 0.6 × 620 = 442.
      resolutionMinutes: { median: 30, p90: 442 },
      // A1 good, B1 bad, C1 good.
      csat: { responses: 3, good: 2, bad: 1, score: 2 / 3 },
      reopenRate: 1 / 5, // A1 of five solved tickets
      repeatContactRate: 1 / 5, // D1: Di called two days after its solve
      automatedResolutionRate: 1 / 5, // C1 only: D1's customer came back by phone
      outcomes: { autoReplied: 2, drafted: 1, draftUsed: 1, escalated: 1, handedOff: 1 },
    });
    expect(body.byChannel.map((row: { channel: string; tickets: number }) => [row.channel, row.tickets])).toEqual([['chat', 1], ['email', 3], ['voice', 1]]);
    const email = body.byChannel.find((row: { channel: string }) => row.channel === 'email');
    expect(email.firstResponseMinutes).toEqual({ median: 5, p90: 61 }); // 2, 5, 75: p90 at rank 1.8 = 5 + 0.8 × 70
    // Weeks from Monday 28 September to Monday 26 October, empty ones included.
    expect(body.series.map((row: { period: string; tickets: number }) => [row.period, row.tickets])).toEqual([
      ['2026-09-28', 1], ['2026-10-05', 1], ['2026-10-12', 3], ['2026-10-19', 0], ['2026-10-26', 0],
    ]);
    // Ada (email + a call on the same ticket) and Di (email, then a call within the window).
    expect(body.journey).toEqual({ customers: 4, multiChannelCustomers: 2, multiChannelIssues: 2, csatMultiChannel: 1, csatSingleChannel: 0.5 });
    expect(body.compare).toBeNull();
    // By day every daily row is read; by week the whole weeks (5, 12 and 19 October) come from
    // their weekly rows: the figures and the distinct customers are the same either way.
    const byDay = await overview(zd, 'from=2026-10-01&to=2026-10-31&interval=day');
    expect(byDay.overall).toEqual(body.overall);
    expect(byDay.journey).toEqual(body.journey);
    expect(byDay.byChannel).toEqual(body.byChannel);
    // Di's call on Thursday 15th follows her email of Tuesday 13th in the same week: one customer.
    expect((await overview(zd, 'from=2026-10-12&to=2026-10-18&interval=week')).journey).toMatchObject({ customers: 2, multiChannelCustomers: 1 });
    // Email only: A1, C1 and D1 of Ada, Cy and Di; both two-channel issues began by email.
    const emailOnly = await overview(zd, 'from=2026-10-01&to=2026-10-31&interval=week&channel=email');
    expect(emailOnly.overall.tickets).toBe(3);
    expect(emailOnly.byChannel.map((row: { channel: string }) => row.channel)).toEqual(['email']);
    expect(emailOnly.journey).toEqual({ customers: 3, multiChannelCustomers: 2, multiChannelIssues: 2, csatMultiChannel: 1, csatSingleChannel: 1 });
  });

  it('drills down to the tickets behind a number, a page at a time', async () => {
    const ids = async (metric: string, extra = '') => (await get(zd, `/v1/reports/tickets?metric=${metric}&from=2026-10-01&to=2026-10-31${extra}`)).json();
    expect((await ids('automatedResolution')).tickets.map((row: { externalId: string }) => row.externalId)).toEqual([zendesk.ids.ticket('c1')]);
    expect((await ids('repeatContact')).tickets.map((row: { externalId: string }) => row.externalId)).toEqual([zendesk.ids.ticket('d1')]);
    expect((await ids('multiChannel')).tickets.map((row: { externalId: string }) => row.externalId)).toEqual([zendesk.ids.ticket('d1'), zendesk.ids.ticket('a1')]);
    expect((await ids('draftUsed')).tickets.map((row: { outcome: string }) => row.outcome)).toEqual(['drafted']);
    // Only A1 was escalated: its reason is listed with it, and no other ticket carries one.
    expect((await ids('escalated')).tickets.map((row: { externalId: string; escalationReason: string | null }) => [row.externalId, row.escalationReason])).toEqual([
      [zendesk.ids.ticket('a1'), 'Damaged item: a person decides on a refund'],
    ]);
    expect((await ids('tickets')).tickets.filter((row: { escalationReason: string | null }) => row.escalationReason !== null)).toHaveLength(1);
    const first = await ids('tickets', '&limit=2');
    expect(first.tickets.map((row: { externalId: string }) => row.externalId)).toEqual([zendesk.ids.ticket('d2'), zendesk.ids.ticket('d1')]);
    const second = await ids('tickets', `&limit=2&cursor=${first.nextCursor}`);
    expect(second.tickets.map((row: { externalId: string }) => row.externalId)).toEqual([zendesk.ids.ticket('c1'), zendesk.ids.ticket('b1')]);
    const last = await ids('tickets', `&limit=2&cursor=${second.nextCursor}`);
    expect(last).toMatchObject({ tickets: [{ externalId: zendesk.ids.ticket('a1') }], nextCursor: null });
    expect((await ids('tickets', '&channel=voice')).tickets.map((row: { channel: string }) => row.channel)).toEqual(['voice']);
  });

  it("reads Freshdesk's happy and neutral faces: good counts, neutral is a response only", async () => {
    const body = await overview(fd, 'from=2026-10-01&to=2026-10-31&interval=day&compareFrom=2026-09-01&compareTo=2026-09-30');
    // This tenant keeps the default hours (UTC, 09:00–17:00): F1 08:00Z → 09:00Z and F2 08:00Z → 08:30Z
    // both fall before opening, 0 business minutes each.
    expect(body.overall).toMatchObject({ tickets: 2, csat: { responses: 2, good: 1, bad: 0, score: 1 }, firstResponseMinutes: { median: 0, p90: 0 } });
    // The solve and the reopen come from Freshdesk's ticket stats (include=stats): F1 resolved at
    // 10:00Z, 60 business minutes after 08:00Z (opening at 09:00), not at its last update (15:00Z,
    // 360); F2 08:00Z → 08:30Z, 0. Median 30, p90 0 + 0.9 × 60 = 54. F1 was reopened before the
    // first mirror, which its thread alone would not show (Fern wrote before the solve): 1 of 2.
    expect(body.overall).toMatchObject({ resolutionMinutes: { median: 30, p90: 54 }, reopenRate: 0.5 });
    expect(body.series).toHaveLength(31);
    expect(body.series.find((row: { period: string }) => row.period === '2026-10-14').tickets).toBe(1);
    expect(body.compare).toMatchObject({ range: { from: '2026-09-01', to: '2026-09-30' }, overall: { tickets: 0, csat: { score: null }, firstResponseMinutes: { median: null } } });
    const rated = (await get(fd, '/v1/reports/tickets?metric=csat&from=2026-10-01&to=2026-10-31')).json();
    expect(rated.tickets.map((row: { helpdesk: string; csat: string | null }) => [row.helpdesk, row.csat])).toEqual([['freshdesk', null], ['freshdesk', 'good']]);
  });

  it('counts a hand-off to another channel as handed off, with the definition beside the figure', async () => {
    // F2 (web form, Fern): no reply or escalation by Threadline, so nobody answered "after" it.
    const f2 = freshdesk.ids.ticket('f2');
    const handedOff = async () => (await get(fd, '/v1/reports/tickets?metric=handedOff&from=2026-10-01&to=2026-10-31')).json().tickets;
    expect((await overview(fd)).overall.outcomes.handedOff).toBe(0);
    expect(await handedOff()).toEqual([]);
    // An agent asks Threadline to move the conversation to a call: a callback ticket on the phone channel.
    const moved = await app.inject({
      method: 'POST', url: `/v1/tickets/${f2}/handoff`, headers: { ...fd.headers, 'idempotency-key': 'reports-f2-call' },
      payload: { channel: 'voice', question: 'Which colour is in stock?' },
    });
    expect(moved.statusCode).toBe(201);
    const body = await overview(fd);
    expect(body.overall.outcomes.handedOff).toBe(1);
    expect(body.byChannel.find((row: { channel: string }) => row.channel === 'web_form').outcomes.handedOff).toBe(1);
    expect(body.definitions.handedOff).toMatch(/a person answered publicly after Threadline's reply or escalation, or Threadline handed the conversation to another channel/);
    expect((await handedOff()).map((row: { externalId: string; outcome: string }) => [row.externalId, row.outcome])).toEqual([[f2, 'handedOff']]);
    // The callback ticket is opened today, outside October: October still holds Fern's two tickets.
    expect(body.overall.tickets).toBe(2);
  });

  it('exports the overview as CSV with a row per period and channel plus the "all" rows', async () => {
    const response = await get(zd, '/v1/reports/overview.csv?from=2026-10-01&to=2026-10-31&interval=week');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="threadline-report-2026-10-01-2026-10-31.csv"');
    const lines = response.body.trim().split('\n');
    expect(lines[0]).toMatch(/^period,channel,tickets,first_response_median_minutes,/);
    expect(lines.filter((line) => line.startsWith('2026-10-12,email,2,'))).toHaveLength(1); // C1 and D1
    expect(lines.find((line) => line.startsWith('2026-10-12,voice,'))).toMatch(/^2026-10-12,voice,1,0,0,30,30,/);
    expect(lines.at(-1)).toMatch(/^all,all,5,5,49,30,442,3,2,1,0.6666/);
  });

  it('refuses bad ranges and unknown metrics with a reason, and never shows another tenant', async () => {
    const refuse = async (url: string) => {
      const response = await get(zd, url);
      expect(response.statusCode).toBe(400);
      return response.json();
    };
    expect((await refuse('/v1/reports/overview?from=2026-10-31&to=2026-10-01')).code).toBe('SERVER_REPORT_RANGE_INVALID');
    expect((await refuse('/v1/reports/overview?from=2026-02-30&to=2026-03-01')).message).toContain('2026-02-30');
    expect((await refuse('/v1/reports/overview?from=2025-01-01&to=2026-10-01')).message).toContain('at most 400');
    expect((await refuse('/v1/reports/tickets?metric=happiness&from=2026-10-01&to=2026-10-31')).code).toBe('SERVER_VALIDATION_FAILED');
    expect((await refuse('/v1/reports/tickets?metric=tickets&from=2026-10-01&to=2026-10-31&cursor=bm9wZQ')).code).toBe('SERVER_REPORT_CURSOR_INVALID');
    expect((await get(zd, '/v1/reports/overview?from=2026-10-01&to=2026-10-31&tenantId=x')).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/reports/overview?from=2026-10-01&to=2026-10-31' })).statusCode).toBe(401);
    // The Freshdesk tenant's report holds its own two tickets and none of the Zendesk tenant's five.
    expect((await overview(fd)).overall.tickets).toBe(2);
  });
});
