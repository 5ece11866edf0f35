import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy-repository.js';
import { diffPolicies, fromPolicyBody, toPolicyBody } from './policy-change.js';

describe('the policy in the API shape', () => {
  it('spells out every channel, and reads back what it stores', () => {
    const body = toPolicyBody(DEFAULT_POLICY);
    expect(body.channels.chat).toEqual({ mode: 'draft', confidenceThreshold: 0.7 });
    expect(body.channels.voice).toEqual({ mode: 'draft', confidenceThreshold: 0.7 });
    expect(toPolicyBody(fromPolicyBody(body))).toEqual(body);
  });

  it('refuses auto on voice, a duplicated topic, a broken regular expression and an unknown placeholder, naming the field', () => {
    const body = toPolicyBody(DEFAULT_POLICY);
    const cases: Array<[typeof body, string]> = [
      [{ ...body, channels: { ...body.channels, voice: { mode: 'auto', confidenceThreshold: 0.9 } } }, 'channels.voice.mode'],
      [{ ...body, blockedTopics: [body.blockedTopics[0]!, body.blockedTopics[0]!] }, 'blockedTopics[1].name'],
      [{ ...body, blockedTopics: [{ name: 'x', keywords: ['/(unclosed/'], route: {} }] }, 'blockedTopics[0].keywords'],
      [{ ...body, identity: { ...body.identity, greeting: 'Hi {first},' } }, 'identity.greeting'],
    ];
    for (const [invalid, field] of cases) {
      expect(() => fromPolicyBody(invalid), field).toThrow(expect.objectContaining({ code: 'SERVER_POLICY_INVALID', details: expect.objectContaining({ field }) }));
    }
  });

  it('lists each changed field with its value before and after, a topic as one entry', () => {
    const before = toPolicyBody(DEFAULT_POLICY);
    const after = {
      ...before,
      channels: { ...before.channels, chat: { mode: 'auto' as const, confidenceThreshold: 0.6 } },
      blockedTopics: before.blockedTopics.map((topic) => (topic.name === 'legal' ? { ...topic, keywords: ['lawyer'] } : topic)),
    };
    expect(diffPolicies(before, after)).toEqual([
      { field: 'channels.chat.mode', before: 'draft', after: 'auto' },
      { field: 'channels.chat.confidenceThreshold', before: 0.7, after: 0.6 },
      { field: 'blockedTopics.legal', before: before.blockedTopics.find((topic) => topic.name === 'legal'), after: expect.objectContaining({ keywords: ['lawyer'] }) },
    ]);
    expect(diffPolicies(before, before)).toEqual([]);
    // The same topic with its keys in another order (as jsonb returns it) is no change.
    const reordered = { ...before, blockedTopics: before.blockedTopics.map(({ name, keywords, route }) => ({ route, keywords, name })) };
    expect(diffPolicies(before, reordered)).toEqual([]);
  });
});
