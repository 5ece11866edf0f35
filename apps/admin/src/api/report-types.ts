/**
 * What /v1/reports/* answers, as the console reads it: the server's contract types (type-only; the
 * schemas live in apps/server/src/contract/reports.ts and are published at /docs/json). Dates are
 * `YYYY-MM-DD` in the tenant's time zone, `to` inclusive; rates are 0..1; durations are business minutes.
 */
import type { METRIC_KEY_VALUES, Metrics as MetricsBody, OverviewBody, OverviewQuery, ReportTicket as ReportTicketBody, ReportTicketsBody } from '@threadline/server/contract';

/** The product's channel vocabulary; a dependency-free package, so the console may import it. */
import type { Channel } from '@threadline/vocabulary';

export type { Channel };

export type Interval = NonNullable<OverviewQuery['interval']>;

/** The keys `definitions` and the drill-down (`/v1/reports/tickets?metric=`) share. */
export type MetricKey = (typeof METRIC_KEY_VALUES)[number];

export type Metrics = MetricsBody;
export type Quantiles = Metrics['firstResponseMinutes'];
/** The overview, its channels named in the vocabulary (the contract types them as strings). */
export type Overview = Omit<OverviewBody, 'byChannel'> & { byChannel: Array<Metrics & { channel: Channel }> };
export type ReportRange = Overview['range'];
export type Journey = Overview['journey'];
export type ReportTicket = Omit<ReportTicketBody, 'channel'> & { channel: Channel };
export type ReportTickets = Omit<ReportTicketsBody, 'tickets'> & { tickets: ReportTicket[] };

/** The filters every report call takes. */
export interface ReportQuery {
  from: string;
  to: string;
  channel?: Channel | undefined;
  interval?: Interval | undefined;
  compareFrom?: string | undefined;
  compareTo?: string | undefined;
}
