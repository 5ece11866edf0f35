import { fileURLToPath } from 'node:url';
import type { MigrationSet } from './migrate.js';

/** The foundation's tables (tenants, the job queue); always the first set to apply. */
export const platformMigrations: MigrationSet = {
  owner: 'platform',
  dir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};
