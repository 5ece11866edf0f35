import { describe, expect, it } from 'vitest';
import { disallowedLinks, findLinks } from './reply-links.js';

const policy = { citedUrls: ['https://help.example.com/articles/returns'], knowledgeHosts: ['docs.example.com'] };

describe('disallowedLinks', () => {
  it('accepts the cited passage URL and any page on a knowledge host', () => {
    const reply = 'See https://help.example.com/articles/returns/. The full guide is at https://www.docs.example.com/guides/returns?lang=en.';
    expect(disallowedLinks(reply, policy)).toEqual([]);
  });

  it('rejects links to other hosts, however they are written', () => {
    const reply = [
      'Claim it at https://refunds-example.com/claim.',
      'Or visit www.evil.example/verify',
      'or evil.example/card',
      'or https://help.example.com@evil.example/login',
      'or http://help.example.com.evil.example/returns',
    ].join(' ');
    expect(disallowedLinks(reply, policy)).toEqual([
      'https://refunds-example.com/claim',
      'www.evil.example/verify',
      'evil.example/card',
      'https://help.example.com@evil.example/login',
      'http://help.example.com.evil.example/returns',
    ]);
  });

  it('rejects an uncited page on the cited passage host when that host is not a knowledge host', () => {
    expect(disallowedLinks('See https://help.example.com/articles/other', policy)).toEqual(['https://help.example.com/articles/other']);
  });

  it('finds no link in plain prose with dotted abbreviations', () => {
    expect(findLinks('Orders ship in 3 to 5 days, e.g. by UPS. Version 2.5 is out.')).toEqual([]);
  });
});
