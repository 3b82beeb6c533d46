import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { messageOf } from '../api/client';

/**
 * A refreshed first page replaces the items it covers and keeps any older ones already shown, so a refresh never
 * drops rows from under the reader.
 */
export function mergeFirstPage<T extends { id: string }>(current: T[], fresh: T[]): T[] {
  if (current.length === 0) return fresh;
  const freshIds = new Set(fresh.map((item) => item.id));
  const oldest = fresh[fresh.length - 1]?.id;
  const older = current.filter((item) => !freshIds.has(item.id) && oldest !== undefined && item.id < oldest);
  return [...fresh, ...older];
}

export interface HistoryPage<T> {
  items: T[];
  next: string | null;
}

export interface PagedHistory<T> {
  items: T[];
  /** The cursor of the next older page, or null at the end. */
  next: string | null;
  loaded: boolean;
  loadingMore: boolean;
  error: string | undefined;
  loadMore: () => Promise<void>;
  /** Loads the first page afresh (older pages shown so far are dropped). */
  refresh: () => void;
}

/**
 * A history list, newest first: the first page loads on every change of `deps` and refreshes every `refreshMs` while
 * the tab is visible; "load more" appends older pages, which refreshes leave in place.
 */
export function usePagedHistory<T extends { id: string }>(
  fetchPage: (before: string | undefined, signal?: AbortSignal) => Promise<HistoryPage<T>>,
  deps: DependencyList,
  refreshMs: number,
): PagedHistory<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  // Once "load more" has run, the cursor belongs to the last page shown, not to the refreshed first page.
  const morePagesShown = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const controller = new AbortController();
    morePagesShown.current = false;
    setLoaded(false);
    setItems([]);
    setNext(null);

    const load = async () => {
      if (stopped) return;
      if (first || !document.hidden) {
        try {
          const page = await fetchRef.current(undefined, controller.signal);
          if (stopped) return;
          setItems((current) => mergeFirstPage(current, page.items));
          if (!morePagesShown.current) setNext(page.next);
          setError(undefined);
        } catch (caught) {
          if (stopped) return;
          setError(messageOf(caught));
        }
        first = false;
        setLoaded(true);
      }
      timer = setTimeout(() => void load(), refreshMs);
    };
    void load();
    return () => {
      stopped = true;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
    // The caller's deps say when the list starts over; the fetch itself is read through a ref.
  }, [...deps, refreshMs, generation]);

  const loadMore = useCallback(async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await fetchRef.current(next);
      morePagesShown.current = true;
      setItems((current) => [...current, ...page.items.filter((item) => !current.some((c) => c.id === item.id))]);
      setNext(page.next);
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setLoadingMore(false);
    }
  }, [next]);

  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return { items, next, loaded, loadingMore, error, loadMore, refresh };
}
