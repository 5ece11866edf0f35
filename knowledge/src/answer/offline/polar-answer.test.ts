import { describe, expect, it } from 'vitest';
import { polarAnswer } from './polar-answer.js';

const base = { language: 'en', texts: ['Does the Meze Bar serve beer?', 'Guests love the Meze Bar.'], coverage: 0.8 };

describe('polarAnswer', () => {
  it('answers a yes/no question with Yes or No when the lead sentence speaks to it', () => {
    expect(polarAnswer({ ...base, question: 'Does the restaurant serve alcohol?', sentence: 'Alcohol is served here.' })).toBe('Yes, alcohol is served here.');
    expect(polarAnswer({ ...base, question: 'Hi! Is there a pool?', sentence: 'There is no pool at the hotel.' })).toBe('No, there is no pool at the hotel.');
    expect(polarAnswer({ ...base, question: 'Can I bring my dog?', sentence: "Pets aren't allowed." })).toBe("No, pets aren't allowed.");
  });

  it('keeps the capital of a name, the pronoun I and acronyms', () => {
    expect(polarAnswer({ ...base, question: 'Does it serve beer?', sentence: 'Meze Bar serves alcohol.' })).toBe('Yes, Meze Bar serves alcohol.');
    expect(polarAnswer({ ...base, question: 'Is the room quiet?', sentence: 'I slept well, the room was quiet.' })).toBe('Yes, I slept well, the room was quiet.');
    expect(polarAnswer({ ...base, question: 'Is there WiFi?', sentence: 'WIFI is free everywhere.' })).toBe('Yes, WIFI is free everywhere.');
    expect(polarAnswer({ ...base, question: 'Does it have outdoor seating?', sentence: 'Rice House does offer outdoor seating.' })).toBe('Yes, Rice House does offer outdoor seating.');
    expect(polarAnswer({ ...base, question: 'Is it quiet?', sentence: 'The Cambridge Belfry is quiet.' })).toBe('Yes, the Cambridge Belfry is quiet.');
    expect(polarAnswer({ ...base, question: 'Is there WiFi?', sentence: 'Free WiFi is available.' })).toBe('Yes, free WiFi is available.');
  });

  it('leaves the sentence alone when it only touches the topic, the question is open, it already says yes or no, or the language is not English', () => {
    expect(polarAnswer({ ...base, coverage: 0.3, question: 'Is the WiFi fast and reliable?', sentence: 'Free WiFi is available.' })).toBe('Free WiFi is available.');
    expect(polarAnswer({ ...base, question: 'How long does a refund take?', sentence: 'Refunds take 5 days.' })).toBe('Refunds take 5 days.');
    expect(polarAnswer({ ...base, question: 'Is parking free?', sentence: 'Yes, parking is free.' })).toBe('Yes, parking is free.');
    expect(polarAnswer({ ...base, language: 'es', question: '¿Hay piscina?', sentence: 'Hay una piscina.' })).toBe('Hay una piscina.');
    expect(polarAnswer({ ...base, question: 'My order is late.', sentence: 'Late orders arrive within 5 days.' })).toBe('Late orders arrive within 5 days.');
    // Under a condition the answer is neither yes nor no, and the condition's "not" is not the answer's.
    const conditional = 'Contact us as soon as possible: if it has not shipped we can usually still change the address.';
    expect(polarAnswer({ ...base, question: 'Can I change my shipping address?', sentence: conditional })).toBe(conditional);
  });
});
