import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorResponses } from '../../contract/errors.js';
import { CsvQuery, OverviewBody, OverviewQuery, ReportTicketsBody, ReportTicketsQuery } from '../../contract/reports.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { buildOverview, buildOverviewCsv } from '../../reports/overview.js';
import { listReportTickets } from '../../reports/report-tickets-repository.js';

const compareOf = (query: OverviewQuery) => (query.compareFrom && query.compareTo ? { from: query.compareFrom, to: query.compareTo } : undefined);

/** One reporting surface across every channel, computed from the mirror and the agent's records. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);
  // Facts are rewritten after the events that change them (stale-facts.ts): a report first rewrites
  // its tenant's marked customers, so it never reads facts older than the mirror.
  app.addHook('preHandler', async (request) => {
    await app.reportFacts.flush(tenantOf(request).id);
  });

  app.get(
    '/v1/reports/overview',
    {
      schema: {
        tags: ['reports'],
        summary: 'CSAT, first-response and resolution time, reopens, repeat contacts and automation: overall, by channel, by day or week, compared with another period',
        querystring: OverviewQuery,
        response: { 200: OverviewBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { from, to, channel, interval } = request.query;
      return buildOverview(app.db, { tenantId: tenantOf(request).id, range: { from, to }, channel, interval: interval ?? 'day', compare: compareOf(request.query) });
    },
  );

  app.get(
    '/v1/reports/overview.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'The overview as CSV: one row per period and channel, with "all" rows for each period, each channel and overall',
        querystring: CsvQuery,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV with a header row', content: { 'text/csv': { schema: Type.String() } } }, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const { from, to, channel, interval } = request.query;
      const csv = await buildOverviewCsv(app.db, { tenantId: tenantOf(request).id, range: { from, to }, channel, interval: interval ?? 'day' });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="threadline-report-${from}-${to}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/v1/reports/tickets',
    {
      schema: {
        tags: ['reports'],
        summary: 'The tickets behind one figure of the overview, newest first',
        querystring: ReportTicketsQuery,
        response: { 200: ReportTicketsBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { metric, from, to, channel, limit, cursor } = request.query;
      return listReportTickets(app.db, { tenantId: tenantOf(request).id, metric, range: { from, to }, channel, limit: limit ?? 50, cursor });
    },
  );
};
