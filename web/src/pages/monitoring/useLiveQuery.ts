import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { MonitoringClient, parseLiveMessage } from '../../api/monitoringClient';
import type { AlertStateInterval, CompareOffset, PanelQuery, PlatformEventView } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { LiveSeriesStore, type LiveSeries } from '../../lib/metricSeries';
import { parseDuration, rangeBounds, rangeQueryText, type TimeRange } from '../../lib/timeRange';
import { useAlertStream } from './useAlertStream';

export type LiveStatus = 'loading' | 'live' | 'polling' | 'paused' | 'fixed' | 'failed';

export interface LiveQuery {
  series: LiveSeries[];
  /** The comparison overlay (times already shifted by the server onto the current window). */
  compare: LiveSeries[];
  status: LiveStatus;
  error: string | undefined;
  /** Bumped on every change, for memoised chart data. */
  version: number;
  /** The window shown, epoch ms. */
  bounds: { from: number; to: number };
}

/** How often a quiet live chart moves its window on with the clock. */
const CLOCK_MS = 5000;
const POLL_MS = 1000;

/**
 * A query kept live: over `/api/v2/monitoring/live` (a snapshot, then only new points, about every second) while the
 * range ends now and the tab is visible; paused while the tab is hidden (a fresh snapshot on return). Where the
 * socket is refused (an older server), the same query is polled every second. A fixed range is read once.
 */
