import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlatformError, type ErrorCatalogue, type ThreadlineError } from '@threadline/platform';
import { ConnectorError, WebhookError, sandboxMisuse, type HelpdeskKind } from '@threadline/connector-core';
import { KnowledgeError } from '@threadline/knowledge';
import { AnswerError } from '@threadline/knowledge/answer';
import { KnowledgeSourceError } from '@threadline/knowledge/sources';
import { EvalError } from '@threadline/eval/errors';
import { ServerError } from './errors.js';
import { ERROR_CATALOGUES, ERRORS_REFERENCE_PATH, renderErrorsReference } from './errors-reference.js';

// The checks fastify runs on its own catalogue (test/internals/errors.test.js): codes unique,
// every error's code is its key, and the docs list every code and no other.

const root = new URL('../../../', import.meta.url).pathname;
const entries = ERROR_CATALOGUES.flatMap((catalogue) => Object.entries(catalogue.codes).map(([code, definition]) => ({ catalogue, code, definition })));
const documented = new Set(entries.map((entry) => entry.code));

/** Makes an error of the code with its package's own class; each package has one way to do it. */
function raise(catalogue: ErrorCatalogue, code: string): ThreadlineError {
  const message = 'probe';
  switch (catalogue.package) {
    case '@threadline/platform':
      return new PlatformError(code as never, message);
    case '@threadline/knowledge':
      if (code.startsWith('KNOWLEDGE_ANSWER_')) return new AnswerError(code as never, message);
      if (/^KNOWLEDGE_(URL|FILE)_|^KNOWLEDGE_SOURCE_INVALID_OPTIONS$/.test(code)) return new KnowledgeSourceError(code as never, message);
      return new KnowledgeError(code as never, message);
    case '@threadline/eval':
      return new EvalError(code as never, message);
    case '@threadline/server':
      return new ServerError(code as never, message);
    case '@threadline/connector-core': {
      if (code === 'CONNECTOR_SANDBOX_MISUSE') return sandboxMisuse(message);
      const [vendor, ...rest] = code.toLowerCase().split('_') as [HelpdeskKind, ...string[]];
      const kind = rest.join('_');
      if (kind === 'webhook_malformed') return new WebhookError(vendor, 'malformed', message);
      if (kind === 'webhook_unauthenticated') return new WebhookError(vendor, 'bad_signature', message);
      return new ConnectorError({ vendor, kind: kind as never, message });
    }
    default:
      throw new Error(`no error class known for ${catalogue.package}`);
  }
}

describe('the error catalogues', () => {
  it('give every code once across all packages', () => {
    const seen = new Map<string, string>();
    const clashes = entries.filter(({ code, catalogue }) => seen.has(code) || !seen.set(code, catalogue.package)).map(({ code }) => code);
    expect(clashes).toEqual([]);
    expect(entries.length).toBeGreaterThan(100);
  });

  it('prefix every code with its own package\'s prefix, and give no two packages a prefix', () => {
    const owners = ERROR_CATALOGUES.flatMap((catalogue) => catalogue.prefixes.map((prefix) => ({ prefix, owner: catalogue.package })));
    for (const a of owners) for (const b of owners) if (a !== b) expect(a.prefix.startsWith(b.prefix), `${a.prefix} (${a.owner}) inside ${b.prefix} (${b.owner})`).toBe(false);
    const strays = entries.filter(({ code, catalogue }) => !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code) || !catalogue.prefixes.some((prefix) => code.startsWith(prefix)));
    expect(strays.map(({ code }) => code)).toEqual([]);
  });

  it('document every code in a sentence', () => {
    const undocumented = entries.filter(({ definition }) => !/^\S.{10,}[.)]$/.test(definition.description.trim()));
    expect(undocumented.map(({ code }) => code)).toEqual([]);
  });

  it("raise each code with its package's class, with the code as documented: the key, its category and its problem", () => {
    const mismatches = entries.flatMap(({ catalogue, code, definition }) => {
      const error = raise(catalogue, code);
      const problem = definition.problem ?? (definition.category === 'user' ? 'invalid' : 'failed');
      const actual = { code: error.code, category: error.category, problem: error.problem };
      return actual.code === code && actual.category === definition.category && actual.problem === problem ? [] : [{ code, actual }];
    });
    expect(mismatches).toEqual([]);
  });
});

describe(`the errors reference (${ERRORS_REFERENCE_PATH})`, () => {
  const reference = readFileSync(join(root, ERRORS_REFERENCE_PATH), 'utf8');

  it('is what `pnpm docs:errors` generates from the catalogues today', () => {
    // Stale? Run `pnpm docs:errors` and commit docs/errors.md with the catalogue change.
    expect(reference).toBe(renderErrorsReference());
  });

  it('lists every code, and no code that no catalogue has', () => {
    const listed = [...reference.matchAll(/<a id="([a-z0-9_]+)"><\/a>`([A-Z0-9_]+)`/g)].map((match) => match[2] as string);
    expect([...documented].filter((code) => !listed.includes(code))).toEqual([]);
    expect(listed.filter((code) => !documented.has(code))).toEqual([]);
  });
});

/** Files that still raise codes of their own, and why they may for now (none today). */
const LITERAL_CODES_ALLOWED: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test' || name === 'bench') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('code that raises errors', () => {
  it('uses only codes a catalogue documents', () => {
    const dirs = ['apps/server/src', 'packages', 'connectors', 'knowledge/src', 'eval/src'];
    const undocumented = dirs
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => !(relative(root, file) in LITERAL_CODES_ALLOWED))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\bcode:\s*['"`]([A-Z][A-Z0-9]*_[A-Z0-9_]+)['"`]/g)]
          .map((match) => match[1] as string)
          .filter((code) => !documented.has(code))
          .map((code) => `${relative(root, file)}: ${code}`),
      );
    expect(undocumented).toEqual([]);
  });
});
