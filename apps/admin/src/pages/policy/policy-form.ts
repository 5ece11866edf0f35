import type { AgentMode, Policy } from '../../api/account-types.js';
import { channelLabel, thresholdToPercent } from '../../format.js';

/**
 * The policy as the form edits it: lists as comma-separated text, numbers as typed. `toPolicy`
 * turns it back; the server validates the rest and names the field it refuses.
 */
export interface TopicDraft {
  name: string;
  keywords: string;
  group: string;
  handOffTo: '' | 'voice' | 'email' | 'whatsapp' | 'sms';
  /** Routing the form does not edit (priority, tags), kept as it was. */
  rest: Omit<Policy['blockedTopics'][number]['route'], 'group'>;
}

export interface PolicyDraft {
  policy: Policy;
  topics: TopicDraft[];
  languages: string;
  refundLimit: string;
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function toDraft(policy: Policy): PolicyDraft {
  return {
    policy,
    topics: policy.blockedTopics.map(({ name, keywords, route: { group, ...rest }, handOffTo }) => ({ name, keywords: keywords.join(', '), group: group ?? '', handOffTo: handOffTo ?? '', rest })),
    languages: policy.languages.join(', '),
    refundLimit: policy.refundLimit === null ? '' : String(policy.refundLimit),
  };
}

/**
 * @example toPolicy({ ...toDraft(policy), languages: 'en, de' }).languages // ['en', 'de']
 */
export function toPolicy(draft: PolicyDraft): Policy {
  const nullIfEmpty = (value: string | null) => (value && value.trim() ? value.trim() : null);
  const { identity } = draft.policy;
  return {
    ...draft.policy,
    blockedTopics: draft.topics.map((topic) => ({
      name: topic.name.trim(),
      keywords: splitList(topic.keywords),
      route: { ...topic.rest, ...(topic.group.trim() ? { group: topic.group.trim() } : {}) },
      ...(topic.handOffTo ? { handOffTo: topic.handOffTo } : {}),
    })),
    languages: splitList(draft.languages).map((language) => language.toLowerCase()),
    refundLimit: draft.refundLimit.trim() === '' ? null : Number(draft.refundLimit),
    escalationGroupId: nullIfEmpty(draft.policy.escalationGroupId),
    identity: { agentName: nullIfEmpty(identity.agentName), companyName: nullIfEmpty(identity.companyName), greeting: nullIfEmpty(identity.greeting), signOff: nullIfEmpty(identity.signOff) },
  };
}

/** The modes as the Policy page names them. */
export const MODE_WORDS: Readonly<Record<AgentMode, string>> = { off: 'Off', draft: 'Draft for an agent', auto: 'Reply automatically' };

const CHANNEL_FIELD = /^(?:channels\.([a-z_]+)|defaults)\.(confidenceThreshold|mode)$/;

/**
 * One recorded change as a support lead reads it: a channel's threshold in percent and its mode in
 * the page's words ("Chat threshold", 55% → 60%); any other field keeps its name, its values as stored.
 */
export function changeInWords(change: { field: string; before: unknown; after: unknown }): { label: string; isFieldName: boolean; before: string; after: string } {
  const asStored = (value: unknown) => (value === undefined || value === null ? 'none' : JSON.stringify(value));
  const match = CHANNEL_FIELD.exec(change.field);
  if (!match) return { label: change.field, isFieldName: true, before: asStored(change.before), after: asStored(change.after) };
  const [, channel, setting] = match;
  const where = channel ? channelLabel(channel) : 'Every other channel';
  const word = (value: unknown) => {
    if (setting === 'confidenceThreshold' && typeof value === 'number') return `${thresholdToPercent(value)}%`;
    if (setting === 'mode' && typeof value === 'string' && value in MODE_WORDS) return MODE_WORDS[value as AgentMode];
    return asStored(value);
  };
  return { label: `${where}, ${setting === 'mode' ? 'mode' : 'threshold'}`, isFieldName: false, before: word(change.before), after: word(change.after) };
}
