/** JSON shapes of `/api/v2/testing` (camelCase, enums kebab-case; durations are .NET TimeSpans: "00:00:01.2340000"). */

export const TEST_RUN_STATUSES = ['queued', 'running', 'passed', 'failed', 'errored', 'cancelled', 'timed-out'] as const;
export type TestRunStatus = (typeof TEST_RUN_STATUSES)[number];

export const TEST_OUTCOMES = ['passed', 'failed', 'errored', 'skipped', 'flaky'] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

/** The frameworks runs can be filtered by, as the server names them. */
export const TEST_FRAMEWORKS = ['pytest', 'jest', 'go-test', 'junit5', 'rspec', 'phpunit', 'dotnet-test', 'custom'] as const;

export const EXPORT_FORMATS = ['junit', 'trx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A TimeSpan as System.Text.Json writes it. */
export type TimeSpanText = string;

export interface TestTotals {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  suiteErrors: number;
  duration: TimeSpanText;
}

export interface TestRunView {
  id: string;
  repository: string;
  project: string | null;
  framework: string | null;
  tests: string[];
  retries: number;
  timeoutSeconds: number | null;
  trigger: string;
  requestedBy: string;
  commitSha: string | null;
  branch: string | null;
  status: TestRunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  totals: TestTotals;
  error: string | null;
  duration?: TimeSpanText | null;
  /** Failures of quarantined tests: shown, but they did not fail the run. */
  quarantinedFailures?: number;
  /** Who asked to cancel a run that is still stopping, and when (the runs list, live); null otherwise. */
  cancelRequestedBy?: string | null;
  cancelRequestedAt?: string | null;
}

export interface TestRunPage {
  items: TestRunView[];
  next: string | null;
}

export interface TestRunQuery {
  repository?: string | undefined;
  framework?: string | undefined;
  status?: TestRunStatus | undefined;
  limit?: number | undefined;
  before?: string | undefined;
}

export interface TestRunProjectView {
  root: string;
  framework: string;
  name: string;
  variant: string | null;
  exitCode: number | null;
  timedOut: boolean;
  error: string | null;
  totals: TestTotals;
}

export interface TestResultView {
  id: string;
  project: string;
  framework: string;
  suite: string;
  name: string;
  className: string | null;
  file: string | null;
  line: number | null;
  outcome: TestOutcome;
  duration: TimeSpanText | null;
  attempts: number;
  failureMessage: string | null;
  failureType: string | null;
  /** The test was quarantined when the run ended: its failure did not fail the run. */
  quarantined?: boolean;
}

export interface TestRunDetails {
  run: TestRunView;
  projects: TestRunProjectView[];
  results: TestResultView[];
  /** The run's coverage summary (without the tree); null when it measured none. */
  coverage?: RunCoverageSummary | null;
}

/** One event of a run's log: the run's own (`queued`, `detected`, `finished`, ...) or a project's test event. */
export interface TestRunEvent {
  sequence: number;
  type: string;
  at: string;
  project: string | null;
  data: Record<string, unknown> | null;
}

export interface TestRunEventPage {
  items: TestRunEvent[];
  next: number | null;
}

export interface StartTestRunRequest {
  repository: string;
  path?: string;
  project?: string;
  framework?: string;
  tests?: string[];
  retries?: number;
  timeoutSeconds?: number;
  /** Measure coverage (the run's page then has a Coverage tab). */
  coverage?: boolean;
}

export interface DetectionEvidence {
  file: string;
  reason: string;
}

export interface DetectedTestProject {
  framework: string;
  name: string;
  root: string;
  language: string;
  variant: string | null;
  supported: boolean;
  note: string | null;
  evidence: DetectionEvidence[];
  testFileGlobs: string[];
  testFileCount: number;
  command: string[];
}

export interface ToolStatus {
  tool: string;
  program: string;
  purpose: string;
  required: boolean;
  present: boolean;
  version: string | null;
  executable: string | null;
  package: string;
  packageManager: string;
  install: string;
  problem: string | null;
}

export interface ToolchainReport {
  framework: string;
  name: string;
  project: string | null;
  ready: boolean;
  tools: ToolStatus[];
}

export interface TestDetectionView {
  report: { repository: string; projects: DetectedTestProject[]; filesScanned: number; truncated: boolean; warnings: string[] };
  toolchains: ToolchainReport[] | null;
}

export interface TestCaseHistoryEntry {
  runId: string;
  repository: string;
  at: string;
  outcome: TestOutcome;
  duration: TimeSpanText | null;
  attempts: number;
  failureMessage: string | null;
  commitSha: string | null;
}

export interface TestCaseHistory {
  id: string;
  repository: string | null;
  runs: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  passRate: number | null;
  averageDuration: TimeSpanText | null;
  entries: TestCaseHistoryEntry[];
}

export interface TestTiming {
  id: string;
  repository: string;
  framework: string;
  name: string;
  file: string | null;
  runs: number;
  averageDuration: TimeSpanText;
  maxDuration: TimeSpanText;
  lastDuration: TimeSpanText | null;
}

export interface TestFailureCount {
  id: string;
  repository: string;
  framework: string;
  name: string;
  file: string | null;
  runs: number;
  failures: number;
  flaky: number;
  lastFailedAt: string | null;
  lastFailureMessage: string | null;
}

/** The filters of the slowest and most failing lists; `over` is how many recent runs are looked at. */
export interface TestRankingQuery {
  repository?: string | undefined;
  framework?: string | undefined;
  limit?: number | undefined;
  over?: number | undefined;
}

export interface TestImportOptions {
  repository?: string;
  file?: string;
  framework?: string;
  project?: string;
  commit?: string;
  branch?: string;
}

// ---- Coverage of runs (`/runs/{id}/coverage...`, `/coverage/trend`) ----

/** Covered and total counts; a percentage is null when there is nothing to measure (never a fake 0 or 100 %). */
export interface CoverageTotals {
  linesCovered: number;
  linesTotal: number;
  branchesCovered: number;
  branchesTotal: number;
  functionsCovered: number;
  functionsTotal: number;
  linePercent: number | null;
  branchPercent: number | null;
  functionPercent: number | null;
}

export type CoverageMetric = 'lines' | 'branches' | 'functions';

export interface CoverageGoal {
  path: string;
  metric: CoverageMetric;
  minimum: number;
  perFile: boolean;
}

/** A file under a goal's path below its minimum, and how many more lines (branches, functions) would reach it. */
export interface CoverageGoalMiss {
  path: string;
  covered: number;
  total: number;
  percent: number;
  needed: number;
}

export interface CoverageGoalResult {
  goal: CoverageGoal;
  passed: boolean;
  filesMatched: number;
  covered: number;
  total: number;
  percent: number | null;
  needed: number;
  missed: CoverageGoalMiss[];
  message: string;
}

export interface CoverageEnforcement {
  passed: boolean;
  goals: CoverageGoalResult[];
}

export interface CoverageTreeNode {
  name: string;
  /** Relative to the run's directory; the root is `.`. */
  path: string;
  kind: 'directory' | 'file';
  totals: CoverageTotals;
  children: CoverageTreeNode[];
}

export interface RunCoverageSummary {
  runId: string;
  repository: string;
  commitSha: string | null;
  branch: string | null;
  recordedAt: string;
  totals: CoverageTotals;
  files: number;
  goals: CoverageEnforcement | null;
  /** Why projects measured nothing ("pytest (.): install python3-coverage"). */
  unavailable: string[];
  /** Only from `GET /runs/{id}/coverage`. */
  tree?: CoverageTreeNode | null;
}

export const COVERAGE_LINE_STATES = ['covered', 'partial', 'missed', 'not-code'] as const;
export type CoverageLineState = (typeof COVERAGE_LINE_STATES)[number];

export interface CoverageLineView {
  number: number;
  /** Null when the source could not be read. */
  text: string | null;
  state: CoverageLineState;
  hits: number | null;
  branchesTotal?: number;
  branchesCovered?: number;
  branchHits?: number[] | null;
}

export interface CoverageFunction {
  name: string;
  line: number;
  hits: number;
  endLine?: number | null;
}

export interface CoverageSourceView {
  origin: 'commit' | 'working-tree' | 'none';
  commitSha: string | null;
  /** Whether the file on disk differs from what the run measured; null when unknown. */
  changedSince: boolean | null;
  note: string | null;
}

export interface CoverageFileView {
  runId: string;
  path: string;
  totals: CoverageTotals;
  source: CoverageSourceView;
  lines: CoverageLineView[];
  functions: CoverageFunction[];
}

/** A function whose tests would add most coverage; gains are percentage points of the run's totals. */
export interface CoverageSuggestion {
  path: string;
  function: string;
  line: number;
  endLine: number;
  neverCalled: boolean;
  missedLines: number;
  missedBranches: number;
  missedLineNumbers: number[];
  lineGain: number;
  branchGain: number;
}

export interface CoverageTrendPoint {
  runId: string;
  commitSha: string | null;
  branch: string | null;
  recordedAt: string;
  totals: CoverageTotals;
}

export const COVERAGE_REPORT_FORMATS = ['html', 'json', 'cobertura', 'lcov'] as const;
export type CoverageReportFormat = (typeof COVERAGE_REPORT_FORMATS)[number];

// ---- Change-based test selection (`POST /select`, `POST /runs` with `select`) ----

export type SelectionMode = 'safe' | 'fast';

/** Without base the working tree is compared with HEAD; head defaults to HEAD when a base is given. */
export interface SelectTestsRequest {
  repository: string;
  path?: string;
  base?: string;
  head?: string;
  mode?: SelectionMode;
  confidence?: number;
}

export interface LineRange {
  start: number;
  end: number;
}

export interface ChangedFile {
  path: string;
  kind: 'added' | 'modified' | 'deleted' | 'renamed';
  oldPath?: string | null;
  lines: LineRange[];
  oldLines: LineRange[];
  wholeFile: boolean;
  binary: boolean;
}

export interface ChangeSet {
  source: 'working-tree' | 'commits' | 'watcher';
  files: ChangedFile[];
  base: string | null;
  head: string | null;
  baseName: string | null;
  headName: string | null;
}

export interface SelectedTest {
  project: string;
  framework: string;
  /** The selector its framework takes (`tests/test_x.py::test_y`, or a whole file). */
  id: string;
  file: string;
  wholeFile: boolean;
  score: number;
  reasons: string[];
}

export interface SelectionNote {
  file: string;
  reason: string;
}

export interface SelectedProject {
  root: string;
  framework: string;
  selected: number;
  selectsByTest: boolean;
}

export interface TestSelection {
  repository: string;
  changes: ChangeSet;
  mode: SelectionMode;
  confidence: number;
  /** Some change's impact is unknown: every test runs (fallbacks say why). */
  runAll: boolean;
  fallbacks: SelectionNote[];
  ignored: SelectionNote[];
  tests: SelectedTest[];
  dropped: SelectedTest[];
  projects: SelectedProject[];
  notes: string[];
  knownTests: number;
}

/** A stored per-test coverage map (`POST /select/maps`): which project, at which commit, how many tests and files. */
export interface CoverageMapSummary {
  project: string;
  framework: string;
  commit: string | null;
  /** Built on a working tree with uncommitted changes. */
  dirty: boolean;
  builtAt: string;
  tests: number;
  files: number;
  unmatchedContexts: number;
}

/** `POST /runs` with `select`: the selection and one run per project it needs (none when nothing is affected). */
export interface SelectedTestRunsView {
  selection: TestSelection;
  runs: TestRunView[];
}

// Flaky tests, quarantine and the suite optimizer (`/flaky`, `/quarantine`, `/optimizer/report`).

export const FLAKY_STATUSES = ['flaky', 'broken', 'inconclusive', 'stable'] as const;
export type FlakyStatus = (typeof FLAKY_STATUSES)[number];
export type FlakyKind = 'random' | 'time-dependent' | 'order-dependent';
export type FlakySignal = 'passed-on-retry' | 'flip-on-same-commit' | 'flip-without-change' | 'passed-on-rerun' | 'fails-after-test';

export interface FlakyEvidence {
  signal: FlakySignal;
  weight: number;
  detail: string;
  runs: string[];
  commits: string[];
  attempts: string[];
  at: string | null;
}

export interface FlakyVerdict {
  repository: string;
  id: string;
  status: FlakyStatus;
  score: number;
  kind: FlakyKind;
  runs: number;
  failures: number;
  evidence: FlakyEvidence[];
  project: string | null;
  framework: string | null;
  file: string | null;
  summary: string;
  reruns: number;
  quarantined: boolean;
  updatedAt: string | null;
}

export interface FlakyQuery {
  repository?: string | undefined;
  status?: FlakyStatus | undefined;
  limit?: number | undefined;
}

export interface DetectFlakyRequest {
  repository: string;
  reruns?: number;
  orderCheck?: boolean;
}

export interface OrderDependency {
  repository: string;
  id: string;
  after: string;
  project: string | null;
  evidence: string;
  foundAt: string;
}

export interface FlakyDetectionReport {
  repository: string;
  testsAnalysed: number;
  failures: number;
  reruns: number;
  orderRuns: number;
  verdicts: FlakyVerdict[];
  orderDependencies: OrderDependency[];
  notes: string[];
  rerunsPerFailure: number;
  flaky: number;
}

export interface QuarantinedTest {
  repository: string;
  id: string;
  reason: string;
  quarantinedBy: string;
  quarantinedAt: string;
  expiresAt: string | null;
  active: boolean;
}

export interface QuarantineRequest {
  repository: string;
  id: string;
  reason: string;
  expiresAt?: string;
}

export interface OrderedTest {
  id: string;
  project: string;
  framework: string;
  failedLast: boolean;
  failureRate: number;
  medianDuration: TimeSpanText | null;
  reason: string;
}

export interface DuplicateGroup {
  kind: string;
  tests: string[];
  detail: string;
}

export interface TestDependency {
  test: string;
  other: string;
  kind: string;
  resource: string;
  detail: string;
}

export interface TestShard {
  index: number;
  tests: string[];
  expected: TimeSpanText;
}

export interface ParallelPlan {
  shards: number;
  serial: TimeSpanText;
  makespan: TimeSpanText;
  expectedSpeedup: number;
  imbalance: number;
  testsWithoutHistory: number;
  plan: { shards: TestShard[] };
}

export interface SlowTest {
  id: string;
  project: string;
  median: TimeSpanText;
  max: TimeSpanText;
  runs: number;
}

export interface DurationRegression {
  id: string;
  project: string;
  baselineMedian: TimeSpanText;
  recentMedian: TimeSpanText;
  ratio: number;
  recentRuns: string[];
}

export interface SuiteReport {
  repository: string;
  runsLookedAt: number;
  tests: number;
  flaky: FlakyVerdict[];
  quarantined: QuarantinedTest[];
  retries: { retries: number; reason: string };
  order: OrderedTest[];
  duplicates: DuplicateGroup[];
  dependencies: TestDependency[];
  parallel: ParallelPlan;
  performance: { slowest: SlowTest[]; regressions: DurationRegression[] };
  notes: string[];
}

// Test generation for review (`/generate`).

export const GENERATION_BATCH_STATUSES = ['queued', 'running', 'ready', 'failed', 'accepted', 'rejected', 'cancelled'] as const;
export type GenerationBatchStatus = (typeof GENERATION_BATCH_STATUSES)[number];
/** What `GET /generate?status=` takes: `review` is the server's word for batches awaiting review (`ready`). */
export type GenerationBatchFilter = GenerationBatchStatus | 'review';
export type CandidateStatus = 'pending' | 'failed-to-compile' | 'failed-runs' | 'no-coverage-gain' | 'kept' | 'accepted' | 'rejected';

export interface TestCandidate {
  id: string;
  origin: 'characterisation' | 'model';
  target: string;
  function: string | null;
  name: string;
  code: string;
  imports: string[];
  status: CandidateStatus;
  reason: string | null;
  passes: number | null;
  addedLines: number[];
  addedBranches: number;
}

export interface GenerationReport {
  language: string;
  framework: string;
  targets: string[];
  candidates: TestCandidate[];
  tried: number;
  compiled: number;
  passedRuns: number;
  addedCoverage: number;
  coveredBefore: number;
  coveredAfter: number;
  coverableLines: number;
  modelUsed: boolean;
  notes: string[];
  testFiles: string[];
  /** Cancelled part-way: judged candidates keep their verdicts, the others are pending; coverage was not measured. */
  cancelled: boolean;
}

export interface GenerationBatchView {
  id: string;
  repository: string;
  path: string;
  file: string | null;
  language: string | null;
  max: number;
  status: GenerationBatchStatus;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  report: GenerationReport | null;
  written: string[];
}

export interface GenerationBatchSummary {
  id: string;
  repository: string;
  path: string;
  file: string | null;
  language: string | null;
  max: number;
  status: GenerationBatchStatus;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  candidates: number;
  kept: number;
  accepted: number;
  rejected: number;
  written: string[];
}

export interface GenerationBatchPage {
  items: GenerationBatchSummary[];
  next: string | null;
}

export interface GenerateTestsRequest {
  repository: string;
  file?: string;
  language?: string;
  max?: number;
  /** false: characterisation tests only, even when the server has a chat model. */
  useModel?: boolean;
}
