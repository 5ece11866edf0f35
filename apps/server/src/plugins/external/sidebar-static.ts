import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/** Where `pnpm --filter @threadline/sidebar-ui build` writes the sidebar (git-ignored). */
export const SIDEBAR_DIST = fileURLToPath(new URL('../../../../sidebar-ui/dist/', import.meta.url));
export const SIDEBAR_PREFIX = '/sidebar/';

export interface SidebarStaticOptions {
  /** The built sidebar folder; default `apps/sidebar-ui/dist`. */
  root?: string;
}

/**
 * Serves the built sidebar UI at /sidebar/ (the dev page, `/sidebar/dev.html`). The helpdesk apps
 * bundle their own copy; this one is for trying the sidebar against this server. When the UI was
 * not built, /sidebar/ answers 503 with how to build it (checked at boot: restart after building).
 */
export const sidebarStaticPlugin = fp<SidebarStaticOptions>(
  async (app, options) => {
    const root = options.root ?? SIDEBAR_DIST;
    if (existsSync(`${root}/index.html`)) {
      await app.register(fastifyStatic, { root, prefix: SIDEBAR_PREFIX, redirect: true, index: ['index.html'], decorateReply: false });
      app.get('/sidebar', { schema: { hide: true } }, async (_request, reply) => reply.redirect(SIDEBAR_PREFIX, 301));
      return;
    }
    app.log.warn({ root }, 'the sidebar UI is not built; /sidebar/ answers 503 until it is built and the server restarts');
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      reply.code(503).send({
        code: 'SIDEBAR_NOT_BUILT',
        message: 'The sidebar UI is not built. Run "npx --yes pnpm@10.34.9 --filter @threadline/sidebar-ui build" (or "pnpm start", which builds it), then restart the server.',
      });
    app.get('/sidebar', { schema: { hide: true } }, notBuilt);
    app.get('/sidebar/*', { schema: { hide: true } }, notBuilt);
  },
  { name: 'sidebar-static' },
);
