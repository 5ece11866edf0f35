import Type, { type Static } from 'typebox';
import { CHANNELS, HELPDESK_KINDS } from '@threadline/vocabulary';

/** The reports API (docs: /work contract "Reports API"): overview, drill-down, CSV, and the settings behind them. */

const DateText = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, examples: ['2026-10-01'] });
// An enum of the vocabulary's list, so the static type names each channel and the UIs need no copy.
const ChannelName = Type.Enum(CHANNELS, { description: 'The product channel vocabulary' });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const METRIC_KEY_VALUES = ['tickets', 'firstResponse', 'resolution', 'csat', 'reopen', 'repeatContact', 'automatedResolution', 'autoReplied', 'drafted', 'draftUsed', 'escalated', 'handedOff', 'multiChannel'] as const;
export const MetricKeyName = Type.Union(METRIC_KEY_VALUES.map((key) => Type.Literal(key)));

const Interval = Type.Union([Type.Literal('day'), Type.Literal('week')], { description: 'Series bucket: local days, or weeks starting Monday' });

export const OverviewQuery = Type.Object(
  {
    from: DateText("First day, in the tenant's time zone"),
    to: DateText('Last day, inclusive'),
    channel: Type.Optional(ChannelName),
    interval: Type.Optional(Interval),
    compareFrom: Type.Optional(DateText('First day of the period to compare with')),
    compareTo: Type.Optional(DateText('Last day of the period to compare with, inclusive')),
  },
  { additionalProperties: false },
);
export type OverviewQuery = Static<typeof OverviewQuery>;

const Percentiles = Type.Object({ median: Nullable(Type.Number()), p90: Nullable(Type.Number()) });

export const Metrics = Type.Object({
  tickets: Type.Integer({ description: 'Tickets created in range' }),
  firstResponseMinutes: Percentiles,
  resolutionMinutes: Percentiles,
  csat: Type.Object({ responses: Type.Integer(), good: Type.Integer(), bad: Type.Integer(), score: Nullable(Type.Number({ description: 'good ÷ (good + bad), 0..1' })) }),
  reopenRate: Nullable(Type.Number()),
  repeatContactRate: Nullable(Type.Number()),
  automatedResolutionRate: Nullable(Type.Number()),
  outcomes: Type.Object({ autoReplied: Type.Integer(), drafted: Type.Integer(), draftUsed: Type.Integer(), escalated: Type.Integer(), handedOff: Type.Integer() }),
});
export type Metrics = Static<typeof Metrics>;

const RangeBody = Type.Object({ from: Type.String(), to: Type.String(), timezone: Type.String(), interval: Interval });

export const OverviewBody = Type.Object({
  range: RangeBody,
  definitions: Type.Record(Type.String(), Type.String(), { description: 'One sentence per metric key saying exactly what is counted' }),
  overall: Metrics,
  byChannel: Type.Array(Type.Intersect([Type.Object({ channel: Type.String() }), Metrics])),
  series: Type.Array(Type.Intersect([Type.Object({ period: Type.String() }), Metrics])),
  journey: Type.Object({
    customers: Type.Integer(),
    multiChannelCustomers: Type.Integer(),
    multiChannelIssues: Type.Integer(),
    csatMultiChannel: Nullable(Type.Number()),
    csatSingleChannel: Nullable(Type.Number()),
  }),
  compare: Nullable(Type.Object({ range: RangeBody, overall: Metrics })),
});
export type OverviewBody = Static<typeof OverviewBody>;

export const ReportTicketsQuery = Type.Object(
  {
    metric: MetricKeyName,
    from: DateText("First day, in the tenant's time zone"),
    to: DateText('Last day, inclusive'),
    channel: Type.Optional(ChannelName),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ReportTicket = Type.Object({
  id: Type.String({ format: 'uuid' }),
  helpdesk: Type.Enum(HELPDESK_KINDS),
  externalId: Type.String(),
  url: Nullable(Type.String()),
  subject: Type.String(),
  channel: Type.String(),
  customer: Type.Object({ id: Type.String({ format: 'uuid' }), name: Nullable(Type.String()) }),
  createdAt: Type.String({ format: 'date-time' }),
  firstResponseMinutes: Nullable(Type.Number()),
  resolutionMinutes: Nullable(Type.Number()),
  csat: Nullable(Type.Union([Type.Literal('good'), Type.Literal('bad')])),
  outcome: Nullable(Type.Union([Type.Literal('autoReplied'), Type.Literal('drafted'), Type.Literal('escalated'), Type.Literal('handedOff')])),
  escalationReason: Nullable(Type.String({ description: "Why Threadline escalated the ticket (its latest escalation), in the policy's or the agent's words; null when it did not" })),
  reopened: Type.Boolean(),
  repeatContact: Type.Boolean(),
});
export type ReportTicket = Static<typeof ReportTicket>;

export const ReportTicketsBody = Type.Object({ tickets: Type.Array(ReportTicket), nextCursor: Nullable(Type.String()) });
export type ReportTicketsBody = Static<typeof ReportTicketsBody>;

export const CsvQuery = Type.Object(
  { from: DateText("First day, in the tenant's time zone"), to: DateText('Last day, inclusive'), channel: Type.Optional(ChannelName), interval: Type.Optional(Interval) },
  { additionalProperties: false },
);

const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'Local time, 24-hour HH:MM' });
const Intervals = Type.Array(Type.Tuple([Clock, Clock]), { maxItems: 6 });

/** How the tenant's reports count time (`report_settings`). */
export const ReportSettingsBody = Type.Object(
  {
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. "Europe/London"' }),
    businessHours: Type.Object(
      { sun: Type.Optional(Intervals), mon: Type.Optional(Intervals), tue: Type.Optional(Intervals), wed: Type.Optional(Intervals), thu: Type.Optional(Intervals), fri: Type.Optional(Intervals), sat: Type.Optional(Intervals) },
      { additionalProperties: false, description: 'Opening intervals per weekday; a missing day is closed' },
    ),
    holidays: Type.Array(DateText('A local date the business is closed'), { maxItems: 366 }),
    repeatContactDays: Type.Integer({ minimum: 1, maximum: 90, description: 'A customer back within this many days of a solve is a repeat contact' }),
  },
  { additionalProperties: false },
);
export type ReportSettingsBody = Static<typeof ReportSettingsBody>;
