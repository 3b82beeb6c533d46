import { useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../api/client';
import { TestingClient, exportFileName } from '../../api/testingClient';
import { EXPORT_FORMATS, type ExportFormat, type TestRunDetails, type TestRunView } from '../../api/testingTypes';
import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { hrefOf, type Route } from '../../app/routes';
import { canOperate } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatDuration, formatTimestamp } from '../../lib/format';
import { REPLAY_SPEEDS } from '../../lib/replayPlayer';
import { progressOf, type LiveRunFold } from './liveRun';
import { RunResults } from './RunResults';
import { RunViewTabs, CoverageExplorer } from './coverage';
import { CountsLine, RunStatusBadge, projectLabel } from './TestingBadges';
import { isRunFinished, shortSha } from './testingText';
import { useLiveRun, useRunReplay, type Connection, type RunReplay } from './useLiveRun';
import './testing.css';

const EXPORT_LABELS: Record<ExportFormat, string> = { junit: 'JUnit XML', trx: 'TRX', json: 'JSON events' };

/** A run: live progress while it goes (counts, a bar, the test in progress, projects), then its results, exports and replay. */
export function TestRunPage({ id, route }: { id: string; route?: Extract<Route, { page: 'test-run' }> }) {
  const { client, caller } = useSession();
  const testing = useMemo(() => new TestingClient(client), [client]);
  const live = useLiveRun(testing, id);
  const replay = useRunReplay(testing, id);
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState<string | null>(null);
  const expected = useExpectedTotal(testing, live.fold.run);

  const replaying = replay.phase === 'ready' && replay.fold !== null;
  const fold = replaying && replay.fold ? replay.fold : live.fold;
  const run = live.fold.run;
  const status = fold.status ?? run?.status ?? null;
  const finished = status !== null && isRunFinished(status);
  const operator = canOperate(caller.role);

  const cancel = async () => {
    setBusy('cancel');
    setActionError(undefined);
    try {
      await testing.cancelRun(id);
      live.refresh();
    } catch (caught) {
      setActionError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setActionError(undefined);
    try {
      const blob = await testing.exportRun(id, format);
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = exportFileName(id, format);
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (caught) {
      setActionError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  if (!run) {
    return (
      <>
        <PageHeader breadcrumb={<Link href="/testing">Testing</Link>} title={<span className="mono">{id}</span>} />
        {live.loadError ? <ErrorBanner message={live.loadError} onRetry={live.refresh} testId="test-run-error" /> : <Loading />}
      </>
    );
  }

  return (
    <>
      <PageHeader
        breadcrumb={<Link href={hrefOf({ page: 'testing', ...(run.repository ? { repository: run.repository } : {}) })}>Testing</Link>}
        title={
          <span className="test-run-title">
            {run.repository || 'Test run'}
            {status && <RunStatusBadge status={status} testId="test-run-status" />}
          </span>
        }
        subtitle={<span className="mono small">{id}</span>}
        actions={
          <>
            {!finished && operator && !replaying && (
              <button type="button" className="button button-danger-outline" onClick={() => void cancel()} disabled={busy !== null || fold.cancelRequestedBy !== null} data-testid="test-run-cancel">
                {busy === 'cancel' || fold.cancelRequestedBy ? 'Cancelling…' : 'Cancel run'}
              </button>
            )}
            {finished && replay.phase === 'off' && route?.view !== 'coverage' && (
              <button type="button" className="button" onClick={replay.start} data-testid="test-run-replay" title="Play the recorded events back, at a chosen speed">
                Replay
              </button>
            )}
            {finished && (
              <div className="test-exports" role="group" aria-label="Export">
                {EXPORT_FORMATS.map((format) => (
                  <button key={format} type="button" className="button button-small" onClick={() => void download(format)} disabled={busy !== null} data-testid={`test-run-export-${format}`}>
                    {busy === format ? 'Exporting…' : EXPORT_LABELS[format]}
                  </button>
                ))}
              </div>
            )}
          </>
        }
      />

      <ErrorBanner message={actionError} testId="test-run-action-error" />
      <ErrorBanner message={live.loadError} onRetry={live.refresh} />
      {replay.phase === 'loading' && <Loading label="Reading the recorded events…" />}
      <ErrorBanner message={replay.phase === 'error' ? `Cannot replay: ${replay.error ?? 'the events could not be read.'}` : undefined} onRetry={replay.start} testId="test-run-replay-error" />
      {replaying && <ReplayControls replay={replay} />}

      <RunViewTabs id={id} view={route?.view} hasCoverage={Boolean(live.details?.coverage)} />
      {route?.view === 'coverage' ? (
        <CoverageExplorer testing={testing} runId={id} file={route.file} line={route.line} />
      ) : (
        <>
          <Progress fold={fold} run={run} expected={expected} connection={replaying ? 'replay' : live.connection} onReconnect={live.reconnect} />
          <ProjectsTable fold={fold} repository={run.repository} />
          <RunResults fold={fold} version={replaying ? replay.state.position : live.version} repository={run.repository} quarantined={quarantinedCases(live.details)} />
        </>
      )}
    </>
  );
}

/** The cases the server marked quarantined when the run ended (their failures did not fail it). */
function quarantinedCases(details: TestRunDetails | null): ReadonlySet<string> {
  return new Set(details?.results.filter((result) => result.quarantined).map((result) => result.id) ?? []);
}

/** How many tests the last comparable finished run had: what the progress bar counts toward. */
function useExpectedTotal(testing: TestingClient, run: TestRunView | null): number | null {
  const [expected, setExpected] = useState<number | null>(null);
  const key = run && !isRunFinished(run.status) ? `${run.repository}\u0000${run.project ?? ''}\u0000${run.framework ?? ''}` : null;
  useEffect(() => {
    if (!run || key === null) return;
    const controller = new AbortController();
    testing
      .listRuns({ repository: run.repository, limit: 20 }, controller.signal)
      .then((page) => {
        const previous = page.items.find(
          (item) => item.id !== run.id && item.project === run.project && item.framework === run.framework && (item.status === 'passed' || item.status === 'failed') && item.tests.length === 0,
        );
        setExpected(previous ? previous.totals.total : null);
      })
      .catch(() => setExpected(null));
    return () => controller.abort();
    // Only a change of what is comparable matters, not every refresh of the run.
  }, [testing, key]);
  return expected;
}

type Shown = Connection | 'replay';

function Progress({ fold, run, expected, connection, onReconnect }: { fold: LiveRunFold; run: TestRunView; expected: number | null; connection: Shown; onReconnect: () => void }) {
  const counts = fold.counts;
  const totals = fold.totals;
  const finished = fold.status !== null && isRunFinished(fold.status);
  const progress = progressOf(fold, expected);
  const current = fold.current;
  const shown = totals ?? { passed: counts.passed, failed: counts.failed, errored: counts.errored, skipped: counts.skipped, flaky: counts.flaky, total: counts.finished };
  const startedAt = run.startedAt;
  const endedAt = run.finishedAt;
  return (
    <section className="card test-progress" aria-label="Progress" data-testid="test-run-progress" data-finished={finished}>
      <div className="cards test-counters">
        <Counter label="Passed" value={shown.passed} tone="green" testId="test-count-passed" />
        <Counter label="Failed" value={shown.failed + shown.errored} tone="red" testId="test-count-failed" note={shown.errored > 0 ? `${shown.errored} errored` : undefined} />
        <Counter label="Skipped" value={shown.skipped} tone="grey" testId="test-count-skipped" />
        <Counter label="Flaky" value={shown.flaky} tone="amber" testId="test-count-flaky" />
        <Counter label="Total" value={shown.total} tone="brand" testId="test-count-total" note={!finished && expected ? `of about ${expected}` : undefined} />
      </div>
      <div className="progress-row">
        <div
          className={`progress test-progress-bar${finished ? ` test-progress-${fold.status}` : ''}${!finished && progress.basis !== 'cases' ? ' test-progress-indeterminate' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress.value * 100)}
          data-testid="test-run-progress-bar"
        >
          <span style={{ width: `${Math.round(progress.value * 100)}%` }} />
        </div>
        <ConnectionState connection={connection} onReconnect={onReconnect} />
      </div>
      <div className="test-current small" data-testid="test-run-current">
        {fold.status === 'queued' ? (
          <span className="muted">Queued: waiting for a free slot.</span>
        ) : current ? (
          <>
            <span className="muted">Running </span>
            <span className="mono">{current.id}</span>
            {fold.runningCount > 1 && <span className="muted"> and {fold.runningCount - 1} more</span>}
          </>
        ) : finished ? (
          <span>
            <CountsLine {...shown} />
          </span>
        ) : (
          <span className="muted">{fold.projects.size === 0 ? 'Detecting test projects…' : 'Between tests…'}</span>
        )}
      </div>
      <dl className="test-facts small">
        <div>
          <dt>Trigger</dt>
          <dd>
            {run.trigger} by {run.requestedBy}
          </dd>
        </div>
        {(fold.branch || fold.commitSha) && (
          <div>
            <dt>Commit</dt>
            <dd className="mono">
              {fold.branch}
              {fold.commitSha && ` @${shortSha(fold.commitSha)}`}
            </dd>
          </div>
        )}
        <div>
          <dt>Started</dt>
          <dd>{formatTimestamp(startedAt ?? run.createdAt)}</dd>
        </div>
        {startedAt && endedAt && (
          <div>
            <dt>Took</dt>
            <dd>{formatDuration(Date.parse(endedAt) - Date.parse(startedAt))}</dd>
          </div>
        )}
        {run.retries > 0 && (
          <div>
            <dt>Retries</dt>
            <dd>{run.retries}</dd>
          </div>
        )}
      </dl>
      {run.error && finished && (
        <p className="banner banner-error test-run-error" data-testid="test-run-error-text">
          {run.error}
        </p>
      )}
      {fold.cancelRequestedBy && !finished && <p className="muted small">Cancel requested by {fold.cancelRequestedBy}.</p>}
      {fold.eventsDropped && <p className="muted small">Some output was too much to keep in the live log; the exports have all of it.</p>}
      {fold.warnings.map((warning) => (
        <p key={warning} className="muted small">
          {warning}
        </p>
      ))}
    </section>
  );
}

function Counter({ label, value, tone, testId, note }: { label: string; value: number; tone: string; testId: string; note?: string | undefined }) {
  return (
    <div className={`stat test-counter test-counter-${tone}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {note && <div className="stat-note">{note}</div>}
    </div>
  );
}

function ConnectionState({ connection, onReconnect }: { connection: Shown; onReconnect: () => void }) {
  const labels: Record<Shown, string> = { connecting: 'connecting…', live: 'live', ended: 'finished', lost: 'connection lost', replay: 'replay' };
  return (
    <span className={`connection connection-${connection}`} data-testid="test-run-connection" data-connection={connection}>
      <span className="badge-dot" aria-hidden="true" />
      {labels[connection]}
      {connection === 'lost' && (
        <button type="button" className="button button-small" onClick={onReconnect}>
          Reconnect
        </button>
      )}
    </span>
  );
}

function ProjectsTable({ fold, repository }: { fold: LiveRunFold; repository: string }) {
  const projects = [...fold.projects.values()];
  if (projects.length === 0) return null;
  return (
    <section className="card card-flush" aria-label="Projects">
      <div className="card-header">
        <h2>Projects</h2>
      </div>
      <table className="table responsive" data-testid="test-run-projects">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">State</th>
            <th scope="col">Results</th>
            <th scope="col">Exit</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.root} data-testid="test-run-project" data-state={project.state}>
              <td data-label="Project" className="cell-summary">
                <div className="test-run-cell">
                  <span className="summary-text">{projectLabel(project, repository)}</span>
                  <span className="muted small">
                    {project.framework}
                    {project.variant && ` (${project.variant})`}
                    {project.testFileCount !== null && ` · ${project.testFileCount} test file${project.testFileCount === 1 ? '' : 's'}`}
                  </span>
                </div>
              </td>
              <td data-label="State">{project.state === 'running' ? <span className="text-blue">running</span> : project.state === 'waiting' ? <span className="muted">waiting</span> : 'finished'}</td>
              <td data-label="Results" className="nowrap">
                <CountsLine {...project.counts} />
              </td>
              <td data-label="Exit" className="test-exit">
                {project.timedOut ? (
                  <span className="text-red">timed out</span>
                ) : project.exitCode !== null ? (
                  <span className="mono">{project.exitCode}</span>
                ) : (
                  <span className="muted">—</span>
                )}
                {project.error && <span className="text-red small test-message-line">{project.error}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ReplayControls({ replay }: { replay: RunReplay }) {
  const { state, events } = replay;
  const current = state.position > 0 ? events[state.position - 1] : undefined;
  return (
    <section className="card replay-bar" aria-label="Replay" data-testid="test-replay-bar">
      <div className="replay-controls">
        <button type="button" className="button button-small button-primary" onClick={state.playing ? replay.pause : replay.play} disabled={state.total === 0} data-testid="test-replay-play" data-playing={state.playing}>
          {state.playing ? 'Pause' : state.position >= state.total && state.total > 0 ? 'Play again' : 'Play'}
        </button>
        <div className="segmented replay-speeds" role="group" aria-label="Speed">
          {REPLAY_SPEEDS.map((speed) => (
            <button key={speed} type="button" className={`replay-speed${state.speed === speed ? ' selected' : ''}`} aria-pressed={state.speed === speed} onClick={() => replay.setSpeed(speed)} data-testid={`test-replay-speed-${speed}`}>
              {speed}×
            </button>
          ))}
        </div>
        <span className="filters-spacer" />
        <button type="button" className="button button-small" onClick={replay.stop} data-testid="test-replay-exit">
          Back to results
        </button>
      </div>
      <div className="replay-scrub">
        <input
          type="range"
          min={0}
          max={state.total}
          step={1}
          value={state.position}
          onChange={(event) => replay.seek(Number(event.target.value))}
          aria-label="Replay position"
          aria-valuetext={`Event ${state.position} of ${state.total}`}
          data-testid="test-replay-slider"
        />
        <span className="replay-count mono small" data-testid="test-replay-position">
          {state.position}/{state.total}
        </span>
      </div>
      <div className="replay-current small" data-testid="test-replay-current">
        {current ? (
          <>
            <span className="mono muted">#{current.sequence}</span>
            <span className="timeline-type">{current.type}</span>
            {current.project && <span className="mono">{current.project}</span>}
            <span className="muted">{new Date(current.at).toLocaleTimeString()}</span>
          </>
        ) : (
          <span className="muted">Before the first event.</span>
        )}
      </div>
    </section>
  );
}
