import type { Embedder, SourceDocument } from '@threadline/knowledge';
import { fnv1a, mulberry32 } from '@threadline/platform';

/**
 * A synthetic knowledge base for the scale benchmark: documents of ten sections, each section one
 * chunk of 24 words (~170 characters, under the default 200-character chunk) drawn from a topic's vocabulary, and an embedder that turns text into dense
 * 512-d vectors by summing fixed pseudo-random word vectors (random indexing). The vectors are
 * synthetic, not a model's: texts of one topic are close, the index sees dense unit vectors of the
 * production size, and embedding costs nothing, so the benchmark times the database alone.
 */

const SYLLABLES = ['ka', 'lo', 'mi', 're', 'tu', 'sa', 'ne', 'vi', 'do', 'pa', 'ri', 'zu', 'be', 'go', 'ha', 'ly'];

/** A pronounceable pseudo-word for an index, e.g. `kalomi`. */
function word(index: number): string {
  let out = '';
  let rest = index + 17;
  for (let part = 0; part < 3; part++) {
    out += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  }
  return rest > 0 ? `${out}${SYLLABLES[rest % SYLLABLES.length]}` : out;
}

const VOCABULARY = 4_000;
const TOPICS = 200;
const TOPIC_WORDS = 60;
const COMMON_WORDS = 300;

/** The words of a topic: a fixed slice of the vocabulary. */
function topicWords(topic: number): string[] {
  const random = mulberry32(topic + 1);
  return Array.from({ length: TOPIC_WORDS }, () => word(COMMON_WORDS + Math.floor(random() * (VOCABULARY - COMMON_WORDS))));
}

/** 24 words of about 7 characters: one default-size chunk, mostly from the topic, some common ones. */
export function syntheticPassage(topic: number, seed: number, length = 24): string {
  const random = mulberry32(seed);
  const words = topicWords(topic);
  return Array.from({ length }, () => (random() < 0.7 ? words[Math.floor(random() * words.length)] : word(Math.floor(random() * COMMON_WORDS)))).join(' ');
}

/** `count` documents of `sections` sections each (one chunk per section), ids from `offset`. */
export function syntheticDocuments(input: { count: number; sections?: number; offset?: number }): SourceDocument[] {
  const sections = input.sections ?? 10;
  const offset = input.offset ?? 0;
  return Array.from({ length: input.count }, (_, index) => {
    const id = offset + index;
    const body = Array.from({ length: sections }, (_, section) => `## Section ${section + 1}\n\n${syntheticPassage((id * 7 + section) % TOPICS, id * 100 + section)}.`).join('\n\n');
    return { externalId: `doc-${id}`, title: `Synthetic article ${id}`, url: null, locale: 'en', visibility: 'public', updatedAt: null, markdown: body };
  });
}

/** Query texts: 8 words of a topic. */
export function syntheticQueries(count: number): string[] {
  return Array.from({ length: count }, (_, index) => syntheticPassage((index * 13) % TOPICS, 9_000_000 + index, 8));
}

/**
 * Random indexing: every word has a fixed pseudo-random direction; a text is the normalised sum of
 * its words' directions.
 */
export function createSyntheticEmbedder(dimensions = 512): Embedder {
  const cache = new Map<string, Float32Array>();
  const wordVector = (token: string): Float32Array => {
    let vector = cache.get(token);
    if (!vector) {
      const random = mulberry32(fnv1a(token));
      vector = new Float32Array(dimensions);
      for (let index = 0; index < dimensions; index++) vector[index] = random() * 2 - 1;
      cache.set(token, vector);
    }
    return vector;
  };
  return {
    model: `synthetic:random-indexing-${dimensions}`,
    dimensions,
    maxBatchSize: 256,
    async embed(texts) {
      return texts.map((text) => {
        const sum = new Float32Array(dimensions);
        for (const token of text.toLowerCase().match(/[a-z0-9]+/g) ?? ['empty']) {
          const vector = wordVector(token);
          for (let index = 0; index < dimensions; index++) sum[index] = (sum[index] as number) + (vector[index] as number);
        }
        let norm = 0;
        for (const value of sum) norm += value * value;
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
        for (let index = 0; index < dimensions; index++) sum[index] = (sum[index] as number) * scale;
        return sum;
      });
    },
  };
}
