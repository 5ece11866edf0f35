import { describe, expect, it } from 'vitest';
import type { Policy } from '../../api/account-types.js';
import { changeInWords, toDraft, toPolicy } from './policy-form.js';

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

describe('a recorded policy change, in words', () => {
  it('names a channel threshold by its channel and shows it in percent, like the figures it is compared with', () => {
    expect(changeInWords({ field: 'channels.chat.confidenceThreshold', before: 0.55, after: 0.6 })).toEqual({ label: 'Chat, threshold', isFieldName: false, before: '55%', after: '60%' });
    expect(changeInWords({ field: 'defaults.confidenceThreshold', before: 0.555, after: 0.7 })).toMatchObject({ label: 'Every other channel, threshold', before: '55.5%', after: '70%' });
  });

  it('names a mode as the Policy page does', () => {
    expect(changeInWords({ field: 'channels.web_form.mode', before: 'draft', after: 'auto' })).toEqual({ label: 'Web form, mode', isFieldName: false, before: 'Draft for an agent', after: 'Reply automatically' });
  });

  it('keeps any other field by its name, its values as stored, and a missing value as none', () => {
    expect(changeInWords({ field: 'refundLimit', before: 500, after: null })).toEqual({ label: 'refundLimit', isFieldName: true, before: '500', after: 'none' });
    expect(changeInWords({ field: 'languages', before: undefined, after: ['en'] })).toMatchObject({ before: 'none', after: '["en"]' });
  });
});
