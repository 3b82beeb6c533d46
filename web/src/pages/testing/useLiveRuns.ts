import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import type { TestingClient } from '../../api/testingClient';
import type { TestRunStatus, TestRunView } from '../../api/testingTypes';
import { applyRunsMessage, appendOlderPage, EMPTY_RUNS, followRunsStream, type RunsListState, type RunsStreamStatus } from './liveRuns';

export type { RunsStreamStatus };

/** While the socket is refused (a server or proxy without it), the list is read this often instead. */
export const POLL_MS = 3000;

export interface LiveRunsFilters {
  repository: string | undefined;
  framework: string | undefined;
  status: TestRunStatus | undefined;
}

export interface LiveRuns {
  items: TestRunView[];
  next: string | null;
  loaded: boolean;
  loadingMore: boolean;
  error: string | undefined;
  status: RunsStreamStatus;
  loadMore: () => Promise<void>;
}

/**
 * The runs list, live: follows `/runs/ws` (the first page, then each run's changes, applied in place), reopening a
 * dropped socket with backoff. Only when the socket is refused before it opens does it read `GET /runs` every 3 s,
 * trying the socket again every 15 s.
 */
export function useLiveRuns(testing: TestingClient, filters: LiveRunsFilters, pageSize: number): LiveRuns {
  const { repository, framework, status: statusFilter } = filters;
  const [state, setState] = useState<RunsListState>(EMPTY_RUNS);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<RunsStreamStatus>('connecting');
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    let stopped = false;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const query = { repository, framework, status: statusFilter, limit: pageSize };
    setState(EMPTY_RUNS);
    setLoaded(false);
    setStatus('connecting');

    let polling = false;
    const readPage = async () => {
      if (stopped || !polling) return;
      try {
        const page = await testing.listRuns(query, controller.signal);
        if (stopped) return;
        setState((current) => applyRunsMessage(current, { type: 'runs', page }, statusFilter));
        setError(undefined);
      } catch (caught) {
        if (stopped) return;
        setError(messageOf(caught));
      }
      setLoaded(true);
      // The socket may have opened meanwhile: then polling has stopped and stays stopped.
      if (!stopped && polling) poll = setTimeout(() => void readPage(), POLL_MS);
    };
    const startPolling = () => {
      if (polling) return;
      polling = true;
      void readPage();
    };
    const stopPolling = () => {
      polling = false;
      if (poll !== undefined) clearTimeout(poll);
      poll = undefined;
    };

    const stopFollowing = followRunsStream(testing.runsStreamUrl(query, window.location.origin), {
      onStatus: (next) => {
        setStatus(next);
        if (next === 'polling') startPolling();
        else if (next === 'live') stopPolling();
      },
      onMessage: (message) => {
        setState((current) => applyRunsMessage(current, message, statusFilter));
        if (message.type === 'runs') {
          setLoaded(true);
          setError(undefined);
        }
      },
    });

    return () => {
      stopped = true;
      controller.abort();
      stopFollowing();
      stopPolling();
    };
  }, [testing, repository, framework, statusFilter, pageSize]);

  const loadMore = useCallback(async () => {
    const before = stateRef.current.next;
    if (!before) return;
    setLoadingMore(true);
    try {
      const page = await testing.listRuns({ repository, framework, status: statusFilter, limit: pageSize, before });
      setState((current) => appendOlderPage(current, page));
      setError(undefined);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setLoadingMore(false);
    }
  }, [testing, repository, framework, statusFilter, pageSize]);

  return { items: state.items, next: state.next, loaded, loadingMore, error, status, loadMore };
}
