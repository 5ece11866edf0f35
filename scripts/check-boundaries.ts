/**
 * Checks the workspace's import rules (see ../shared STYLE.md, "Who may import what"):
 * every internal import is a declared `workspace:*` dependency, goes through the package's
 * `exports` (never `src/` paths), the allowed edges hold, and the package graph has no cycle.
 * Exits non-zero with one line per violation.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const groups = ['apps', 'connectors', 'packages'];

interface Pkg {
  name: string;
  dir: string;
  deps: Set<string>;
}

function readPkg(dir: string): Pkg | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const deps = new Set(Object.keys({ ...json.dependencies, ...json.devDependencies }).filter((dep) => dep.startsWith('@threadline/')));
  return { name: json.name, dir, deps };
}

const pkgs: Pkg[] = [];
for (const group of groups) {
  const base = join(root, group);
  if (!existsSync(base)) continue;
  for (const entry of readdirSync(base)) {
    const pkg = readPkg(join(base, entry));
    if (pkg) pkgs.push(pkg);
  }
}
for (const single of ['knowledge', 'eval']) {
  const pkg = readPkg(join(root, single));
  if (pkg) pkgs.push(pkg);
}

/**
 * The vocabulary (channels, helpdesk kinds, roles, statuses) has no dependencies and no side effects:
 * every package may import it, the browser UIs included, so no package keeps its own copy of a list.
 */
const VOCABULARY = '@threadline/vocabulary';
/**
 * What the browser UIs may import at run time besides the server contract's types: the vocabulary,
 * and `@threadline/ui` (the styles and state components the sidebar and the console share), so the
 * two UIs need not copy each other. Neither holds server code.
 */
const UI_KIT = '@threadline/ui';
const UI_SHARED = [VOCABULARY, UI_KIT];

/** Who may depend on whom; `*` means anything. The platform package is the shared foundation. */
const allowed: Record<string, (dep: string) => boolean> = {
  '@threadline/server': () => true,
  [VOCABULARY]: () => false,
  [UI_KIT]: (dep) => dep === VOCABULARY,
  '@threadline/platform': () => false,
  '@threadline/connector-core': (dep) => [VOCABULARY, '@threadline/platform'].includes(dep),
  '@threadline/zendesk': (dep) => [VOCABULARY, '@threadline/platform', '@threadline/connector-core'].includes(dep),
  '@threadline/freshdesk': (dep) => [VOCABULARY, '@threadline/platform', '@threadline/connector-core'].includes(dep),
  '@threadline/knowledge': (dep) => [VOCABULARY, '@threadline/platform'].includes(dep),
  '@threadline/eval': (dep) => [VOCABULARY, '@threadline/platform', '@threadline/knowledge', '@threadline/connector-core'].includes(dep),
};
const uiOnlyContract = (dep: string) => dep === '@threadline/server' || UI_SHARED.includes(dep);

const problems: string[] = [];

// The UIs bundle the vocabulary into the browser: it stays free of any dependency, not only internal ones.
const vocabulary = pkgs.find((pkg) => pkg.name === VOCABULARY);
if (vocabulary) {
  const json = JSON.parse(readFileSync(join(vocabulary.dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(json.dependencies ?? {})) problems.push(`${VOCABULARY} may not depend on ${dep}; it has no dependencies so every package and UI can import it`);
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(entry) ? [path] : [];
  });
}

/**
 * The UIs (sidebars, admin console) run in a browser and talk to the server over HTTP: they take
 * its contract's types and nothing else, so no server code can end up in a bundle.
 */
function checkUiImports(pkg: Pkg, file: string, text: string): void {
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s*['"](@threadline\/server(?:\/[^'"]*)?)['"]/gm)) {
    const [, , typeOnly, specifier] = match;
    const where = relative(root, file);
    if (specifier !== '@threadline/server/contract') problems.push(`${where} imports ${specifier}; ${pkg.name} may import only @threadline/server/contract`);
    else if (!typeOnly) problems.push(`${where} imports @threadline/server/contract without "import type"; a UI takes only its types`);
  }
  if (/import\s*\(\s*['"]@threadline\/server/.test(text)) problems.push(`${relative(root, file)} loads @threadline/server at run time; a UI takes only its contract's types`);
}

for (const pkg of pkgs) {
  const rule = allowed[pkg.name] ?? uiOnlyContract;
  for (const dep of pkg.deps) {
    if (!rule(dep)) problems.push(`${pkg.name} may not depend on ${dep}`);
  }
  for (const file of sourceFiles(pkg.dir)) {
    const text = readFileSync(file, 'utf8');
    if (rule === uiOnlyContract) checkUiImports(pkg, file, text);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](@threadline\/[a-z-]+)(\/[^'"]*)?['"]/g)) {
      const [, name, subpath] = match;
      if (!name || name === pkg.name) continue;
      const where = relative(root, file);
      if (!pkg.deps.has(name)) problems.push(`${where} imports ${name} but ${pkg.name} does not declare it`);
      if (subpath?.includes('/src/')) problems.push(`${where} reaches into ${name}${subpath}; import through its exports`);
    }
  }
}

// Cycle check over declared dependencies.
const byName = new Map(pkgs.map((pkg) => [pkg.name, pkg]));
const state = new Map<string, 'visiting' | 'done'>();
function visit(name: string, path: string[]): void {
  if (state.get(name) === 'done') return;
  if (state.get(name) === 'visiting') {
    problems.push(`dependency cycle: ${[...path.slice(path.indexOf(name)), name].join(' → ')}`);
    return;
  }
  state.set(name, 'visiting');
  for (const dep of byName.get(name)?.deps ?? []) visit(dep, [...path, name]);
  state.set(name, 'done');
}
for (const pkg of pkgs) visit(pkg.name, []);

if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`boundaries: ${problem}\n`);
  process.exit(1);
}
process.stdout.write(`boundaries: ${pkgs.length} packages, no violations\n`);
