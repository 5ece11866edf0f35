import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { runModuleScript } from './testing/run-module-script.js';
import { trackWorkerCalls, type WorkerCalls } from './worker-calls.js';

/**
 * A thread that doubles `value` (after `delayMs`), never answers `hang`, exits with code 3 on `exit`
 * and answers `ping` with `pong`.
 */
const THREAD = `
  const { parentPort } = require('node:worker_threads');
  parentPort.on('message', ({ id, op, value, delayMs }) => {
    if (op === 'double') setTimeout(() => parentPort.postMessage({ id, value: value * 2 }), delayMs ?? 0);
    if (op === 'exit') process.exit(3);
    if (op === 'ping') parentPort.postMessage({ id, value: 'pong' });
  });
`;

interface Call {
  label: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

/** A thread and its calls, wired as a client wires them: an answer settles its call, an exit closes. */
function startThread(): { worker: Worker; calls: WorkerCalls<Call>; handedBack: Promise<Call[]> } {
  const worker = new Worker(THREAD, { eval: true, execArgv: [] });
  started.push(worker);
  const calls = trackWorkerCalls<Call, { id: number; value: unknown }>(worker, (message) => calls.settle(message.id)?.resolve(message.value));
  const handedBack = new Promise<Call[]>((resolve) => worker.once('exit', () => resolve(calls.close())));
  return { worker, calls, handedBack };
}

/** Sends one call; its promise, or a rejection when the calls were closed. */
function call(calls: WorkerCalls<Call>, label: string, message: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!calls.send({ label, resolve, reject }, (id) => ({ id, ...message }))) reject(new Error(`${label} refused: closed`));
  });
}

describe('trackWorkerCalls', () => {
  it('settles each call with the answer sent under its own id', async () => {
    const { calls } = startThread();
    const slow = call(calls, 'slow', { op: 'double', value: 1, delayMs: 50 });
    const fast = call(calls, 'fast', { op: 'double', value: 20 });
    expect(calls.size).toBe(2);
    expect(await Promise.all([slow, fast])).toEqual([2, 40]);
    expect(calls.size).toBe(0);
    expect(calls.settle(1)).toBeUndefined();
  });

  it('hands back every call still waiting when the thread exits, oldest first, and sends none after', async () => {
    const { calls, handedBack } = startThread();
    void call(calls, 'first', { op: 'hang' });
    void call(calls, 'second', { op: 'hang' });
    void call(calls, 'exit', { op: 'exit' });
    expect((await handedBack).map((waiting) => waiting.label)).toEqual(['first', 'second', 'exit']);
    expect({ size: calls.size, isClosed: calls.isClosed }).toEqual({ size: 0, isClosed: true });
    await expect(call(calls, 'late', { op: 'double', value: 1 })).rejects.toThrow('late refused: closed');
  });

  it('refuses calls once closed, posting nothing to a thread that still runs', async () => {
    const { worker, calls } = startThread();
    expect(await call(calls, 'before', { op: 'double', value: 2 })).toBe(4);
    const answers: unknown[] = [];
    worker.on('message', (message: { value: unknown }) => answers.push(message.value));
    expect(calls.close()).toEqual([]);
    await expect(call(calls, 'after', { op: 'ping' })).rejects.toThrow('after refused: closed');
    // The thread answers in order: had the refused call been posted, its answer would come first.
    worker.postMessage({ id: 99, op: 'double', value: 5 });
    await new Promise((resolve) => worker.once('message', resolve));
    expect(answers).toEqual([10]);
  });

  it('throws what cannot cross to the thread, keeping nothing waiting', async () => {
    const { calls } = startThread();
    expect(() => calls.send({ label: 'function', resolve: () => {}, reject: () => {} }, (id) => ({ id, op: 'double', value: () => 1 }))).toThrow(
      expect.objectContaining({ name: 'DataCloneError' }),
    );
    expect(calls.size).toBe(0);
    expect(await call(calls, 'next', { op: 'double', value: 3 })).toBe(6);
  });

  /** Runs `calls` in a new process beside a tracked thread that is never ended. */
  function runBesideThread(calls: string): ReturnType<typeof runModuleScript> {
    const module = new URL('./worker-calls.ts', import.meta.url).href;
    return runModuleScript(`
      import { Worker } from 'node:worker_threads';
      import { trackWorkerCalls } from ${JSON.stringify(module)};
      const worker = new Worker(${JSON.stringify(THREAD)}, { eval: true, execArgv: [] });
      const calls = trackWorkerCalls(worker, (message) => calls.settle(message.id)?.resolve(message.value));
      ${calls}
    `);
  }

  it('lets a process exit by itself while its thread is idle and still running', async () => {
    expect(await runBesideThread(`process.stdout.write('idle');`)).toEqual({ code: 0, out: 'idle', err: '' });
  });

  it('keeps a process alive while a call waits, and lets it exit once the call is answered', async () => {
    // Nothing but the waiting call holds the process: the answer comes from the thread, later.
    const send = `calls.send({ resolve: (value) => process.stdout.write('answered ' + value) }, (id) => ({ id, op: 'double', value: 21, delayMs: 200 }));`;
    expect(await runBesideThread(send)).toEqual({ code: 0, out: 'answered 42', err: '' });
  });
});
