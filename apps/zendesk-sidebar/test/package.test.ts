import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifest, validateZendeskApp } from '../scripts/zendesk-app.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(appDir, '../..');
const zipPath = join(appDir, 'dist/threadline-zendesk.zip');

function run(command: string, args: string[], cwd = repoRoot): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

function pngSize(bytes: Uint8Array): { width: number; height: number; isPng: boolean } {
  const view = Buffer.from(bytes);
  return { isPng: view.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

function extract(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'threadline-zendesk-unzipped-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

describe('the Zendesk app package', () => {
  let files: Record<string, Uint8Array>;

  beforeAll(() => {
    // The one documented command: builds the UI with the ZAF bridge into assets/, then zips.
    run('npx', ['--yes', 'pnpm@10.34.9', '--filter', '@threadline/zendesk-sidebar', 'package']);
    files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  }, 300_000);

  it('holds manifest.json, assets/ and translations/ at the zip root, and nothing else', () => {
    expect(Object.keys(files).sort()).toEqual(
      ['assets/iframe.html', 'assets/logo-small.png', 'assets/logo.png', 'assets/sidebar.css', 'assets/sidebar.js', 'manifest.json', 'translations/en.json'].sort(),
    );
  });

  it('passes the documented manifest rules as packaged', () => {
    const unzipped = extract(files);
    try {
      expect(validateZendeskApp(unzipped)).toEqual([]);
      const manifest = readManifest(unzipped);
      expect(manifest.frameworkVersion).toBe('2.0');
      expect(manifest.location).toEqual({ support: { ticket_sidebar: { url: 'assets/iframe.html', flexible: true } } });
      expect(manifest.parameters).toEqual([
        { name: 'service_url', type: 'url', required: true },
        { name: 'tenant', type: 'text', required: true },
        { name: 'shared_secret', type: 'text', secure: true, required: true },
      ]);
    } finally {
      rmSync(unzipped, { recursive: true, force: true });
    }
  });

  it('ships a page that loads only its own bundled files (the SDK included, no CDN)', () => {
    const html = Buffer.from(files['assets/iframe.html']!).toString('utf8');
    expect(html).toContain('<script src="sidebar.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="sidebar.css" />');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const js = Buffer.from(files['assets/sidebar.js']!).toString('utf8');
    expect(js).toContain('iframe.handshake');
    expect(js).not.toMatch(/zdassets\.com|cdn\.|fonts\.googleapis/);
  });

  it('has real PNG logos of the sizes Zendesk asks for', () => {
    expect(pngSize(files['assets/logo.png']!)).toEqual({ isPng: true, width: 320, height: 320 });
    expect(pngSize(files['assets/logo-small.png']!)).toEqual({ isPng: true, width: 128, height: 128 });
  });

  it('writes the service domain to domainWhitelist when given one', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'threadline-zendesk-zip-')), 'app.zip');
    run('npx', ['tsx', 'scripts/package.ts', '--domain', 'threadline.example.com', '--out', out], appDir);
    const manifest = JSON.parse(Buffer.from(unzipSync(new Uint8Array(readFileSync(out)))['manifest.json']!).toString('utf8')) as { domainWhitelist?: string[] };
    expect(manifest.domainWhitelist).toEqual(['threadline.example.com']);
    rmSync(dirname(out), { recursive: true, force: true });
  });
});

describe('validateZendeskApp', () => {
  function brokenCopy(change: (manifest: Record<string, unknown>) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'threadline-zendesk-broken-'));
    cpSync(join(appDir, 'translations'), join(dir, 'translations'), { recursive: true });
    mkdirSync(join(dir, 'assets'));
    for (const logo of ['logo.png', 'logo-small.png']) cpSync(join(appDir, 'assets', logo), join(dir, 'assets', logo));
    writeFileSync(join(dir, 'assets/iframe.html'), '<!doctype html>');
    const manifest = JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    change(manifest);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }

  it.each<[string, (manifest: Record<string, unknown>) => void, RegExp]>([
    ['an old framework', (manifest) => (manifest.frameworkVersion = '1.0'), /frameworkVersion must be "2.0"/],
    ['an unknown location', (manifest) => (manifest.location = { support: { ticket_sidepanel: { url: 'assets/iframe.html' } } }), /unknown location support.ticket_sidepanel/],
    ['a missing page', (manifest) => (manifest.location = { support: { ticket_sidebar: { url: 'assets/missing.html' } } }), /does not exist/],
    ['an unknown parameter type', (manifest) => (manifest.parameters = [{ name: 'service_url', type: 'uri' }]), /unknown type uri/],
    ['a secure hidden parameter', (manifest) => (manifest.parameters = [{ name: 'shared_secret', type: 'hidden', secure: true }]), /cannot be hidden/],
    ['a parameter without a label', (manifest) => (manifest.parameters = [{ name: 'region', type: 'text' }]), /app.parameters.region.label/],
    ['a URL in domainWhitelist', (manifest) => (manifest.domainWhitelist = ['https://threadline.example.com/']), /bare host names/],
    ['no author', (manifest) => delete manifest.author, /author/],
  ])('reports %s', (_name, change, problem) => {
    const dir = brokenCopy(change);
    try {
      expect(validateZendeskApp(dir).join('\n')).toMatch(problem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
