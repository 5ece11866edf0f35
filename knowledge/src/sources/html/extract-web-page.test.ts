import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { extractWebPage } from './extract-web-page.js';

const fixture = (name: string) => readFile(new URL(`../../../test/fixtures/files/${name}`, import.meta.url), 'utf8');

describe('extractWebPage', () => {
  it('keeps the article and drops cookie banners, breadcrumbs, sidebars, scripts and footers', async () => {
    const page = extractWebPage(await fixture('sample.html'), 'https://support.acme.test/devices/warranty');
    expect(page.title).toBe('Warranty and repairs');
    expect(page.lang).toBe('en');
    expect(page.hasContent).toBe(true);
    expect(page.markdown.startsWith('# Warranty and repairs\n\nEvery Acme device')).toBe(true);
    expect(page.markdown).toContain('## What the warranty covers\n\n- Battery capacity below 80% within the first year');
    expect(page.markdown).toContain('| Option | Turnaround | Cost in warranty |\n| --- | --- | --- |\n| Mail-in repair | 7 business days | Free |');
    expect(page.markdown).toContain('### Before you send a device\n\n1. Back up your data.\n2. Turn off `Find My Device`.');
    for (const chrome of ['cookies', 'In this section', 'Privacy', '©', 'tracking', 'font-family']) expect(page.markdown).not.toContain(chrome);
    // Navigation links are still reported for crawling.
    expect(page.links).toContain('https://support.acme.test/devices/setup');
    expect(page.links).toContain('https://support.acme.test/privacy');
  });

  it('reads canonical, robots meta, modified time, and resolves links against <base>', () => {
    const html = `<html lang="fr-CA"><head><title>Livraison</title><base href="https://cdn.acme.test/fr/">
      <link rel="canonical" href="/fr/livraison"><meta name="robots" content="noindex, nofollow">
      <meta property="article:modified_time" content="2024-05-01T10:00:00Z"></head>
      <body><h1>Livraison</h1><p>Nous livrons partout au Canada en trois à cinq jours ouvrables, avec suivi du colis.</p>
      <a href="retours">Retours</a> <a href="/cgv" rel="nofollow">CGV</a> <a href="javascript:void(0)">x</a></body></html>`;
    const page = extractWebPage(html, 'https://acme.test/fr/livraison?x=1');
    expect(page).toMatchObject({
      title: 'Livraison',
      lang: 'fr-ca',
      canonicalUrl: 'https://cdn.acme.test/fr/livraison',
      isNoIndex: true,
      isNoFollow: true,
      modifiedAt: '2024-05-01T10:00:00Z',
      links: ['https://cdn.acme.test/fr/retours'],
    });
  });

  it('falls back to the body without chrome when there is no article, and flags pages without content', () => {
    const html = '<html><head><title>Index</title></head><body><nav><a href="/a">A</a><a href="/b">B</a></nav><footer>© Acme</footer></body></html>';
    const page = extractWebPage(html, 'https://acme.test/');
    expect(page.hasContent).toBe(false);
    expect(page.markdown).toBe('# Index');
    expect(page.links).toEqual(['https://acme.test/a', 'https://acme.test/b']);
  });
});
