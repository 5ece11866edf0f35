import { performance } from 'node:perf_hooks';
import { loadLocalModel } from './local-embedder-model.js';
import { KnowledgeError } from '../errors.js';
import { workerFailure, type EmbeddingUsage, type EmbeddingWorker, type LocalEmbedderInfo } from './embedding-worker.js';

/**
 * The model on the calling thread, behind the same interface as a worker thread: what the local
 * embedder falls back to when no worker thread can be started, and the reference the worker's
 * vectors are checked against. Each call blocks the calling thread's event loop while the model
 * runs, which is why it is only the fallback.
 */
export function startInProcessEmbedding(onUsage?: (usage: EmbeddingUsage) => void): EmbeddingWorker {
  let isAlive = true;
  let inFlight = 0;
  const loading = loadLocalModel();
  const ready = loading.then(
    ({ backend, loadMs }): LocalEmbedderInfo => ({ backend, loadMs }),
    (cause: unknown) => {
      isAlive = false;
      throw workerFailure(`The local embedding model could not load: ${(cause as Error).message}`, { reason: (cause as Error).name }, cause);
    },
  );
  // A load failure reaches whoever awaits `ready` or `embed`; this only avoids an unhandled rejection.
  ready.catch(() => {});
  // One model call at a time, as in the worker: TF.js runs one graph per thread.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    ready,
    get pendingCount() {
      return inFlight;
    },
    get isAlive() {
      return isAlive;
    },
    async embed(texts) {
      inFlight += 1;
      try {
        await ready;
        const model = await loading;
        const run = queue.then(async () => {
          if (!isAlive) throw workerFailure('The local embedder was closed');
          const started = performance.now();
          const cpu = process.cpuUsage();
          const vectors = await model.embed(texts);
          const spent = process.cpuUsage(cpu);
          // On the calling thread the process's CPU is the model's, give or take what else ran meanwhile.
          onUsage?.({ texts: texts.length, busyMs: performance.now() - started, cpuMs: (spent.user + spent.system) / 1000, batchTexts: texts.length });
          return vectors;
        });
        queue = run.catch(() => {});
        return await run.catch((cause: unknown) => {
          if (cause instanceof KnowledgeError) throw cause;
          throw workerFailure(`The local embedding model failed on a batch: ${(cause as Error).message}`, { reason: (cause as Error).name }, cause);
        });
      } finally {
        inFlight -= 1;
      }
    },
    async terminate() {
      isAlive = false;
    },
  };
}
