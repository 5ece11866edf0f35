import { fileURLToPath } from 'node:url';
import { platformMigrations, type MigrationSet } from '@threadline/platform/db';
import { knowledgeMigrations } from '@threadline/knowledge';

/** The server's own tables: helpdesk connections, API keys, the mirror, jobs. */
export const serverMigrations: MigrationSet = { owner: 'server', dir: fileURLToPath(new URL('../migrations', import.meta.url)) };

/** Every package's migrations in dependency order: the foundation's tenants first. */
export const migrationSets: readonly MigrationSet[] = [platformMigrations, knowledgeMigrations, serverMigrations];
