import { useEffect, useMemo, useState } from 'react';
import type { CollaborationEvent } from '../../api/types';
import { axisTicks, foldTimeline, type AttemptOutcome, type TimelineBar } from '../../lib/agentTimeline';
import { formatDuration } from '../../lib/format';

const ROW_PX = 26;
const TICK_MS = 500;

const outcomeLabels: Record<AttemptOutcome, string> = {
  running: 'running',
  succeeded: 'succeeded',
  retried: 'failed, retried',
  failed: 'failed',
  cancelled: 'cancelled',
};

interface AgentTimelineProps {
  events: CollaborationEvent[];
  /** What "now" is for bars still running: `live` follows the wall clock; a replay passes its current event's time. */
  clock: number | 'live';
}

/** One lane per agent, a bar per subtask attempt from its start to its end, on a shared time axis. */
export function AgentTimeline({ events, clock }: AgentTimelineProps) {
  const timeline = useMemo(() => foldTimeline(events), [events]);
  const bars = useMemo(() => timeline.lanes.flatMap((lane) => lane.bars), [timeline]);
  const running = bars.some((bar) => bar.end === null);
  const [wallClock, setWallClock] = useState(() => Date.now());
  const [activeKey, setActiveKey] = useState<string | null>(null);

  useEffect(() => {
    if (clock !== 'live' || !running) return;
    setWallClock(Date.now());
    const timer = setInterval(() => setWallClock(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [clock, running]);

  const header = (
    <div className="card-header">
      <h2>Agent timeline</h2>
      <span className="muted small">
        {timeline.lanes.length} agent{timeline.lanes.length === 1 ? '' : 's'} · {bars.length} attempt{bars.length === 1 ? '' : 's'}
      </span>
    </div>
  );
  if (timeline.start === null || bars.length === 0) {
    return (
      <section className="card" aria-label="Agent timeline">
        {header}
        <div className="muted small" data-testid="agent-timeline-empty">
          No subtask has started yet.
        </div>
      </section>
    );
  }

  const origin = timeline.start;
  const lastEvent = timeline.end ?? origin;
  // Running bars grow to "now"; a browser clock behind the server's must not shrink them below the last event.
  const now = running ? Math.max(lastEvent, clock === 'live' ? wallClock : clock) : lastEvent;
  const span = Math.max(1, now - origin);
  const percent = (at: number) => `${(100 * (at - origin)) / span}%`;
  const active = bars.find((bar) => bar.key === activeKey) ?? null;

  return (
    <section className="card" aria-label="Agent timeline">
      {header}
      <div className="agent-timeline" data-testid="agent-timeline" data-running={running}>
        <div className="at-row at-axis" aria-hidden="true">
          <div className="at-label" />
          <div className="at-track">
            {axisTicks(span).map((tick) => (
              <span key={tick} className="at-tick" style={{ left: percent(origin + tick) }}>
                {tick === 0 ? '0' : formatDuration(tick)}
              </span>
            ))}
          </div>
        </div>
        {timeline.lanes.map((lane) => (
          <div key={lane.agent} className="at-row at-lane" data-testid={`timeline-lane-${lane.agent}`}>
            <div className="at-label mono" title={lane.agent}>
              {lane.agent}
            </div>
            <div className="at-track" style={{ height: lane.rows * ROW_PX }}>
              {lane.bars.map((bar) => {
                const end = bar.end ?? now;
                return (
                  <button
                    key={bar.key}
                    type="button"
                    className={`at-bar at-bar-${bar.outcome}${bar.key === activeKey ? ' at-bar-active' : ''}`}
                    style={{ left: percent(bar.start), width: `${(100 * Math.max(0, end - bar.start)) / span}%`, top: bar.row * ROW_PX + 3 }}
                    aria-label={describe(bar, now)}
                    data-testid={`timeline-bar-${bar.key}`}
                    data-outcome={bar.outcome}
                    data-subtask={bar.subtask}
                    data-attempt={bar.attempt}
                    onMouseEnter={() => setActiveKey(bar.key)}
                    onFocus={() => setActiveKey(bar.key)}
                    onClick={() => setActiveKey(bar.key)}
                  >
                    <span className="at-bar-text">
                      {bar.subtask}
                      {bar.attempt > 1 ? ` #${bar.attempt}` : ''}
                    </span>
                  </button>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      <div className="at-footer">
        <div className="at-detail small" data-testid="timeline-detail" aria-live="polite">
          {active ? <BarDetail bar={active} now={now} /> : <span className="muted">Hover over or focus a bar for its subtask, attempt, duration and error.</span>}
        </div>
        <ul className="at-legend small" aria-label="Legend">
          {(['succeeded', 'retried', 'failed', 'running', 'cancelled'] as const).map((outcome) => (
            <li key={outcome}>
              <span className={`at-swatch at-bar-${outcome}`} aria-hidden="true" />
              {outcomeLabels[outcome]}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function BarDetail({ bar, now }: { bar: TimelineBar; now: number }) {
  return (
    <>
      <span className="mono strong">{bar.subtask}</span>
      <span>attempt {bar.attempt}</span>
      <span className="mono">{bar.agent}</span>
      <span>{formatDuration(bar.durationMs ?? now - bar.start)}</span>
      <span className={`at-outcome at-outcome-${bar.outcome}`}>{outcomeLabels[bar.outcome]}</span>
      {bar.error && <span className="text-red at-error">{bar.error}</span>}
    </>
  );
}

function describe(bar: TimelineBar, now: number): string {
  const parts = [`${bar.subtask}, attempt ${bar.attempt} on ${bar.agent}`, outcomeLabels[bar.outcome], formatDuration(bar.durationMs ?? now - bar.start)];
  if (bar.error) parts.push(bar.error);
  return parts.join(' · ');
}
