import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown };

/**
 * Runs `load` when `key` changes (and on `reload`), dropping results of superseded runs so a
 * slow answer for the previous ticket never lands on the next one.
 */
export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> & { reload: () => void; set: (data: T) => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const run = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const start = useCallback(() => {
    const id = ++run.current;
    setState({ status: 'loading' });
    loader.current().then(
      (data) => {
        if (id === run.current) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (id === run.current) setState({ status: 'error', error });
      },
    );
  }, []);

  useEffect(() => {
    start();
  }, [key, start]);

  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { ...state, reload: start, set };
}
