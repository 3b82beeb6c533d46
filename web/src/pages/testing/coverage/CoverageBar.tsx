import { coverageTone, formatPercent } from './coverageTree';

/** A percentage as a coloured bar and its figure; "—" with an empty bar when there is nothing to measure. */
export function CoverageBar({ percent, compact = false, label }: { percent: number | null; compact?: boolean; label?: string }) {
  const tone = coverageTone(percent);
  return (
    <span className={`cov-bar-wrap${compact ? ' compact' : ''}`}>
      <span className={`cov-bar cov-tone-${tone}`} role="img" aria-label={`${label ? `${label} ` : ''}${percent === null ? 'nothing to measure' : `${formatPercent(percent)} covered`}`}>
        <span style={{ width: `${percent === null ? 0 : Math.max(0, Math.min(100, percent))}%` }} />
      </span>
      <span className={`cov-percent cov-text-${tone}`} data-testid="coverage-percent">
        {formatPercent(percent)}
      </span>
    </span>
  );
}
