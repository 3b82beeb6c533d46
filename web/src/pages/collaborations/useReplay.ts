import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf, type ApiClient } from '../../api/client';
import type { CollaborationEvent } from '../../api/types';
import { ReplayPlayer, type ReplayState } from '../../lib/replayPlayer';

export type ReplayPhase = 'off' | 'loading' | 'ready' | 'error';

export interface Replay {
  phase: ReplayPhase;
  /** Every recorded event (once ready); the page shows the first `state.position` of them. */
  events: CollaborationEvent[];
  state: ReplayState;
  /** The recorded time playback is at (epoch ms), moving between events while playing; null before the log is read. */
  recordedNow: number | null;
  error: string | undefined;
  start: () => void;
  stop: () => void;
  play: () => void;
  pause: () => void;
  setSpeed: (speed: number) => void;
  seek: (position: number) => void;
}

const idle: ReplayState = { position: 0, total: 0, playing: false, speed: 1 };

/** How often the recorded clock moves while playing, so running bars grow smoothly between events. */
const CLOCK_TICK_MS = 100;

/** Replay mode of a collaboration page: reads the whole log, then plays it back with a ReplayPlayer. */
export function useReplay(client: ApiClient, id: string): Replay {
  const [phase, setPhase] = useState<ReplayPhase>('off');
  const [events, setEvents] = useState<CollaborationEvent[]>([]);
  const [state, setState] = useState<ReplayState>(idle);
  const [error, setError] = useState<string>();
  const [recordedNow, setRecordedNow] = useState<number | null>(null);
  const player = useRef<ReplayPlayer | null>(null);
  const loading = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    loading.current?.abort();
    loading.current = null;
    player.current?.dispose();
    player.current = null;
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
    client
      .getAllCollaborationEvents(id, controller.signal)
      .then((all) => {
        if (controller.signal.aborted) return;
        loading.current = null;
        const next = new ReplayPlayer({ times: all.map((e) => Date.parse(e.at)), onChange: setState });
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
  }, [client, id, stop]);

  useEffect(() => stop, [stop]);

  // Every change of position or speed moves the clock at once; while playing it also moves between events.
  useEffect(() => {
    const current = player.current;
    setRecordedNow(current?.recordedTime() ?? null);
    if (!current || !state.playing) return;
    const timer = setInterval(() => setRecordedNow(current.recordedTime()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [state]);

  return {
    phase,
    events,
    state,
    recordedNow,
    error,
    start,
    stop,
    play: useCallback(() => player.current?.play(), []),
    pause: useCallback(() => player.current?.pause(), []),
    setSpeed: useCallback((speed: number) => player.current?.setSpeed(speed), []),
    seek: useCallback((position: number) => player.current?.seek(position), []),
  };
}
