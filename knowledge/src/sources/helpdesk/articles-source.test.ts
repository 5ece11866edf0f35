import { describe, expect, it } from 'vitest';
import type { SourceDocument, SourceProgress } from '../../types.js';
import { createArticlesSource, type Article } from './articles-source.js';

async function collect(iterable: AsyncIterable<SourceDocument>): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of iterable) documents.push(document);
  return documents;
}

const article = (overrides: Partial<Article>): Article => ({
  id: '360001',
  title: 'Change your delivery address',
  bodyHtml: '<p>You can change the address until the order ships.</p>',
  url: 'https://acme.zendesk.com/hc/en-us/articles/360001',
  locale: 'en-US',
  sectionPath: ['Orders', 'Delivery'],
  isPublic: true,
  updatedAt: '2024-05-01T10:00:00Z',
  ...overrides,
});

describe('createArticlesSource', () => {
  it('turns article bodies into titled Markdown with their section path, keeping headings, lists and tables', async () => {
    const body =
      '<p>Delivery speed depends on the plan.</p><h2>Plans</h2><table><tbody><tr><td>Plan</td><td>Days</td></tr><tr><td>Standard</td><td>3–5</td></tr></tbody></table>' +
      '<h3>Steps</h3><ol><li>Open <strong>Orders</strong></li><li>Pick <a href="/hc/en-us/articles/2">a new address</a></li></ol><script>track()</script>';
    const [document] = await collect(createArticlesSource({ list: async () => [article({ bodyHtml: body })] }).documents());
    expect(document).toEqual({
      externalId: '360001',
      title: 'Change your delivery address',
      url: 'https://acme.zendesk.com/hc/en-us/articles/360001',
      locale: 'en-us',
      visibility: 'public',
      updatedAt: '2024-05-01T10:00:00Z',
      sectionPath: ['Orders', 'Delivery'],
      markdown: [
        '# Change your delivery address',
        'Delivery speed depends on the plan.',
        '## Plans',
        '| Plan | Days |\n| --- | --- |\n| Standard | 3–5 |',
        '### Steps',
        '1. Open **Orders**\n2. Pick a new address',
      ].join('\n\n'),
    });
  });

  it('indexes agent-only articles as internal, skips empty ones, and reports progress', async () => {
    const progress: SourceProgress[] = [];
    const source = createArticlesSource({
      list: async () => [article({ id: '1', isPublic: false }), article({ id: '2', bodyHtml: '<p> </p><img src="x.png">' }), article({ id: '3' })],
    });
    const documents = await collect(source.documents({ onProgress: (event) => progress.push(event) }));
    expect(source.kind).toBe('helpdesk_articles');
    expect(documents.map((document) => [document.externalId, document.visibility])).toEqual([
      ['1', 'internal'],
      ['3', 'public'],
    ]);
    expect(progress.map((event) => event.done)).toEqual([1, 2, 3]);
    expect(progress[0]!.total).toBe(3);
  });

  it('lets the connector’s error through unchanged', async () => {
    const failure = new Error('ZENDESK_RATE_LIMITED');
    const source = createArticlesSource({ list: () => Promise.reject(failure) });
    await expect(collect(source.documents())).rejects.toBe(failure);
  });
});
