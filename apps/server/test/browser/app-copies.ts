import type { HelpdeskKind } from '@threadline/vocabulary';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pnpm, repoRoot } from './harness.js';

/**
 * A private copy of a helpdesk app's folder with the sidebar built into it, so browser tests
 * never race the real `apps/*-sidebar` builds (or each other).
 */
export function buildAppCopy(host: HelpdeskKind): string {
  const source = join(repoRoot, 'apps', `${host}-sidebar`);
  const copy = mkdtempSync(join(tmpdir(), `threadline-${host}-app-`));
  const keep = host === 'zendesk' ? ['manifest.json', 'translations', 'assets/logo.png', 'assets/logo-small.png'] : ['manifest.json', 'config', 'server', 'app/styles/images'];
  for (const path of keep) cpSync(join(source, path), join(copy, path), { recursive: true });
  pnpm(['--filter', '@threadline/sidebar-ui', 'run', `build:${host}`, copy]);
  return copy;
}
