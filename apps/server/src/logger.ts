import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/**
 * Headers that carry a credential, lower case as Node delivers them: API keys and sidebar tokens
 * (`authorization`), cookies, the Freshdesk webhook secret (the automation rule sends it in
 * `x-threadline-webhook-secret`) and Zendesk's webhook signature. `idempotency-key` is not a secret
 * and stays visible: it is what ties a retried request to the first one in the log.
 */
export const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-threadline-token',
  'x-threadline-webhook-secret',
  'x-zendesk-webhook-signature',
] as const;

/**
 * Field names that hold a credential wherever they appear (a tenant's stored connection, config:
 * `apiKey` covers the answer model's and the embedder's keys, ANSWER_MODEL_API_KEY included).
 */
const SECRET_FIELDS = ['apiKey', 'apiToken', 'password', 'secret', 'token', 'authorization', 'databaseUrl', 'webhookSecret', 'sidebarSecret', 'accessToken', 'refreshToken'];

/**
 * Paths pino blanks out wherever they appear in a log line: the secret headers of a request or a
 * response (as `req`/`res`, or a bare `headers` object one level deep), and the secret fields up to
 * three levels deep.
 */
export const REDACTED_PATHS = [
  ...SECRET_HEADERS.flatMap((header) => [`req.headers["${header}"]`, `res.headers["${header}"]`, `headers["${header}"]`, `*.headers["${header}"]`]),
  ...SECRET_FIELDS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
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
