import fp from 'fastify-plugin';
import { migrate, openDb, type Db, type MigrationSet } from '@threadline/platform/db';
import type { Config } from '../../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DbPluginOptions {
  config: Config;
  /** Migration folders of every package whose tables this server uses, in dependency order. */
  migrations: readonly MigrationSet[];
}

/** Opens the database, applies pending migrations as an explicit boot step, and closes it on shutdown. */
export const dbPlugin = fp<DbPluginOptions>(
  async (app, { config, migrations }) => {
    const db = await openDb(config.database);
    try {
      const result = await migrate(db, migrations);
      app.log.info({ database: db.location, pgvector: result.pgvectorVersion, applied: result.applied }, 'database ready');
    } catch (error) {
      await db.close();
      throw error;
    }
    app.decorate('db', db);
    app.addHook('onClose', async () => {
      await db.close();
    });
  },
  { name: 'db' },
);
