import type { Policy } from '../../api/account-types.js';

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
