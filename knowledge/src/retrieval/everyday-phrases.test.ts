import { describe, expect, it } from 'vitest';
import { withKnowledgeWords } from './everyday-phrases.js';

describe('withKnowledgeWords', () => {
  it("adds the help center's word for an everyday phrasing", () => {
    expect(withKnowledgeWords('The jacket from order NW-10437 does not fit. How do I send it back?')).toBe('The jacket from order NW-10437 does not fit. How do I send it back?\nreturn');
    expect(withKnowledgeWords('Can I ship the boots back?')).toBe('Can I ship the boots back?\nreturn');
    expect(withKnowledgeWords('I sent my tent back two weeks ago and want my money back')).toBe('I sent my tent back two weeks ago and want my money back\nreturn refund');
    expect(withKnowledgeWords("I can't log in to my account")).toBe("I can't log in to my account\nsign-in");
  });

  it('leaves a query alone that has no such phrasing or already says the word', () => {
    for (const query of ['How do I return a jacket?', 'When will my refund arrive?', 'Please call me back', 'Where is my order?', '¿Cómo devuelvo la chaqueta?']) {
      expect(withKnowledgeWords(query)).toBe(query);
    }
    expect(withKnowledgeWords('I sent it back, where is my refund? I returned it last week.')).toBe('I sent it back, where is my refund? I returned it last week.');
  });
});
