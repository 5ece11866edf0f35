import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DbErrorCode, PlatformError } from './errors.js';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite keeps one Postgres in this process; two processes on one folder would corrupt it,
 * so the folder gets a lock file holding the owner's pid (stale locks of dead processes are taken over).
 * Both PGlite drivers, in this thread or in a worker thread, take it in the main thread.
 *
 * @returns the unlock function, to call once the database is closed
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dirname(dataDir), `${dataDir.split('/').pop() ?? 'pgdata'}.lock`);
  mkdirSync(dirname(lockPath), { recursive: true });
  try {
    const owner = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
      throw new PlatformError(
        DbErrorCode.dataDirLocked,
        `The data folder ${dataDir} is in use by process ${owner}; stop it first or set THREADLINE_DATA_DIR to another folder`,
        { dataDir, pid: owner },
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}
