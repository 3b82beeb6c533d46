import { useState } from 'react';
import { messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { FlakyStatus, QuarantinedTest } from '../../../api/testingTypes';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { useResource } from '../../../app/useResource';
import { formatRelative, formatTimestamp } from '../../../lib/format';
import { DetectFlakyForm } from './DetectFlakyForm';
import { SuiteReportPanel } from './SuiteReportPanel';
import { QuarantineBadge } from './QuarantineBadge';
import { QuarantineDialog } from './QuarantineDialog';
import { VerdictCard } from './VerdictCard';
import { SHOWN_STATUSES, STATUS_LABELS, countByStatus, verdictRows, type QuarantineForm } from './flakyView';
import './flaky.css';

interface FlakyPanelProps {
  testing: TestingClient;
  /** The page's repository filter; undefined is every repository. */
  repository: string | undefined;
  /** Registered repositories and those history names (for the forms and the report). */
  repositories: string[];
  operator: boolean;
}

/**
 * Flaky, broken and inconclusive tests with their evidence; detection on demand; the quarantine with who, why, since
 * and until; and the suite optimizer report of one repository.
 */
export function FlakyPanel({ testing, repository, repositories, operator }: FlakyPanelProps) {
  const [status, setStatus] = useState<FlakyStatus | undefined>();
  const [detectOpen, setDetectOpen] = useState(false);
  const [quarantining, setQuarantining] = useState<Partial<QuarantineForm> | null>(null);
  const [releasing, setReleasing] = useState<QuarantinedTest | null>(null);
  const [releaseError, setReleaseError] = useState<string>();
  const [releaseBusy, setReleaseBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const verdicts = useResource((signal) => testing.flaky({ repository, limit: 1000 }, signal), [testing, repository]);
  const quarantine = useResource((signal) => testing.quarantined(repository, signal), [testing, repository]);
  const [reportRepository, setReportRepository] = useState<string | undefined>();
  const reportName = repository ?? reportRepository ?? repositories[0];

  const rows = verdictRows(verdicts.data ?? [], quarantine.data ?? [], status);
  const counts = countByStatus(verdicts.data ?? []);
  const [refresh, setRefresh] = useState(0);
  const reload = () => {
    verdicts.reload();
    quarantine.reload();
    setRefresh((value) => value + 1);
  };

  const release = async () => {
    if (!releasing) return;
    setReleaseBusy(true);
    setReleaseError(undefined);
    try {
      await testing.release(releasing.repository, releasing.id);
      setNotice(`${releasing.id} was released: its failures fail runs again.`);
      setReleasing(null);
      reload();
    } catch (caught) {
      setReleaseError(messageOf(caught));
    } finally {
      setReleaseBusy(false);
    }
  };

  return (
    <div className="flaky-panel" data-testid="flaky-panel">
      {notice && (
        <div className="banner banner-notice" role="status" data-testid="flaky-notice">
          <p>{notice}</p>
          <button type="button" className="button button-small button-ghost" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}

      {detectOpen && (
        <DetectFlakyForm
          testing={testing}
          repositories={repositories}
          initialRepository={repository}
          onClose={() => setDetectOpen(false)}
          onDetected={() => reload()}
        />
      )}

      <section className="card card-flush test-flush" aria-label="Flaky tests">
        <div className="card-header flaky-header">
          <h2>Flaky tests</h2>
          <div className="test-filter-chips" role="group" aria-label="Verdict">
            <button type="button" className={`test-chip${status === undefined ? ' selected' : ''}`} aria-pressed={status === undefined} onClick={() => setStatus(undefined)} data-testid="flaky-filter-all">
              All <span className="test-chip-count">{SHOWN_STATUSES.reduce((sum, value) => sum + counts[value], 0)}</span>
            </button>
            {SHOWN_STATUSES.map((value) => (
              <button key={value} type="button" className={`test-chip${status === value ? ' selected' : ''}`} aria-pressed={status === value} onClick={() => setStatus(value)} data-testid={`flaky-filter-${value}`}>
                {STATUS_LABELS[value]} <span className="test-chip-count">{counts[value]}</span>
              </button>
            ))}
          </div>
          {operator && !detectOpen && (
            <button type="button" className="button button-small" onClick={() => setDetectOpen(true)} data-testid="flaky-detect-open">
              Detect now
            </button>
          )}
        </div>
        <ErrorBanner message={verdicts.error?.message ?? quarantine.error?.message} onRetry={reload} testId="flaky-error" />
        {!verdicts.data ? (
          !verdicts.error && <Loading />
        ) : rows.length === 0 ? (
          <p className="empty" data-testid="flaky-empty">
            {status ? `No ${STATUS_LABELS[status]} tests.` : 'No flaky, broken or inconclusive tests: every test that failed was explained by a change, or none failed.'}
          </p>
        ) : (
          <ul className="flaky-list" data-testid="flaky-list">
            {rows.map((row) => (
              <VerdictCard
                key={`${row.verdict.repository}/${row.verdict.id}`}
                row={row}
                operator={operator}
                onQuarantine={() => setQuarantining({ repository: row.verdict.repository, id: row.verdict.id })}
                onRelease={() => row.quarantine && setReleasing(row.quarantine)}
              />
            ))}
          </ul>
        )}
      </section>

      <QuarantineList
        entries={quarantine.data}
        error={quarantine.error?.message}
        operator={operator}
        onAdd={() => setQuarantining({ ...(repository ? { repository } : {}) })}
        onRelease={setReleasing}
      />

      {reportName ? (
        <SuiteReportPanel testing={testing} repository={reportName} repositories={repository ? undefined : repositories} onRepository={setReportRepository} quarantine={quarantine.data ?? []} refresh={refresh} />
      ) : (
        <div className="card empty">No repository yet: the suite report needs a repository with test runs.</div>
      )}

      {quarantining && (
        <QuarantineDialog
          testing={testing}
          repositories={repositories}
          initial={quarantining}
          onCancel={() => setQuarantining(null)}
          onDone={(entry) => {
            setQuarantining(null);
            setNotice(`${entry.id} is quarantined: it still runs and shows, but no longer fails runs.`);
            reload();
          }}
        />
      )}
      {releasing && (
        <ConfirmDialog title="Release from quarantine" confirmLabel="Release" tone="primary" busy={releaseBusy} error={releaseError} onConfirm={() => void release()} onCancel={() => setReleasing(null)}>
          <p>
            Release <code className="mono">{releasing.id}</code> of {releasing.repository}? Its failures will fail runs again.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function QuarantineList({ entries, error, operator, onAdd, onRelease }: { entries: QuarantinedTest[] | undefined; error: string | undefined; operator: boolean; onAdd: () => void; onRelease: (entry: QuarantinedTest) => void }) {
  return (
    <section className="card card-flush test-flush" aria-label="Quarantine">
      <div className="card-header flaky-header">
        <h2>Quarantine</h2>
        <span className="muted small">Quarantined tests run and show as usual; their failures do not fail runs.</span>
        {operator && (
          <button type="button" className="button button-small" onClick={onAdd} data-testid="flaky-quarantine-add">
            Quarantine a test
          </button>
        )}
      </div>
      {!entries ? (
        !error && <Loading />
      ) : entries.length === 0 ? (
        <p className="empty" data-testid="flaky-quarantine-empty">
          No test is quarantined.
        </p>
      ) : (
        <table className="table responsive" data-testid="flaky-quarantine-table">
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Why</th>
              <th scope="col">Who</th>
              <th scope="col">Since</th>
              <th scope="col">Until</th>
              {operator && <th scope="col" aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={`${entry.repository}/${entry.id}`} data-testid="flaky-quarantine-row" data-active={entry.active}>
                <td data-label="Test" className="cell-summary">
                  <div className="test-run-cell">
                    <Link href={hrefOf({ page: 'test-history', id: entry.id, repository: entry.repository })} className="flaky-test-name mono" title={entry.id}>
                      {entry.id}
                    </Link>
                    <span className="muted small summary-text">
                      {entry.repository} · <QuarantineBadge active={entry.active} />
                    </span>
                  </div>
                </td>
                <td data-label="Why" className="flaky-reason">
                  {entry.reason}
                </td>
                <td data-label="Who">{entry.quarantinedBy}</td>
                <td data-label="Since" className="nowrap" title={formatTimestamp(entry.quarantinedAt)}>
                  {formatRelative(entry.quarantinedAt)}
                </td>
                <td data-label="Until" className="nowrap" title={entry.expiresAt ? formatTimestamp(entry.expiresAt) : undefined}>
                  {entry.expiresAt ? formatTimestamp(entry.expiresAt) : <span className="muted">until released</span>}
                </td>
                {operator && (
                  <td data-label="" className="flaky-actions">
                    <button type="button" className="button button-small" onClick={() => onRelease(entry)} data-testid="flaky-release">
                      Release
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
