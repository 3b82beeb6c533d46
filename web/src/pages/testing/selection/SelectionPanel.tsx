import { useState, type FormEvent } from 'react';
import { messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { CoverageMapSummary, SelectedTest, SelectedTestRunsView, SelectionMode, TestSelection } from '../../../api/testingTypes';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';
import { RunStatusBadge } from '../TestingBadges';
import { shortSha } from '../testingText';
import { EMPTY_SELECTION_FORM, describeChange, groupByProject, runsSomething, selectionHeadline, selectionRequestOf, type SelectionForm } from './selection';
import '../coverage/coverage.css';

/**
 * "What would run?": the tests a change (the working tree, or base..head) needs in safe or fast mode, each with why it
 * runs; an operator can start exactly those (one run per project, as `POST /runs` with `select` plans them).
 */
export function SelectionPanel({ testing, repositories, repository, operator }: { testing: TestingClient; repositories: string[]; repository: string | undefined; operator: boolean }) {
  const [form, setForm] = useState<SelectionForm>({ ...EMPTY_SELECTION_FORM, repository: repository ?? repositories[0] ?? '' });
  const [selection, setSelection] = useState<TestSelection | null>(null);
  const [asked, setAsked] = useState<SelectionForm | null>(null);
  const [started, setStarted] = useState<SelectedTestRunsView | null>(null);
  const [busy, setBusy] = useState<'select' | 'run' | 'maps' | null>(null);
  const [maps, setMaps] = useState<CoverageMapSummary[] | null>(null);
  const [error, setError] = useState<string>();
  const set = (patch: Partial<SelectionForm>) => setForm((previous) => ({ ...previous, ...patch }));
  const chosen = form.repository || repository || repositories[0] || '';

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = selectionRequestOf({ ...form, repository: chosen });
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setBusy('select');
    setError(undefined);
    setStarted(null);
    try {
      setSelection(await testing.select(parsed.request));
      setAsked({ ...form, repository: chosen });
    } catch (caught) {
      setSelection(null);
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  // The server selects again when it starts the runs: what runs is the selection of that moment, shown in the answer.
  const run = async () => {
    if (!asked) return;
    const parsed = selectionRequestOf(asked);
    if ('error' in parsed) return;
    setBusy('run');
    setError(undefined);
    try {
      const view = await testing.startSelectedRuns(parsed.request);
      setStarted(view);
      setSelection(view.selection);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  const buildMaps = async () => {
    setBusy('maps');
    setError(undefined);
    try {
      setMaps(await testing.buildCoverageMaps(chosen));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <form className="card" onSubmit={(event) => void ask(event)} aria-label="What would run?" data-testid="selection-form">
        <div className="card-header">
          <h2>What would run?</h2>
          <span className="muted small">the tests a change needs, and why each one runs</span>
        </div>
        <div className="sel-form">
          <Field label="Repository" htmlFor="selection-repository">
            <select id="selection-repository" value={chosen} onChange={(event) => set({ repository: event.target.value })} data-testid="selection-repository">
              {repositories.length === 0 && <option value="">No repository registered</option>}
              {repositories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Changes" htmlFor="selection-changes">
            <select id="selection-changes" value={form.changes} onChange={(event) => set({ changes: event.target.value as SelectionForm['changes'] })} data-testid="selection-changes">
              <option value="working-tree">Uncommitted (vs HEAD)</option>
              <option value="commits">Between two revisions</option>
            </select>
          </Field>
          {form.changes === 'commits' && (
            <>
              <Field label="Base" htmlFor="selection-base">
                <input id="selection-base" value={form.base} onChange={(event) => set({ base: event.target.value })} placeholder="main, HEAD~1, a commit" data-testid="selection-base" />
              </Field>
              <Field label="Head" htmlFor="selection-head" optional>
                <input id="selection-head" value={form.head} onChange={(event) => set({ head: event.target.value })} placeholder="HEAD" data-testid="selection-head" />
              </Field>
            </>
          )}
          <Field label="Mode" htmlFor="selection-mode">
            <select id="selection-mode" value={form.mode} onChange={(event) => set({ mode: event.target.value as SelectionMode })} data-testid="selection-mode">
              <option value="safe">Safe: every affected test</option>
              <option value="fast">Fast: the likeliest, to a confidence</option>
            </select>
          </Field>
          {form.mode === 'fast' && (
            <Field label="Confidence (%)" htmlFor="selection-confidence">
              <input id="selection-confidence" type="number" min={1} max={100} step={1} value={form.confidence} onChange={(event) => set({ confidence: event.target.value })} data-testid="selection-confidence" />
            </Field>
          )}
          <div className="sel-actions">
            <button type="submit" className="button button-primary" disabled={busy !== null || !chosen} data-testid="selection-submit">
              {busy === 'select' ? 'Working out…' : 'Show the tests'}
            </button>
            {operator && (
              <button
                type="button"
                className="button"
                onClick={() => void buildMaps()}
                disabled={busy !== null || !chosen}
                title="Runs the pytest projects once with per-test coverage, so that selection knows which test ran which line"
                data-testid="selection-build-maps"
              >
                {busy === 'maps' ? 'Building maps (runs the tests)…' : 'Build coverage maps'}
              </button>
            )}
          </div>
        </div>
        {maps && (
          <p className="small muted sel-maps" data-testid="selection-maps">
            {maps.length === 0
              ? 'No pytest project to map: selection uses imports and changed test files.'
              : maps.map((map) => `Mapped ${map.project === '.' ? 'the repository root' : map.project}: ${map.tests} tests over ${map.files} files${map.commit ? ` at @${shortSha(map.commit)}${map.dirty ? ' with uncommitted changes' : ''}` : ''}.`).join(' ')}
          </p>
        )}
        <ErrorBanner message={error} testId="selection-error" />
      </form>

      {selection && <SelectionResult selection={selection} started={started} operator={operator} busy={busy} onRun={() => void run()} />}
    </>
  );
}

function SelectionResult({ selection, started, operator, busy, onRun }: { selection: TestSelection; started: SelectedTestRunsView | null; operator: boolean; busy: string | null; onRun: () => void }) {
  const changes = selection.changes;
  const groups = groupByProject(selection.tests);
  return (
    <section className="card card-flush sel-result" aria-label="Selected tests" data-testid="selection-result" data-run-all={selection.runAll} data-count={selection.tests.length}>
      <div className="card-header sel-result-head">
        <p className="sel-headline" data-testid="selection-headline">
          {selectionHeadline(selection)}
        </p>
        {operator && runsSomething(selection) && !started && (
          <button type="button" className="button button-primary" onClick={onRun} disabled={busy !== null} data-testid="selection-run">
            {busy === 'run' ? 'Starting…' : selection.runAll ? 'Run every test' : 'Run only these'}
          </button>
        )}
      </div>

      {started && (
        <div className="banner sel-started" data-testid="selection-started">
          <div>
            {started.runs.length === 0 ? (
              <p>Nothing to run: no test is affected any more.</p>
            ) : (
              <>
                <p>Started {started.runs.length === 1 ? 'a run' : `${started.runs.length} runs`}:</p>
                <ul>
                  {started.runs.map((item) => (
                    <li key={item.id}>
                      <Link href={hrefOf({ page: 'test-run', id: item.id })} className="mono" data-testid="selection-started-run">
                        {item.id}
                      </Link>{' '}
                      <RunStatusBadge status={item.status} /> <span className="muted small">{item.project ?? 'every project'}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      )}

      <div className="sel-summary">
        <p className="small muted">
          {changes.source === 'working-tree' ? `Working tree against ${changes.baseName ?? 'HEAD'}` : `${changes.baseName ?? shortSha(changes.base ?? '')}..${changes.headName ?? shortSha(changes.head ?? '')}`}
          {`: ${changes.files.length} changed file${changes.files.length === 1 ? '' : 's'}`} · {selection.mode} mode
          {selection.mode === 'fast' && ` (confidence ${Math.round(selection.confidence * 100)}%)`}
        </p>
        {changes.files.length > 0 && (
          <ul className="sel-changes mono small" data-testid="selection-changes-list">
            {changes.files.slice(0, 50).map((file) => (
              <li key={`${file.oldPath ?? ''}${file.path}`}>{describeChange(file)}</li>
            ))}
            {changes.files.length > 50 && <li className="muted">… and {changes.files.length - 50} more</li>}
          </ul>
        )}
      </div>

      {selection.fallbacks.length > 0 && <Notes title="Why every test runs" notes={selection.fallbacks.map((note) => note.reason)} tone="warning" testId="selection-fallbacks" />}

      {groups.map((group) => (
        <div key={`${group.project}${group.framework}`} className="sel-group" data-testid="selection-project">
          <div className="sel-group-head">
            <span className="strong mono">{group.project === '.' ? '(repository root)' : group.project}</span>
            <span className="tag tag-muted">{group.framework}</span>
            <span className="muted small">{group.tests.length} selected</span>
          </div>
          <ul className="sel-tests">
            {group.tests.map((test) => (
              <TestItem key={test.id} test={test} showScore={selection.mode === 'fast'} />
            ))}
          </ul>
        </div>
      ))}

      {selection.dropped.length > 0 && (
        <Notes title={`Left out under the confidence (${selection.dropped.length})`} notes={selection.dropped.map((test) => `${test.id} (score ${test.score.toFixed(2)})`)} testId="selection-dropped" />
      )}
      {selection.ignored.length > 0 && <Notes title="Changes no test depends on" notes={selection.ignored.map((note) => `${note.file}: ${note.reason}`)} testId="selection-ignored" />}
      {selection.notes.length > 0 && <Notes title="How it was worked out" notes={selection.notes} testId="selection-notes" />}
    </section>
  );
}

function TestItem({ test, showScore }: { test: SelectedTest; showScore: boolean }) {
  return (
    <li data-testid="selection-test" data-id={test.id}>
      <div className="sel-test-id">
        <span className="mono">{test.id}</span>
        {test.wholeFile && <span className="tag tag-muted">whole file</span>}
        {showScore && <span className="muted small">score {test.score.toFixed(2)}</span>}
      </div>
      <ul className="sel-reasons">
        {test.reasons.map((reason) => (
          <li key={reason} data-testid="selection-reason">
            {reason}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Notes({ title, notes, tone, testId }: { title: string; notes: string[]; tone?: 'warning'; testId: string }) {
  return (
    <div className={tone === 'warning' ? 'banner banner-warning sel-warning' : 'sel-group sel-note-block'} data-testid={testId}>
      <div>
        <p className="strong small">
          {title}
        </p>
        <ul className="sel-notes small">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
