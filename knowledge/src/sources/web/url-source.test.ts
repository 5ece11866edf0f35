import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../../../test/fixtures/site-server.js';
import { collect, failureOf } from '../../../test/fixtures/source-results.js';
import type { SourceProgress } from '../../types.js';
import { createFetchPolicy } from './fetch-policy.js';
import { createUrlSource, type UrlSourceOptions } from './url-source.js';

/** The test site listens on loopback, which the default policy refuses: allow exactly that address. */
const testSitePolicy = createFetchPolicy({ allow: ['127.0.0.1'] });
const urlSource = (options: UrlSourceOptions) => createUrlSource({ policy: testSitePolicy, ...options });

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let site: Site;

beforeAll(async () => {
  site = await startSite({
    routes: {
      '/broken': (_request, response) => {
        response.writeHead(500, { 'content-type': 'text/html' });
        response.end('<h1>Oops</h1>');
      },
      // Answers long after any timeout a test sets, so a busy machine's late timers cannot turn
      // "too slow" into "answered"; unref'd so it never holds the run open.
      '/slow': (_request, response) => {
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<p>late</p>');
        }, 60_000).unref();
      },
      '/huge': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<p>${'x'.repeat(20_000)}</p>`);
      },
      '/latin': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        const html = '<html><head><title>Preise</title></head><body><h1>Preise</h1><p>Versand kostet \x805 \x96 Rückgabe ist kostenlos für alle Bestellungen in Deutschland und Österreich.</p></body></html>';
        response.end(Buffer.from(html, 'latin1'));
      },
      '/moved': (_request, response) => {
        response.writeHead(301, { location: '/shipping' });
        response.end();
      },
    },
  });
});

afterAll(() => site.close());

describe('createUrlSource', () => {
  it('yields each page as clean Markdown with its title, locale and canonical id', async () => {
    const progress: SourceProgress[] = [];
    const source = urlSource({ urls: [`${site.origin}/shipping/#rates`, `${site.origin}/pricing`], userAgent: 'TestBot/1.0' });
    const documents = await collect(source.documents({ onProgress: (event) => progress.push(event) }));

    expect(source.kind).toBe('url');
    expect(documents.map((document) => document.externalId)).toEqual([`${site.origin}/shipping`, `${site.origin}/pricing`]);
    const [shipping, pricing] = documents;
    expect(shipping).toMatchObject({ title: 'Shipping rates and delivery times', locale: 'en-us', visibility: 'public', url: `${site.origin}/shipping/` });
    expect(shipping!.markdown).toContain('## Rates by region\n\n| Region | Standard | Express |\n| --- | --- | --- |\n| United States | $5 (3–5 days) | $15 (1–2 days) |');
    expect(shipping!.markdown).toContain('## Free shipping\n\n- Orders over $50 ship free in the US.');
    expect(pricing!.markdown).toContain('| Plan | Monthly | Yearly | Includes |\n| --- | --- | --- | --- |\n| Basic | $0  | $0  | Order tracking; Standard support |');
    for (const document of documents) {
      expect(document.markdown).not.toMatch(/Staff area|Copyright|Search the help center|analytics|<\w+/);
    }
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    expect(site.requests.find((request) => request.path === '/shipping/')?.userAgent).toBe('TestBot/1.0');
  });

  it('decodes legacy charsets the way browsers do (iso-8859-1 means windows-1252)', async () => {
    const [document] = await collect(urlSource({ urls: [`${site.origin}/latin`] }).documents());
    expect(document!.markdown).toContain('Versand kostet €5 – Rückgabe ist kostenlos für alle Bestellungen in Deutschland und Österreich.');
  });

  it('follows redirects and cites the final URL', async () => {
    const [document] = await collect(urlSource({ urls: [`${site.origin}/moved`] }).documents());
    expect(document).toMatchObject({ externalId: `${site.origin}/moved`, url: `${site.origin}/shipping` });
  });

  it('rejects what is not a web address when it is created', () => {
    for (const url of ['not a url', 'ftp://acme.test/file', 'javascript:alert(1)']) {
      expect(() => urlSource({ urls: [url] })).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_INVALID', category: 'user' }));
    }
    expect(() => urlSource({ urls: [] })).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_SOURCE_INVALID_OPTIONS' }));
  });

  it('reports an unreachable host with the URL and the reason', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/help`;
    // A refused connection fails at once; the budget only keeps a busy machine from calling it a timeout.
    const error = await failureOf(collect(urlSource({ urls: [url], timeoutMs: 60_000 }).documents()));
    expect(error).toMatchObject({ code: 'KNOWLEDGE_URL_UNREACHABLE', category: 'user', details: { url, reason: 'connection refused', errorCode: 'ECONNREFUSED' } });
    expect(error.message).toBe(`${url} is unreachable: connection refused`);
  });

  it('reports a timeout as unreachable', async () => {
    const url = `${site.origin}/slow`;
    const error = await failureOf(collect(urlSource({ urls: [url], timeoutMs: 150 }).documents()));
    expect(error).toMatchObject({ code: 'KNOWLEDGE_URL_UNREACHABLE', details: { url, reason: 'timeout', timeoutMs: 150 } });
  });

  it('reports HTTP errors: 4xx as the user’s problem, 5xx as upstream', async () => {
    const missing = await failureOf(collect(urlSource({ urls: [`${site.origin}/nope`] }).documents()));
    expect(missing).toMatchObject({ code: 'KNOWLEDGE_URL_HTTP_ERROR', category: 'user', details: { url: `${site.origin}/nope`, httpStatus: 404 } });
    const broken = await failureOf(collect(urlSource({ urls: [`${site.origin}/broken`] }).documents()));
    expect(broken).toMatchObject({ code: 'KNOWLEDGE_URL_SERVER_ERROR', category: 'upstream', details: { httpStatus: 500 } });
  });

  it('refuses non-HTML content and oversize pages', async () => {
    const pdf = await failureOf(collect(urlSource({ urls: [`${site.origin}/guide.pdf`] }).documents()));
    expect(pdf).toMatchObject({ code: 'KNOWLEDGE_URL_NOT_HTML', category: 'user', details: { contentType: 'application/pdf' } });
    const huge = await failureOf(collect(urlSource({ urls: [`${site.origin}/huge`], maxBytes: 10_000 }).documents()));
    expect(huge).toMatchObject({ code: 'KNOWLEDGE_URL_TOO_LARGE', details: { maxBytes: 10_000 } });
  });

  it('respects robots.txt unless told the site is the tenant’s own', async () => {
    const url = `${site.origin}/private/secret`;
    const before = site.paths().filter((path) => path === '/private/secret').length;
    const error = await failureOf(collect(urlSource({ urls: [url] }).documents()));
    expect(error).toMatchObject({ code: 'KNOWLEDGE_URL_DISALLOWED', category: 'user', details: { url, reason: 'robots.txt disallows it' } });
    expect(site.paths().filter((path) => path === '/private/secret').length).toBe(before);

    const [document] = await collect(urlSource({ urls: [url], respectRobots: false }).documents());
    expect(document!.title).toBe('Staff only');
  });

  it('stops when the sync is aborted', async () => {
    const controller = new AbortController();
    const iterator = urlSource({ urls: [`${site.origin}/shipping`, `${site.origin}/pricing`] }).documents({ signal: controller.signal })[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(new Error('shutting down'));
    await expect(iterator.next()).rejects.toThrow('shutting down');
  });
});
