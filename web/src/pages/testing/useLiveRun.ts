import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { openTestRunStream, type TestingClient } from '../../api/testingClient';
import type { TestRunDetails, TestRunEvent } from '../../api/testingTypes';
import { ReplayPlayer, type ReplayState } from '../../lib/replayPlayer';
import { LiveRunFold, PrefixFold } from './liveRun';
import { isRunFinished } from './testingText';

export type Connection = 'connecting' | 'live' | 'ended' | 'lost';

/** Events arrive in bursts (a fast suite sends hundreds a second): the page redraws at most this often. */
const REDRAW_MS = 120;
const MAX_AUTO_RECONNECTS = 5;

export interface LiveRun {
  fold: LiveRunFold;
  /** Changes whenever the fold does, so memoised views recompute. */
  version: number;
  details: TestRunDetails | null;
  loadError: string | undefined;
  connection: Connection;
  reconnect: () => void;
  /** Reads the run (projects and totals) again, after a cancel say. */
  refresh: () => void;
}

/**
 * A run's page data: the run over HTTP at once, and its events over the WebSocket (every recorded one, then live
 * until `finished`), folded as they come. A dropped socket resumes after the last event seen, so nothing is missed
 * or counted twice.
 */
export function useLiveRun(testing: TestingClient, id: string): LiveRun {
  const foldRef = useRef(new LiveRunFold());
  const [version, setVersion] = useState(0);
  const [details, setDetails] = useState<TestRunDetails | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [attempt, setAttempt] = useState(0);
  const [reads, setReads] = useState(0);
  const reconnects = useRef(0);
  const redraw = useRef<ReturnType<typeof setTimeout> | null>(null);

  const scheduleRedraw = useCallback(() => {
    if (redraw.current !== null) return;
    redraw.current = setTimeout(() => {
      redraw.current = null;
      setVersion(foldRef.current.version);
    }, REDRAW_MS);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    testing
      .getRun(id, undefined, controller.signal)
      .then((value) => {
        const fold = foldRef.current;
        // An older read must not take a finished run back to running.
        if (!(fold.status && isRunFinished(fold.status) && !isRunFinished(value.run.status))) fold.setRun(value.run);
        setDetails(value);
        setLoadError(undefined);
        setVersion(fold.version);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setLoadError(messageOf(caught));
      });
    return () => controller.abort();
  }, [testing, id, reads]);

  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    setConnection('connecting');
    const fold = foldRef.current;
    const stop = openTestRunStream(testing.streamUrl(id, window.location.origin, fold.lastSequence), {
      onOpen: () => setConnection('live'),
      onEvent: (event: TestRunEvent) => {
        fold.apply(event);
        if (event.type === 'finished') setReads((value) => value + 1);
        scheduleRedraw();
      },
      onClose: (finished) => {
        if (stopped) return;
        setVersion(fold.version);
        if (finished || (fold.status !== null && isRunFinished(fold.status))) {
          setConnection('ended');
          return;
        }
        setConnection('lost');
        if (reconnects.current < MAX_AUTO_RECONNECTS) {
          reconnects.current += 1;
          retry = setTimeout(() => setAttempt((value) => value + 1), 1000 * reconnects.current);
        }
        // A 404 or 401 shows only as a closed socket: the HTTP read says which.
        setReads((value) => value + 1);
      },
    });
    return () => {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      stop();
    };
  }, [testing, id, attempt, scheduleRedraw]);

  useEffect(
    () => () => {
      if (redraw.current !== null) clearTimeout(redraw.current);
    },
    [],
  );

  const reconnect = useCallback(() => {
    reconnects.current = 0;
    setAttempt((value) => value + 1);
  }, []);
  const refresh = useCallback(() => setReads((value) => value + 1), []);
  return { fold: foldRef.current, version, details, loadError, connection, reconnect, refresh };
}

export type ReplayPhase = 'off' | 'loading' | 'ready' | 'error';

export interface RunReplay {
  phase: ReplayPhase;
  state: ReplayState;
  events: TestRunEvent[];
  /** The first `state.position` events folded. */
  fold: LiveRunFold | null;
  error: string | undefined;
  start: () => void;
  stop: () => void;
  play: () => void;
  pause: () => void;
  setSpeed: (speed: number) => void;
  seek: (position: number) => void;
}

const idle: ReplayState = { position: 0, total: 0, playing: false, speed: 1 };

/** Replay of a finished run: its recorded events played back at their pace (gaps capped), the page folding them as live. */
export function useRunReplay(testing: TestingClient, id: string): RunReplay {
  const [phase, setPhase] = useState<ReplayPhase>('off');
  const [events, setEvents] = useState<TestRunEvent[]>([]);
  const [state, setState] = useState<ReplayState>(idle);
  const [error, setError] = useState<string>();
  const player = useRef<ReplayPlayer | null>(null);
  const loading = useRef<AbortController | null>(null);
  const folded = useRef<PrefixFold | null>(null);

  const stop = useCallback(() => {
    loading.current?.abort();
    loading.current = null;
    player.current?.dispose();
    player.current = null;
    folded.current = null;
    setPhase('off');
    setEvents([]);
    setState(idle);
    setError(undefined);
  }, []);

  const start = useCallback(() => {
    stop();
    const controller = new AbortController();
    loading.current = controller;
    setPhase('loading');
    testing
      .getAllEvents(id, controller.signal)
      .then((all) => {
        if (controller.signal.aborted) return;
        loading.current = null;
        const next = new ReplayPlayer({ times: all.map((event) => Date.parse(event.at)), onChange: setState });
        player.current = next;
        setEvents(all);
        setState(next.state);
        setPhase('ready');
        next.play();
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        loading.current = null;
        setError(messageOf(caught));
        setPhase('error');
      });
  }, [testing, id, stop]);

  useEffect(() => stop, [stop]);

  // A new log gets a new prefix fold; steps of the player then apply only what they add.
  let fold: LiveRunFold | null = null;
  if (phase === 'ready') {
    folded.current ??= new PrefixFold();
    fold = folded.current.at(events, state.position);
  }

  return {
    phase,
    state,
    events,
    fold,
    error,
    start,
    stop,
    play: useCallback(() => player.current?.play(), []),
    pause: useCallback(() => player.current?.pause(), []),
    setSpeed: useCallback((speed: number) => player.current?.setSpeed(speed), []),
    seek: useCallback((position: number) => player.current?.seek(position), []),
  };
}
