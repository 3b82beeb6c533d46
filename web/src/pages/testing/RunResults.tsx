import { useMemo, useState } from 'react';
import { Link } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { groupCases, type LiveCase, type LiveFailure, type LiveRunFold, type OutcomeFilter } from './liveRun';
import { QuarantineBadge } from './flaky/QuarantineBadge';
import { OutcomeBadge, projectLabel } from './TestingBadges';
import { formatTestDuration } from './testingText';

/** Rows drawn at first: a run of thousands of cases stays quick, and "show all" is one click away. */
const FIRST_ROWS = 300;

interface RunResultsProps {
  fold: LiveRunFold;
  /** Changes whenever the fold does (the fold itself is mutated in place). */
  version: number;
  repository: string;
  /** Case ids quarantined in this run: badged, their failures did not fail it. */
  quarantined?: ReadonlySet<string>;
}

/** Every case by project and suite: filter by outcome, search by name, expand a case for its failure, attempts and output. */
export function RunResults({ fold, version, repository, quarantined }: RunResultsProps) {
  const [filter, setFilter] = useState<OutcomeFilter>('all');
  const [query, setQuery] = useState('');
  const [showAll, setShowAll] = useState(false);
  const groups = useMemo(() => groupCases(fold, filter, query), [fold, version, filter, query]);
  const counts = fold.counts;
  const options: { value: OutcomeFilter; label: string; count: number }[] = [
    { value: 'all', label: 'All', count: counts.started },
    { value: 'problems', label: 'Problems', count: counts.failed + counts.errored + counts.flaky },
    { value: 'failed', label: 'Failed', count: counts.failed },
    { value: 'errored', label: 'Errored', count: counts.errored },
    { value: 'flaky', label: 'Flaky', count: counts.flaky },
    { value: 'skipped', label: 'Skipped', count: counts.skipped },
    { value: 'passed', label: 'Passed', count: counts.passed },
    { value: 'running', label: 'Running', count: fold.runningCount },
  ];

  let budget = showAll ? Number.POSITIVE_INFINITY : FIRST_ROWS;
  const shownCases = groups.reduce((sum, group) => sum + group.suites.reduce((n, suite) => n + suite.cases.length, 0), 0);

  return (
    <section className="card test-results" aria-label="Results" data-testid="test-run-results">
      <div className="card-header">
        <h2>Results</h2>
        <span className="muted small" data-testid="test-results-shown">
          {shownCases} of {counts.started} tests
        </span>
      </div>
      <div className="test-results-tools">
        <div className="test-filter-chips" role="group" aria-label="Outcome">
          {options
            .filter((option) => option.value === 'all' || option.count > 0 || option.value === filter)
            .map((option) => (
              <button
                key={option.value}
                type="button"
                className={`test-chip${filter === option.value ? ' selected' : ''}`}
                aria-pressed={filter === option.value}
                onClick={() => setFilter(option.value)}
                data-testid={`test-filter-${option.value}`}
              >
                {option.label} <span className="test-chip-count">{option.count}</span>
              </button>
            ))}
        </div>
        <input type="search" className="test-search" placeholder="Search tests by name, id or file" aria-label="Search tests" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="test-search" />
      </div>

      {groups.length === 0 ? (
        <p className="empty" data-testid="test-results-empty">
          {counts.started === 0 ? 'No test has reported yet.' : 'No test matches.'}
        </p>
      ) : (
        groups.map((group) => (
          <div key={group.project.root} className="test-project-group" data-testid="test-results-project">
            {fold.projects.size > 1 && (
              <h3 className="test-project-name">
                {projectLabel(group.project, repository)} <span className="muted small">{group.project.framework}</span>
              </h3>
            )}
            {group.suites.map(({ suite, cases }) => {
              if (budget <= 0) return null;
              const visible = cases.slice(0, budget);
              budget -= visible.length;
              return (
                <div key={suite.key} className="test-suite" data-testid="test-suite">
                  <div className="test-suite-name">
                    <span className="mono">{suite.path.join(' › ')}</span>
                    {suite.errors.length > 0 && <span className="text-red small"> · {suite.errors.length} suite error{suite.errors.length === 1 ? '' : 's'}</span>}
                  </div>
                  {suite.errors.map((error, index) => (
                    <FailureBlock key={index} failure={error} />
                  ))}
                  <ul className="test-cases">
                    {visible.map((testCase) => (
                      <CaseRow key={testCase.key} testCase={testCase} repository={repository} quarantined={quarantined?.has(testCase.id) ?? false} />
                    ))}
                  </ul>
                </div>
              );
            })}
            {group.project.output && (
              <details className="test-output-block">
                <summary>Output of the project outside its tests</summary>
                <pre className="test-pre">{group.project.output}</pre>
              </details>
            )}
          </div>
        ))
      )}
      {!showAll && shownCases > FIRST_ROWS && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => setShowAll(true)} data-testid="test-results-show-all">
            Show all {shownCases} tests
          </button>
        </div>
      )}
    </section>
  );
}

