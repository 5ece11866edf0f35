import { Worker } from 'node:worker_threads';
import { trackWorkerCalls } from '@threadline/platform';
import { recognizePeople } from './detectors/recognize-people.js';

/** Where the person-name recogniser runs: a worker thread (the server) or the calling thread. */
export type NameRecognizerThread = 'worker' | 'main';

export interface NameRecognizerOptions {
  /**
   * `worker` (default): one worker thread, started on the first call that needs it; `main`: the
   * calling thread, which blocks its event loop for the few ms each text takes. `worker` falls back
   * to `main` when no worker thread can be started or the thread cannot load the recogniser.
   */
  thread?: NameRecognizerThread;
  /** The worker's script; tests start a stand-in that fails on purpose. Default name-recognizer-worker.js. */
  workerUrl?: URL;
}

/** What the recogniser has done since it was created: for benches and tests. */
export interface NameRecognizerUsage {
  /** Where it runs now (`main` after a fallback). */
  thread: NameRecognizerThread;
  /** Texts it ran on (a text asked for again while it is being recognised counts once). */
  texts: number;
  /** Texts the calling thread ran: all with `main`; with `worker`, those a dead or failing thread left (the same names, found on the event loop). */
  textsOnCallingThread: number;
  /** Worker threads started (more than one after a thread died and was replaced). */
  workersStarted: number;
}

/**
 * compromise's English person recogniser behind a batch call, off the calling thread's event loop.
 * The names found are the same wherever it runs (one shared module, recognize-people.js).
 */
export interface NameRecognizer {
  /** For each text, the capitalised names the recogniser tags in it, in order. */
  recognize(texts: readonly string[]): Promise<string[][]>;
  usage(): NameRecognizerUsage;
  /**
   * Ends the worker thread, if one runs; what it had not answered runs on the calling thread. Calls
   * after it run there too, so no thread outlives a close (a job finishing during shutdown).
   */
  close(): Promise<void>;
}

type WorkerMessage = { type: 'ready' } | { type: 'result'; id: number; names: string[][] } | { type: 'error'; id: number; name: string; message: string };

interface Pending {
  texts: readonly string[];
  resolve: (names: string[][]) => void;
  reject: (error: unknown) => void;
}

interface RecognizerWorker {
  readonly isAlive: boolean;
  recognize(texts: readonly string[]): Promise<string[][]>;
  terminate(): Promise<void>;
}

const WORKER_URL = new URL('./name-recognizer-worker.js', import.meta.url);

const onCallingThread = (texts: readonly string[]): string[][] => texts.map((text) => recognizePeople(text));

/**
 * One worker thread. Whatever it had not answered when it died, or answered with an error, runs on
 * the calling thread instead: a request is never lost to the thread (a text that makes compromise
 * throw throws there too, as it would have without the worker). `onLoadFailure` is told when the
 * thread died before it was ready, which no restart would mend.
 */
function startRecognizerWorker(url: URL, hooks: { onFallback: (texts: number) => void; onLoadFailure: () => void }): RecognizerWorker {
  const worker = new Worker(url);
  let isAlive = true;
  let isReady = false;

  const runHere = (entry: Pending): void => {
    hooks.onFallback(entry.texts.length);
    try {
      entry.resolve(onCallingThread(entry.texts));
    } catch (error) {
      entry.reject(error);
    }
  };
  // An idle worker must not keep the process alive; it is ref'd while requests wait.
  const calls = trackWorkerCalls<Pending, WorkerMessage>(worker, (message) => {
    if (message.type === 'ready') {
      isReady = true;
      return;
    }
    const entry = calls.settle(message.id);
    if (!entry) return;
    if (message.type === 'result') entry.resolve(message.names);
    else runHere(entry);
  });
  const onDeath = (isClosing: boolean): void => {
    if (!isAlive) return;
    isAlive = false;
    if (!isReady && !isClosing) hooks.onLoadFailure();
    for (const entry of calls.close()) runHere(entry);
  };
  worker.on('error', () => onDeath(false));
  worker.on('exit', () => onDeath(false));

  return {
    get isAlive() {
      return isAlive;
    },
    recognize(texts) {
      return new Promise<string[][]>((resolve, reject) => {
        const entry = { texts, resolve, reject };
        if (!calls.send(entry, (id) => ({ type: 'recognize', id, texts }))) runHere(entry);
      });
    },
    async terminate() {
      // Requests still waiting are answered on the calling thread, so closing never loses one.
      onDeath(true);
      await worker.terminate();
    },
  };
}

/**
 * The person-name recogniser in one worker thread per recogniser (the server makes one, in its
 * answer engine), so the few ms compromise takes per message leave the event loop. The thread starts
 * on the first `recognize` and ends on `close` (later calls run on the calling thread); a thread that dies is replaced on the next call, and
 * what it had not answered runs on the calling thread. Where no thread can be started, or the thread
 * cannot load compromise, every call runs on the calling thread: slower for the server, same names.
 *
 * @example
 * const recognizer = createNameRecognizer();
 * const [names] = await recognizer.recognize(['My colleague John Smith will call you.']); // ['John Smith']
 * await recognizer.close();
 */
export function createNameRecognizer(options: NameRecognizerOptions = {}): NameRecognizer {
  let thread: NameRecognizerThread = options.thread ?? 'worker';
  const totals = { texts: 0, textsOnCallingThread: 0, workersStarted: 0 };
  let current: RecognizerWorker | null = null;
  const hooks = {
    onFallback: (texts: number) => void (totals.textsOnCallingThread += texts),
    onLoadFailure: () => void (thread = 'main'),
  };

  const worker = (): RecognizerWorker | null => {
    if (thread === 'main') return null;
    if (current?.isAlive) return current;
    try {
      current = startRecognizerWorker(options.workerUrl ?? WORKER_URL, hooks);
      totals.workersStarted += 1;
      return current;
    } catch {
      // No thread could be started (resource limits, a runtime without worker_threads).
      thread = 'main';
      return null;
    }
  };

  const run = (texts: readonly string[]): Promise<string[][]> => {
    totals.texts += texts.length;
    const running = worker();
    if (running) return running.recognize(texts);
    totals.textsOnCallingThread += texts.length;
    try {
      return Promise.resolve(onCallingThread(texts));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // Texts on their way through the thread. Concurrent events of one customer share its history; the
  // findings cache only learns a text once its first event is done, so without this each of them
  // would have the thread run compromise on the same texts again.
  const inFlight = new Map<string, Promise<string[]>>();

  return {
    async recognize(texts) {
      const fresh = [...new Set(texts)].filter((text) => !inFlight.has(text));
      if (fresh.length > 0) {
        const batch = run(fresh);
        fresh.forEach((text, index) => {
          const names = batch.then((found) => found[index] ?? []);
          inFlight.set(text, names);
          const forget = (): void => void inFlight.delete(text);
          names.then(forget, forget);
        });
      }
      return Promise.all(texts.map((text) => inFlight.get(text) as Promise<string[]>));
    },
    usage() {
      return { thread, ...totals };
    },
    async close() {
      thread = 'main';
      const closing = current;
      current = null;
      await closing?.terminate();
    },
  };
}
