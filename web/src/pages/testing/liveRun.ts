import type { TestOutcome, TestRunEvent, TestRunStatus, TestRunView, TestTotals } from '../../api/testingTypes';
import { TEST_OUTCOMES, TEST_RUN_STATUSES } from '../../api/testingTypes';
import { timeSpanMs } from './testingText';

/** Why a case (or a suite outside its cases) failed, as the event stream says it. */
export interface LiveFailure {
  kind: string | null;
  message: string | null;
  type: string | null;
  stack: string | null;
}

export interface LiveAttempt {
  number: number;
  outcome: TestOutcome;
  durationMs: number | null;
  failure: LiveFailure | null;
}

export interface LiveCase {
  /** Unique in the run: the project root and the stream's case key. */
  key: string;
  project: string;
  suiteKey: string;
  id: string;
  name: string;
  className: string | null;
  file: string | null;
  line: number | null;
  /** Null while the case runs. */
  outcome: TestOutcome | null;
  durationMs: number | null;
  startedAt: string | null;
  failures: LiveFailure[];
  skipMessage: string | null;
  attempts: LiveAttempt[];
  stdout: string;
  stderr: string;
}

export interface LiveSuite {
  key: string;
  project: string;
  name: string;
  /** The names from the outermost suite down to this one. */
  path: string[];
  file: string | null;
  errors: LiveFailure[];
  caseKeys: string[];
  output: string;
}

export type ProjectState = 'waiting' | 'running' | 'finished';

export interface LiveProject {
  root: string;
  framework: string;
  name: string;
  variant: string | null;
  testFileCount: number | null;
  state: ProjectState;
  exitCode: number | null;
  timedOut: boolean;
  error: string | null;
  /** Counts of this project's cases as they finished. */
  counts: OutcomeCounts;
  suiteKeys: string[];
  /** Output of the run outside any suite (compiler messages, a crash). */
  output: string;
}

export interface OutcomeCounts {
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  /** Cases that started (or finished without a start event, from a report). */
  started: number;
  finished: number;
}

const emptyCounts = (): OutcomeCounts => ({ passed: 0, failed: 0, errored: 0, skipped: 0, flaky: 0, started: 0, finished: 0 });

/**
 * A run's event log folded into what the run page shows: counts per outcome, the test in progress, each project and
 * every case with its failures, attempts and output. Mutable on purpose: a run can send tens of thousands of events,
 * and copying maps per event would be quadratic; the page re-renders on a version counter instead.
 */
export class LiveRunFold {
  run: TestRunView | null = null;
  status: TestRunStatus | null = null;
  repository: string | null = null;
  commitSha: string | null = null;
  branch: string | null = null;
  counts: OutcomeCounts = emptyCounts();
  readonly projects = new Map<string, LiveProject>();
  readonly suites = new Map<string, LiveSuite>();
  readonly cases = new Map<string, LiveCase>();
  /** Cases started and not finished, oldest first; the last is "the current test". */
  readonly #running = new Set<string>();
  warnings: string[] = [];
  cancelRequestedBy: string | null = null;
  eventsDropped = false;
  lastSequence = 0;
  /** How many events were applied; the page's re-render key. */
  version = 0;

  static of(events: readonly TestRunEvent[], base?: TestRunView): LiveRunFold {
    const fold = new LiveRunFold();
    if (base) fold.setRun(base);
    for (const event of events) fold.apply(event);
    return fold;
  }

  /**
   * The run as HTTP read it; events that come later win over it. A read answered after the stream moved on (queued
   * while a `started` event was already applied) must not take the status back: a run only moves forward.
   */
  setRun(run: TestRunView): void {
    this.run = run;
    if (this.status === null || statusStage(run.status) >= statusStage(this.status)) this.status = run.status;
    this.repository = run.repository;
    this.commitSha = run.commitSha;
    this.branch = run.branch;
    this.version += 1;
  }

