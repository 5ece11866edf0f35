import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../types.js';
import { createMacrosSource, splitMacroTitle } from './macros-source.js';

async function collect(iterable: AsyncIterable<SourceDocument>): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of iterable) documents.push(document);
  return documents;
}

describe('splitMacroTitle', () => {
  it('reads Zendesk’s Category::Name convention', () => {
    expect(splitMacroTitle('Billing :: Refund approved')).toEqual({ title: 'Refund approved', sectionPath: ['Billing'] });
    expect(splitMacroTitle('Greeting')).toEqual({ title: 'Greeting', sectionPath: [] });
  });
});

describe('createMacrosSource', () => {
  it('yields macros as internal documents without URL, splitting Zendesk category titles', async () => {
    const source = createMacrosSource({
      list: async () => [
        {
          id: 'm1',
          title: 'Billing::Refunds::Refund approved',
          bodyText: 'Hi {{ticket.requester.first_name}},\n\nYour refund is approved.\n• It takes 5 days\n• You get an email\n\n# of items: 1',
          updatedAt: '2024-01-02T00:00:00Z',
        },
        { id: 'm2', title: 'Close and tag', bodyText: '   ', updatedAt: '2024-01-02T00:00:00Z' },
      ],
    });
    const documents = await collect(source.documents());
    expect(source.kind).toBe('macros');
    expect(documents).toEqual([
      {
        externalId: 'm1',
        title: 'Refund approved',
        url: null,
        locale: 'en',
        visibility: 'internal',
        updatedAt: '2024-01-02T00:00:00Z',
        sectionPath: ['Billing', 'Refunds'],
        markdown: '# Refund approved\n\nHi {{ticket.requester.first_name}},\n\nYour refund is approved.\n- It takes 5 days\n- You get an email\n\n\\# of items: 1',
      },
    ]);
  });
});
