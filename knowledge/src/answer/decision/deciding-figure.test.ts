import { describe, expect, it } from 'vitest';
import { fixtureRequest } from '../testing/fixtures.js';
import { enforcePolicy, type AnswerProposal } from '../guardrails/enforce-policy.js';
import { escalateBelow } from './calibration.js';
import { decidingFigure } from './deciding-figure.js';

function offline(overrides: Partial<AnswerProposal> = {}): AnswerProposal {
  return {
    path: 'offline',
    action: 'reply',
    replyText: 'You can return any unused item within 30 days.',
    language: 'en',
    citationIds: ['kb-returns-1'],
    confidence: 0.8,
    answerability: 0.9,
    summary: 'Jane Cooper asked about returns.',
    guardrails: [],
    ...overrides,
  };
}

describe('the figure an answer was decided on', () => {
  it('is the answerability and its hand-off cut when the offline path escalates on it, whatever the confidence', () => {
    const request = fixtureRequest();
    const cut = escalateBelow('offline', request.policy.confidenceThreshold, request.ticket.channel);
    const result = enforcePolicy(request, offline({ confidence: 0.37, answerability: 0.18 }));
    expect(result.action).toBe('escalate');
    expect(result.decision).toEqual({ measure: 'answerability', value: 0.18, cut, outcome: 'escalate' });
    expect(result.escalation?.reason).toBe('The knowledge found does not answer the question.');
  });

  it('is the confidence and the threshold when the knowledge answers but the confidence holds the reply as a draft', () => {
    const request = fixtureRequest();
    const result = enforcePolicy(request, offline({ confidence: 0.55, answerability: 0.9 }));
    expect(result.action).toBe('draft');
    expect(result.decision).toEqual({ measure: 'confidence', value: 0.55, cut: request.policy.confidenceThreshold, outcome: 'draft' });
  });

  it('is the answerability, passed, on an offline reply', () => {
    const request = fixtureRequest();
    const result = enforcePolicy(request, offline());
    expect(result.action).toBe('reply');
    expect(result.decision).toMatchObject({ measure: 'answerability', value: 0.9, outcome: null });
  });

  it('is the confidence on a model path, against the hand-off cut when it escalates', () => {
    const request = fixtureRequest();
    const result = enforcePolicy(request, offline({ path: 'claude', model: 'claude-test', answerability: undefined, confidence: 0.1 }));
    expect(result.action).toBe('escalate');
    expect(result.decision).toEqual({ measure: 'confidence', value: 0.1, cut: escalateBelow('claude', request.policy.confidenceThreshold), outcome: 'escalate' });
    expect(result.escalation?.reason).toBe('The knowledge found does not answer the question.');
  });

  it('says nothing decided by the figure when a rule escalated a confident answer', () => {
    const result = enforcePolicy(fixtureRequest({ latestMessage: 'I want to talk to a person about my return.' }), offline());
    expect(result.action).toBe('escalate');
    expect(result.decision?.outcome).toBeNull();
  });

  it('leaves a call\'s draft to its rule: the threshold held nothing back on a channel never answered on its own', () => {
    const request = fixtureRequest({ channel: 'voice' });
    const result = enforcePolicy(request, offline({ confidence: 0.29, answerability: 0.9 }));
    expect(result.action).toBe('draft');
    expect(result.guardrails).toContain('voice-never-auto');
    expect(result.decision).toEqual({ measure: 'confidence', value: 0.29, cut: escalateBelow('offline', request.policy.confidenceThreshold, 'voice'), outcome: null });
  });

  it('keeps the threshold as the cut of a confidence that passed', () => {
    expect(decidingFigure({ path: 'claude', channel: 'email', threshold: 0.7, confidence: 0.9, isBelowHandOff: false })).toEqual({
      measure: 'confidence',
      value: 0.9,
      cut: 0.7,
      outcome: null,
    });
  });
});
