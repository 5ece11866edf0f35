import { describe, expect, it } from 'vitest';
import { SIGNAL_NAMES, type DecisionSignals } from '@threadline/knowledge/answer';
import type { DecisionRecord } from './collect-decisions.js';
import { decide, fitAnswerability } from './fit-answerability.js';

const zero = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0])) as unknown as DecisionSignals;

/**
 * Two views whose answerable messages have a strong retrieval match and whose escalate-gold ones
 * do not, except that the second view's action requests match well and still need a person.
 */
function records(): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  for (let index = 0; index < 80; index++) {
    const strength = (index % 10) / 10;
    const answerable = index % 2 === 0;
    const topScore = answerable ? 0.6 + strength * 0.3 : 0.2 + strength * 0.3;
    out.push({ id: `bot-${index}`, view: 'bot', gold: !answerable, category: '', message: '', confidence: topScore, signals: { ...zero, topScore, coverage: topScore } });
    const isAction = !answerable && index % 4 === 1;
    out.push({
      id: `chat-${index}`,
      view: 'chat',
      gold: !answerable,
      category: '',
      message: '',
      confidence: 0.7,
      signals: { ...zero, topScore: isAction ? 0.8 : topScore, coverage: isAction ? 0.8 : topScore, isActionRequest: isAction ? 1 : 0 },
    });
  }
  out.push({ id: 'thanks', view: 'chat', gold: true, category: '', message: 'Thanks!', confidence: 0, forcedBy: 'no-knowledge-needed:thanks' });
  return out;
}

describe('the answerability fit', () => {
  it('learns that a strong match answers and an action request needs a person, and escalates what a rule forces', () => {
    const fit = fitAnswerability(records());
    expect(fit.model.weights.topScore).toBeGreaterThan(0);
    expect(fit.model.weights.isActionRequest).toBeLessThan(0);
    expect(fit.model.escalateBelow).toBeGreaterThan(0);
    expect(fit.model.escalateBelow).toBeLessThan(1);
    const forced = records().find((record) => record.forcedBy) as DecisionRecord;
    expect(decide(fit.model, forced, fit.model.escalateBelow)).toBe(true);
    for (const score of fit.scores) expect(score.after.all.f1).toBeGreaterThan(0.8);
  });

  it('fits on the tune half only and reports the check half beside it', () => {
    const fit = fitAnswerability(records());
    const fitted = Object.values(fit.fittedOn).reduce((sum, view) => sum + view.messages, 0);
    expect(fitted).toBeLessThan(records().length);
    for (const score of fit.scores) expect(score.after.tune.n + score.after.check.n).toBe(score.after.all.n);
    // The old rule (confidence below 0.6) cannot tell the chat view's action requests from its answerable questions.
    const chat = fit.scores.find((score) => score.view === 'chat');
    expect(chat?.after.all.f1).toBeGreaterThan(chat?.before.all.f1 ?? 1);
  });
});