function CaseRow({ testCase, repository, quarantined = false }: { testCase: LiveCase; repository: string; quarantined?: boolean }) {
  const [open, setOpen] = useState(false);
  const message = testCase.failures[0]?.message ?? (testCase.outcome === 'skipped' ? testCase.skipMessage : null);
  const expandable = testCase.failures.length > 0 || testCase.attempts.length > 0 || testCase.stdout !== '' || testCase.stderr !== '' || testCase.skipMessage !== null || testCase.file !== null;
  return (
    <li className={`test-case test-case-${testCase.outcome ?? 'running'}${open ? ' open' : ''}`} data-testid="test-case" data-outcome={testCase.outcome ?? 'running'} data-name={testCase.name}>
      <button type="button" className="test-case-head" onClick={() => setOpen((value) => !value)} aria-expanded={open} disabled={!expandable && testCase.outcome !== null}>
        <OutcomeBadge outcome={testCase.outcome} />
        <span className="test-case-name mono" title={testCase.id}>
          {testCase.name}
        </span>
        {quarantined && <QuarantineBadge />}
        {testCase.attempts.length > 1 && (
          <span className="test-attempts small" data-testid="test-case-attempts">
            {testCase.attempts.length} attempts
          </span>
        )}
        <span className="test-case-duration small muted">{formatTestDuration(testCase.durationMs)}</span>
        {message && <span className="test-case-message small">{firstLine(message)}</span>}
      </button>
      {open && (
        <div className="test-case-body" data-testid="test-case-body">
          <div className="test-case-where small">
            <span className="mono">{testCase.id}</span>
            {testCase.file && (
              <span className="muted mono">
                {' '}
                · {testCase.file}
                {testCase.line !== null && `:${testCase.line}`}
              </span>
            )}
            <Link href={hrefOf({ page: 'test-history', id: testCase.id, repository })} className="test-history-link" data-testid="test-case-history">
              History
            </Link>
          </div>
          {testCase.failures.map((failure, index) => (
            <FailureBlock key={index} failure={failure} />
          ))}
          {testCase.outcome === 'skipped' && testCase.skipMessage && <p className="small">Skipped: {testCase.skipMessage}</p>}
          {testCase.attempts.length > 0 && (
            <ol className="test-attempt-list" data-testid="test-case-attempt-list">
              {testCase.attempts.map((attempt) => (
                <li key={attempt.number}>
                  <span className="muted small">Attempt {attempt.number}</span> <OutcomeBadge outcome={attempt.outcome} />{' '}
                  <span className="muted small">{formatTestDuration(attempt.durationMs)}</span>
                  {attempt.failure?.message && <span className="mono small test-message-line">{attempt.failure.message}</span>}
                </li>
              ))}
            </ol>
          )}
          {testCase.stdout && <OutputBlock label="Standard output" text={testCase.stdout} />}
          {testCase.stderr && <OutputBlock label="Standard error" text={testCase.stderr} />}
        </div>
      )}
    </li>
  );
}

function FailureBlock({ failure }: { failure: LiveFailure }) {
  return (
    <div className="test-failure" data-testid="test-failure">
      <p className="test-failure-message">
        {failure.type && <strong className="mono">{failure.type}: </strong>}
        <span className="mono">{failure.message ?? '(no message)'}</span>
      </p>
      {failure.stack && (
        <details className="test-output-block" data-testid="test-failure-stack">
          <summary>Stack trace</summary>
          <pre className="test-pre">{failure.stack}</pre>
        </details>
      )}
    </div>
  );
}

function OutputBlock({ label, text }: { label: string; text: string }) {
  return (
    <details className="test-output-block" data-testid="test-case-output">
      <summary>{label}</summary>
      <pre className="test-pre">{text}</pre>
    </details>
  );
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
