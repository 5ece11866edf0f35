/** A failed console call: the server's `{ code, message }`, or `NETWORK_FAILED` when the server could not be reached. */
export class ConsoleApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(options: { status: number; code: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'ConsoleApiError';
    this.status = options.status;
    this.code = options.code;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiClientDeps {
  /**
   * The tenant API key the console signed in with, or null for a signed-in account: its session
   * travels in the httpOnly cookie, and writes carry the session's `csrfToken`.
   */
  apiKey: string | null;
  csrfToken?: string;
  /** Called once a call answers 401, so the console can ask for a key again. */
  onUnauthorized: (error: ConsoleApiError) => void;
  fetch?: typeof fetch;
}

/** The console's HTTP to the server: Bearer key, query building, and errors in one shape. */
export interface ApiClient {
  json<T>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  blob(path: string, query?: Record<string, QueryValue>): Promise<Blob>;
  /** A write (POST, PUT, PATCH, DELETE) with a JSON body; the answer's JSON, or null for 204. */
  write<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A PUT of raw bytes (a file upload) as application/octet-stream; the answer's JSON. */
  upload<T>(path: string, data: Blob): Promise<T>;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorFrom(response: Response): Promise<ConsoleApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page: keep the status.
  }
  const record = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown };
  return new ConsoleApiError({
    status: response.status,
    code: typeof record.code === 'string' ? record.code : `HTTP_${response.status}`,
    message: typeof record.message === 'string' ? record.message : `The Threadline server answered ${response.status}`,
  });
}

/**
 * @example
 * const client = createApiClient({ apiKey, onUnauthorized: signOut });
 * const overview = await client.json<Overview>('/v1/reports/overview', { from, to });
 */
export function createApiClient(deps: ApiClientDeps): ApiClient {
  const doFetch = deps.fetch ?? ((input, init) => fetch(input, init));

  async function send(path: string, query: Record<string, QueryValue> | undefined, accept: string, init: { method?: string; body?: unknown; bytes?: Blob } = {}): Promise<Response> {
    const isWrite = init.method !== undefined && init.method !== 'GET';
    const headers: Record<string, string> = { accept };
    if (deps.apiKey) headers.authorization = `Bearer ${deps.apiKey}`;
    if (isWrite && deps.csrfToken) headers['x-csrf-token'] = deps.csrfToken;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.bytes !== undefined) headers['content-type'] = 'application/octet-stream';
    let response: Response;
    try {
      response = await doFetch(withQuery(path, query), {
        headers,
        ...(init.method ? { method: init.method } : {}),
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(init.bytes !== undefined ? { body: init.bytes } : {}),
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new ConsoleApiError({ status: 0, code: 'NETWORK_FAILED', message: 'The Threadline server could not be reached; check that it is running', cause });
    }
    if (response.ok) return response;
    const error = await errorFrom(response);
    if (response.status === 401) deps.onUnauthorized(error);
    throw error;
  }

  return {
    json: async <T,>(path: string, query?: Record<string, QueryValue>) => (await (await send(path, query, 'application/json')).json()) as T,
    blob: async (path, query) => (await send(path, query, '*/*')).blob(),
    write: async <T,>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
      const response = await send(path, undefined, 'application/json', { method, body });
      return (response.status === 204 ? null : await response.json()) as T;
    },
    upload: async <T,>(path: string, data: Blob) => (await (await send(path, undefined, 'application/json', { method: 'PUT', bytes: data })).json()) as T,
  };
}
