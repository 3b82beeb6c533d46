import { useState } from 'react';
import { messageOf } from '../../../api/client';
import { coverageReportFileName, type TestingClient } from '../../../api/testingClient';
import { COVERAGE_REPORT_FORMATS, type CoverageEnforcement, type CoverageReportFormat, type CoverageSuggestion, type RunCoverageSummary } from '../../../api/testingTypes';
import { navigate } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { useResource } from '../../../app/useResource';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { CoverageBar } from './CoverageBar';
import { CoverageSource } from './CoverageSource';
import { CoverageTree } from './CoverageTree';
import { countsOf, formatPercent } from './coverageTree';

const REPORT_LABELS: Record<CoverageReportFormat, string> = { html: 'HTML', json: 'JSON', cobertura: 'Cobertura', lcov: 'LCOV' };

/**
 * A run's coverage: totals, goals with the files that missed them, the reports to download, the functions whose tests
 * would add most, and the file tree beside the open file's source. The open file and line live in the address.
 */
export function CoverageExplorer({ testing, runId, file, line }: { testing: TestingClient; runId: string; file: string | undefined; line: number | undefined }) {
  const summary = useResource((signal) => testing.coverage(runId, signal), [testing, runId]);
  const suggestions = useResource((signal) => testing.coverageSuggestions(runId, 10, signal), [testing, runId]);

  const open = (path: string, at?: number) => navigate(hrefOf({ page: 'test-run', id: runId, view: 'coverage', file: path, ...(at ? { line: at } : {}) }));
  const jump = (at: number) => file && navigate(hrefOf({ page: 'test-run', id: runId, view: 'coverage', file, line: at }), { replace: true });

  if (!summary.data) {
    return summary.error ? <ErrorBanner message={summary.error.message} onRetry={summary.reload} testId="coverage-error" /> : <Loading label="Reading the coverage…" />;
  }
  const coverage = summary.data;
  return (
    <div className="cov-explorer" data-testid="coverage-explorer">
      <Totals coverage={coverage} runId={runId} testing={testing} />
      {coverage.unavailable.length > 0 && (
        <section className="banner banner-warning cov-unavailable" data-testid="coverage-unavailable">
          <div>
            <p>Some projects measured no coverage:</p>
            <ul>
              {coverage.unavailable.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </div>
        </section>
      )}
      {coverage.goals && coverage.goals.goals.length > 0 && <Goals goals={coverage.goals} onOpen={open} />}
      <Suggestions items={suggestions.data} error={suggestions.error?.message} onOpen={open} />
      <div className={`cov-browser${file ? ' with-file' : ''}`}>
        <section className="card cov-tree-card" aria-label="Files">
          <div className="card-header">
            <h2>Files</h2>
            <span className="muted small">{coverage.files} measured · line coverage</span>
          </div>
          {coverage.tree ? <CoverageTree root={coverage.tree} selected={file} onOpen={(path) => open(path)} /> : <p className="muted">The run recorded no files.</p>}
        </section>
        {file ? (
          <CoverageSource key={file} testing={testing} runId={runId} path={file} line={line} onLine={jump} />
        ) : (
          <section className="card empty cov-source-empty" data-testid="coverage-source-empty">
            Choose a file to see its lines: <span className="cov-key cov-key-missed">missed</span> and <span className="cov-key cov-key-partial">partly covered</span> lines are highlighted.
          </section>
        )}
      </div>
    </div>
  );
}

function Totals({ coverage, runId, testing }: { coverage: RunCoverageSummary; runId: string; testing: TestingClient }) {
  const [busy, setBusy] = useState<CoverageReportFormat | null>(null);
  const [error, setError] = useState<string>();
  const totals = coverage.totals;

  // The API needs the key in a header, so reports are fetched and handed over as files (HTML opens in a new tab).
  const download = async (format: CoverageReportFormat) => {
    setBusy(format);
    setError(undefined);
    const pending = format === 'html' ? window.open('', '_blank') : null;
    try {
      const blob = await testing.coverageReport(runId, format);
      const url = URL.createObjectURL(blob);
      if (pending) pending.location.href = url;
      else {
        const anchor = document.createElement('a');
        anchor.href = url;
        anchor.download = coverageReportFileName(runId, format);
        anchor.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (caught) {
      pending?.close();
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card cov-totals" aria-label="Coverage totals" data-testid="coverage-totals">
      <div className="cov-metrics">
        <Metric label="Lines" percent={totals.linePercent} counts={countsOf(totals, 'lines')} testId="coverage-lines-percent" />
        <Metric label="Branches" percent={totals.branchPercent} counts={countsOf(totals, 'branches')} testId="coverage-branches-percent" />
        <Metric label="Functions" percent={totals.functionPercent} counts={countsOf(totals, 'functions')} testId="coverage-functions-percent" />
      </div>
      <div className="cov-downloads" role="group" aria-label="Coverage reports">
        <span className="muted small">Reports</span>
        {COVERAGE_REPORT_FORMATS.map((format) => (
          <button key={format} type="button" className="button button-small" onClick={() => void download(format)} disabled={busy !== null} data-testid={`coverage-report-${format}`}>
            {busy === format ? 'Preparing…' : REPORT_LABELS[format]}
          </button>
        ))}
      </div>
      <ErrorBanner message={error} testId="coverage-report-error" />
    </section>
  );
}

function Metric({ label, percent, counts, testId }: { label: string; percent: number | null; counts: string; testId: string }) {
  return (
    <div className="cov-metric" data-testid={testId} data-percent={percent ?? ''}>
      <div className="stat-label">{label}</div>
      <div className="cov-metric-value">{formatPercent(percent)}</div>
      <CoverageBar percent={percent} label={label} />
      <div className="stat-note">{counts} covered</div>
    </div>
  );
}

function Goals({ goals, onOpen }: { goals: CoverageEnforcement; onOpen: (path: string) => void }) {
  return (
    <section className="card card-flush cov-goals" aria-label="Coverage goals" data-testid="coverage-goals" data-passed={goals.passed}>
      <div className="card-header">
        <h2>Goals</h2>
        <span className={`badge ${goals.passed ? 'badge-succeeded' : 'badge-failed'}`}>{goals.passed ? 'all met' : `${goals.goals.filter((goal) => !goal.passed).length} missed`}</span>
      </div>
      <ul className="cov-goal-list">
        {goals.goals.map((goal) => (
          <li key={goal.message} className="cov-goal" data-testid="coverage-goal" data-passed={goal.passed}>
            <div className="cov-goal-head">
              <span className={goal.passed ? 'text-green' : 'text-red'} aria-label={goal.passed ? 'met' : 'missed'}>
                {goal.passed ? '✓' : '✕'}
              </span>
              <span>{goal.message}</span>
            </div>
            {goal.missed.length > 0 && (
              <ul className="cov-goal-files">
                {goal.missed.slice(0, 20).map((miss) => (
                  <li key={miss.path}>
                    <button type="button" className="link-button mono" onClick={() => onOpen(miss.path)} data-testid="coverage-goal-file">
                      {miss.path}
                    </button>{' '}
                    <span className="muted small">
                      {formatPercent(miss.percent)} ({miss.covered}/{miss.total}), {miss.needed} more to reach {goal.goal.minimum}%
                    </span>
                  </li>
                ))}
                {goal.missed.length > 20 && <li className="muted small">… and {goal.missed.length - 20} more files</li>}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Suggestions({ items, error, onOpen }: { items: CoverageSuggestion[] | undefined; error: string | undefined; onOpen: (path: string, line: number) => void }) {
  if (error) return <ErrorBanner message={`Suggestions: ${error}`} />;
  if (!items || items.length === 0) return null;
  return (
    <section className="card card-flush cov-suggestions" aria-label="Where tests would add most" data-testid="coverage-suggestions">
      <div className="card-header">
        <h2>Where tests would add most</h2>
        <span className="muted small">functions by the lines and branches no test runs</span>
      </div>
      <ol className="cov-suggestion-list">
        {items.map((item) => (
          <li key={`${item.path}:${item.line}:${item.function}`}>
            <button type="button" className="cov-suggestion" onClick={() => onOpen(item.path, item.line)} data-testid="coverage-suggestion" data-path={item.path} data-line={item.line}>
              <span className="cov-suggestion-name">
                <span className="mono strong">{item.function}</span>
                {item.neverCalled && <span className="tag tag-muted">never called</span>}
              </span>
              <span className="mono small muted cov-suggestion-where">
                {item.path}:{item.line}
              </span>
              <span className="small cov-suggestion-gain">
                {item.missedLines} missed line{item.missedLines === 1 ? '' : 's'}
                {item.missedBranches > 0 && `, ${item.missedBranches} branch${item.missedBranches === 1 ? '' : 'es'}`}
                <span className="text-green"> +{item.lineGain.toFixed(1)} pts</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
