// Worker thread of createLocalEmbedder: loads the model (local-embedder-model.js) and answers embed
// requests, so the request thread never runs the model.
//
// Micro-batching: requests that arrive while the model is busy wait in `waiting` and run as one
// model call (up to MAX_BATCH_TEXTS texts). TF.js USE costs much less per text in a batch than one
// text at a time, so a burst of concurrent query embeddings (one per webhook event) is answered in
// a few calls instead of one call per event. An idle worker runs a lone request at once.
//
// Plain JavaScript on purpose: a worker file is started by Node itself, outside tsx and vitest's
// TypeScript transform, so it must run as it is.
//
// Protocol (parent ⇄ worker):
//   → { type: 'embed', id, texts: string[] }
//   ← { type: 'ready', backend, loadMs } once the model is loaded
//   ← { type: 'result', id, vectors: Float32Array[], busyMs, cpuMs, batchTexts } (buffers transferred;
//      busyMs and cpuMs are this request's share of the model call's wall and CPU time, cpuMs null
//      where the thread's CPU time cannot be read; batchTexts the call's size)
//   ← { type: 'error', id | null, phase: 'load' | 'embed', name, message, stack }
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { parentPort } from 'node:worker_threads';
import { loadLocalModel } from './local-embedder-model.js';
import { threadCpuMs } from './thread-cpu.js';

if (!parentPort) throw new Error('local-embedder-worker.js must run in a worker thread');
const port = parentPort;

/** Texts per model call. Throughput is flat from 32 up; more would only hold the first request longer. */
const MAX_BATCH_TEXTS = 64;

function describe(error) {
  const err = error instanceof Error ? error : new Error(String(error));
  return { name: err.name, message: err.message, stack: err.stack ?? '' };
}

const loading = loadLocalModel();
loading.then(
  ({ backend, loadMs }) => port.postMessage({ type: 'ready', backend, loadMs }),
  (error) => port.postMessage({ type: 'error', id: null, phase: 'load', ...describe(error) }),
);

/** Requests not started yet, oldest first. */
const waiting = [];
let isDraining = false;

/** The oldest request and those behind it that fit in one model call with it. */
function takeBatch() {
  const batch = [waiting.shift()];
  let count = batch[0].texts.length;
  while (waiting.length > 0 && count + waiting[0].texts.length <= MAX_BATCH_TEXTS) {
    const next = waiting.shift();
    batch.push(next);
    count += next.texts.length;
  }
  return batch;
}

/** Runs `batch` as one model call and answers each request with its own rows. */
async function run(model, batch) {
  const texts = batch.flatMap((request) => request.texts);
  const started = performance.now();
  const cpuAtStart = threadCpuMs();
  const vectors = await model.embed(texts);
  const busyMs = performance.now() - started;
  const cpuAtEnd = threadCpuMs();
  const cpuMs = cpuAtStart === null || cpuAtEnd === null ? null : cpuAtEnd - cpuAtStart;
  let offset = 0;
  for (const request of batch) {
    const own = vectors.slice(offset, (offset += request.texts.length));
    const part = texts.length === 0 ? 0 : request.texts.length / texts.length;
    port.postMessage(
      { type: 'result', id: request.id, vectors: own, busyMs: busyMs * part, cpuMs: cpuMs === null ? null : cpuMs * part, batchTexts: texts.length },
      own.map((vector) => vector.buffer),
    );
  }
}

async function drain() {
  if (isDraining) return;
  isDraining = true;
  try {
    // A load failure was reported above; the parent fails every pending request with it.
    const model = await loading.catch(() => null);
    if (!model) {
      waiting.length = 0;
      return;
    }
    while (waiting.length > 0) {
      // One turn of the event loop first, so requests posted while the last call ran join this one.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = takeBatch();
      try {
        await run(model, batch);
      } catch (error) {
        if (batch.length === 1) {
          port.postMessage({ type: 'error', id: batch[0].id, phase: 'embed', ...describe(error) });
          continue;
        }
        // One request's text must not fail the others that shared its call: each runs alone.
        for (const request of batch) {
          await run(model, [request]).catch((alone) => port.postMessage({ type: 'error', id: request.id, phase: 'embed', ...describe(alone) }));
        }
      }
    }
  } finally {
    isDraining = false;
  }
}

port.on('message', (message) => {
  if (message?.type !== 'embed') return;
  waiting.push({ id: message.id, texts: message.texts });
  void drain();
});
