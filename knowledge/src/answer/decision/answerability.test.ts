import { describe, expect, it } from 'vitest';
import { enforcePolicy } from '../guardrails/enforce-policy.js';
import { answerOffline } from '../offline/offline-answer.js';
import { fixtureRequest } from '../testing/fixtures.js';
import type { AnswerPassage } from '../types.js';
import { ANSWERABILITY_MODEL, answerability, answerabilityLogit, type AnswerabilityModel } from './answerability.js';
import { SIGNAL_NAMES, type DecisionSignals } from './decision-signals.js';

const zero = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, 0])) as unknown as DecisionSignals;

/** A message the knowledge answers: a strong, clear match that covers the question. */
const answered: DecisionSignals = { ...zero, topScore: 0.8, margin: 0.3, coverage: 0.9, knownShare: 1, bestSentenceCoverage: 0.8, bestSentenceSimilarity: 0.6, length: 0.5, isQuestion: 1 };

describe('answerability', () => {
  it('is the logistic of the bias plus the weighted signals', () => {
    const model: AnswerabilityModel = { bias: -1, weights: { ...(zero as unknown as AnswerabilityModel['weights']), topScore: 2, isActionRequest: -3 }, escalateBelow: 0.5 };
    expect(answerabilityLogit({ ...zero, topScore: 0.5 }, model)).toBeCloseTo(0);
    expect(answerability({ ...zero, topScore: 0.5 }, model)).toBeCloseTo(0.5);
    expect(answerability({ ...zero, topScore: 0.5, isActionRequest: 1 }, model)).toBeCloseTo(1 / (1 + Math.exp(3)), 3);
  });

  it('holds a weight for every signal and a cut inside 0..1 in the checked-in model', () => {
    for (const name of SIGNAL_NAMES) expect(Number.isFinite(ANSWERABILITY_MODEL.weights[name])).toBe(true);
    expect(ANSWERABILITY_MODEL.escalateBelow).toBeGreaterThan(0);
    expect(ANSWERABILITY_MODEL.escalateBelow).toBeLessThan(1);
  });

  it('answers a covered question above the cut and hands on the same knowledge when it covers nothing', () => {
    expect(answerability(answered)).toBeGreaterThan(ANSWERABILITY_MODEL.escalateBelow);
    const uncovered = { ...answered, topScore: 0.35, margin: 0, coverage: 0, knownShare: 0, bestSentenceCoverage: 0, bestSentenceSimilarity: 0.1 };
    expect(answerability(uncovered)).toBeLessThan(ANSWERABILITY_MODEL.escalateBelow);
  });

  it('hands on requests to book or find something and asks for record details, though the knowledge matches', () => {
    const booking = { ...answered, isQuestion: 0, isActionRequest: 1, hasBookingDetails: 1 };
    const details = { ...answered, isQuestion: 0, asksForDetails: 1 };
    expect(answerability(booking)).toBeLessThan(answerability(answered));
    expect(answerability(details)).toBeLessThan(answerability(answered));
    expect(answerability({ ...booking, topScore: 0.6, margin: 0.05 })).toBeLessThan(ANSWERABILITY_MODEL.escalateBelow);
  });
});

const hotel: AnswerPassage[] = [
  {
    id: 'faq-parking',
    title: 'Hobsons House: parking',
    url: 'https://help.example.com/hobsons-house/parking',
    sectionPath: ['Hotels'],
    content: 'Does Hobsons House have free parking? Yes, Hobsons House has free parking for guests on site.',
    visibility: 'public',
    score: 0.62,
  },
  {
    id: 'faq-wifi',
    title: 'Hobsons House: wifi',
    url: 'https://help.example.com/hobsons-house/wifi',
    sectionPath: ['Hotels'],
    content: 'Is there wifi at Hobsons House? Free wifi is available in all rooms.',
    visibility: 'public',
    score: 0.58,
  },
];

describe('the offline hand-off', () => {
  const decide = (latestMessage: string) => {
    const request = { ...fixtureRequest({ latestMessage }), passages: hotel };
    return enforcePolicy(request, answerOffline(request, ''));
  };

  it('answers a question the knowledge covers and hands on a booking ask on the same knowledge', () => {
    expect(decide('Does Hobsons House have free parking for guests?').action).not.toBe('escalate');
    const booking = decide('Find me a guesthouse with free parking for 2 people from Friday for 3 nights');
    expect(booking).toMatchObject({ action: 'escalate' });
    expect(booking.answerability).toBeLessThan(ANSWERABILITY_MODEL.escalateBelow);
  });
});
