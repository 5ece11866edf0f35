import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-href.js';
import { SafeLink } from './components/safe-link.js';

describe('safeHref', () => {
  it('keeps http, https and mailto links', () => {
    expect(safeHref('https://help.example.com/hc/articles/1?x=1#top')).toBe('https://help.example.com/hc/articles/1?x=1#top');
    expect(safeHref('http://support.example.com/tickets/7')).toBe('http://support.example.com/tickets/7');
    expect(safeHref('mailto:help@example.com')).toBe('mailto:help@example.com');
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(document.cookie)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/1',
  ])('refuses %j', (url) => {
    expect(safeHref(url)).toBeNull();
  });

  it('refuses relative, protocol-relative-less and unparseable URLs, and missing ones', () => {
    expect(safeHref('/v1/tickets/1')).toBeNull();
    expect(safeHref('help.example.com/a')).toBeNull();
    expect(safeHref('')).toBeNull();
    expect(safeHref(null)).toBeNull();
    expect(safeHref(undefined)).toBeNull();
  });

  it('allows in-page fragments, and only plain ones', () => {
    expect(safeHref('#answer-src-1')).toBe('#answer-src-1');
    expect(safeHref('#x" onmouseover="alert(1)')).toBeNull();
  });
});

describe('links in the sidebar components', () => {
  it('renders an unsafe URL as plain text and a safe one as a link that opens a new tab', () => {
    const unsafe = SafeLink({ url: 'javascript:alert(1)', class: 'entry-ticket', isExternal: true, children: '#42 Tent' });
    expect(unsafe.type).toBe('span');
    expect(unsafe.props).not.toHaveProperty('href');
    const safe = SafeLink({ url: 'https://acme.zendesk.com/agent/tickets/42', class: 'entry-ticket', isExternal: true, children: '#42 Tent' });
    expect(safe.type).toBe('a');
    expect(safe.props).toMatchObject({ href: 'https://acme.zendesk.com/agent/tickets/42', target: '_blank', rel: 'noopener noreferrer' });
  });

  it('are all drawn by SafeLink, so every href passes safeHref', () => {
    const dir = join(import.meta.dirname, 'components');
    const files = readdirSync(dir).filter((file) => file.endsWith('.tsx'));
    const withAnchors = files.filter((file) => /<a[\s>]|\bhref=/.test(readFileSync(join(dir, file), 'utf8')));
    expect(withAnchors).toEqual(['safe-link.tsx']);
    expect(readFileSync(join(dir, 'safe-link.tsx'), 'utf8').match(/\bhref=\{(\w+)\}/g)).toEqual(['href={href}', 'href={href}']);
    expect(readFileSync(join(dir, 'safe-link.tsx'), 'utf8')).toContain('const href = safeHref(url);');
  });
});
