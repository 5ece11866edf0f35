import { openDb } from '@threadline/platform/db';

/**
 * A database of its own beside the one `url` names (`<name>_<suffix>_<pid>`), created empty and
 * dropped after, so a bench run on native Postgres does not depend on earlier runs or disturb other
 * data; the process id keeps two runs sharing one Postgres from dropping each other's database.
 */
export async function createScratchDatabase(url: string, suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const parsed = new URL(url);
  const name = `${parsed.pathname.replace(/^\//, '') || 'postgres'}_${suffix}_${process.pid}`;
  const admin = async (sql: string) => {
    const db = await openDb({ driver: 'postgres', url, maxConnections: 1 });
    try {
      await db.exec(sql);
    } finally {
      await db.close();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}
