import { describe, expect, it } from 'vitest';
import { enforcePolicy, type AnswerProposal } from '../guardrails/enforce-policy.js';
import { answerOffline } from '../offline/offline-answer.js';
import { fixtureRequest } from '../testing/fixtures.js';
import { DEFAULT_CONFIDENCE_THRESHOLD, escalateBelow, OFFLINE_ESCALATE_AT_DEFAULT, veryLowConfidence } from './calibration.js';

const offline = (confidence: number, answerability?: number): AnswerProposal => ({
  path: 'offline',
  action: 'reply',
  replyText: 'You can return any unused item within 30 days.',
  language: 'en',
  citationIds: ['kb-returns-1'],
  confidence,
  ...(answerability === undefined ? {} : { answerability }),
  summary: 'Jane Cooper contacted us twice.',
  guardrails: [],
});

const withThreshold = (confidenceThreshold: number) => {
  const request = fixtureRequest();
  return { ...request, policy: { ...request.policy, confidenceThreshold } };
};

describe('calibrated hand-offs', () => {
  it('escalates an offline answer whose answerability is below the measured cut, whatever its confidence', () => {
    const cut = OFFLINE_ESCALATE_AT_DEFAULT;
    expect(escalateBelow('offline', DEFAULT_CONFIDENCE_THRESHOLD)).toBeCloseTo(cut);
    const request = withThreshold(DEFAULT_CONFIDENCE_THRESHOLD);
    const below = enforcePolicy(request, offline(0.85, cut - 0.05));
    expect(below).toMatchObject({ action: 'escalate', answerability: cut - 0.05, escalation: { tags: ['low-confidence'] } });
    expect(below.guardrails).toContain('very-low-confidence');
    // Above the cut the confidence decides between a draft and a reply, as before.
    expect(enforcePolicy(request, offline(0.5, cut + 0.05)).action).toBe('draft');
    expect(enforcePolicy(request, offline(0.85, cut + 0.05)).action).toBe('reply');
    // A proposal without an answerability (another path's) is judged on its confidence.
    expect(enforcePolicy(request, offline(cut - 0.05)).action).toBe('escalate');
    expect(enforcePolicy(request, offline(Math.min(0.69, cut + 0.05))).action).toBe('draft');
  });

  it("moves the cut along the curve with the tenant's threshold, never above the threshold", () => {
    const cuts = [0.3, 0.5, 0.7, 0.9, 1].map((threshold) => escalateBelow('offline', threshold));
    expect(cuts).toEqual([...cuts].sort((a, b) => a - b));
    for (const threshold of [0, 0.3, 0.7, 1]) expect(escalateBelow('offline', threshold)).toBeLessThanOrEqual(threshold);
    // Between the default's cut and a stricter threshold's: escalated under the strict tenant, drafted under the default.
    const between = (escalateBelow('offline', 0.7) + escalateBelow('offline', 0.9)) / 2;
    expect(enforcePolicy(withThreshold(0.9), offline(0.6, between)).action).toBe('escalate');
    expect(enforcePolicy(withThreshold(0.7), offline(0.6, between)).action).toBe('draft');
    const looser = (escalateBelow('offline', 0.5) + escalateBelow('offline', 0.7)) / 2;
    expect(enforcePolicy(withThreshold(0.5), offline(0.45, looser)).action).toBe('draft');
    expect(enforcePolicy(withThreshold(0.7), offline(0.45, looser)).action).toBe('escalate');
  });

  it("keeps a model's self-reported confidence, and a call already with a person, on the old cut", () => {
    expect(escalateBelow('claude', 0.7)).toBe(veryLowConfidence(0.7));
    expect(escalateBelow('offline', 0.7, 'voice')).toBe(veryLowConfidence(0.7));
    expect(escalateBelow('offline', 0.7, 'chat')).toBeCloseTo(OFFLINE_ESCALATE_AT_DEFAULT);
    expect(enforcePolicy(withThreshold(0.7), { ...offline(0.4), path: 'claude' }).action).toBe('draft');
    // On a call the answerability (fit on chat messages) does not decide: a draft to read from.
    const call = fixtureRequest({ channel: 'voice' });
    expect(enforcePolicy(call, offline(0.4, 0.1)).action).toBe('draft');
    expect(enforcePolicy(fixtureRequest(), offline(0.4, 0.1)).action).toBe('escalate');
  });

  it('hands thanks and booking asks on without quoting the knowledge', () => {
    for (const [message, tag] of [
      ['Thanks a lot, that is all!', 'thanks'],
      ['Could you book it for two nights from Friday?', 'booking'],
    ] as const) {
      const proposal = answerOffline(fixtureRequest({ latestMessage: message }), 'summary');
      expect(proposal).toMatchObject({ action: 'escalate', replyText: '', citationIds: [], escalation: { tags: ['no-knowledge-needed', tag] } });
      const result = enforcePolicy(fixtureRequest({ latestMessage: message }), proposal);
      expect(result.action).toBe('escalate');
      // No figure decided it: the decision says why instead.
      expect(result.decision).toMatchObject({ outcome: 'escalate', basis: 'no-answer-needed' });
    }
  });
});
