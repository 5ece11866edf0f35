/**
 * What /v1/reports/* answers, as the console reads it: the server's contract types (type-only; the
 * schemas live in apps/server/src/contract/reports.ts and are published at /docs/json). Dates are
 * `YYYY-MM-DD` in the tenant's time zone, `to` inclusive; rates are 0..1; durations are business minutes.
 */
import type { METRIC_KEY_VALUES, Metrics as MetricsBody, OverviewBody, OverviewQuery, ReportTicket as ReportTicketBody, ReportTicketsBody } from '@threadline/server/contract';

/**
 * The product's channel vocabulary (connectors/core `CHANNELS`); the contract's schema is built from
 * that list at run time, so its static type cannot name the values, and the UIs may not import it.
 */
export type Channel =
  | 'email'
  | 'web_form'
  | 'chat'
  | 'messaging'
  | 'whatsapp'
  | 'sms'
  | 'voice'
  | 'social_x'
  | 'social_facebook'
  | 'social_instagram'
  | 'api'
  | 'system'
  | 'other';
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
