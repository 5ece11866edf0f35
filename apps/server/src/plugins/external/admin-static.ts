import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { notBuiltHandler } from './ui-not-built.js';

/** Where `pnpm --filter @threadline/admin build` writes the console (git-ignored). */
export const ADMIN_DIST = fileURLToPath(new URL('../../../../admin/dist/', import.meta.url));

/**
 * The console holds the tenant's API key in the page, so it runs only its own code: scripts and
 * connections from this origin alone, never framed by another site. uPlot sets element styles
 * from script, which `style-src 'unsafe-inline'` allows; it loads no stylesheet from elsewhere.
 */
export const ADMIN_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface AdminStaticOptions {
  /** The built console folder; default `apps/admin/dist`. */
  root?: string;
}

/** A browser navigating to a page (not an API client, which asks for JSON or anything). */
const isPageNavigation = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * Serves the admin console at `/`. Its pages are real paths (/reports, …): any GET that no route
 * answers and that a browser makes for a page gets the console, which shows the page or says there
 * is none; everything else keeps the API's JSON 404. The hashed bundle files under /assets/ are
 * cached for good; the page itself is revalidated so a new build is picked up. When the console
 * was not built, `/` answers 503 with how to build it (checked at boot: restart after building).
 */
export const adminStaticPlugin = fp<AdminStaticOptions>(
  async (app, options) => {
    const root = options.root ?? ADMIN_DIST;
    const indexPath = join(root, 'index.html');
    if (!existsSync(indexPath)) {
      app.log.warn({ root }, 'the admin console is not built; / answers 503 until it is built and the server restarts');
      const notBuilt = notBuiltHandler({ code: 'SERVER_ADMIN_NOT_BUILT', what: 'The admin console', filter: '@threadline/admin' });
      app.get('/', { schema: { hide: true } }, notBuilt);
      app.get('/*', { schema: { hide: true } }, async (request, reply) => (isPageNavigation(request) ? notBuilt(request, reply) : reply.callNotFound()));
      return;
    }
    const page = readFileSync(indexPath);
    const sendPage = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', ADMIN_CSP).header('referrer-policy', 'no-referrer').send(page);
    if (existsSync(join(root, 'assets'))) {
      await app.register(fastifyStatic, { root: join(root, 'assets'), prefix: '/assets/', decorateReply: false, immutable: true, maxAge: '365d' });
    }
    app.get('/', { schema: { hide: true } }, sendPage);
    app.get('/*', { schema: { hide: true } }, async (request, reply) => (isPageNavigation(request) ? sendPage(request, reply) : reply.callNotFound()));
  },
  { name: 'admin-static' },
);
