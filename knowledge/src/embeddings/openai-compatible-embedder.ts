import type { Embedder } from './embedder.js';
import { postEmbeddingRequest, readEmbeddingList, type EmbeddingHttpOptions } from './embedding-http.js';

const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface OpenAICompatibleEmbedderOptions extends EmbeddingHttpOptions {
  /** Up to and including `/v1`, e.g. `https://api.openai.com/v1` (the default) or a local server's. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`; omit for servers without auth. */
  apiKey?: string;
  model: string;
  /**
   * Size of the vectors. Required for models not in the built-in list; for `text-embedding-3-*`
   * a smaller value is sent as `dimensions` so the API shortens the vectors.
   */
  dimensions?: number;
  /** Inputs per request. Default 128. */
  batchSize?: number;
}

/**
 * An embedder for any server speaking OpenAI's `POST /v1/embeddings` (OpenAI, Azure-style proxies,
 * LiteLLM, vLLM, Ollama's OpenAI endpoint, LM Studio …).
 *
 * @example
 * const embedder = createOpenAICompatibleEmbedder({ apiKey: config.openaiKey, model: 'text-embedding-3-small' });
 */
export function createOpenAICompatibleEmbedder(options: OpenAICompatibleEmbedderOptions): Embedder {
  const baseUrl = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const known = KNOWN_DIMENSIONS[options.model];
  const dimensions = options.dimensions ?? known;
  if (dimensions === undefined || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`dimensions is required for the embedding model ${options.model}`);
  }
  const sendDimensions = options.model.startsWith('text-embedding-3') && dimensions !== known;
  const model = `openai:${options.model}`;
  return {
    model,
    dimensions,
    maxBatchSize: options.batchSize ?? 128,
    async embed(texts, embedOptions = {}) {
      if (texts.length === 0) return [];
      const body = await postEmbeddingRequest(
        {
          provider: 'OpenAI-compatible',
          model: options.model,
          url: `${baseUrl}/embeddings`,
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          body: { model: options.model, input: texts, encoding_format: 'float', ...(sendDimensions ? { dimensions } : {}) },
          ...(embedOptions.signal ? { signal: embedOptions.signal } : {}),
        },
        options,
      );
      return readEmbeddingList('OpenAI-compatible', options.model, body, texts.length);
    },
  };
}
