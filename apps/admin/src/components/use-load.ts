import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface LoadState<T> {
  /** The last answer that arrived, kept while a new one loads so the page does not blank out. */
  data: T | null;
  isLoading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * Runs `load` whenever `key` changes (and on `reload`). Answers of superseded runs are dropped,
 * so a slow answer for last week's filters never lands over this week's.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): LoadState<T> {
  const [state, setState] = useState<{ data: T | null; isLoading: boolean; error: unknown }>({ data: null, isLoading: true, error: null });
  const run = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const start = useCallback(() => {
    const id = ++run.current;
    setState((previous) => ({ ...previous, isLoading: true, error: null }));
    loader.current().then(
      (data) => {
        if (id === run.current) setState({ data, isLoading: false, error: null });
      },
      (error: unknown) => {
        if (id === run.current) setState((previous) => ({ ...previous, isLoading: false, error }));
      },
    );
  }, []);

  useEffect(start, [key, start]);
  return { ...state, reload: start };
}
