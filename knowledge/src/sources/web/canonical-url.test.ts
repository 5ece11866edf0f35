import { describe, expect, it } from 'vitest';
import { canonicalUrl, isHttpUrl, looksLikeNonHtml } from './canonical-url.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://Acme.TEST:443/help/#faq', 'https://acme.test/help'],
    ['https://acme.test/help/?utm_source=mail&utm_medium=x&page=2', 'https://acme.test/help?page=2'],
    ['https://acme.test/?gclid=abc', 'https://acme.test/'],
    ['http://acme.test:8080/a//', 'http://acme.test:8080/a'],
    ['https://acme.test/index.html', 'https://acme.test/'],
    ['https://acme.test/INDEX.HTM', 'https://acme.test/'],
    ['https://acme.test/help/index.html#top', 'https://acme.test/help'],
    ['http://acme.test:80/help/index.php?utm_campaign=x', 'http://acme.test/help'],
    ['https://acme.test/help/indexes.html', 'https://acme.test/help/indexes.html'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('tells web pages from other schemes and files', () => {
    expect(isHttpUrl('mailto:a@b.c')).toBe(false);
    expect(isHttpUrl('https://acme.test')).toBe(true);
    expect(looksLikeNonHtml('https://acme.test/guide.PDF')).toBe(true);
    expect(looksLikeNonHtml('https://acme.test/guide.html')).toBe(false);
    expect(looksLikeNonHtml('https://acme.test/guide')).toBe(false);
  });
});
