import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads something once per change of `deps`, and again every `refreshMs` while the tab is visible.
 * A failed refresh keeps the last data and reports the error beside it.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, refreshMs?: number): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // Data of the previous deps must not show under new ones (another agent's page, say).
  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, deps);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let stopped = false;

    const run = async () => {
      if (stopped) return;
      if (document.hidden && refreshMs !== undefined && controller !== undefined) {
        timer = setTimeout(run, refreshMs);
        return;
      }
      controller = new AbortController();
      setLoading(true);
      try {
        const value = await loadRef.current(controller.signal);
        if (stopped) return;
        setData(value);
        setError(undefined);
      } catch (caught) {
        if (stopped || (caught instanceof DOMException && caught.name === 'AbortError')) return;
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      } finally {
        if (!stopped) {
          setLoading(false);
          if (refreshMs !== undefined) timer = setTimeout(run, refreshMs);
        }
      }
    };
    void run();

    return () => {
      stopped = true;
      controller?.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [...deps, refreshMs, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload };
}
