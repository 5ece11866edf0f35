import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSAGES } from '../testing/fixtures.js';
import type { AnswerPassage } from '../types.js';
import { decisionSignals } from './decision-signals.js';

const returns = FIXTURE_PASSAGES[0] as AnswerPassage;
const shipping = FIXTURE_PASSAGES[1] as AnswerPassage;

const signalsOf = (message: string, passages: readonly AnswerPassage[] = [returns, shipping], sentences: string[] = []) =>
  decisionSignals({ message, passages, sentences, isLanguageMismatch: false });

describe('decision signals', () => {
  it('reads the best retrieval score and how far the best article stands above the next', () => {
    const clear = signalsOf('Can I return my tent?', [{ ...returns, score: 0.9 }, { ...shipping, score: 0.3 }]);
    const flat = signalsOf('Can I return my tent?', [{ ...returns, score: 0.52 }, { ...shipping, score: 0.5 }]);
    expect(clear.topScore).toBeCloseTo(0.9);
    expect(clear.margin).toBeCloseTo(0.6);
    expect(flat.margin).toBeCloseTo(0.02);
  });

  it('counts chunks of one article as one source for the margin', () => {
    const secondChunk = { ...returns, id: 'kb-returns-2', score: 0.85 };
    expect(signalsOf('Can I return my tent?', [{ ...returns, score: 0.9 }, secondChunk, { ...shipping, score: 0.3 }]).margin).toBeCloseTo(0.6);
  });

  it('measures how much of the message the chosen sentences cover and how much the knowledge knows at all', () => {
    const answered = signalsOf('Can I return an unused item within 30 days?', [returns], ['You can return any unused item within 30 days of delivery for a full refund.']);
    expect(answered.coverage).toBeCloseTo(1);
    expect(answered.knownShare).toBeCloseTo(1);
    const foreign = signalsOf('Mai football me team lagaya tha mera total point', [returns, shipping], ['Standard shipping takes 3 to 5 business days.']);
    expect(foreign.coverage).toBe(0);
    expect(foreign.knownShare).toBe(0);
    expect(signalsOf('asdf qwerty return', [returns]).knownShare).toBeCloseTo(1 / 3);
  });

  it('tells questions from requests to do or find something, asks for record details and booking details', () => {
    expect(signalsOf('Is the room really clean?')).toMatchObject({ isQuestion: 1, isActionRequest: 0, asksForDetails: 0, hasBookingDetails: 0 });
    expect(signalsOf('I need a hotel that is cheap with free parking, can you find me one?').isActionRequest).toBe(1);
    expect(signalsOf("I'm looking for a place to dine in the south.")).toMatchObject({ isActionRequest: 1, isQuestion: 0 });
    expect(signalsOf('Could you book it for 2 people starting Friday for 2 nights?')).toMatchObject({ isActionRequest: 1, hasBookingDetails: 1 });
    expect(signalsOf('Yes, please give me their address and phone number.')).toMatchObject({ asksForDetails: 1, isQuestion: 0 });
    expect(signalsOf('Can I get the reference number?').asksForDetails).toBe(1);
    expect(signalsOf('A table at 7:30 pm please').hasBookingDetails).toBe(1);
  });

  it('tells criteria stated for a search, an ask for an overview, a question about quality and thanks', () => {
    expect(signalsOf('I would like it to be in the expensive price range.')).toMatchObject({ statesCriteria: 1, isQuestion: 0 });
    expect(signalsOf('Cheap would be fine as well.').statesCriteria).toBe(1);
    expect(signalsOf('Do you have any guesthouses in the east with free parking?').statesCriteria).toBe(1);
    expect(signalsOf('I would like to know if the rooms are clean?').statesCriteria).toBe(0);
    expect(signalsOf('What can you tell me about the Allenbell hotel?').asksOverview).toBe(1);
    expect(signalsOf('I am looking to get some information on gonville hotel.').asksOverview).toBe(1);
    expect(signalsOf('Does the Allenbell have free parking?').asksOverview).toBe(0);
    expect(signalsOf('Is the room really clean and quiet?').asksQuality).toBe(1);
    expect(signalsOf('Can I return my tent?').asksQuality).toBe(0);
    expect(signalsOf('Thanks, I also need the location of Kirkwood House.').hasThanks).toBe(1);
    expect(signalsOf('Is breakfast included?').hasThanks).toBe(0);
  });

  it('scales the length of the message and flags an answer in another language', () => {
    expect(signalsOf('').length).toBe(0);
    expect(signalsOf('whey').length).toBeGreaterThan(0);
    expect(signalsOf('whey').length).toBeLessThan(signalsOf('my whey protein order from last week arrived damaged and leaking').length);
    expect(decisionSignals({ message: '¿Puedo devolver la tienda?', passages: [returns], sentences: [], isLanguageMismatch: true }).isLanguageMismatch).toBe(1);
  });
});
