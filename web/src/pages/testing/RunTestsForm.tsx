import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { RepositoryView } from '../../api/gitTypes';
import type { TestingClient } from '../../api/testingClient';
import type { DetectedTestProject, TestDetectionView, TestRunView, ToolchainReport } from '../../api/testingTypes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { projectKey, toolchainOf } from './runForm';
import { projectLabel } from './TestingBadges';

type FormField = 'repository' | 'project' | 'retries' | 'timeoutSeconds';
const SERVER_FIELDS: Record<string, FormField> = { repository: 'repository', project: 'project', framework: 'project', retries: 'retries', timeoutSeconds: 'timeoutSeconds' };

interface RunTestsFormProps {
  testing: TestingClient;
  repositories: RepositoryView[];
  repositoriesError: string | undefined;
  initialRepository: string | undefined;
  onCancel: () => void;
  onStarted: (run: TestRunView) => void;
}

/**
 * Starts a run (operators and admins): a registered repository, what detection found in it with each framework's
 * toolchain (a missing tool names the package to install), an optional project, retries and a timeout.
 */
export function RunTestsForm({ testing, repositories, repositoriesError, initialRepository, onCancel, onStarted }: RunTestsFormProps) {
  const [repository, setRepository] = useState(initialRepository && repositories.some((r) => r.name === initialRepository) ? initialRepository : '');
  const [detection, setDetection] = useState<TestDetectionView | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [detectError, setDetectError] = useState<string>();
  const [project, setProject] = useState('');
  const [retries, setRetries] = useState('0');
  const [timeout, setTimeoutText] = useState('');
  const [coverage, setCoverage] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [more, setMore] = useState<string[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField, string[]>>>({});

  // The first repository is chosen for the user once the list is there.
  useEffect(() => {
    if (!repository && repositories[0]) setRepository(repositories[0].name);
  }, [repository, repositories]);

  // Detection (with the toolchain probe) runs for each repository chosen, so the choices below are real.
  useEffect(() => {
    setDetection(null);
    setProject('');
    setDetectError(undefined);
    if (!repository) return;
    const controller = new AbortController();
    setDetecting(true);
    testing
      .detect(repository, {}, controller.signal)
      .then((view) => setDetection(view))
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setDetectError(messageOf(caught));
      })
      .finally(() => {
        if (!controller.signal.aborted) setDetecting(false);
      });
    return () => controller.abort();
  }, [testing, repository]);

  const projects = detection?.report.projects ?? [];
  const chosen = projects.find((item) => projectKey(item) === project);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMore([]);
    const errors: Partial<Record<FormField, string[]>> = {};
    const retryCount = Number(retries);
    if (!repository) errors.repository = ['Choose a repository.'];
    if (!Number.isInteger(retryCount) || retryCount < 0 || retryCount > 10) errors.retries = ['Retries are a whole number from 0 to 10.'];
    const timeoutSeconds = timeout.trim() ? Number(timeout) : undefined;
    if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 86_400)) {
      errors.timeoutSeconds = ['The timeout is a whole number of seconds from 1 to 86400.'];
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setError('Some fields need fixing.');
      return;
    }
    setBusy(true);
    try {
      const run = await testing.startRun({
        repository,
        ...(chosen ? { project: chosen.root, framework: chosen.framework } : {}),
        retries: retryCount,
        ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
        ...(coverage ? { coverage } : {}),
      });
      onStarted(run);
    } catch (caught) {
      const sorted = caught instanceof ApiError ? sortFieldErrors(caught.fieldErrors, SERVER_FIELDS) : { byField: {}, other: [] };
      setFieldErrors(sorted.byField);
      setMore(sorted.other);
      setError(Object.keys(sorted.byField).length > 0 ? 'Some fields need fixing.' : messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <form className="card form test-run-form" onSubmit={(event) => void submit(event)} noValidate data-testid="testing-run-form">
      <h2>Run tests</h2>
      <ErrorBanner message={error ?? repositoriesError} more={more} testId="testing-run-error" />
      {repositories.length === 0 && !repositoriesError ? (
        <p className="empty" data-testid="testing-run-no-repositories">
          No repositories are registered. Register one on the Git page first.
        </p>
      ) : (
        <div className="form-grid">
          <Field label="Repository" htmlFor="testing-run-repository" errors={fieldErrors.repository}>
            <select id="testing-run-repository" value={repository} onChange={(event) => setRepository(event.target.value)} data-testid="testing-run-repository" {...describedBy('testing-run-repository', false, fieldErrors.repository)}>
              {repositories.map((item) => (
                <option key={item.name} value={item.name}>
                  {item.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Project" htmlFor="testing-run-project" errors={fieldErrors.project} optional hint={detecting ? 'Looking for test projects…' : 'Every project found runs unless you pick one.'}>
            <select id="testing-run-project" value={project} onChange={(event) => setProject(event.target.value)} disabled={detecting || projects.length === 0} data-testid="testing-run-project">
              <option value="">All projects{projects.length > 0 ? ` (${projects.length})` : ''}</option>
              {projects.map((item) => (
                <option key={projectKey(item)} value={projectKey(item)} disabled={!item.supported}>
                  {projectLabel(item, repository)} · {item.framework}
                  {item.supported ? '' : ' (not run)'}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Retries" htmlFor="testing-run-retries" errors={fieldErrors.retries} hint="Failed tests run again up to this many times; one that passes on a retry is flaky.">
            <input id="testing-run-retries" type="number" min={0} max={10} step={1} value={retries} onChange={(event) => setRetries(event.target.value)} data-testid="testing-run-retries" />
          </Field>
          <Field label="Timeout (seconds)" htmlFor="testing-run-timeout" errors={fieldErrors.timeoutSeconds} optional hint="Per project; the server's default when blank.">
            <input id="testing-run-timeout" type="number" min={1} max={86400} step={1} value={timeout} onChange={(event) => setTimeoutText(event.target.value)} data-testid="testing-run-timeout" />
          </Field>
          <label className="checkbox" title="Runs each project under its coverage tool; the run's page gains a Coverage tab.">
            <input type="checkbox" checked={coverage} onChange={(event) => setCoverage(event.target.checked)} data-testid="testing-run-coverage" />
            Measure coverage
          </label>
        </div>
      )}

      <ErrorBanner message={detectError} testId="testing-detect-error" />
      {detection && <DetectionSummary detection={detection} chosen={chosen} repository={repository} />}

      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !repository} data-testid="testing-run-submit">
          {busy ? 'Starting…' : 'Run'}
        </button>
      </div>
    </form>
  );
}

/** What detection found, and for each project whether its tools are installed (or which package to install). */
function DetectionSummary({ detection, chosen, repository }: { detection: TestDetectionView; chosen: DetectedTestProject | undefined; repository: string }) {
  const { projects, warnings } = detection.report;
  const shown = chosen ? [chosen] : projects;
  if (projects.length === 0) {
    return (
      <p className="empty" data-testid="testing-detect-none">
        No test project was found in this repository{warnings.length > 0 ? `: ${warnings.join(' ')}` : '.'}
      </p>
    );
  }
  return (
    <ul className="test-detected" data-testid="testing-detected">
      {shown.map((item) => (
        <DetectedProject key={projectKey(item)} project={item} repository={repository} toolchain={toolchainOf(detection.toolchains, item)} />
      ))}
      {warnings.map((warning) => (
        <li key={warning} className="muted small">
          {warning}
        </li>
      ))}
    </ul>
  );
}

function DetectedProject({ project, repository, toolchain }: { project: DetectedTestProject; repository: string; toolchain: ToolchainReport | undefined }) {
  const missing = toolchain?.tools.filter((tool) => tool.required && !tool.present) ?? [];
  const ready = toolchain ? toolchain.ready : null;
  return (
    <li className="test-detected-item" data-testid="testing-detected-project" data-framework={project.framework} data-ready={ready === null ? 'unknown' : String(ready)}>
      <div className="test-detected-head">
        <strong>{projectLabel(project, repository)}</strong>
        <span className="tag">{project.framework}</span>
        <span className="muted small">
          {project.testFileCount} test file{project.testFileCount === 1 ? '' : 's'}
        </span>
        {!project.supported ? (
          <span className="text-amber small">{project.note ?? 'recognised, not run'}</span>
        ) : ready === true ? (
          <span className="text-green small" data-testid="testing-toolchain-ready">
            ✓ {toolchain?.tools.filter((tool) => tool.required).map((tool) => `${tool.tool}${tool.version ? ` ${tool.version}` : ''}`).join(', ')}
          </span>
        ) : ready === false ? (
          <span className="text-red small">toolchain missing</span>
        ) : null}
      </div>
      {missing.length > 0 && (
        <ul className="test-missing-tools" data-testid="testing-toolchain-missing">
          {missing.map((tool) => (
            <li key={tool.tool}>
              <strong>{tool.tool}</strong> is missing{tool.problem ? ` (${tool.problem})` : ''}: install the {tool.packageManager === 'npm' ? 'npm' : 'Debian'} package{' '}
              <code>{tool.package}</code> — <code className="mono">{tool.install}</code>
            </li>
          ))}
        </ul>
      )}
      {project.command.length > 0 && <code className="mono small test-command">{project.command.join(' ')}</code>}
    </li>
  );
}
