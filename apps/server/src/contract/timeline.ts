import { AUTHOR_ROLES } from '@threadline/vocabulary';
import Type, { type Static } from 'typebox';

export const Identity = Type.Object({
  type: Type.String(),
  value: Type.String({ description: 'The match key: E.164 phone, lower-cased email, handle without @' }),
  raw: Type.String({ description: 'The value as the helpdesk holds it, for display' }),
  isVerified: Type.Boolean(),
  isPrimary: Type.Boolean(),
});
export type Identity = Static<typeof Identity>;

export const Organization = Type.Object({
  id: Type.String({ format: 'uuid' }),
  externalId: Type.String({ description: 'The organization (Zendesk) or company (Freshdesk) id in the helpdesk' }),
  name: Type.String(),
  domains: Type.Array(Type.String(), { description: 'Email domains the helpdesk places customers in it by' }),
});
export type Organization = Static<typeof Organization>;

export const TicketSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  externalId: Type.String({ description: 'The ticket id in the helpdesk' }),
  subject: Type.String(),
  status: Type.String(),
  channel: Type.String(),
  url: Type.String({ description: 'Agent link to the ticket in the helpdesk' }),
  isArchived: Type.Boolean({ description: "In the helpdesk's archive (Freshdesk: read-only, absent from its ticket lists)" }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  messageCount: Type.Integer(),
});
export type TicketSummary = Static<typeof TicketSummary>;

export const CustomerCard = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    locale: Type.Union([Type.String(), Type.Null()]),
    organization: Type.Union([Organization, Type.Null()], { description: 'The company the customer belongs to in the helpdesk, if any' }),
    identities: Type.Array(Identity, { description: 'Every email, phone and social identity, across merged helpdesk records' }),
    helpdeskIds: Type.Array(Type.String()),
    channels: Type.Array(Type.String(), { description: 'Channels the customer has used, most recent first' }),
    tickets: Type.Array(TicketSummary),
  },
  { $id: 'CustomerCard' },
);
export type CustomerCard = Static<typeof CustomerCard>;

export const TimelineItem = Type.Object({
  messageId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  channel: Type.String({ description: 'Normalized channel of this interaction' }),
  channelRaw: Type.String({ description: "The helpdesk's own channel value" }),
  authorRole: Type.Enum(AUTHOR_ROLES),
  isPublic: Type.Boolean(),
  bodyText: Type.String(),
  ticket: Type.Object({
    id: Type.String({ format: 'uuid' }),
    externalId: Type.String(),
    subject: Type.String(),
    status: Type.String(),
    channel: Type.String(),
    url: Type.String(),
    isArchived: Type.Boolean({ description: "In the helpdesk's archive" }),
  }),
});

export type TimelineItem = Static<typeof TimelineItem>;

export const TimelineQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc', description: 'asc: oldest first (time order); desc: newest first' }),
  includeInternal: Type.Boolean({ default: true, description: 'Include internal notes' }),
});
export type TimelineQuery = Static<typeof TimelineQuery>;

export const TimelineBody = Type.Object(
  {
    customer: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), organization: Type.Union([Organization, Type.Null()]) }),
    items: Type.Array(TimelineItem),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Timeline' },
);
export type TimelineBody = Static<typeof TimelineBody>;
