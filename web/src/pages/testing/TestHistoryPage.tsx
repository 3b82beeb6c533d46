import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { TestingClient } from '../../api/testingClient';
import type { TestCaseHistory } from '../../api/testingTypes';
import { useSession } from '../../app/context';
import { canOperate } from '../../app/session';
import { Link } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { QuarantineActions } from './flaky/QuarantineActions';
import { layoutHistory, type ChartBox } from './historyChart';
import { OutcomeBadge } from './TestingBadges';
import { formatTestDuration, shortSha, timeSpanMs } from './testingText';
import './testing.css';

const HISTORY_RUNS = 50;

/** One test over its recent runs: pass rate, a duration chart with pass/fail markers, and each result. */
export function TestHistoryPage({ id, repository }: { id: string; repository?: string | undefined }) {
  const { client, caller } = useSession();
  const testing = useMemo(() => new TestingClient(client), [client]);
  const history = useResource((signal) => testing.testHistory(id, { repository, limit: HISTORY_RUNS }, signal), [testing, id, repository]);
  const data = history.data;

  return (
    <>
      <PageHeader
        breadcrumb={<Link href={hrefOf({ page: 'testing', ...(repository ? { repository } : {}) })}>Testing</Link>}
        title={<span className="mono test-history-title">{id}</span>}
        actions={repository && <QuarantineActions testing={testing} repository={repository} id={id} operator={canOperate(caller.role)} />}
        subtitle={repository ? `In ${repository}, over its last ${HISTORY_RUNS} runs at most.` : `In every repository, over the last ${HISTORY_RUNS} runs at most.`}
      />
      <ErrorBanner message={history.error?.message} onRetry={history.reload} />
      {!data ? (
        !history.error && <Loading />
      ) : data.runs === 0 ? (
        <div className="card empty" data-testid="test-history-empty">
          This test is in no recorded run{repository ? ` of ${repository}` : ''}.
        </div>
      ) : (
        <>
          <HistoryStats history={data} />
          <section className="card" aria-label="Duration over runs">
            <div className="card-header">
              <h2>Duration over runs</h2>
              <span className="muted small">oldest to newest · ● passed · ✕ failed · ◆ flaky · ○ skipped</span>
            </div>
            <DurationChart history={data} />
          </section>
          <section className="card card-flush" aria-label="Recent results">
            <div className="card-header">
              <h2>Recent results</h2>
            </div>
            <table className="table responsive" data-testid="test-history-table">
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">Run</th>
                  <th scope="col" className="num">Duration</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <tr key={entry.runId} data-testid="test-history-row" data-outcome={entry.outcome}>
                    <td data-label="Outcome">
                      <OutcomeBadge outcome={entry.outcome} />
                      {entry.attempts > 1 && <span className="muted small"> {entry.attempts} attempts</span>}
                    </td>
                    <td data-label="Run" className="cell-summary">
                      <div className="test-run-cell">
                        <Link href={hrefOf({ page: 'test-run', id: entry.runId })} className="summary-text" title={formatTimestamp(entry.at)}>
                          {formatRelative(entry.at)}
                        </Link>
                        <span className="muted small summary-text">
                          {entry.repository}
                          {entry.commitSha && <span className="mono"> @{shortSha(entry.commitSha)}</span>}
                        </span>
                      </div>
                    </td>
                    <td data-label="Duration" className="num nowrap">
                      {formatTestDuration(entry.duration)}
                    </td>
                    <td data-label="Message" className="test-last-failure">
                      {entry.failureMessage ? <span className="mono small test-message-line">{entry.failureMessage}</span> : <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}

function HistoryStats({ history }: { history: TestCaseHistory }) {
  return (
    <section className="cards" aria-label="Summary" data-testid="test-history-stats">
      <div className="card stat">
        <div className="stat-label">Pass rate</div>
        <div className="stat-value" data-testid="test-history-pass-rate">
          {history.passRate === null ? '—' : `${Math.round(history.passRate * 100)}%`}
        </div>
        <div className="stat-note">flaky counts as passed</div>
      </div>
      <div className="card stat">
        <div className="stat-label">Runs</div>
        <div className="stat-value" data-testid="test-history-runs">
          {history.runs}
        </div>
        <div className="stat-note">
          {history.passed} passed · {history.failed + history.errored} failed · {history.flaky} flaky · {history.skipped} skipped
        </div>
      </div>
      <div className="card stat">
        <div className="stat-label">Average</div>
        <div className="stat-value">{formatTestDuration(history.averageDuration)}</div>
      </div>
    </section>
  );
}

const CHART: Omit<ChartBox, 'width'> = { height: 220, left: 64, right: 16, top: 12, bottom: 28 };
const DEFAULT_WIDTH = 720;
const MIN_WIDTH = 280;

/** The element's width in CSS pixels, followed as it resizes: the chart draws at 1:1 so its labels stay readable on phones. */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(MIN_WIDTH, Math.round(element.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Duration of each run as a line, each run's outcome as its marker; a dashed line is the average. */
function DurationChart({ history }: { history: TestCaseHistory }) {
  const [ref, width] = useWidth<HTMLElement>();
  const BOX: ChartBox = { ...CHART, width };
  const average = timeSpanMs(history.averageDuration);
  const layout = layoutHistory(history.entries, BOX, average);
  const baseline = BOX.height - BOX.bottom;
  const ticks = [0, 0.5, 1].map((fraction) => ({ y: BOX.top + (1 - fraction) * (baseline - BOX.top), ms: layout.maxMs * fraction }));
  return (
    <figure className="test-chart" data-testid="test-history-chart" ref={ref}>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} width="100%" role="img" aria-label={`Duration of ${history.id} over ${history.entries.length} runs`}>
        {ticks.map((tick) => (
          <g key={tick.y}>
            <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tick.y} y2={tick.y} stroke="var(--border)" />
            <text x={BOX.left - 8} y={tick.y + 4} textAnchor="end" className="test-chart-axis">
              {formatTestDuration(tick.ms)}
            </text>
          </g>
        ))}
        {layout.averageY !== null && <line x1={BOX.left} x2={BOX.width - BOX.right} y1={layout.averageY} y2={layout.averageY} stroke="var(--text-faint)" strokeDasharray="4 4" data-testid="test-chart-average" />}
        {layout.path && <path d={layout.path} fill="none" stroke="var(--brand)" strokeWidth={2} strokeLinejoin="round" />}
        {layout.points.map((point) => (
          <Link key={point.entry.runId} href={hrefOf({ page: 'test-run', id: point.entry.runId })} className="test-chart-point">
            <Marker x={point.x} y={point.y ?? baseline} outcome={point.outcome} />
            <title>
              {`${point.outcome} · ${formatTestDuration(point.durationMs)} · ${formatTimestamp(point.entry.at)}${point.entry.failureMessage ? `\n${point.entry.failureMessage}` : ''}`}
            </title>
          </Link>
        ))}
        <text x={BOX.left} y={BOX.height - 8} className="test-chart-axis">
          {formatRelative(history.entries[history.entries.length - 1]?.at)}
        </text>
        <text x={BOX.width - BOX.right} y={BOX.height - 8} textAnchor="end" className="test-chart-axis">
          {formatRelative(history.entries[0]?.at)}
        </text>
      </svg>
    </figure>
  );
}

function Marker({ x, y, outcome }: { x: number; y: number; outcome: string }) {
  const common = { 'data-outcome': outcome, className: `test-marker test-marker-${outcome}` };
  if (outcome === 'failed' || outcome === 'errored') {
    return <path d={`M${x - 5} ${y - 5}L${x + 5} ${y + 5}M${x + 5} ${y - 5}L${x - 5} ${y + 5}`} strokeWidth={2.5} {...common} />;
  }
  if (outcome === 'flaky') return <path d={`M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z`} {...common} />;
  return <circle cx={x} cy={y} r={outcome === 'skipped' ? 4 : 5} {...common} />;
}
