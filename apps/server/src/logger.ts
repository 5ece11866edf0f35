import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Paths pino blanks out wherever they appear in a log line. Secrets never reach the log: headers that
 * carry credentials, and any field named like a credential one or two levels deep.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-threadline-token"]',
  'req.headers["x-threadline-secret"]',
  'req.headers["x-zendesk-webhook-signature"]',
  'res.headers["set-cookie"]',
  ...['apiKey', 'password', 'secret', 'token', 'authorization', 'databaseUrl'].flatMap((key) => [key, `*.${key}`]),
];

export function loggerOptions(config: Config): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: config.log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(config.log.isPretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true } } }
      : {}),
  };
}
