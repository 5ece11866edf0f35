import { describe, expect, it } from 'vitest';
import { answerDecisionWords, decisionWords, formatPercent } from './index.js';

describe('decision figures in words', () => {
  it('names the answerability and its hand-off cut on an escalation it decided', () => {
    expect(decisionWords({ measure: 'answerability', value: 0.184, cut: 0.52, outcome: 'escalate' })).toBe('knowledge answers it 18% · hand-off below 52%');
  });

  it('names the confidence and the threshold on a draft it decided', () => {
    expect(decisionWords({ measure: 'confidence', value: 0.55, cut: 0.7, outcome: 'draft' })).toBe('confidence 55% · replies from 70%');
  });

  it('names a model path hand-off on its confidence', () => {
    expect(decisionWords({ measure: 'confidence', value: 0.1, cut: 0.25, outcome: 'escalate' })).toBe('confidence 10% · hand-off below 25%');
  });

  it('leaves the cut out when the figure passed it', () => {
    expect(decisionWords({ measure: 'answerability', value: 0.84, cut: 0.52, outcome: null })).toBe('knowledge answers it 84%');
    expect(decisionWords({ measure: 'confidence', value: 0, cut: 0.52, outcome: 'escalate', basis: 'nothing-found' })).toBe('nothing found in the knowledge');
    expect(decisionWords({ measure: 'confidence', value: 0, cut: 0.52, outcome: 'escalate', basis: 'no-answer-needed' })).toBe('needs no knowledge answer');
  });

  it('shows an answer stored without a figure by its confidence', () => {
    expect(answerDecisionWords({ confidence: 0.37 })).toBe('confidence 37%');
    expect(answerDecisionWords({ confidence: 0.37, decision: null })).toBe('confidence 37%');
    expect(answerDecisionWords({ confidence: 0.37, decision: { measure: 'answerability', value: 0.18, cut: 0.52, outcome: 'escalate' } })).toBe(
      'knowledge answers it 18% · hand-off below 52%',
    );
  });

  it('rounds to whole percentages', () => {
    expect(formatPercent(0.005)).toBe('1%');
    expect(formatPercent(1)).toBe('100%');
  });
});
