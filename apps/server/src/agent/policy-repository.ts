import type { Queryable } from '@threadline/platform/db';
import type { Channel, HandoffChannel } from '@threadline/connector-core';
import { DEFAULT_BLOCKED_TOPICS as ENGINE_BLOCKED_TOPICS } from '@threadline/knowledge/answer';

export type AgentMode = 'off' | 'draft' | 'auto';

export interface BlockedTopicSetting {
  name: string;
  keywords: string[];
  escalateTo?: { group?: string; priority?: 'low' | 'normal' | 'high' | 'urgent'; tags?: string[] };
  /**
   * The channel this topic belongs on (e.g. identity checks by phone): a customer message about it
   * is handed to that channel (a follow-up ticket there, see `createHandoffs`) instead of answered.
   */
  handOffTo?: HandoffChannel;
}

/** A tenant's agent settings: a default, optional per-channel overrides, and what always escalates. */
export interface TenantPolicy {
  mode: AgentMode;
  confidenceThreshold: number;
  channelOverrides: Partial<Record<Channel, { mode?: AgentMode; confidenceThreshold?: number }>>;
  blockedTopics: BlockedTopicSetting[];
  refundLimit: number | null;
  escalationGroupId: string | null;
  agentName: string | null;
  companyName: string | null;
  /** Replaces the engine's greeting line in letter-shaped replies (`{name}` is the customer's first name). */
  greeting: string | null;
  /** Replaces the engine's sign-off line in letter-shaped replies. */
  signOff: string | null;
  /** Languages (ISO 639-1) the agent may reply in on its own; a message in another is a draft. Empty: any. */
  languages: string[];
}

/** What the engine's defaults miss in the phrasing customers use with a shop like the demo's. */
const EXTRA_KEYWORDS: Record<string, string[]> = {
  legal: ['formal complaint'],
  security: ['did not place', "didn't place", 'someone used my account'],
};

/**
 * Topics that escalate for every tenant unless it configures its own list: the engine's (legal,
 * security) routed to the tenant's escalation group rather than a named one, plus chargebacks.
 */
export const DEFAULT_BLOCKED_TOPICS: BlockedTopicSetting[] = [
  ...ENGINE_BLOCKED_TOPICS.map((topic) => ({
    name: topic.name,
    keywords: [...topic.keywords, ...(EXTRA_KEYWORDS[topic.name] ?? [])],
    escalateTo: {
      ...(topic.escalateTo?.priority ? { priority: topic.escalateTo.priority } : {}),
      tags: topic.escalateTo?.tags ?? [topic.name],
    },
  })),
  { name: 'chargeback', keywords: ['chargeback', 'dispute the charge', 'disputing the charge'], escalateTo: { priority: 'high', tags: ['billing'] } },
];

export const DEFAULT_POLICY: TenantPolicy = {
  mode: 'draft',
  confidenceThreshold: 0.7,
  // Voice tickets are transcripts: never answered publicly, whatever the default says.
  channelOverrides: { voice: { mode: 'draft' } },
  blockedTopics: DEFAULT_BLOCKED_TOPICS,
  refundLimit: 500,
  escalationGroupId: null,
  agentName: null,
  companyName: null,
  greeting: null,
  signOff: null,
  languages: [],
};

interface PolicyRow {
  mode: AgentMode;
  confidence_threshold: number;
  channel_overrides: TenantPolicy['channelOverrides'];
  blocked_topics: BlockedTopicSetting[];
  refund_limit: string | number | null;
  escalation_group_id: string | null;
  agent_name: string | null;
  company_name: string | null;
  greeting: string | null;
  sign_off: string | null;
  languages: string[] | null;
}

export async function getPolicy(db: Queryable, tenantId: string): Promise<TenantPolicy> {
  const { rows } = await db.query<PolicyRow>(
    `select mode, confidence_threshold, channel_overrides, blocked_topics, refund_limit, escalation_group_id, agent_name, company_name,
            greeting, sign_off, languages
       from agent_policies where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return DEFAULT_POLICY;
  return {
    mode: row.mode,
    confidenceThreshold: Number(row.confidence_threshold),
    channelOverrides: row.channel_overrides,
    blockedTopics: row.blocked_topics.length > 0 ? row.blocked_topics : DEFAULT_BLOCKED_TOPICS,
    refundLimit: row.refund_limit === null ? null : Number(row.refund_limit),
    escalationGroupId: row.escalation_group_id,
    agentName: row.agent_name,
    companyName: row.company_name,
    greeting: row.greeting,
    signOff: row.sign_off,
    languages: row.languages ?? [],
  };
}

export async function savePolicy(db: Queryable, tenantId: string, policy: TenantPolicy): Promise<void> {
  await db.query(
    `insert into agent_policies (tenant_id, mode, confidence_threshold, channel_overrides, blocked_topics, refund_limit, escalation_group_id, agent_name, company_name,
                                 greeting, sign_off, languages)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10, $11, $12::text[])
     on conflict (tenant_id) do update set mode = excluded.mode, confidence_threshold = excluded.confidence_threshold,
       channel_overrides = excluded.channel_overrides, blocked_topics = excluded.blocked_topics, refund_limit = excluded.refund_limit,
       escalation_group_id = excluded.escalation_group_id, agent_name = excluded.agent_name, company_name = excluded.company_name,
       greeting = excluded.greeting, sign_off = excluded.sign_off, languages = excluded.languages,
       updated_at = now()`,
    [
      tenantId,
      policy.mode,
      policy.confidenceThreshold,
      JSON.stringify(policy.channelOverrides),
      JSON.stringify(policy.blockedTopics),
      policy.refundLimit,
      policy.escalationGroupId,
      policy.agentName,
      policy.companyName,
      policy.greeting,
      policy.signOff,
      policy.languages,
    ],
  );
}

/** The effective mode and threshold for one channel; voice can never be `auto`. */
export function effectiveMode(policy: TenantPolicy, channel: Channel): { mode: AgentMode; confidenceThreshold: number } {
  const override = policy.channelOverrides[channel] ?? {};
  let mode = override.mode ?? policy.mode;
  if (channel === 'voice' && mode === 'auto') mode = 'draft';
  return { mode, confidenceThreshold: override.confidenceThreshold ?? policy.confidenceThreshold };
}
