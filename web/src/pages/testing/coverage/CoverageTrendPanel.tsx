import { useState } from 'react';
import type { TestingClient } from '../../../api/testingClient';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { useResource } from '../../../app/useResource';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { formatRelative, formatTimestamp } from '../../../lib/format';
import type { ChartBox } from '../historyChart';
import { useWidth } from '../TestHistoryPage';
import { shortSha } from '../testingText';
import { CoverageBar } from './CoverageBar';
import { layoutTrend, trendChange } from './coverageTrend';
import { countsOf, formatPercent } from './coverageTree';

const CHART: Omit<ChartBox, 'width'> = { height: 220, left: 44, right: 16, top: 12, bottom: 28 };

/** A repository's line and branch coverage over its recent runs with coverage, as a chart and a table of the runs. */
export function CoverageTrendPanel({ testing, repository, repositories, onChoose }: { testing: TestingClient; repository: string | undefined; repositories: string[]; onChoose: (name: string) => void }) {
  if (!repository) {
    return (
      <section className="card empty" data-testid="coverage-trend-choose">
        <p>Coverage is followed per repository. Choose one:</p>
        <div className="sel-actions">
          {repositories.map((name) => (
            <button key={name} type="button" className="button button-small" onClick={() => onChoose(name)}>
              {name}
            </button>
          ))}
          {repositories.length === 0 && <span className="muted">No repository is registered yet.</span>}
        </div>
      </section>
    );
  }
  return <Trend testing={testing} repository={repository} />;
}

function Trend({ testing, repository }: { testing: TestingClient; repository: string }) {
  const [project, setProject] = useState('');
  const [typed, setTyped] = useState('');
  const trend = useResource((signal) => testing.coverageTrend({ repository, project: project || undefined, limit: 60 }, signal), [testing, repository, project]);
  const narrow = (
    <form
      className="cov-trend-project"
      onSubmit={(event) => {
        event.preventDefault();
        setProject(typed.trim());
      }}
    >
      <input
        type="search"
        className="cov-tree-filter"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        placeholder="Folder or file, e.g. src/api"
        aria-label="Only the files under a folder (or one file)"
        data-testid="coverage-trend-project"
      />
      <button type="submit" className="button button-small">
        Show
      </button>
    </form>
  );
  if (!trend.data) return trend.error ? <ErrorBanner message={trend.error.message} onRetry={trend.reload} /> : <Loading />;
  const points = trend.data;
  if (points.length === 0) {
    return (
      <section className="card empty" data-testid="coverage-trend-empty">
        {project ? (
          <>
            No run of {repository} measured files under <span className="mono">{project}</span>.{narrow}
          </>
        ) : (
          <>
            No run of {repository} measured coverage yet. Start one with “Measure coverage” in the run form, or <span className="mono">"coverage": true</span> on the API.
          </>
        )}
      </section>
    );
  }
  const change = trendChange(points);
  const latest = points[points.length - 1]!;
  return (
    <>
      <section className="card" aria-label="Coverage over runs" data-testid="coverage-trend">
        <div className="card-header cov-trend-head">
          <h2>
            Coverage of {repository}
            {project && <span className="mono"> · {project}</span>}
          </h2>
          <span className="small muted">
            latest {formatPercent(latest.totals.linePercent)} lines
            {change !== null && (
              <span className={change >= 0 ? 'text-green' : 'text-red'} data-testid="coverage-trend-change">
                {' '}
                ({change >= 0 ? '+' : ''}
                {change.toFixed(1)} pts over {points.length} runs)
              </span>
            )}
          </span>
          <span className="cov-trend-legend small">
            <span className="cov-trend-line-key">lines</span>
            <span className="cov-trend-branch-key">branches</span>
          </span>
          {narrow}
        </div>
        <TrendChart points={points} repository={repository} />
      </section>
      <section className="card card-flush" aria-label="Runs with coverage">
        <table className="table responsive" data-testid="coverage-trend-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Lines</th>
              <th scope="col">Branches</th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((point) => (
              <tr key={point.runId} data-testid="coverage-trend-row" data-run={point.runId}>
                <td data-label="Run" className="cell-summary">
                  <div className="test-run-cell">
                    <Link href={hrefOf({ page: 'test-run', id: point.runId, view: 'coverage' })} className="summary-text" title={formatTimestamp(point.recordedAt)}>
                      {formatRelative(point.recordedAt)}
                    </Link>
                    <span className="muted small mono">
                      {point.branch}
                      {point.commitSha && ` @${shortSha(point.commitSha)}`}
                    </span>
                  </div>
                </td>
                <td data-label="Lines" className="nowrap">
                  <CoverageBar percent={point.totals.linePercent} compact /> <span className="muted small">{countsOf(point.totals, 'lines')}</span>
                </td>
                <td data-label="Branches" className="nowrap">
                  <CoverageBar percent={point.totals.branchPercent} compact /> <span className="muted small">{countsOf(point.totals, 'branches')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function TrendChart({ points, repository }: { points: Parameters<typeof layoutTrend>[0]; repository: string }) {
  const [ref, width] = useWidth<HTMLElement>();
  const box: ChartBox = { ...CHART, width };
  const layout = layoutTrend(points, box);
  return (
    <figure className="test-chart" ref={ref} data-testid="coverage-trend-chart">
      <svg viewBox={`0 0 ${box.width} ${box.height}`} width="100%" role="img" aria-label={`Line and branch coverage of ${repository} over ${points.length} runs`}>
        {layout.grid.map((tick) => (
          <g key={tick.percent}>
            <line x1={box.left} x2={box.width - box.right} y1={tick.y} y2={tick.y} stroke="var(--border)" />
            <text x={box.left - 8} y={tick.y + 4} textAnchor="end" className="test-chart-axis">
              {tick.percent}%
            </text>
          </g>
        ))}
        {layout.branchPath && <path d={layout.branchPath} fill="none" stroke="var(--orange)" strokeWidth={2} strokeDasharray="5 3" strokeLinejoin="round" />}
        {layout.linePath && <path d={layout.linePath} fill="none" stroke="var(--brand)" strokeWidth={2} strokeLinejoin="round" data-testid="coverage-trend-line" />}
        {layout.points.map((point) => (
          <Link key={point.point.runId} href={hrefOf({ page: 'test-run', id: point.point.runId, view: 'coverage' })} className="cov-trend-point">
            {point.branchY !== null && <circle cx={point.x} cy={point.branchY} r={3.5} fill="var(--orange)" />}
            {point.lineY !== null && <circle cx={point.x} cy={point.lineY} r={4.5} fill="var(--brand)" data-testid="coverage-trend-point" data-percent={point.point.totals.linePercent ?? ''} />}
            <title>{`${formatPercent(point.point.totals.linePercent)} lines · ${formatPercent(point.point.totals.branchPercent)} branches · ${point.point.commitSha ? `@${shortSha(point.point.commitSha)} · ` : ''}${formatTimestamp(point.point.recordedAt)}`}</title>
          </Link>
        ))}
        <text x={box.left} y={box.height - 8} className="test-chart-axis">
          {formatRelative(points[0]?.recordedAt)}
        </text>
        <text x={box.width - box.right} y={box.height - 8} textAnchor="end" className="test-chart-axis">
          {formatRelative(points[points.length - 1]?.recordedAt)}
        </text>
      </svg>
    </figure>
  );
}
