import { describe, expect, it } from 'vitest';
import { noKnowledgeNeeded } from './no-knowledge-needed.js';

describe('messages that need no knowledge answer', () => {
  it('recognises thanks, goodbyes, greetings, bare acknowledgements and booking asks', () => {
    expect(noKnowledgeNeeded('Thanks so much!')).toBe('thanks');
    expect(noKnowledgeNeeded("Great, that's all I need. Bye")).toBe('thanks');
    expect(noKnowledgeNeeded('No, that will be all. Have a nice day.')).toBe('thanks');
    expect(noKnowledgeNeeded('Hello there!')).toBe('greeting');
    expect(noKnowledgeNeeded('Yes please')).toBe('acknowledgement');
    expect(noKnowledgeNeeded('Can you book it for 3 people on Friday?')).toBe('booking');
    expect(noKnowledgeNeeded("I'd like to reserve a table for two at 7pm.")).toBe('booking');
  });

  it('leaves questions to the knowledge, also when they start with thanks or mention a booking', () => {
    expect(noKnowledgeNeeded('Thanks, and is breakfast included?')).toBeUndefined();
    expect(noKnowledgeNeeded('Can I cancel my booking free of charge?')).toBeUndefined();
    expect(noKnowledgeNeeded('How do I change my reservation?')).toBeUndefined();
    expect(noKnowledgeNeeded('My tent is two weeks late, I want a replacement')).toBeUndefined();
    expect(noKnowledgeNeeded('Hi, does the hotel have a gym')).toBeUndefined();
    expect(noKnowledgeNeeded('')).toBeUndefined();
  });
});
