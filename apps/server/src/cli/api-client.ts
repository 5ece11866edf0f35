import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerError } from '../errors.js';

/**
 * What the HTTP commands read from the environment (flags override it), each with the form it must
 * have. Plain checks rather than a schema library: loading one would cost more than the command.
 */
const CLIENT_ENV = {
  THREADLINE_URL: { pattern: /^https?:\/\//, form: 'an http(s) URL' },
  /** The server's own port variable: without THREADLINE_URL the CLI talks to the local server on it. */
  PORT: { pattern: /^\d{1,5}$/, form: 'a port number' },
  THREADLINE_API_KEY: { pattern: /^tl_/, form: 'a tenant key (tl_…)' },
  THREADLINE_DATA_DIR: { pattern: /./, form: 'a folder' },
} as const;

function readClientEnv(source: NodeJS.ProcessEnv): { THREADLINE_URL?: string; PORT: string; THREADLINE_API_KEY?: string; THREADLINE_DATA_DIR: string } {
  for (const [name, { pattern, form }] of Object.entries(CLIENT_ENV)) {
    const value = source[name];
    if (value && !pattern.test(value)) throw cliError(`${name} must be ${form}; it is "${name === 'THREADLINE_API_KEY' ? '…' : value}"`);
  }
  return {
    ...(source.THREADLINE_URL ? { THREADLINE_URL: source.THREADLINE_URL } : {}),
    PORT: source.PORT || '3000',
    ...(source.THREADLINE_API_KEY ? { THREADLINE_API_KEY: source.THREADLINE_API_KEY } : {}),
    THREADLINE_DATA_DIR: source.THREADLINE_DATA_DIR || '.threadline',
  };
}

export interface ApiClient {
  baseUrl: string;
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

function cliError(message: string): ServerError {
  return new ServerError('SERVER_CLI_REQUEST_FAILED', message);
}

/**
 * The server the HTTP commands talk to, and the tenant API key they use: `--api-key`, else
 * THREADLINE_API_KEY, else (on a demo machine) the key of `--tenant` or the first tenant in
 * `<data dir>/demo.json`.
 */
export function createApiClient(flags: { url?: string; apiKey?: string; tenant?: string }, source: NodeJS.ProcessEnv = process.env): ApiClient {
  const env = readClientEnv(source);
  const baseUrl = (flags.url ?? env.THREADLINE_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, '');
  let apiKey = flags.apiKey ?? env.THREADLINE_API_KEY;
  if (!apiKey) {
    const demoFile = join(env.THREADLINE_DATA_DIR, 'demo.json');
    if (existsSync(demoFile)) {
      const demo = JSON.parse(readFileSync(demoFile, 'utf8')) as Record<string, { apiKey: string }>;
      const slug = flags.tenant ?? Object.keys(demo)[0];
      apiKey = slug ? demo[slug]?.apiKey : undefined;
      if (!apiKey) throw cliError(`No demo tenant "${slug}" in ${demoFile}; known: ${Object.keys(demo).join(', ')}`);
    }
  }
  if (!apiKey) throw cliError('No API key: pass --api-key tl_… or set THREADLINE_API_KEY (the key "threadline tenant create" printed)');
  const key = apiKey;
  return {
    baseUrl,
    async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}), ...headers },
          ...(body === undefined ? {} : { body: body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body) }),
        });
      } catch {
        throw cliError(`Cannot reach Threadline at ${baseUrl}: start it with "npx --yes pnpm@10.34.9 start", or pass --url / set THREADLINE_URL`);
      }
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as unknown) : undefined;
      if (!response.ok) {
        const error = parsed as { code?: string; message?: string } | undefined;
        throw cliError(`${error?.message ?? `HTTP ${response.status}`}${error?.code ? ` [${error.code}]` : ''}`);
      }
      return parsed as T;
    },
  };
}
