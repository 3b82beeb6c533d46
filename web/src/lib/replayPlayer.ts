/** The playback speeds offered: recorded time divided by these. */
export const REPLAY_SPEEDS = [1, 2, 5, 10, 50] as const;

/** The longest wait between two events at 1×, in recorded ms: idle stretches (an approval gate, say) are cut to this. */
export const MAX_REPLAY_GAP_MS = 2000;

export interface ReplayState {
  /** How many events are applied: 0 is before the first, `total` after the last. */
  position: number;
  total: number;
  playing: boolean;
  speed: number;
}

/** The timer functions the player uses; tests get the global ones faked by vitest. */
export interface ReplayTimers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
}

export interface ReplayPlayerOptions {
  /** Each event's recorded time (epoch ms), oldest first. */
  times: readonly number[];
  onChange: (state: ReplayState) => void;
  speed?: number;
  maxGapMs?: number;
  timers?: ReplayTimers;
}

const globalTimers: ReplayTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

/**
 * The recorded wait before event `index` is applied: its gap to the event before, capped at `maxGapMs` (0 for the
 * first event, and for clocks that went backwards).
 */
export function replayGap(times: readonly number[], index: number, maxGapMs = MAX_REPLAY_GAP_MS): number {
  if (index <= 0 || index >= times.length) return 0;
  const gap = (times[index] ?? 0) - (times[index - 1] ?? 0);
  return Number.isFinite(gap) ? Math.min(Math.max(0, gap), maxGapMs) : 0;
}

/**
 * Plays recorded events back: applies one event at a time, waiting the recorded gap before each (capped) divided by
 * the speed. Pausing or changing speed keeps the part of the gap already waited, so playback does not jump or
 * stall. `onChange` hears every change of position, playing or speed.
 */
export class ReplayPlayer {
  readonly #times: readonly number[];
  readonly #onChange: (state: ReplayState) => void;
  readonly #maxGapMs: number;
  readonly #timers: ReplayTimers;
  #position = 0;
  #playing = false;
  #speed: number;
  /** Recorded ms of the current gap already waited before the running timer (or the pause) began. */
  #waited = 0;
  #timer: unknown = null;
  #timerStartedAt = 0;

  constructor(options: ReplayPlayerOptions) {
    this.#times = options.times;
    this.#onChange = options.onChange;
    this.#speed = positive(options.speed ?? 1);
    this.#maxGapMs = options.maxGapMs ?? MAX_REPLAY_GAP_MS;
    this.#timers = options.timers ?? globalTimers;
  }

  get state(): ReplayState {
    return { position: this.#position, total: this.#times.length, playing: this.#playing, speed: this.#speed };
  }

  /**
   * The recorded time the playback is at (epoch ms): the last applied event's, moving on toward the next while the
   * player waits for it (so running bars can grow between events); the first event's before any. Null without events.
   */
  recordedTime(): number | null {
    if (this.#times.length === 0) return null;
    if (this.#position === 0) return this.#times[0] ?? null;
    const at = this.#times[this.#position - 1] ?? 0;
    const running = this.#timer === null ? 0 : (this.#timers.now() - this.#timerStartedAt) * this.#speed;
    return at + Math.min(this.#waited + running, replayGap(this.#times, this.#position, this.#maxGapMs));
  }

  /** Starts or resumes; at the end it starts again from the beginning. */
  play(): void {
    if (this.#playing) return;
    if (this.#position >= this.#times.length) {
      this.#position = 0;
      this.#waited = 0;
    }
    this.#playing = true;
    this.#emit();
    this.#schedule();
  }

  pause(): void {
    if (!this.#playing) return;
    this.#stopTimer(true);
    this.#playing = false;
    this.#emit();
  }

  setSpeed(speed: number): void {
    const next = positive(speed);
    if (next === this.#speed) return;
    const running = this.#timer !== null;
    if (running) this.#stopTimer(true);
    this.#speed = next;
    this.#emit();
    if (running) this.#schedule();
  }

  /** Moves to `position` (clamped) at once; playing goes on from there. */
  seek(position: number): void {
    const next = Math.min(this.#times.length, Math.max(0, Math.round(position)));
    this.#stopTimer(false);
    this.#waited = 0;
    this.#position = next;
    if (this.#playing && next >= this.#times.length) this.#playing = false;
    this.#emit();
    if (this.#playing) this.#schedule();
  }

  /** Stops the timer for good; no more `onChange`. */
  dispose(): void {
    this.#stopTimer(false);
    this.#playing = false;
  }

  #schedule(): void {
    if (!this.#playing || this.#position >= this.#times.length) return;
    const left = Math.max(0, replayGap(this.#times, this.#position, this.#maxGapMs) - this.#waited);
    this.#timerStartedAt = this.#timers.now();
    this.#timer = this.#timers.setTimeout(() => this.#step(), left / this.#speed);
  }

  #step(): void {
    this.#timer = null;
    this.#waited = 0;
    this.#position += 1;
    if (this.#position >= this.#times.length) this.#playing = false;
    this.#emit();
    this.#schedule();
  }

  #stopTimer(keepProgress: boolean): void {
    if (this.#timer === null) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#waited = keepProgress ? this.#waited + (this.#timers.now() - this.#timerStartedAt) * this.#speed : 0;
  }

  #emit(): void {
    this.#onChange(this.state);
  }
}

const positive = (value: number): number => (Number.isFinite(value) && value > 0 ? value : 1);
