/**
 * What /v1/reports/* answers, as the console reads it (the reports contract: overview, tickets,
 * overview.csv). Dates are `YYYY-MM-DD` in the tenant's time zone, `to` inclusive; rates are 0..1;
 * durations are business minutes.
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

export type Interval = 'day' | 'week';

/** The keys `definitions` and the drill-down (`/v1/reports/tickets?metric=`) share. */
export type MetricKey =
  | 'tickets'
  | 'firstResponse'
  | 'resolution'
  | 'csat'
  | 'reopen'
  | 'repeatContact'
  | 'automatedResolution'
  | 'autoReplied'
  | 'drafted'
  | 'draftUsed'
  | 'escalated'
  | 'multiChannel';

export interface Quantiles {
  median: number | null;
  p90: number | null;
}

export interface Metrics {
  tickets: number;
  firstResponseMinutes: Quantiles;
  resolutionMinutes: Quantiles;
  csat: { responses: number; good: number; bad: number; score: number | null };
  reopenRate: number | null;
  repeatContactRate: number | null;
  automatedResolutionRate: number | null;
  outcomes: { autoReplied: number; drafted: number; draftUsed: number; escalated: number; handedOff: number };
}

export interface ReportRange {
  from: string;
  to: string;
  timezone: string;
  interval: Interval;
}

export interface Journey {
  customers: number;
  multiChannelCustomers: number;
  multiChannelIssues: number;
  csatMultiChannel: number | null;
  csatSingleChannel: number | null;
}

export interface Overview {
  range: ReportRange;
  definitions: Partial<Record<MetricKey, string>> & Record<string, string>;
  overall: Metrics;
  byChannel: Array<Metrics & { channel: Channel }>;
  series: Array<Metrics & { period: string }>;
  journey: Journey;
  compare: null | { range: ReportRange; overall: Metrics };
}

export interface ReportTicket {
  id: string;
  helpdesk: 'zendesk' | 'freshdesk';
  externalId: string;
  url: string | null;
  subject: string;
  channel: Channel;
  customer: { id: string; name: string | null };
  createdAt: string;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  csat: 'good' | 'bad' | null;
  outcome: 'autoReplied' | 'drafted' | 'escalated' | 'handedOff' | null;
  reopened: boolean;
  repeatContact: boolean;
}

export interface ReportTickets {
  tickets: ReportTicket[];
  nextCursor: string | null;
}

/** The filters every report call takes. */
export interface ReportQuery {
  from: string;
  to: string;
  channel?: Channel | undefined;
  interval?: Interval | undefined;
  compareFrom?: string | undefined;
  compareTo?: string | undefined;
}
