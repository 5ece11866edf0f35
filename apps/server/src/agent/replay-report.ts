import { CHANNELS, type Channel } from '@threadline/connector-core';
import type { AnswerAction, AnswerResult } from '@threadline/knowledge/answer';
import { wordOverlap, type ReplayItem, type ReplayReport } from './replay.js';
import { decideAgain } from './replay-decision.js';
import { groupGaps, type GapTopic } from './replay-gaps.js';
import { effectiveMode, type AgentMode, type TenantPolicy } from './policy-repository.js';

/** How a set of replayed tickets would have gone: shares of each action, and how close the replies came to the humans'. */
export interface ReplayFigures {
  tickets: number;
  /** Share (0..1) the agent would have answered on its own. */
  autoShare: number;
  draftShare: number;
  escalateShare: number;
  /** Mean similarity (word F1, 0..1) of the automatic replies to the human's; null when there were none. */
  meanAutoSimilarity: number | null;
  /** Mean similarity of every answer the agent wrote (replies and drafts, not escalations' holding replies) to the human's; null when none. */
  meanSimilarity: number | null;
}

export interface ChannelFigures extends ReplayFigures {
  channel: string;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const mean = (values: number[]) => (values.length > 0 ? round(values.reduce((sum, value) => sum + value, 0) / values.length) : null);

/** The figures of `items`, each taken with the action it has (as replayed, or decided again). */
export function figuresOf(items: ReadonlyArray<{ action: AnswerAction; overlap: number }>): ReplayFigures {
  const share = (action: AnswerAction) => (items.length > 0 ? round(items.filter((item) => item.action === action).length / items.length) : 0);
  return {
    tickets: items.length,
    autoShare: share('reply'),
    draftShare: share('draft'),
    escalateShare: share('escalate'),
    meanAutoSimilarity: mean(items.filter((item) => item.action === 'reply').map((item) => item.overlap)),
    meanSimilarity: mean(items.filter((item) => item.action !== 'escalate').map((item) => item.overlap)),
  };
}

/** Figures per channel, in the vocabulary's channel order; channels with no ticket are left out. */
export function channelFigures(items: ReadonlyArray<{ channel: string; action: AnswerAction; overlap: number }>): ChannelFigures[] {
  const order = (channel: string) => {
    const index = (CHANNELS as readonly string[]).indexOf(channel);
    return index === -1 ? CHANNELS.length : index;
  };
  const channels = [...new Set(items.map((item) => item.channel))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return channels.map((channel) => ({ channel, ...figuresOf(items.filter((item) => item.channel === channel)) }));
}

/** The questions the knowledge base could not answer, grouped by topic. */
export function knowledgeGaps(items: readonly ReplayItem[]): GapTopic[] {
  return groupGaps(
    items
      .filter((item) => item.lackedKnowledge)
      .map((item) => ({ ticketExternalId: item.ticketExternalId, subject: item.subject, channel: item.channel, question: item.question })),
  );
}

/** Every channel's effective mode and threshold under `policy`. */
export function channelSettings(policy: TenantPolicy): Record<Channel, { mode: AgentMode; confidenceThreshold: number }> {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, effectiveMode(policy, channel)])) as Record<Channel, { mode: AgentMode; confidenceThreshold: number }>;
}

/** What a compare changes: the default, and any channel's mode or threshold. */
export interface PolicyOverride {
  defaults?: { mode?: AgentMode; confidenceThreshold?: number };
  channels?: Partial<Record<Channel, { mode?: AgentMode; confidenceThreshold?: number }>>;
}

/** `policy` with the override's settings laid over it; everything else (topics, limits, languages) stays. */
export function applyOverride(policy: TenantPolicy, override: PolicyOverride): TenantPolicy {
  const channelOverrides = { ...policy.channelOverrides };
  for (const [channel, setting] of Object.entries(override.channels ?? {}) as Array<[Channel, { mode?: AgentMode; confidenceThreshold?: number }]>) {
    channelOverrides[channel] = { ...channelOverrides[channel], ...setting };
  }
  return {
    ...policy,
    mode: override.defaults?.mode ?? policy.mode,
    confidenceThreshold: override.defaults?.confidenceThreshold ?? policy.confidenceThreshold,
    channelOverrides,
  };
}

export interface ChangedTicket {
  ticketExternalId: string;
  subject: string;
  channel: string;
  confidence: number;
  /** The figure the new action was decided on, with the cut under the compared policy. */
  figure?: AnswerResult['decision'];
  before: AnswerAction;
  after: AnswerAction;
}

export interface ReplayComparison {
  settings: { before: ReturnType<typeof channelSettings>; after: ReturnType<typeof channelSettings> };
  totals: { before: ReplayFigures; after: ReplayFigures };
  channels: Array<{ channel: string; before: ReplayFigures; after: ReplayFigures }>;
  changed: ChangedTicket[];
}

/**
 * The same replay decided again under the replay's policy with `override` laid over it: the model's
 * proposals and the retrieved passages are the ones kept, only the rules run again (`decideAgain`).
 * Null when the replay kept no decisions (it ran before they were kept).
 */
export function compareReplay(report: ReplayReport, override: PolicyOverride): ReplayComparison | null {
  const { policy } = report;
  if (!policy || report.items.some((item) => !item.decision)) return null;
  const next = applyOverride(policy, override);
  const hosts = report.knowledgeHosts ?? [];
  const after = report.items.map((item) => {
    if (!item.decision) return item;
    const decided = decideAgain(item.decision, next, hosts);
    // An escalation that becomes an answer sends the proposal's text, not the holding reply: its similarity is measured again.
    return { ...item, action: decided.action, overlap: round(wordOverlap(decided.replyText, item.humanAnswer)), ...(decided.figure ? { figure: decided.figure } : {}) };
  });
  const channels = channelFigures(report.items).map(({ channel }) => ({
    channel,
    before: figuresOf(report.items.filter((item) => item.channel === channel)),
    after: figuresOf(after.filter((item) => item.channel === channel)),
  }));
  return {
    settings: { before: channelSettings(policy), after: channelSettings(next) },
    totals: { before: figuresOf(report.items), after: figuresOf(after) },
    channels,
    changed: report.items.flatMap((item, index) => {
      const { action: now, figure } = after[index] as ReplayItem;
      if (now === item.action) return [];
      return [{ ticketExternalId: item.ticketExternalId, subject: item.subject, channel: item.channel, confidence: item.confidence, ...(figure ? { figure } : {}), before: item.action, after: now }];
    }),
  };
}
