import type { ApiClient } from './client.js';
import type { MetricKey, Overview, ReportQuery, ReportTickets } from './report-types.js';

/** The reports endpoints, one method each. */
export interface ReportsApi {
  overview(query: ReportQuery): Promise<Overview>;
  tickets(query: ReportQuery & { metric: MetricKey; cursor?: string | null; limit?: number }): Promise<ReportTickets>;
  /** The CSV export (`overview.csv`) as a file to save. */
  csv(query: ReportQuery): Promise<Blob>;
}

/** The query every report endpoint takes, in the contract's order (compare only where it applies). */
const rangeQuery = (query: ReportQuery) => ({ from: query.from, to: query.to, channel: query.channel, interval: query.interval });

export function createReportsApi(client: ApiClient): ReportsApi {
  return {
    overview: (query) => client.json('/v1/reports/overview', { ...rangeQuery(query), compareFrom: query.compareFrom, compareTo: query.compareTo }),
    tickets: (query) =>
      client.json('/v1/reports/tickets', { metric: query.metric, from: query.from, to: query.to, channel: query.channel, limit: query.limit, cursor: query.cursor }),
    csv: (query) => client.blob('/v1/reports/overview.csv', rangeQuery(query)),
  };
}
