import type { CollaborationEvent } from '../api/types';

/** How an attempt ended: `retried` is a failure the engine will try again, `failed` a final one. */
export type AttemptOutcome = 'running' | 'succeeded' | 'retried' | 'failed' | 'cancelled';

/** One attempt of one subtask on one agent: a bar of the timeline. Times are epoch milliseconds. */
export interface TimelineBar {
  /** `subtask#attempt`, unique within a collaboration. */
  key: string;
  subtask: string;
  attempt: number;
  agent: string;
  start: number;
  /** Null while running: the bar grows to "now". */
  end: number | null;
  outcome: AttemptOutcome;
  error: string | null;
  /** The duration the agent reported, else end − start; null while running. */
  durationMs: number | null;
  /** The sub-row inside the agent's lane, so that attempts that overlap in time do not hide each other. */
  row: number;
}

export interface TimelineLane {
  agent: string;
  bars: TimelineBar[];
  /** How many sub-rows the lane needs (at least 1). */
  rows: number;
}

export interface AgentTimeline {
  lanes: TimelineLane[];
  /** The first event's time, or null without events. */
  start: number | null;
  /** The last event's time, or null without events. */
  end: number | null;
}

/** The lane of attempts no agent ran (aggregation steps the coordinator does itself). */
export const COORDINATOR_LANE = 'coordinator';

/**
 * Folds a collaboration's events, oldest first, into one lane per agent (in order of first appearance) with a bar
 * per subtask attempt from `subtask-started` to its end. A `finished` event closes bars still open as cancelled, as
 * the page's subtask fold does. Pure.
 */
export function foldTimeline(events: readonly CollaborationEvent[]): AgentTimeline {
  const bars: TimelineBar[] = [];
  const open = new Map<string, TimelineBar>();
  let start: number | null = null;
  let end: number | null = null;

  const close = (subtask: string, at: number, outcome: AttemptOutcome, error: string | null, reported: unknown) => {
    const bar = open.get(subtask);
    if (!bar) return;
    open.delete(subtask);
    bar.end = Math.max(bar.start, at);
    bar.outcome = outcome;
    bar.error = error;
    bar.durationMs = typeof reported === 'number' && Number.isFinite(reported) && reported > 0 ? reported : bar.end - bar.start;
  };

  for (const event of events) {
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) continue;
    start ??= at;
    end = Math.max(end ?? at, at);
    const data = event.data ?? {};
    const subtask = event.subtask;
    switch (event.type) {
      case 'subtask-started': {
        if (subtask === null) break;
        // A start without an end before it (a restart interrupted the attempt): that attempt ended here.
        close(subtask, at, 'cancelled', null, null);
        const attempt = typeof data.attempt === 'number' ? data.attempt : bars.filter((b) => b.subtask === subtask).length + 1;
        const bar: TimelineBar = {
          key: `${subtask}#${attempt}`,
          subtask,
          attempt,
          agent: text(data.agent) ?? COORDINATOR_LANE,
          start: at,
          end: null,
          outcome: 'running',
          error: null,
          durationMs: null,
          row: 0,
        };
        // Keys stay unique even when an attempt number repeats (a resumed attempt runs again with the same number).
        if (bars.some((b) => b.key === bar.key)) bar.key = `${bar.key}@${event.sequence}`;
        bars.push(bar);
        open.set(subtask, bar);
        break;
      }
      case 'subtask-succeeded':
        if (subtask !== null) close(subtask, at, 'succeeded', null, data.durationMs);
        break;
      case 'subtask-failed':
        if (subtask !== null) close(subtask, at, data.final === false ? 'retried' : 'failed', text(data.error), data.durationMs);
        break;
      case 'subtask-cancelled':
        if (subtask !== null) close(subtask, at, 'cancelled', null, null);
        break;
      case 'finished':
        for (const id of [...open.keys()]) close(id, at, 'cancelled', null, null);
        break;
      default:
        break;
    }
  }

  const lanes = new Map<string, TimelineBar[]>();
  for (const bar of bars) {
    const lane = lanes.get(bar.agent);
    if (lane) lane.push(bar);
    else lanes.set(bar.agent, [bar]);
  }
  return {
    lanes: [...lanes].map(([agent, laneBars]) => ({ agent, bars: laneBars, rows: packRows(laneBars) })),
    start,
    end,
  };
}

/** Gives each bar the first sub-row where it overlaps no other (a running bar reaches to the end of time). */
function packRows(bars: TimelineBar[]): number {
  const rowEnds: number[] = [];
  for (const bar of [...bars].sort((a, b) => a.start - b.start)) {
    const end = bar.end ?? Number.POSITIVE_INFINITY;
    let row = rowEnds.findIndex((rowEnd) => rowEnd <= bar.start);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = end;
    bar.row = row;
  }
  return Math.max(1, rowEnds.length);
}

/** Round tick marks for an axis of `span` ms: about `count` of them, at 1/2/5 × 10ⁿ ms steps, from 0. */
export function axisTicks(span: number, count = 5): number[] {
  if (!(span > 0)) return [0];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= span + step * 1e-9; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  return ticks;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
