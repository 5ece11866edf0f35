import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../../../test/fixtures/site-server.js';
import { collect, failureOf } from '../../../test/fixtures/source-results.js';
import type { KnowledgeSourceError } from '../../errors.js';
import { createCrawlSource } from './crawl-source.js';
import { createFetchPolicy, type FetchPolicy, type HostLookup } from './fetch-policy.js';
import { fetchResource } from './fetch-resource.js';
import { createPinnedFetch } from './pinned-fetch.js';
import { createUrlSource } from './url-source.js';

/**
 * A loopback listener standing for the server's own internal pages: it counts every connection and
 * byte it receives, on 127.0.0.1 and ::1 alike. Every refusal below must leave it untouched.
 */
interface Internal {
  port: number;
  connections: number;
  bytes: number;
  close(): Promise<void>;
}

async function startInternal(): Promise<Internal> {
  const sockets = new Set<Socket>();
  const internal = { port: 0, connections: 0, bytes: 0 } as Internal;
  const server: Server = createServer((socket) => {
    internal.connections += 1;
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      internal.bytes += chunk.length;
      socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<h1>Internal admin</h1><p>secret</p>');
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
  internal.port = (server.address() as { port: number }).port;
  internal.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return internal;
}

/** A resolver from a table, so names resolve without DNS. */
function lookupFrom(table: Record<string, string>): HostLookup {
  return async (hostname) => {
    const address = table[hostname];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

let internal: Internal;
let intranet: Site;
/** The intranet site is reached by name: `intranet.example.test`, which resolves to loopback. */
let intranetOrigin: string;

beforeAll(async () => {
  internal = await startInternal();
  const redirect = (location: () => string) => (_request: unknown, response: { writeHead(status: number, headers: Record<string, string>): void; end(): void }) => {
    response.writeHead(302, { location: location() });
    response.end();
  };
  intranet = await startSite({
    routes: {
      '/to-loopback': redirect(() => `http://127.0.0.1:${internal.port}/admin`),
      '/to-decimal': redirect(() => `http://2130706433:${internal.port}/admin`),
      '/to-ipv6': redirect(() => `http://[::1]:${internal.port}/admin`),
      '/to-name': redirect(() => `http://docs.example.test:${internal.port}/admin`),
      '/to-metadata': redirect(() => 'http://169.254.169.254/latest/meta-data/'),
      '/hop': redirect(() => '/shipping'),
      '/loop': redirect(() => '/loop'),
      '/to-file': redirect(() => 'file:///etc/passwd'),
      '/portal': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html><head><title>Portal</title></head><body><main><h1>Portal</h1><p>Where to find help.</p><a href="/to-loopback">Admin</a> <a href="/shipping">Shipping</a></main></body></html>');
      },
    },
  });
  intranetOrigin = intranet.origin.replace('127.0.0.1', 'intranet.example.test');
});

afterAll(async () => {
  await internal?.close();
  await intranet?.close();
});

/** The operator allows the intranet docs host; everything else follows the default. */
function intranetPolicy(): FetchPolicy {
  return createFetchPolicy({
    allow: ['intranet.example.test'],
    lookup: lookupFrom({ 'intranet.example.test': '127.0.0.1', 'docs.example.test': '127.0.0.1' }),
  });
}

const pageOptions = (policy: FetchPolicy) => ({
  policy,
  fetch: createPinnedFetch(policy),
  userAgent: 'TestBot/1.0',
  timeoutMs: 10_000,
  maxBytes: 1024 * 1024,
  accept: 'text/html',
});

describe('web fetches refuse the server’s own network', () => {
  const literals = () => [
    `http://127.0.0.1:${internal.port}/admin`,
    `http://2130706433:${internal.port}/admin`,
    `http://0x7f.1:${internal.port}/admin`,
    `http://[::1]:${internal.port}/admin`,
    `http://0.0.0.0:${internal.port}/admin`,
    `http://[::ffff:127.0.0.1]:${internal.port}/admin`,
  ];

  it('refuses literal loopback URLs in any spelling when the source is created', () => {
    for (const url of literals()) {
      expect(() => createUrlSource({ urls: [url] }), url).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS', category: 'user' }));
      expect(() => createCrawlSource({ startUrl: url }), url).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS' }));
    }
    expect(internal.connections).toBe(0);
  });

  it('refuses them again at request time, before any connection', async () => {
    const policy = createFetchPolicy();
    for (const url of literals()) {
      const error = await failureOf(fetchResource(url, pageOptions(policy)));
      expect(error.code, url).toBe('KNOWLEDGE_URL_FORBIDDEN_ADDRESS');
      expect(error.details.url).toBe(url);
    }
    expect(internal.connections).toBe(0);
    expect(internal.bytes).toBe(0);
  });

  it('fails the sync of a name that resolves to loopback, with the reason', async () => {
    const policy = createFetchPolicy({ lookup: lookupFrom({ 'docs.example.test': '127.0.0.1' }) });
    const url = `http://docs.example.test:${internal.port}/admin`;
    const error = await failureOf(collect(createUrlSource({ urls: [url], policy }).documents()));
    expect(error).toMatchObject({
      code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS',
      category: 'user',
      details: { url, host: 'docs.example.test', address: '127.0.0.1', reason: 'a loopback address' },
    });
    expect(error.message).toContain('docs.example.test resolves to 127.0.0.1, a loopback address');
    expect(internal.connections).toBe(0);
  });

  it('refuses a redirect from an allowed host to loopback, a loopback name or the metadata address', async () => {
    const policy = intranetPolicy();
    for (const [path, address] of [
      ['/to-loopback', '127.0.0.1'],
      ['/to-decimal', '127.0.0.1'],
      ['/to-ipv6', '::1'],
      ['/to-name', '127.0.0.1'],
      ['/to-metadata', '169.254.169.254'],
    ] as const) {
      const url = `${intranetOrigin}${path}`;
      const error = await failureOf(collect(createUrlSource({ urls: [url], policy, respectRobots: false }).documents()));
      expect(error.code, path).toBe('KNOWLEDGE_URL_FORBIDDEN_ADDRESS');
      expect(error.details).toMatchObject({ url, address });
      expect(error.message).toContain(`it redirects to ${String(error.details.redirectedTo)}`);
    }
    expect(intranet.paths()).toEqual(expect.arrayContaining(['/to-loopback', '/to-decimal', '/to-ipv6', '/to-name', '/to-metadata']));
    expect(internal.connections).toBe(0);
  });

  it('skips a crawled page that redirects to loopback and reports it', async () => {
    const errors: KnowledgeSourceError[] = [];
    const source = createCrawlSource({ startUrl: `${intranetOrigin}/portal`, policy: intranetPolicy(), maxDepth: 1, useSitemap: false, delayMs: 0, onPageError: (error) => errors.push(error) });
    const documents = await collect(source.documents());
    expect(documents.map((document) => document.externalId)).toContain(`${intranetOrigin}/shipping`);
    expect(errors.map((error) => [error.code, error.details.url])).toEqual([['KNOWLEDGE_URL_FORBIDDEN_ADDRESS', `${intranetOrigin}/to-loopback`]]);
    expect(internal.connections).toBe(0);
  });

  it('connects only to the address it checked: a name that rebinds to loopback after the check is refused', async () => {
    let calls = 0;
    // The first answer passes the check; the socket's own lookup then gets loopback, as in DNS rebinding.
    const rebinding: HostLookup = async () => [{ address: (calls += 1) === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const policy = createFetchPolicy({ lookup: rebinding });
    const url = `http://rebind.example.test:${internal.port}/admin`;
    const error = await failureOf(fetchResource(url, pageOptions(policy)));
    expect(error).toMatchObject({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS', details: { url, address: '127.0.0.1' } });
    expect(calls).toBe(2);
    expect(internal.connections).toBe(0);
  });
});

describe('web fetches of allowed intranet hosts', () => {
  it('fetches a host the allowlist names, following its redirects hop by hop', async () => {
    const [document] = await collect(createUrlSource({ urls: [`${intranetOrigin}/hop`], policy: intranetPolicy() }).documents());
    expect(document).toMatchObject({ externalId: `${intranetOrigin}/hop`, url: `${intranetOrigin}/shipping`, title: 'Shipping rates and delivery times' });
    expect(intranet.paths()).toEqual(expect.arrayContaining(['/hop', '/shipping']));
  });

  it('gives up after too many redirects and refuses redirects to other schemes', async () => {
    const policy = intranetPolicy();
    const loop = await failureOf(fetchResource(`${intranetOrigin}/loop`, pageOptions(policy)));
    expect(loop).toMatchObject({ code: 'KNOWLEDGE_URL_UNREACHABLE', details: { reason: 'more than 5 redirects' } });
    const file = await failureOf(fetchResource(`${intranetOrigin}/to-file`, pageOptions(policy)));
    expect(file).toMatchObject({ code: 'KNOWLEDGE_URL_UNREACHABLE', details: { reason: 'it redirects to a file: URL' } });
  });
});
