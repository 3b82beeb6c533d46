import { useState, type ReactNode } from 'react';
import type { TestingClient } from '../../../api/testingClient';
import type { QuarantinedTest, SuiteReport } from '../../../api/testingTypes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { useResource } from '../../../app/useResource';
import { formatTestDuration } from '../testingText';
import { QuarantineBadge } from './QuarantineBadge';
import { activeQuarantine, quarantineKey } from './flakyView';

const SHARD_CHOICES = [2, 4, 8, 16] as const;
/** The smart order can list every test of a large suite; the first ones are what a reader needs. */
const ORDER_SHOWN = 15;

interface SuiteReportPanelProps {
  testing: TestingClient;
  repository: string;
  /** Offered when the page is not filtered to one repository. */
  repositories: string[] | undefined;
  onRepository: (name: string) => void;
  quarantine: QuarantinedTest[];
  /** Changes when verdicts or the quarantine change (detection, quarantine, release): the report is read again. */
  refresh: number;
}

/** The suite optimizer report: retries, smart order, duplicates, dependencies, shards and duration regressions. */
export function SuiteReportPanel({ testing, repository, repositories, onRepository, quarantine, refresh }: SuiteReportPanelProps) {
  const [shards, setShards] = useState(4);
  const [allOrder, setAllOrder] = useState(false);
  const report = useResource((signal) => testing.optimizerReport(repository, shards, signal), [testing, repository, shards, refresh]);
  const active = activeQuarantine(quarantine);
  const name = (id: string) => <TestName id={id} repository={repository} quarantined={active.has(quarantineKey(repository, id))} />;

  return (
    <section className="card card-flush test-flush suite-report" aria-label="Suite optimizer report" data-testid="suite-report">
      <div className="card-header flaky-header">
        <h2>Suite report</h2>
        {repositories && repositories.length > 1 && (
          <select value={repository} onChange={(event) => onRepository(event.target.value)} aria-label="Repository of the report" data-testid="suite-report-repository">
            {repositories.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </select>
        )}
        <select value={shards} onChange={(event) => setShards(Number(event.target.value))} aria-label="Shards" data-testid="suite-report-shards">
          {SHARD_CHOICES.map((value) => (
            <option key={value} value={value}>
              {value} shards
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner message={report.error?.message} onRetry={report.reload} />
      {!report.data ? !report.error && <Loading /> : <ReportBody report={report.data} quarantined={quarantine.filter((entry) => entry.active && entry.repository === repository).length} name={name} allOrder={allOrder} onAllOrder={() => setAllOrder(true)} />}
    </section>
  );
}

function ReportBody({ report, quarantined, name, allOrder, onAllOrder }: { report: SuiteReport; quarantined: number; name: (id: string) => ReactNode; allOrder: boolean; onAllOrder: () => void }) {
  const { parallel, performance } = report;
  const order = allOrder ? report.order : report.order.slice(0, ORDER_SHOWN);
  return (
    <div className="suite-report-body">
      <p className="muted" data-testid="suite-report-summary">
        {report.repository}: {report.tests} test{report.tests === 1 ? '' : 's'} over the last {report.runsLookedAt} run{report.runsLookedAt === 1 ? '' : 's'}; {report.flaky.length} flaky,{' '}
        {quarantined} quarantined. Retries when a run does not say: <strong>{report.retries.retries}</strong> ({report.retries.reason}).
      </p>

      <div className="suite-report-grid">
        <div>
          <h3>Smart order</h3>
          <p className="muted small">Failed last time first, then the failure-prone, then the fastest: a failing run fails early.</p>
          {report.order.length === 0 ? (
            <p className="empty">No tests in history yet.</p>
          ) : (
            <ol className="suite-order" data-testid="suite-report-order">
              {order.map((test) => (
                <li key={`${test.project}/${test.id}`}>
                  {name(test.id)}
                  <span className="muted small">
                    {test.reason}
                    {test.medianDuration ? ` · ${formatTestDuration(test.medianDuration)}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {!allOrder && report.order.length > ORDER_SHOWN && (
            <button type="button" className="button button-small button-ghost" onClick={onAllOrder}>
              Show all {report.order.length}
            </button>
          )}
        </div>

        <div>
          <h3>Shards</h3>
          <p data-testid="suite-report-shards-summary">
            {parallel.shards} shards: {formatTestDuration(parallel.serial)} serial → {formatTestDuration(parallel.makespan)}, expected speedup <strong>{parallel.expectedSpeedup.toFixed(2)}×</strong>
            <span className="muted small"> (imbalance {parallel.imbalance.toFixed(2)}{parallel.testsWithoutHistory > 0 ? `, ${parallel.testsWithoutHistory} without a duration planned at the median` : ''})</span>
          </p>
          <ul className="suite-shards">
            {parallel.plan.shards.map((shard) => (
              <li key={shard.index}>
                <strong>#{shard.index + 1}</strong> {shard.tests.length} test{shard.tests.length === 1 ? '' : 's'}, {formatTestDuration(shard.expected)}
              </li>
            ))}
          </ul>
        </div>

        <div>
          <h3>Duplicates</h3>
          {report.duplicates.length === 0 ? (
            <p className="muted small">No duplicate tests found.</p>
          ) : (
            <ul className="suite-list" data-testid="suite-report-duplicates">
              {report.duplicates.map((group) => (
                <li key={`${group.kind}/${group.tests.join(',')}`}>
                  <span className="tag">{group.kind}</span> {group.tests.map((id, index) => <span key={id}>{index > 0 && ', '}{name(id)}</span>)}
                  <div className="muted small">{group.detail}</div>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div>
          <h3>Dependencies</h3>
          {report.dependencies.length === 0 ? (
            <p className="muted small">No dependencies between tests found.</p>
          ) : (
            <ul className="suite-list" data-testid="suite-report-dependencies">
              {report.dependencies.map((dependency) => (
                <li key={`${dependency.kind}/${dependency.test}/${dependency.other}/${dependency.resource}`}>
                  <span className="tag">{dependency.kind}</span> {name(dependency.test)} ← {name(dependency.other)}
                  <div className="muted small">{dependency.detail}</div>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div>
          <h3>Slowest</h3>
          {performance.slowest.length === 0 ? (
            <p className="muted small">No timed tests.</p>
          ) : (
            <ul className="suite-list">
              {performance.slowest.map((test) => (
                <li key={`${test.project}/${test.id}`}>
                  {name(test.id)}
                  <span className="muted small">
                    median {formatTestDuration(test.median)}, max {formatTestDuration(test.max)} over {test.runs} run{test.runs === 1 ? '' : 's'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div>
          <h3>Duration regressions</h3>
          {performance.regressions.length === 0 ? (
            <p className="muted small">No test got slower (a regression is the last 5 runs' median at 1.5× the earlier one and 50 ms more).</p>
          ) : (
            <ul className="suite-list" data-testid="suite-report-regressions">
              {performance.regressions.map((regression) => (
                <li key={`${regression.project}/${regression.id}`}>
                  {name(regression.id)}
                  <span className="small">
                    {formatTestDuration(regression.baselineMedian)} → <strong className="text-red">{formatTestDuration(regression.recentMedian)}</strong> ({regression.ratio.toFixed(2)}×)
                  </span>
                  <span className="muted small">
                    runs{' '}
                    {regression.recentRuns.map((run, index) => (
                      <span key={run}>
                        {index > 0 && ', '}
                        <Link href={hrefOf({ page: 'test-run', id: run })} className="mono">
                          {run.slice(0, 12)}…
                        </Link>
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {report.notes.length > 0 && (
        <ul className="muted small suite-notes">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TestName({ id, repository, quarantined }: { id: string; repository: string; quarantined: boolean }) {
  return (
    <span className="suite-test">
      <Link href={hrefOf({ page: 'test-history', id, repository })} className="mono" title="This test's history">
        {id}
      </Link>
      {quarantined && <QuarantineBadge />}
    </span>
  );
}
