import Type, { type Static } from 'typebox';
import { CHANNELS } from '@threadline/connector-core';

const Mode = Type.Union([Type.Literal('off'), Type.Literal('draft'), Type.Literal('auto')], {
  description: '`off`: the agent does nothing; `draft`: an internal note for an agent; `auto`: a public reply when confidence reaches the threshold (a draft below it)',
});
const Threshold = Type.Number({ minimum: 0, maximum: 1, description: 'Least confidence (0..1) for an automatic public reply' });

export const ChannelPolicyBody = Type.Object({ mode: Mode, confidenceThreshold: Threshold }, { additionalProperties: false });
export type ChannelPolicyBody = Static<typeof ChannelPolicyBody>;

const Channels = Type.Object(Object.fromEntries(CHANNELS.map((channel) => [channel, Type.Optional(ChannelPolicyBody)])) as Record<(typeof CHANNELS)[number], Type.TOptional<typeof ChannelPolicyBody>>, {
  additionalProperties: false,
  description: 'Per channel: mode and threshold. A channel left out follows `defaults`; voice is never `auto` (transcripts are not answered publicly)',
});

const Priority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
const Text = (maxLength: number, description: string) => Type.Union([Type.String({ minLength: 1, maxLength }), Type.Null()], { description });

export const BlockedTopicBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9 _-]*$', description: 'Short lower-case name, used as a tag' }),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { minItems: 1, maxItems: 50, description: 'Words or phrases (whole-word, any case); `/…/` is a regular expression' }),
    route: Type.Object(
      {
        group: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Helpdesk group id (default: the escalation group)" })),
        priority: Type.Optional(Priority),
        tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 10 })),
      },
      { additionalProperties: false, description: 'Where a ticket about this topic is escalated' },
    ),
    handOffTo: Type.Optional(Type.Union([Type.Literal('voice'), Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')], { description: 'Move the conversation to this channel instead' })),
  },
  { additionalProperties: false },
);
export type BlockedTopicBody = Static<typeof BlockedTopicBody>;

/** The tenant's policy: what the agent may do on each channel, what it never answers, and how it speaks. */
export const PolicyBody = Type.Object(
  {
    defaults: ChannelPolicyBody,
    channels: Channels,
    blockedTopics: Type.Array(BlockedTopicBody, { maxItems: 100, description: 'Topics that always escalate (or move channel), whatever the confidence' }),
    refundLimit: Type.Union([Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()], { description: 'Refund requests above this amount escalate; null: no limit' }),
    escalationGroupId: Text(64, "The helpdesk group escalations go to (GET /v1/groups lists them); null: the ticket's own"),
    identity: Type.Object(
      {
        agentName: Text(60, 'The name replies are signed with'),
        companyName: Text(80, 'Signed as "the <company> team"'),
        greeting: Text(120, 'Opening line of letter-shaped replies (email, web form); `{name}` is the first name. null: the language\'s default'),
        signOff: Text(120, "Closing line before the signature; null: the language's default"),
      },
      { additionalProperties: false },
    ),
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 20, uniqueItems: true, description: 'ISO 639-1 languages the agent replies in on its own; a message in another becomes a draft. Empty: any' }),
  },
  { additionalProperties: false },
);
export type PolicyBody = Static<typeof PolicyBody>;

/** The policy as stored now, with every channel's effective mode and threshold filled in. */
export const PolicyResponse = PolicyBody;
export type PolicyResponse = PolicyBody;

export const PolicyChange = Type.Object({
  field: Type.String({ description: 'Dotted path of what changed, e.g. "channels.chat.mode"' }),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type PolicyChange = Static<typeof PolicyChange>;

export const PolicyAuditEntry = Type.Object({
  id: Type.String(),
  actor: Type.String({ description: 'The console account (email), "api-key", or the helpdesk agent' }),
  at: Type.String({ format: 'date-time' }),
  changes: Type.Array(PolicyChange),
});
export type PolicyAuditEntry = Static<typeof PolicyAuditEntry>;

export const PolicyAuditBody = Type.Object({ entries: Type.Array(PolicyAuditEntry) });
export type PolicyAuditBody = Static<typeof PolicyAuditBody>;
