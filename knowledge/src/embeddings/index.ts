/**
 * Embedders: the `Embedder` contract, the local default (Universal Sentence Encoder in a worker
 * thread, offline), API providers (OpenAI-compatible, Voyage) and a hash embedder for tests.
 * Also reachable as `@threadline/knowledge/embeddings`.
 */
export { checkVectors, embedInBatches, type Embedder, type EmbedOptions, type EmbeddingInputType } from './embedder.js';
export { createEmbedder, type EmbedderConfig } from './create-embedder.js';
export { createHashEmbedder, type HashEmbedderOptions } from './hash-embedder.js';
export {
  createLocalEmbedder,
  LOCAL_EMBEDDING_DIMENSIONS,
  LOCAL_EMBEDDING_MODEL,
  type LocalEmbedder,
  type LocalEmbedderInfo,
  type LocalEmbedderOptions,
  type LocalEmbedderUsage,
} from './local-embedder.js';
export { createOpenAICompatibleEmbedder, type OpenAICompatibleEmbedderOptions } from './openai-compatible-embedder.js';
export { createVoyageEmbedder, type VoyageEmbedderOptions } from './voyage-embedder.js';
export type { EmbeddingHttpOptions } from './embedding-http.js';
export { threadCpuMs } from './thread-cpu.js';
