import { describe, expect, it } from 'vitest';
import { intentArticles, intentTitle, parseHint3Csv } from './hint3.js';
import { createEntityFinder, snippetKey } from './dstc11.js';

describe('hint3 loader', () => {
  it('parses quoted CSV fields', () => {
    const rows = parseHint3Csv('id,sentence,label\nx-0,"Hi, I want ""EMI""",EMI\r\nx-1,plain,ORDER\n', 'x.csv');
    expect(rows).toEqual([
      { id: 'x-0', sentence: 'Hi, I want "EMI"', label: 'EMI' },
      { id: 'x-1', sentence: 'plain', label: 'ORDER' },
    ]);
  });

  it('rejects a file without the documented header', () => {
    expect(() => parseHint3Csv('a,b,c\n', 'x.csv')).toThrow(/header/);
  });

  it('builds one article per intent from its example phrasings', () => {
    const articles = intentArticles({
      bot: 'sofmattress',
      train: [
        { id: 't-0', sentence: 'EMI options?', label: 'EMI' },
        { id: 't-1', sentence: 'Where is my order', label: 'ORDER_STATUS' },
        { id: 't-2', sentence: '0% EMI', label: 'EMI' },
      ],
      test: [],
    });
    expect(articles.map((article) => [article.externalId, article.title])).toEqual([
      ['EMI', 'Emi'],
      ['ORDER_STATUS', 'Order status'],
    ]);
    expect(articles[0]?.markdown).toContain('- EMI options?\n- 0% EMI');
    expect(intentTitle('CHAT_WITH_AN_AGENT')).toBe('Chat with an agent');
  });
});

describe('dstc11 loader', () => {
  it('keys snippets as domain/entity/type/doc[/sentence]', () => {
    expect(snippetKey({ domain: 'hotel', entity_id: 20, doc_type: 'review', doc_id: 9, sent_id: 4 })).toBe('hotel/20/review/9/4');
    expect(snippetKey({ domain: 'restaurant', entity_id: 3, doc_type: 'faq', doc_id: 1 })).toBe('restaurant/3/faq/1');
  });

  it('finds the entity named last in the conversation', () => {
    const find = createEntityFinder({
      hotel: {
        '1': { name: 'Hobsons House', faqs: {}, reviews: {} },
        '2': { name: 'The Lensfield Hotel', faqs: {}, reviews: {} },
      },
    });
    expect(find([{ text: 'I like the Lensfield.' }, { text: 'Hobsons House has 3 stars.' }, { text: 'Is it clean?' }])?.name).toBe('Hobsons House');
    expect(find([{ text: 'Hobsons House or the Lensfield Hotel?' }])?.name).toBe('The Lensfield Hotel');
    expect(find([{ text: 'Any hotel in the north?' }])).toBeUndefined();
  });
});
