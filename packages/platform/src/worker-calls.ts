/**
 * What a worker thread's owner needs of it here: a `Worker` from `node:worker_threads` is one.
 * Structural, so this module loads without `node:worker_threads` and a test can hand in a stand-in.
 */
export interface CalledThread {
  postMessage(message: unknown): void;
  ref(): void;
  unref(): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * The calls sent to one worker thread and not answered yet. Each client keeps its own protocol and
 * its own errors; this owns the bookkeeping they share:
 * - a fresh id for every call, sent in its message and answered by it;
 * - the thread kept referenced while a call waits (a command awaiting an answer is not cut short),
 *   and unreferenced when none does (an idle thread never keeps the process alive);
 * - once the thread is gone (died, exited, closed), every call still waiting handed back at once, so
 *   the client decides its fate (reject with its own error, or run it on the calling thread), and no
 *   call sent after that.
 */
export interface WorkerCalls<Call> {
  /** Calls sent and not yet settled. */
  readonly size: number;
  /** True once `close` ran: no call is sent any more. */
  readonly isClosed: boolean;
  /**
   * Sends `message(id)` with a fresh id and keeps `call` until `settle(id)` or `close`. False when
   * closed (nothing sent). What `postMessage` throws (a value that cannot be cloned) is thrown here,
   * with nothing kept.
   */
  send(call: Call, message: (id: number) => unknown): boolean;
  /** The call the thread answered as `id`, now no longer waiting; undefined for an id not waiting. */
  settle(id: number): Call | undefined;
  /**
   * The thread is gone (or given up): every call still waiting, oldest first. Its messages no longer
   * reach `onMessage`, and later `send`s are refused.
   */
  close(): Call[];
}

/**
 * Tracks the calls to `thread` and hands its messages to `onMessage` (which settles them by id).
 * The thread is unreferenced at once: idle until the first call.
 *
 * The listener is added here, before the thread is unreferenced, because Node references a worker
 * again when a `message` listener is added to it: one added after `unref` keeps an idle thread
 * holding the process open.
 *
 * @example
 * type Call = { resolve: (value: number) => void; reject: (error: unknown) => void };
 * const calls = trackWorkerCalls<Call, { id: number; value: number }>(worker, (m) => calls.settle(m.id)?.resolve(m.value));
 * worker.on('exit', () => { for (const call of calls.close()) call.reject(new Error('the thread ended')); });
 * const answer = new Promise<number>((resolve, reject) => {
 *   if (!calls.send({ resolve, reject }, (id) => ({ id, op: 'double', value: 21 }))) reject(new Error('closed'));
 * });
 */
export function trackWorkerCalls<Call, Message = unknown>(thread: CalledThread, onMessage: (message: Message) => void): WorkerCalls<Call> {
  const pending = new Map<number, Call>();
  let lastId = 0;
  let isClosed = false;
  const listener = onMessage as (message: unknown) => void;
  thread.on('message', listener);
  thread.unref();

  return {
    get size() {
      return pending.size;
    },
    get isClosed() {
      return isClosed;
    },
    send(call, message) {
      if (isClosed) return false;
      const id = ++lastId;
      // Posted before it is kept: a message that cannot cross leaves nothing waiting.
      thread.postMessage(message(id));
      if (pending.size === 0) thread.ref();
      pending.set(id, call);
      return true;
    },
    settle(id) {
      if (!pending.has(id)) return undefined;
      const call = pending.get(id) as Call;
      pending.delete(id);
      if (pending.size === 0) thread.unref();
      return call;
    },
    close() {
      if (!isClosed) thread.off('message', listener);
      isClosed = true;
      const calls = [...pending.values()];
      if (pending.size > 0) thread.unref();
      pending.clear();
      return calls;
    },
  };
}
