/**
 * Produces dist/threadline-zendesk.zip: manifest.json, assets/ and translations/ at the zip's
 * root, as Zendesk's upload expects. Validates the app first and fails on any problem.
 *
 * Usage: tsx scripts/package.ts [--domain threadline.example.com] [--app-dir dir] [--out file.zip]
 *   --domain  your Threadline server's host, written to the packaged manifest's domainWhitelist
 *             (the service URL is per installation, so the source manifest cannot name it);
 *             also read from THREADLINE_SERVICE_DOMAIN.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync, type Zippable } from 'fflate';
import { packageFiles, readManifest, validateZendeskApp } from './zendesk-app.js';

const { values } = parseArgs({
  options: { domain: { type: 'string' }, 'app-dir': { type: 'string' }, out: { type: 'string' } },
});
const appDir = resolve(values['app-dir'] ?? fileURLToPath(new URL('..', import.meta.url)));
const out = resolve(values.out ?? join(appDir, 'dist/threadline-zendesk.zip'));
const domain = values.domain ?? process.env.THREADLINE_SERVICE_DOMAIN;

const manifest = readManifest(appDir);
if (domain) manifest.domainWhitelist = [domain];
const problems = validateZendeskApp(appDir, manifest);
if (problems.length > 0) {
  process.stderr.write(`The Zendesk app is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
  process.exit(1);
}

// A fixed timestamp keeps the zip byte-identical for identical inputs.
const mtime = new Date('2020-01-01T00:00:00Z');
const files: Zippable = {};
for (const file of packageFiles(appDir)) {
  const bytes = file === 'manifest.json' ? Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) : readFileSync(join(appDir, file));
  files[file] = [new Uint8Array(bytes), { mtime }];
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zipSync(files, { level: 9 }));
process.stdout.write(`${relative(process.cwd(), out) || out}: ${Object.keys(files).length} files (${Object.keys(files).join(', ')})\n`);
if (!domain) {
  process.stdout.write('note: no --domain / THREADLINE_SERVICE_DOMAIN given, so the manifest has no domainWhitelist; pass your server\'s host to restrict where Zendesk may send the secure shared secret\n');
}
