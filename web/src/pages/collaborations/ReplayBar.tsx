import type { CollaborationEvent } from '../../api/types';
import { formatDuration } from '../../lib/format';
import { REPLAY_SPEEDS } from '../../lib/replayPlayer';
import type { Replay } from './useReplay';

/** The controls of replay mode: play/pause, speed, a slider over every event, and the event just applied. */
export function ReplayBar({ replay }: { replay: Replay }) {
  const { events, state } = replay;
  const current = state.position > 0 ? events[state.position - 1] : undefined;
  const first = events[0];
  return (
    <section className="card replay-bar" aria-label="Replay" data-testid="replay-bar">
      <div className="replay-controls">
        <button
          type="button"
          className="button button-small button-primary replay-play"
          onClick={state.playing ? replay.pause : replay.play}
          disabled={state.total === 0}
          data-testid="replay-play"
          data-playing={state.playing}
        >
          {state.playing ? 'Pause' : state.position >= state.total && state.total > 0 ? 'Play again' : 'Play'}
        </button>
        <div className="segmented replay-speeds" role="group" aria-label="Speed">
          {REPLAY_SPEEDS.map((speed) => (
            <button
              key={speed}
              type="button"
              className={`replay-speed${state.speed === speed ? ' selected' : ''}`}
              aria-pressed={state.speed === speed}
              onClick={() => replay.setSpeed(speed)}
              data-testid={`replay-speed-${speed}`}
            >
              {speed}×
            </button>
          ))}
        </div>
        <span className="filters-spacer" />
        <button type="button" className="button button-small" onClick={replay.stop} data-testid="replay-exit">
          Back to live
        </button>
      </div>
      <div className="replay-scrub">
        <input
          type="range"
          min={0}
          max={state.total}
          step={1}
          value={state.position}
          onChange={(event) => replay.seek(Number(event.target.value))}
          aria-label="Replay position"
          aria-valuetext={`Event ${state.position} of ${state.total}`}
          data-testid="replay-slider"
        />
        <span className="replay-count mono small" data-testid="replay-position">
          {state.position}/{state.total}
        </span>
      </div>
      <div className="replay-current small" data-testid="replay-current" data-sequence={current?.sequence ?? 0} data-type={current?.type ?? ''}>
        {current ? <CurrentEvent event={current} origin={first ? Date.parse(first.at) : Date.parse(current.at)} /> : <span className="muted">Before the first event: the plan as submitted.</span>}
      </div>
    </section>
  );
}

function CurrentEvent({ event, origin }: { event: CollaborationEvent; origin: number }) {
  return (
    <>
      <span className="mono muted">#{event.sequence}</span>
      <span className="mono muted">+{formatDuration(Math.max(0, Date.parse(event.at) - origin))}</span>
      <span className="timeline-type">{event.type}</span>
      {event.subtask && <span className="mono timeline-subtask">{event.subtask}</span>}
      <span className="muted">{new Date(event.at).toLocaleTimeString()}</span>
    </>
  );
}