  /** The case running now (the latest started and not finished), if any. */
  get current(): LiveCase | null {
    let last: string | undefined;
    for (const key of this.#running) last = key;
    return last === undefined ? null : (this.cases.get(last) ?? null);
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /** Final totals: the server's once the run finished, otherwise the counts so far. */
  get totals(): TestTotals | null {
    return this.run && this.status && this.run.status === this.status && isFinal(this.status) ? this.run.totals : null;
  }

  apply(event: TestRunEvent): void {
    // The stream replays from `after`, and a reconnect may overlap: an event seen already changes nothing.
    if (event.sequence <= this.lastSequence) return;
    this.lastSequence = event.sequence;
    this.version += 1;
    const data = event.data ?? {};
    switch (event.type) {
      case 'queued':
      case 'finished': {
        const run = asRun(data);
        if (run) this.setRun(run);
        if (event.type === 'finished') this.#running.clear();
        return;
      }
      case 'started':
        this.status = 'running';
        this.commitSha = str(data.commitSha) ?? this.commitSha;
        this.branch = str(data.branch) ?? this.branch;
        return;
      case 'detected':
        this.#detected(data);
        return;
      case 'project-finished':
        this.#projectFinished(event.project ?? str(data.root) ?? '.', data);
        return;
      case 'cancel-requested':
        this.cancelRequestedBy = str(data.requestedBy) ?? 'someone';
        return;
      case 'events-dropped':
        this.eventsDropped = true;
        return;
      default:
        if (event.project !== null) this.#testEvent(event.project, event.type, data);
    }
  }

  #detected(data: Record<string, unknown>): void {
    this.repository = str(data.repository) ?? this.repository;
    this.warnings = Array.isArray(data.warnings) ? data.warnings.filter((w): w is string => typeof w === 'string') : [];
    for (const item of Array.isArray(data.projects) ? data.projects : []) {
      if (!isRecord(item)) continue;
      const root = str(item.root) ?? '.';
      const project = this.#project(root);
      project.framework = str(item.framework) ?? project.framework;
      project.name = str(item.name) ?? project.name;
      project.variant = str(item.variant);
      project.testFileCount = num(item.testFileCount);
    }
  }

  #projectFinished(root: string, data: Record<string, unknown>): void {
    const project = this.#project(root);
    project.state = 'finished';
    project.framework = str(data.framework) ?? project.framework;
    project.exitCode = num(data.exitCode);
    project.timedOut = data.timedOut === true;
    project.error = str(data.error);
  }

