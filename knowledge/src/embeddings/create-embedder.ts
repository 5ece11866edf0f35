import type { Embedder } from './embedder.js';
import { createHashEmbedder, type HashEmbedderOptions } from './hash-embedder.js';
import { createLocalEmbedder, type LocalEmbedderOptions } from './local-embedder.js';
import { createOpenAICompatibleEmbedder, type OpenAICompatibleEmbedderOptions } from './openai-compatible-embedder.js';
import { createVoyageEmbedder, type VoyageEmbedderOptions } from './voyage-embedder.js';

/**
 * Which embedder to use, as the server's config schema describes it (one variant per provider).
 * `local` is the default and needs nothing; `hash` is for tests and demos only.
 */
export type EmbedderConfig =
  | ({ provider: 'local' } & LocalEmbedderOptions)
  | ({ provider: 'openai' } & OpenAICompatibleEmbedderOptions)
  | ({ provider: 'voyage' } & VoyageEmbedderOptions)
  | ({ provider: 'hash' } & HashEmbedderOptions);

/**
 * Builds the embedder a config names.
 *
 * @example
 * const embedder = createEmbedder(config.embeddings ?? { provider: 'local' });
 */
export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.provider) {
    case 'local':
      return createLocalEmbedder(config);
    case 'openai':
      return createOpenAICompatibleEmbedder(config);
    case 'voyage':
      return createVoyageEmbedder(config);
    case 'hash':
      return createHashEmbedder(config);
  }
}
