import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { notBuiltHandler } from './ui-not-built.js';

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
    const notBuilt = notBuiltHandler({ code: 'SERVER_SIDEBAR_NOT_BUILT', what: 'The sidebar UI', filter: '@threadline/sidebar-ui' });
    app.get('/sidebar', { schema: { hide: true } }, notBuilt);
    app.get('/sidebar/*', { schema: { hide: true } }, notBuilt);
  },
  { name: 'sidebar-static' },
);