  #testEvent(root: string, type: string, data: Record<string, unknown>): void {
    const project = this.#project(root);
    if (project.state === 'waiting') project.state = 'running';
    switch (type) {
      case 'run-started':
        project.framework = str(data.framework) ?? project.framework;
        return;
      case 'suite-started': {
        const key = str(data.suiteKey);
        if (!key) return;
        const parent = str(data.parentKey);
        const parentPath = parent ? (this.suites.get(`${root}\u0000${parent}`)?.path ?? []) : [];
        const suite = this.#suite(root, key);
        suite.name = str(data.name) ?? suite.name;
        suite.path = [...parentPath, suite.name];
        suite.file = str(data.file) ?? suite.file;
        return;
      }
      case 'suite-finished': {
        const key = str(data.suiteKey);
        if (key) this.#suite(root, key).errors = failures(data.errors);
        return;
      }
      case 'case-started': {
        const caseKey = str(data.caseKey);
        const suiteKey = str(data.suiteKey);
        if (!caseKey || !suiteKey) return;
        const known = this.cases.has(`${root}\u0000${caseKey}`);
        const testCase = this.#case(root, caseKey, suiteKey);
        testCase.id = str(data.id) ?? testCase.id;
        testCase.name = str(data.name) ?? testCase.name;
        testCase.className = str(data.className);
        testCase.file = str(data.file);
        testCase.line = num(data.line);
        testCase.startedAt = str(data.at);
        // A case sent again from the report when the stream missed its finish is not a new start.
        if (!known && testCase.outcome === null) this.#running.add(testCase.key);
        return;
      }
      case 'passed':
      case 'failed':
      case 'skipped': {
        const caseKey = str(data.caseKey);
        const outcome = outcomeOf(data.outcome) ?? (type === 'failed' ? 'failed' : type === 'skipped' ? 'skipped' : 'passed');
        if (!caseKey) return;
        const testCase = this.#case(root, caseKey, null);
        // A retried case finishes twice (failed, then flaky or failed for good): the last word counts, once.
        if (testCase.outcome !== null) this.#count(project, testCase.outcome, -1);
        testCase.outcome = outcome;
        testCase.durationMs = timeSpanMs(data.duration as string | null | undefined);
        testCase.failures = failures(data.failures);
        testCase.skipMessage = isRecord(data.skip) ? str(data.skip.message) : null;
        this.#count(project, outcome, 1);
        this.#running.delete(testCase.key);
        return;
      }
      case 'attempt': {
        const caseKey = str(data.caseKey);
        const attempt = isRecord(data.attempt) ? data.attempt : null;
        const outcome = attempt ? outcomeOf(attempt.outcome) : null;
        if (!caseKey || !attempt || !outcome) return;
        const testCase = this.#case(root, caseKey, null);
        const number = num(attempt.number) ?? testCase.attempts.length + 1;
        const next: LiveAttempt = {
          number,
          outcome,
          durationMs: timeSpanMs(attempt.duration as string | null | undefined),
          failure: isRecord(attempt.failure) ? failureOf(attempt.failure) : null,
        };
        testCase.attempts = [...testCase.attempts.filter((a) => a.number !== number), next].sort((a, b) => a.number - b.number);
        return;
      }
      case 'output': {
        const text = str(data.text);
        if (!text) return;
        const stream = data.stream === 'stderr' ? 'stderr' : 'stdout';
        const caseKey = str(data.caseKey);
        const suiteKey = str(data.suiteKey);
        if (caseKey) {
          const testCase = this.#case(root, caseKey, suiteKey);
          testCase[stream] += text;
        } else if (suiteKey) {
          this.#suite(root, suiteKey).output += text;
        } else {
          project.output += text;
        }
        return;
      }
      case 'run-finished':
        // A project's cases that never finished (a crash, a timeout) are not "running" any more.
        for (const key of [...this.#running]) if (this.cases.get(key)?.project === root) this.#running.delete(key);
        return;
      default:
        return;
    }
  }

  #count(project: LiveProject, outcome: TestOutcome, delta: 1 | -1): void {
    for (const counts of [this.counts, project.counts]) {
      counts[outcome] += delta;
      counts.finished += delta;
    }
  }

  #project(root: string): LiveProject {
    let project = this.projects.get(root);
    if (!project) {
      project = {
        root,
        framework: '',
        name: root,
        variant: null,
        testFileCount: null,
        state: 'waiting',
        exitCode: null,
        timedOut: false,
        error: null,
        counts: emptyCounts(),
        suiteKeys: [],
        output: '',
      };
      this.projects.set(root, project);
    }
    return project;
  }

  #suite(root: string, key: string): LiveSuite {
    const id = `${root}\u0000${key}`;
    let suite = this.suites.get(id);
    if (!suite) {
      suite = { key: id, project: root, name: key, path: [key], file: null, errors: [], caseKeys: [], output: '' };
      this.suites.set(id, suite);
      this.#project(root).suiteKeys.push(id);
    }
    return suite;
  }

  #case(root: string, caseKey: string, suiteKey: string | null): LiveCase {
    const key = `${root}\u0000${caseKey}`;
    let testCase = this.cases.get(key);
    if (!testCase) {
      // Events replayed from a report may name a case before (or without) its start; it still counts as started.
      const suite = this.#suite(root, suiteKey ?? '(no suite)');
      testCase = {
        key,
        project: root,
        suiteKey: suite.key,
        id: caseKey,
        name: caseKey,
        className: null,
        file: null,
        line: null,
        outcome: null,
        durationMs: null,
        startedAt: null,
        failures: [],
        skipMessage: null,
        attempts: [],
        stdout: '',
        stderr: '',
      };
      this.cases.set(key, testCase);
      suite.caseKeys.push(key);
      this.counts.started += 1;
      this.#project(root).counts.started += 1;
    }
    return testCase;
  }
}

