import { describe, expect, it } from 'vitest';
import type { Policy } from '../../api/account-types.js';
import { toDraft, toPolicy } from './policy-form.js';

const policy = {
  defaults: { mode: 'draft', confidenceThreshold: 0.7 },
  channels: { chat: { mode: 'auto', confidenceThreshold: 0.6 } },
  blockedTopics: [{ name: 'legal', keywords: ['lawyer', 'court'], route: { priority: 'high', tags: ['legal'] } }],
  refundLimit: 500,
  escalationGroupId: null,
  identity: { agentName: 'Alex', companyName: null, greeting: null, signOff: null },
  languages: ['en'],
} as Policy;

describe('the policy form', () => {
  it('gives back the policy it was made from, unchanged', () => {
    expect(toPolicy(toDraft(policy))).toEqual(policy);
  });

  it('reads lists from comma-separated text, empty fields as null, and keeps routing it does not show', () => {
    const draft = toDraft(policy);
    const edited = toPolicy({
      ...draft,
      languages: ' EN, de ,',
      refundLimit: '',
      topics: [{ ...draft.topics[0]!, keywords: 'lawyer, , attorney', group: ' 42 ' }],
      policy: { ...draft.policy, identity: { ...draft.policy.identity, agentName: '  ', greeting: 'Hey {name},' } },
    });
    expect(edited.languages).toEqual(['en', 'de']);
    expect(edited.refundLimit).toBeNull();
    expect(edited.blockedTopics[0]).toEqual({ name: 'legal', keywords: ['lawyer', 'attorney'], route: { priority: 'high', tags: ['legal'], group: '42' } });
    expect(edited.identity).toEqual({ agentName: null, companyName: null, greeting: 'Hey {name},', signOff: null });
  });
});
