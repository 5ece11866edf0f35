import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleOrigin, consoleSignInUrl, writeConsoleLinks } from './console-links.js';

describe('the demo console links', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('point a browser at loopback when the server listens on every interface', () => {
    expect(consoleOrigin({ address: '0.0.0.0', port: 3000 })).toBe('http://127.0.0.1:3000');
    expect(consoleOrigin({ address: '::', port: 3000 })).toBe('http://127.0.0.1:3000');
    expect(consoleOrigin({ address: '127.0.0.1', port: 41234 })).toBe('http://127.0.0.1:41234');
    expect(consoleOrigin({ address: '::1', port: 3000 })).toBe('http://[::1]:3000');
  });

  it('carry the key in the fragment, which browsers never send to the server', () => {
    const url = new URL(consoleSignInUrl('http://127.0.0.1:3000', 'tl_abc-DEF_123'));
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(url.hash).toBe('#key=tl_abc-DEF_123');
  });

  it('are added to the demo keys file beside each key, which stays readable by its owner only', () => {
    dir = mkdtempSync(join(tmpdir(), 'threadline-console-links-'));
    const keysPath = join(dir, 'demo.json');
    writeFileSync(keysPath, JSON.stringify({ 'northwind-zendesk': { apiKey: 'tl_zendesk_key', sidebarSecret: 's1' }, 'northwind-freshdesk': { apiKey: 'tl_freshdesk_key', sidebarSecret: 's2' } }), { mode: 0o600 });
    const links = writeConsoleLinks({
      keysPath,
      origin: 'http://127.0.0.1:3000',
      tenants: [
        { slug: 'northwind-zendesk', apiKey: 'tl_zendesk_key' },
        { slug: 'northwind-freshdesk', apiKey: 'tl_freshdesk_key' },
      ],
    });
    expect(links).toEqual({ 'northwind-zendesk': 'http://127.0.0.1:3000/#key=tl_zendesk_key', 'northwind-freshdesk': 'http://127.0.0.1:3000/#key=tl_freshdesk_key' });
    expect(JSON.parse(readFileSync(keysPath, 'utf8'))).toEqual({
      'northwind-zendesk': { apiKey: 'tl_zendesk_key', sidebarSecret: 's1', consoleUrl: 'http://127.0.0.1:3000/#key=tl_zendesk_key' },
      'northwind-freshdesk': { apiKey: 'tl_freshdesk_key', sidebarSecret: 's2', consoleUrl: 'http://127.0.0.1:3000/#key=tl_freshdesk_key' },
    });
    expect(statSync(keysPath).mode & 0o077).toBe(0);
  });
});