/**
 * The first `position` events of a log folded, kept between calls: moving forward applies only the new events, moving
 * back folds again from the start (the fold cannot undo). Replay asks for a position on every step of the player.
 */
export class PrefixFold {
  #fold = new LiveRunFold();
  #applied = 0;

  at(events: readonly TestRunEvent[], position: number): LiveRunFold {
    const target = Math.max(0, Math.min(position, events.length));
    if (target < this.#applied) {
      this.#fold = new LiveRunFold();
      this.#applied = 0;
    }
    for (; this.#applied < target; this.#applied += 1) {
      const event = events[this.#applied];
      if (event) this.#fold.apply(event);
    }
    return this.#fold;
  }
}

function isFinal(status: TestRunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/** Where the bar stands, 0..1: cases finished of those expected (the last comparable run's total), else projects done. */
export function progressOf(fold: LiveRunFold, expectedTotal: number | null): { value: number; basis: 'cases' | 'projects' | 'none' } {
  if (fold.status !== null && isFinal(fold.status)) return { value: 1, basis: 'cases' };
  if (expectedTotal !== null && expectedTotal > 0) return { value: Math.min(0.99, fold.counts.finished / expectedTotal), basis: 'cases' };
  const projects = [...fold.projects.values()];
  if (projects.length === 0) return { value: 0, basis: 'none' };
  const done = projects.filter((project) => project.state === 'finished').length;
  return { value: Math.min(0.99, done / projects.length), basis: 'projects' };
}

export type OutcomeFilter = TestOutcome | 'all' | 'running' | 'problems';

export interface CaseGroup {
  project: LiveProject;
  suites: { suite: LiveSuite; cases: LiveCase[] }[];
}

/** The cases to show, by project then suite, filtered by outcome and by a search over id, name, class and file. */
export function groupCases(fold: LiveRunFold, filter: OutcomeFilter, query: string): CaseGroup[] {
  const needle = query.trim().toLowerCase();
  const wanted = (testCase: LiveCase): boolean => {
    if (filter === 'running' ? testCase.outcome !== null : filter === 'problems' ? testCase.outcome !== 'failed' && testCase.outcome !== 'errored' && testCase.outcome !== 'flaky' : filter !== 'all' && testCase.outcome !== filter) {
      return false;
    }
    if (!needle) return true;
    return [testCase.id, testCase.name, testCase.className ?? '', testCase.file ?? ''].some((text) => text.toLowerCase().includes(needle));
  };
  const groups: CaseGroup[] = [];
  for (const project of fold.projects.values()) {
    const suites: CaseGroup['suites'] = [];
    for (const suiteKey of project.suiteKeys) {
      const suite = fold.suites.get(suiteKey);
      if (!suite) continue;
      const cases = suite.caseKeys.map((key) => fold.cases.get(key)).filter((c): c is LiveCase => c !== undefined && wanted(c));
      if (cases.length > 0) suites.push({ suite, cases });
    }
    if (suites.length > 0) groups.push({ project, suites });
  }
  return groups;
}

function asRun(data: Record<string, unknown>): TestRunView | null {
  return typeof data.id === 'string' && typeof data.status === 'string' && (TEST_RUN_STATUSES as readonly string[]).includes(data.status) && isRecord(data.totals)
    ? (data as unknown as TestRunView)
    : null;
}

function outcomeOf(value: unknown): TestOutcome | null {
  return typeof value === 'string' && (TEST_OUTCOMES as readonly string[]).includes(value) ? (value as TestOutcome) : null;
}

function failures(value: unknown): LiveFailure[] {
  return Array.isArray(value) ? value.filter(isRecord).map(failureOf) : [];
}

function failureOf(value: Record<string, unknown>): LiveFailure {
  return { kind: str(value.kind), message: str(value.message), type: str(value.type), stack: str(value.stack) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Queued, then running, then one of the final statuses: the order a run's status moves in. */
function statusStage(status: TestRunStatus): number {
  return status === 'queued' ? 0 : status === 'running' ? 1 : 2;
}
