import { useState } from 'react';
import { RANGE_PRESETS, type TimeRange } from '../../lib/timeRange';

/** The time range: presets that follow the clock (live), or a custom from/to (fixed). */
export function RangePicker({ range, onChange }: { range: TimeRange; onChange: (range: TimeRange) => void }) {
  const [custom, setCustom] = useState(range.kind === 'absolute');
  const [from, setFrom] = useState(() => localInput(range.kind === 'absolute' ? range.from : Date.now() - 3_600_000));
  const [to, setTo] = useState(() => localInput(range.kind === 'absolute' ? range.to : Date.now()));
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const valid = !Number.isNaN(fromMs) && !Number.isNaN(toMs) && toMs > fromMs;

  return (
    <div className="range-picker" role="group" aria-label="Time range" data-testid="range-picker">
      {RANGE_PRESETS.map((span) => (
        <button
          key={span}
          type="button"
          className={`chip-button${!custom && range.kind === 'relative' && range.span === span ? ' chip-active' : ''}`}
          aria-pressed={!custom && range.kind === 'relative' && range.span === span}
          onClick={() => {
            setCustom(false);
            onChange({ kind: 'relative', span });
          }}
          data-testid={`range-${span}`}
        >
          {span}
        </button>
      ))}
      <button type="button" className={`chip-button${custom ? ' chip-active' : ''}`} aria-pressed={custom} onClick={() => setCustom(true)} data-testid="range-custom">
        Custom
      </button>
      {custom && (
        <form
          className="range-custom"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) onChange({ kind: 'absolute', from: fromMs, to: toMs });
          }}
        >
          <label>
            From <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} data-testid="range-from" />
          </label>
          <label>
            To <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} data-testid="range-to" />
          </label>
          <button type="submit" className="button button-small" disabled={!valid} data-testid="range-apply">
            Apply
          </button>
        </form>
      )}
    </div>
  );
}

/** A datetime-local input's value (local time, minutes) for an instant. */
function localInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}
