import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The plumbing the fake model APIs share: a local server, its request log entries and closing. */

export interface ReceivedRequest<Body> {
  method: string;
  path: string;
  /** Lowercased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined if it was not JSON). */
  body: Body | undefined;
  receivedAt: number;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** What every fake model server offers a test: its request log and a queue of scripted answers. */
export interface ScriptedFake<Request, Response> {
  readonly apiKey: string;
  /** Every request received, in order. */
  readonly requests: Request[];
  /** Queues responses, served first-in first-out before the default responder. */
  enqueue(...responses: Response[]): void;
  setLatency(latencyMs: number): void;
  /** Clears the log and the queue. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * The log, the queue and the latency behind `ScriptedFake`: the server reads them, the test
 * drives them through `controls`.
 */
export function createScript<Request, Response>(latencyMs: number, onReset: () => void = () => {}) {
  const requests: Request[] = [];
  const queue: Response[] = [];
  let latency = latencyMs;
  return {
    requests,
    /** The next scripted answer, if any. */
    next: (): Response | undefined => queue.shift(),
    latency: () => latency,
    controls: {
      requests,
      enqueue: (...responses: Response[]) => {
        queue.push(...responses);
      },
      setLatency: (value: number) => {
        latency = value;
      },
      reset: () => {
        requests.length = 0;
        queue.length = 0;
        onReset();
      },
    },
  };
}

/** Reads a request whole: its raw body and the log entry with the parsed one. */
export async function receive<Body>(request: IncomingMessage): Promise<{ raw: string; received: ReceivedRequest<Body> }> {
  const raw = await readBody(request);
  let body: Body | undefined;
  try {
    body = raw.length > 0 ? (JSON.parse(raw) as Body) : undefined;
  } catch {
    body = undefined;
  }
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value ?? '']));
  return { raw, received: { method: request.method ?? '', path: (request.url ?? '').split('?')[0] ?? '', headers, body, receivedAt: Date.now() } };
}

/** A rough token count, for `usage` figures. */
export const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

export const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** Starts `handle` on 127.0.0.1; returns its base URL and how to close it. */
export async function listenLocal(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<unknown>,
  onFailure: (response: ServerResponse, error: unknown) => void,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) onFailure(response, error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
