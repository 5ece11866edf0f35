import closeWithGrace from 'close-with-grace';
import { isThreadlineError } from '@threadline/platform';
import { loadConfig } from './config.js';

/** A start-up failure we explain in one line (bad config, no database, no pgvector); anything else is a bug and keeps its stack. */
function explain(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (isThreadlineError(current)) return `${current.message} [${current.code}]`;
  }
  return undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Imported once the settings are known to be valid, so a bad one is reported before the whole
  // server (the database driver, the models) has loaded.
  const { buildApp } = await import('./app.js');
  const app = await buildApp(config);
  closeWithGrace({ delay: config.server.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
  });
  await app.listen({ host: config.server.host, port: config.server.port });
}

main().catch((error: unknown) => {
  const reason = explain(error);
  if (reason) process.stderr.write(`threadline: ${reason}\n`);
  else process.stderr.write(`threadline: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