export function useLiveQuery(query: PanelQuery | null, range: TimeRange, compare: CompareOffset | null): LiveQuery {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('loading');
  const [error, setError] = useState<string>();
  const main = useRef(new LiveSeriesStore());
  const other = useRef(new LiveSeriesStore());
  const [bounds, setBounds] = useState(() => rangeBounds(range, Date.now()));
  const queryKey = JSON.stringify(query);
  const rangeKey = JSON.stringify(range);

  useEffect(() => {
    main.current = new LiveSeriesStore();
    other.current = new LiveSeriesStore();
    setVersion((value) => value + 1);
    setError(undefined);
    if (!query) {
      setStatus('fixed');
      return;
    }
    let stopped = false;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let lastPublish = Date.now();
    const publish = () => {
      if (stopped) return;
      lastPublish = Date.now();
      setBounds(rangeBounds(range, lastPublish));
      setVersion((value) => value + 1);
    };
    // A window ending now follows the clock even when its measurement is quiet (new points move it otherwise), so the
    // axis and open alert bands keep up; a busy chart publishes more often and never needs this.
    const clock =
      range.kind === 'relative'
        ? setInterval(() => {
            if (stopped || document.hidden || Date.now() - lastPublish < CLOCK_MS) return;
            lastPublish = Date.now();
            setBounds(rangeBounds(range, lastPublish));
          }, 1000)
        : undefined;
    const fail = (caught: unknown) => {
      if (stopped || (caught instanceof DOMException && caught.name === 'AbortError')) return;
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    };

    // Reads the whole window over HTTP: a fixed range once, or every second when the socket is not there.
    const readOnce = async () => {
      controller = new AbortController();
      const text = rangeQueryText(range);
      const [result, shifted] = await Promise.all([
        monitoring.query({ ...query, ...text }, controller.signal),
        compare ? monitoring.query({ ...query, ...text, offset: compare }, controller.signal).catch(() => null) : Promise.resolve(null),
      ]);
      if (stopped) return;
      main.current.reset(result.series);
      other.current.reset(shifted?.series ?? []);
      setError(undefined);
      publish();
    };
    const poll = async () => {
      try {
        await readOnce();
      } catch (caught) {
        fail(caught);
      }
      if (!stopped && !document.hidden) timer = setTimeout(() => void poll(), POLL_MS);
    };

    const stop = () => {
      socket?.close(1000, 'paused');
      socket = null;
      controller?.abort();
      if (timer !== undefined) clearTimeout(timer);
    };

    const start = () => {
      if (range.kind === 'absolute') {
        setStatus('loading');
        readOnce().then(() => setStatus('fixed'), (caught: unknown) => {
          fail(caught);
          setStatus('failed');
        });
        return;
      }
      if (document.hidden) {
        setStatus('paused');
        return;
      }
      setStatus('loading');
      let opened = false;
      const windowText = range.span;
      const windowMs = parseDuration(windowText) ?? 3_600_000;
      const live = new WebSocket(monitoring.liveUrl(window.location.origin));
      socket = live;
      live.onopen = () => {
        opened = true;
        live.send(JSON.stringify({ type: 'subscribe', id: 'main', query: { ...query, window: windowText } }));
        if (compare) live.send(JSON.stringify({ type: 'subscribe', id: 'compare', query: { ...query, window: windowText, offset: compare } }));
      };
      live.onmessage = (event: MessageEvent) => {
        if (stopped || typeof event.data !== 'string') return;
        const message = parseLiveMessage(event.data);
        if (!message) return;
        const store = message.id === 'compare' ? other.current : main.current;
        if (message.type === 'error') {
          if (message.id === 'main') setError(message.detail);
          return;
        }
        if (message.type === 'snapshot') store.reset(message.result.series);
        else store.merge(message.series);
        const from = Date.now() - windowMs;
        main.current.trim(from);
        other.current.trim(from);
        if (message.id === 'main') {
          setStatus('live');
          setError(undefined);
        }
        publish();
      };
      live.onerror = () => undefined;
      live.onclose = () => {
        if (stopped || socket !== live) return;
        socket = null;
        // Refused before opening (no /live on this server): poll. Dropped later: try the socket again shortly.
        if (!opened) {
          setStatus('polling');
          void poll();
        } else {
          timer = setTimeout(start, 2000);
        }
      };
    };

    const onVisibility = () => {
      if (range.kind === 'absolute') return;
      stop();
      if (document.hidden) setStatus('paused');
      else start();
    };
    document.addEventListener('visibilitychange', onVisibility);
    start();
    return () => {
      stopped = true;
      if (clock !== undefined) clearInterval(clock);
      document.removeEventListener('visibilitychange', onVisibility);
      stop();
    };
    // queryKey and rangeKey stand for query and range (new objects on every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monitoring, queryKey, rangeKey, compare]);

  return { series: main.current.series, compare: other.current.series, status, error, version, bounds };
}

/**
 * Alert state intervals over the window, for bands on the chart; read again every 10 s. A server without the route
 * (404) simply has no bands.
 */
export function useAlertStates(measurement: string | undefined, bounds: { from: number; to: number }): AlertStateInterval[] {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const [states, setStates] = useState<AlertStateInterval[]>([]);
  const [changes, setChanges] = useState(0);
  const from = Math.floor(bounds.from / 60_000) * 60_000;
  // A state change or an acknowledgment redraws the bands at once (a burst read once); the timer below is the fallback.
  const scheduled = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(scheduled.current), []);
  const status = useAlertStream((event) => {
    if (!measurement || scheduled.current !== undefined) return;
    if (event !== null && event.type !== 'state-changed' && event.type !== 'acknowledged') return;
    scheduled.current = setTimeout(() => {
      scheduled.current = undefined;
      setChanges((value) => value + 1);
    }, 250);
  });
  const refreshMs = status === 'live' ? 60_000 : 10_000;
  useEffect(() => {
    if (!measurement) return;
    return poll((signal) => monitoring.alertStates({ from: new Date(from).toISOString(), measurement }, signal), setStates, [], refreshMs);
  }, [monitoring, measurement, from, refreshMs, changes]);
  return states;
}

/**
 * The platform events (deployments, rollbacks, configuration changes, collaborations) in a chart's range, for its
 * markers: with the chart's tag filters (`where`), an event labelled for another host or service is left out, one
 * without such labels is kept. The range is read by the minute, so a live chart asks again once a minute, and every
 * 30 s besides for events recorded inside the current minute. A failed read draws no markers rather than failing the chart.
 */
export function usePlatformEvents(bounds: { from: number; to: number }, enabled = true, where = ''): PlatformEventView[] {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const [events, setEvents] = useState<PlatformEventView[]>([]);
  const from = Math.floor(bounds.from / 60_000) * 60_000;
  const to = Math.ceil(bounds.to / 60_000) * 60_000 + 60_000;
  useEffect(() => {
    if (!enabled) return;
    const read = async (signal: AbortSignal) =>
      (await monitoring.platformEvents({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: '200', ...(where ? { where } : {}) }, signal)).events;
    return poll(read, setEvents, [], 30_000);
  }, [monitoring, from, to, enabled, where]);
  return events;
}

/**
 * Reads now and again `everyMs` after each answer, handing each value to `set` (`fallback` when a read fails, so a
 * chart draws nothing extra rather than failing); the returned function stops it, for an effect's cleanup.
 */
function poll<T>(read: (signal: AbortSignal) => Promise<T>, set: (value: T) => void, fallback: T, everyMs: number): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const controller = new AbortController();
  const load = async () => {
    try {
      const value = await read(controller.signal);
      if (!stopped) set(value);
    } catch {
      if (!stopped) set(fallback);
    }
    if (!stopped) timer = setTimeout(() => void load(), everyMs);
  };
  void load();
  return () => {
    stopped = true;
    controller.abort();
    if (timer !== undefined) clearTimeout(timer);
  };
}
