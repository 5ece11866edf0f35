/**
 * The API embedders against local fakes of the providers' wire formats (no network): OpenAI's and
 * Voyage's `POST /v1/embeddings`, including their error answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isKnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { embedInBatches } from './embedder.js';
import { createEmbedder } from './create-embedder.js';
import { createOpenAICompatibleEmbedder } from './openai-compatible-embedder.js';
import { createVoyageEmbedder } from './voyage-embedder.js';

interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

type Reply = (request: Recorded, res: ServerResponse) => void;

/** A vector that encodes the text's length, so a test can tell which input each vector belongs to. */
function fakeVector(text: string, dims: number): number[] {
  return Array.from({ length: dims }, (_, index) => (index === 0 ? text.length : 0.5));
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** OpenAI's answer shape; data in reverse order to prove the client sorts by `index`. */
const openaiReply =
  (dims: number): Reply =>
  (request, res) => {
    const input = request.body.input as string[];
    json(res, 200, {
      object: 'list',
      model: request.body.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text, dims) })).reverse(),
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  };

const voyageReply =
  (dims: number): Reply =>
  (request, res) => {
    const input = request.body.input as string[];
    json(res, 200, {
      object: 'list',
      data: input.map((text, index) => ({ object: 'embedding', embedding: fakeVector(text, dims), index })),
      model: request.body.model,
      usage: { total_tokens: 10 },
    });
  };

describe('API embedders against local fakes of their wire formats', () => {
  let server: Server;
  let baseUrl: string;
  const requests: Recorded[] = [];
  let replies: Reply[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const recorded = { path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') as Record<string, unknown> };
        requests.push(recorded);
        const reply = replies.shift();
        if (reply) reply(recorded, res);
        else json(res, 500, { error: { message: 'no reply scripted' } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests.length = 0;
    replies = [];
  });

  describe('OpenAI-compatible', () => {
    it('posts model and input to /v1/embeddings with the bearer key and returns vectors in input order', async () => {
      replies = [openaiReply(4)];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, apiKey: 'sk-test', model: 'nomic-embed-text', dimensions: 4 });
      const vectors = await embedder.embed(['a', 'bbb', 'cc']);
      expect(vectors.map((vector) => vector[0])).toEqual([1, 3, 2]);
      expect(requests[0]?.path).toBe('/v1/embeddings');
      expect(requests[0]?.headers.authorization).toBe('Bearer sk-test');
      expect(requests[0]?.body).toEqual({ model: 'nomic-embed-text', input: ['a', 'bbb', 'cc'], encoding_format: 'float' });
      expect(embedder.model).toBe('openai:nomic-embed-text');
    });

    it('asks text-embedding-3 models for shortened vectors when configured smaller', async () => {
      replies = [openaiReply(256)];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, apiKey: 'k', model: 'text-embedding-3-small', dimensions: 256 });
      await embedder.embed(['x']);
      expect(requests[0]?.body.dimensions).toBe(256);
      expect(createOpenAICompatibleEmbedder({ baseUrl, model: 'text-embedding-3-small' }).dimensions).toBe(1536);
      expect(() => createOpenAICompatibleEmbedder({ baseUrl, model: 'mystery-model' })).toThrow(RangeError);
    });

    it('retries a 429 after the Retry-After delay and then succeeds', async () => {
      replies = [(_, res) => json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' }), openaiReply(2)];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, model: 'm', dimensions: 2, retryBaseMs: 1 });
      await expect(embedder.embed(['hello'])).resolves.toHaveLength(1);
      expect(requests).toHaveLength(2);
    });

    it('fails with an auth error on 401 without retrying', async () => {
      replies = [(_, res) => json(res, 401, { error: { message: 'Incorrect API key provided' } })];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, apiKey: 'bad', model: 'm', dimensions: 2, retryBaseMs: 1 });
      const failure = await embedder.embed(['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.embedderAuth)).toBe(true);
      expect((failure as { category: string }).category).toBe('upstream');
      expect(requests).toHaveLength(1);
    });

    it('fails with an upstream error after the retries of a failing server', async () => {
      replies = Array.from({ length: 3 }, () => (_: Recorded, res: ServerResponse) => json(res, 503, { error: 'down' }));
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, model: 'm', dimensions: 2, maxRetries: 2, retryBaseMs: 1 });
      const failure = await embedder.embed(['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.embedderUpstream)).toBe(true);
      expect(requests).toHaveLength(3);
    });

    it('fails with a protocol error on a body of the wrong shape', async () => {
      replies = [(_, res) => json(res, 200, { data: [{ index: 0, embedding: 'AAAA' }] })];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, model: 'm', dimensions: 2 });
      const failure = await embedder.embed(['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.embedderProtocol)).toBe(true);
    });

    it('fails with an upstream error when nothing listens', async () => {
      const embedder = createOpenAICompatibleEmbedder({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', dimensions: 2, maxRetries: 0 });
      const failure = await embedder.embed(['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.embedderUpstream)).toBe(true);
    });

    it('is caught by embedInBatches when it returns vectors of another size than declared', async () => {
      replies = [openaiReply(3)];
      const embedder = createOpenAICompatibleEmbedder({ baseUrl, model: 'm', dimensions: 2 });
      const failure = await embedInBatches(embedder, ['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.dimensionMismatch)).toBe(true);
    });
  });

  describe('Voyage', () => {
    it('sends input, model and input_type, and embeds queries as queries', async () => {
      replies = [voyageReply(8), voyageReply(8)];
      const embedder = createEmbedder({ provider: 'voyage', apiKey: 'pa-test', model: 'voyage-3.5-lite', dimensions: 8, baseUrl });
      const documents = await embedInBatches(embedder, ['first text', 'second'], { batchSize: 10 });
      await embedder.embed(['a question'], { inputType: 'query' });
      expect(documents.map((vector) => vector[0])).toEqual([10, 6]);
      expect(requests[0]?.path).toBe('/v1/embeddings');
      expect(requests[0]?.headers.authorization).toBe('Bearer pa-test');
      expect(requests[0]?.body).toEqual({ input: ['first text', 'second'], model: 'voyage-3.5-lite', input_type: 'document', output_dimension: 8 });
      expect(requests[1]?.body.input_type).toBe('query');
      expect(embedder.model).toBe('voyage:voyage-3.5-lite');
    });

    it('batches to its maxBatchSize', async () => {
      replies = [voyageReply(2), voyageReply(2), voyageReply(2)];
      const embedder = createVoyageEmbedder({ apiKey: 'k', baseUrl, dimensions: 2, batchSize: 2 });
      const vectors = await embedInBatches(embedder, ['a', 'b', 'c', 'd', 'e']);
      expect(vectors).toHaveLength(5);
      expect(requests.map((request) => (request.body.input as string[]).length)).toEqual([2, 2, 1]);
    });

    it('maps a 400 to a rejected-request error that carries the provider message', async () => {
      replies = [(_, res) => json(res, 400, { detail: 'input_type must be query or document' })];
      const embedder = createVoyageEmbedder({ apiKey: 'k', baseUrl });
      const failure = await embedder.embed(['x']).catch((error: unknown) => error);
      expect(isKnowledgeError(failure, KnowledgeErrorCode.embedderRejected)).toBe(true);
      expect((failure as { details: { response: string } }).details.response).toContain('input_type');
    });
  });
});
