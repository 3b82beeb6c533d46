import { useState } from 'react';
import type { TestingClient } from '../../api/testingClient';
import { Link } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { QuarantineBadge } from './flaky/QuarantineBadge';
import { useActiveQuarantine } from './flaky/useActiveQuarantine';
import { formatTestDuration, timeSpanMs } from './testingText';

const LIMIT = 25;
/** How many recent finished runs the rankings look at, as offered. */
const WINDOWS = [10, 20, 50, 100] as const;

interface RankingProps {
  testing: TestingClient;
  repository: string | undefined;
  framework: string | undefined;
}

/** Tests by average duration over recent runs (skipped runs left out), with a bar relative to the slowest. */
export function SlowestPanel({ testing, repository, framework }: RankingProps) {
  const [over, setOver] = useState<number>(20);
  const slowest = useResource((signal) => testing.slowest({ repository, framework, limit: LIMIT, over }, signal), [testing, repository, framework, over]);
  const isQuarantined = useActiveQuarantine(testing, repository);
  const items = slowest.data ?? [];
  const max = Math.max(1, ...items.map((item) => timeSpanMs(item.averageDuration) ?? 0));
  return (
    <section className="card card-flush" aria-label="Slowest tests">
      <RankingHeader title="Slowest tests" note="by average duration" over={over} onOver={setOver} testId="testing-slowest-over" />
      <ErrorBanner message={slowest.error?.message} onRetry={slowest.reload} />
      {!slowest.data ? (
        !slowest.error && <Loading />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="testing-slowest-empty">
          No timed tests in these runs.
        </p>
      ) : (
        <table className="table responsive" data-testid="testing-slowest-table">
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Average</th>
              <th scope="col" className="num">Max</th>
              <th scope="col" className="num">Last</th>
              <th scope="col" className="num">Runs</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.repository}/${item.id}`} data-testid="testing-slowest-row">
                <td data-label="Test" className="cell-summary">
                  <TestCell id={item.id} name={item.name} repository={item.repository} framework={item.framework} file={item.file} quarantined={isQuarantined(item.repository, item.id)} />
                </td>
                <td data-label="Average" className="nowrap">
                  <span className="test-bar">
                    <span className="test-bar-track" aria-hidden="true">
                      <span style={{ width: `${Math.max(2, ((timeSpanMs(item.averageDuration) ?? 0) / max) * 100)}%` }} />
                    </span>
                    {formatTestDuration(item.averageDuration)}
                  </span>
                </td>
                <td data-label="Max" className="num nowrap">
                  {formatTestDuration(item.maxDuration)}
                </td>
                <td data-label="Last" className="num nowrap">
                  {formatTestDuration(item.lastDuration)}
                </td>
                <td data-label="Runs" className="num">
                  {item.runs}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Tests by failures (failed and errored) over recent runs; flaky runs are counted apart. */
export function FailingPanel({ testing, repository, framework }: RankingProps) {
  const [over, setOver] = useState<number>(20);
  const failing = useResource((signal) => testing.failing({ repository, framework, limit: LIMIT, over }, signal), [testing, repository, framework, over]);
  const isQuarantined = useActiveQuarantine(testing, repository);
  const items = failing.data ?? [];
  return (
    <section className="card card-flush" aria-label="Most failing tests">
      <RankingHeader title="Most failing tests" note="failed or errored" over={over} onOver={setOver} testId="testing-failing-over" />
      <ErrorBanner message={failing.error?.message} onRetry={failing.reload} />
      {!failing.data ? (
        !failing.error && <Loading />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="testing-failing-empty">
          Nothing failed in these runs.
        </p>
      ) : (
        <table className="table responsive" data-testid="testing-failing-table">
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col" className="num">Failures</th>
              <th scope="col" className="num">Flaky</th>
              <th scope="col">Last failure</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.repository}/${item.id}`} data-testid="testing-failing-row">
                <td data-label="Test" className="cell-summary">
                  <TestCell id={item.id} name={item.name} repository={item.repository} framework={item.framework} file={item.file} quarantined={isQuarantined(item.repository, item.id)} />
                </td>
                <td data-label="Failures" className="num nowrap">
                  <span className={item.failures > 0 ? 'text-red' : 'muted'}>{item.failures}</span>
                  <span className="muted"> / {item.runs}</span>
                </td>
                <td data-label="Flaky" className="num">
                  {item.flaky > 0 ? <span className="test-flaky-text">{item.flaky}</span> : <span className="muted">0</span>}
                </td>
                <td data-label="Last failure" className="test-last-failure">
                  {item.lastFailedAt && (
                    <span className="nowrap" title={formatTimestamp(item.lastFailedAt)}>
                      {formatRelative(item.lastFailedAt)}
                    </span>
                  )}
                  {item.lastFailureMessage && <span className="mono small test-message-line">{item.lastFailureMessage}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RankingHeader({ title, note, over, onOver, testId }: { title: string; note: string; over: number; onOver: (value: number) => void; testId: string }) {
  return (
    <div className="card-header test-ranking-header">
      <h2>{title}</h2>
      <span className="muted small">{note}, over the last</span>
      <select value={over} onChange={(event) => onOver(Number(event.target.value))} aria-label="Runs looked at" data-testid={testId}>
        {WINDOWS.map((value) => (
          <option key={value} value={value}>
            {value} runs
          </option>
        ))}
      </select>
    </div>
  );
}

/** A test's name linking to its history, with where it lives under it. */
export function TestCell({ id, name, repository, framework, file, quarantined = false }: { id: string; name: string; repository: string; framework: string; file: string | null; quarantined?: boolean }) {
  return (
    <div className="test-run-cell">
      <Link href={hrefOf({ page: 'test-history', id, repository })} className="summary-text" title={id} data-testid="testing-test-link">
        {name}
      </Link>
      <span className="muted small summary-text">
        {quarantined && (
          <>
            <QuarantineBadge />{' '}
          </>
        )}
        {repository} · {framework}
        {file && <span className="mono"> · {file}</span>}
      </span>
    </div>
  );
}
