import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A new PGlite database runs initdb inside WebAssembly, which is most of its start-up: seconds on
 * a busy two-core machine, against a fraction of that to unpack a dump of a cluster initdb made
 * earlier. A process that opens many fresh databases (the test suite opens hundreds, each server
 * process of the process tests another) names such a dump in `THREADLINE_PGLITE_TEMPLATE`; new
 * databases, in memory or in an empty data folder, then start from it. The dump holds a pristine
 * cluster only (no extension, no table), so a database started from it is the one initdb makes.
 */
export const PGLITE_TEMPLATE_ENV = 'THREADLINE_PGLITE_TEMPLATE';

const pgliteVersion = (): string => {
  // The package exports no package.json; it sits beside the folder of its entry point.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
};

let loaded: { path: string; blob: Blob } | undefined;

/** The template named by the environment, read once per process; undefined when none is named or it is gone. */
export function pgliteTemplate(): Blob | undefined {
  const path = process.env[PGLITE_TEMPLATE_ENV];
  if (!path) return undefined;
  if (loaded?.path === path) return loaded.blob;
  if (!existsSync(path)) return undefined;
  loaded = { path, blob: new Blob([readFileSync(path)]) };
  return loaded.blob;
}

/** Whether a data folder is new: a template may only be unpacked where no cluster exists yet. */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION')) && (!existsSync(dataDir) || readdirSync(dataDir).length === 0);
}

/**
 * Writes the template for this PGlite version (once: a later call finds it and returns its path).
 * The file is written beside its final name and renamed, so a concurrent reader never sees half.
 */
export async function ensurePgliteTemplate(folder: string = tmpdir()): Promise<string> {
  const path = join(folder, `threadline-pglite-${pgliteVersion()}-cluster.tar`);
  if (existsSync(path)) return path;
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('none');
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    await pglite.close();
  }
  return path;
}
