import type { FastifyReply } from 'fastify';
import type { ServerErrorCode } from '../../errors.js';

/**
 * The answer of a web UI the server serves but that was not built: 503 with the command that
 * builds it. The UIs' dist/ folders are build output (git-ignored); `pnpm start` builds them.
 */
export function notBuiltHandler(options: { code: ServerErrorCode; what: string; filter: string }) {
  const body = {
    code: options.code,
    message: `${options.what} is not built. Run "npx --yes pnpm@10.34.9 --filter ${options.filter} build" (or "pnpm start", which builds it), then restart the server.`,
  };
  return async (_request: unknown, reply: FastifyReply) => reply.code(503).send(body);
}
