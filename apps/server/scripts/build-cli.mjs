/**
 * Builds the `threadline` command into one ES module, `apps/server/dist/threadline.mjs`, so a call
 * costs Node's start-up and the command's own imports, not a TypeScript compile of the workspace.
 *
 * The workspace's own packages and plain-JavaScript dependencies are bundled (a package such as
 * typebox is hundreds of small modules, and opening them costs more than running the command). The
 * packages that read files beside their own code (PGlite's WebAssembly and data, the embedding model,
 * PDF.js) or load optional native add-ons stay outside and are imported from where pnpm installed
 * them, by absolute path: the bundle is built on the machine that runs it (dist/ is not committed), so
 * the paths hold.
 */
import process from 'node:process';
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';

const serverDir = dirname(dirname(fileURLToPath(import.meta.url)));
// `--outdir <dir>` builds elsewhere (the tests build their own copy); the default is what bin/threadline runs.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 && process.argv[outdirFlag + 1] ? process.argv[outdirFlag + 1] : join(serverDir, 'dist/cli');

/** Packages imported from their installed files rather than bundled. */
const KEEP_OUTSIDE = ['@electric-sql/pglite', '@energetic-ai/', '@tensorflow/', 'pg', 'pg-native', 'unpdf', 'mammoth'];
const keptOutside = (path) => KEEP_OUTSIDE.some((name) => (name.endsWith('/') ? path.startsWith(name) : path === name || path.startsWith(`${name}/`)));

/** Imports of the kept-outside packages become imports of their resolved files. */
const thirdPartyByPath = {
  name: 'third-party-by-path',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!keptOutside(args.path) || args.pluginData === 'resolving') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || !resolved.path) return undefined;
      return { path: resolved.path, external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
/**
 * The workspace's sources find their files (migrations, the built UIs) relative to their own module;
 * bundled, `import.meta.url` would be the bundle's, so each source keeps its original URL.
 */
const ownModuleUrls = {
  name: 'own-module-urls',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [join(serverDir, 'src/cli/main.ts')],
  outdir,
  outExtension: { '.js': '.mjs' },
  entryNames: 'threadline',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['import', 'node'],
  sourcemap: 'linked',
  minify: true,
  logLevel: 'warning',
  plugins: [thirdPartyByPath, ownModuleUrls],
  // Bundled CommonJS code calls require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __threadlineRequire } from 'node:module';\nconst require = __threadlineRequire(import.meta.url);" },
});
