import type { ApiClient } from './client';
import { isObject, openEventStream, parseJsonObject, type EventStreamHandlers, type SocketFactory } from './socketStream';
import type {
  DetectFlakyRequest,
  ExportFormat,
  FlakyDetectionReport,
  FlakyQuery,
  FlakyVerdict,
  GenerateTestsRequest,
  GenerationBatchFilter,
  GenerationBatchPage,
  GenerationBatchView,
  QuarantineRequest,
  QuarantinedTest,
  SuiteReport,
  StartTestRunRequest,
  TestCaseHistory,
  TestDetectionView,
  TestFailureCount,
  TestImportOptions,
  TestOutcome,
  TestRankingQuery,
  TestRunDetails,
  TestRunEvent,
  TestRunEventPage,
  TestRunPage,
  TestRunQuery,
  TestRunView,
  TestTiming,
  CoverageFileView,
  CoverageMapSummary,
  CoverageReportFormat,
  CoverageSuggestion,
  CoverageTrendPoint,
  RunCoverageSummary,
  SelectTestsRequest,
  SelectedTestRunsView,
  TestSelection,
} from './testingTypes';

const TESTING = '/api/v2/testing';
/** The server's default page of /events; its largest is 5000. */
const EVENT_PAGE = 1000;

/** `/api/v2/testing`: detect, run and import tests, follow a run live, and read the history. */
export class TestingClient {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** The projects of a repository and (unless `probe` is false) whether each framework's tools are installed. */
  detect(repository: string, options: { path?: string; probe?: boolean } = {}, signal?: AbortSignal): Promise<TestDetectionView> {
    return this.#api.request<TestDetectionView>('POST', `${TESTING}/detect`, { repository, ...options }, signal);
  }

  /** Queues a run (operator); the server answers 202 with the queued run at once. */
  startRun(request: StartTestRunRequest): Promise<TestRunView> {
    return this.#api.request<TestRunView>('POST', `${TESTING}/runs`, withoutBlanks(request));
  }

  /** Records a report made elsewhere (JUnit XML, TRX, TAP, go test -json) as a finished run (operator). */
  importReport(report: string, options: TestImportOptions = {}, contentType = 'application/xml'): Promise<TestRunView> {
    return this.#api.request<TestRunView>('POST', `${TESTING}/runs/import${search({ ...options })}`, { contentType, text: report });
  }

  listRuns(query: TestRunQuery = {}, signal?: AbortSignal): Promise<TestRunPage> {
    return this.#api.request<TestRunPage>('GET', `${TESTING}/runs${search({ ...query })}`, undefined, signal);
  }

  getRun(id: string, outcome?: TestOutcome, signal?: AbortSignal): Promise<TestRunDetails> {
    return this.#api.request<TestRunDetails>('GET', `${run(id)}${search({ outcome })}`, undefined, signal);
  }

  getEvents(id: string, query: { after?: number; limit?: number } = {}, signal?: AbortSignal): Promise<TestRunEventPage> {
    return this.#api.request<TestRunEventPage>('GET', `${run(id)}/events${search(query)}`, undefined, signal);
  }

  /** Every recorded event of a run, oldest first, read page by page. */
  async getAllEvents(id: string, signal?: AbortSignal): Promise<TestRunEvent[]> {
    const events: TestRunEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await this.getEvents(id, { after, limit: EVENT_PAGE }, signal);
      events.push(...page.items);
      // A page that does not move forward would loop for ever; the server never sends one, but be sure.
      if (page.next === null || page.next <= after || page.items.length === 0) return events;
      after = page.next;
    }
  }

  cancelRun(id: string): Promise<TestRunView> {
    return this.#api.request<TestRunView>('POST', `${run(id)}/cancel`);
  }

  /** A finished run's results as a file: JUnit XML, TRX or the JSON event stream (409 while it runs). */
  exportRun(id: string, format: ExportFormat, signal?: AbortSignal): Promise<Blob> {
    return this.#api.requestBlob(`${run(id)}/export${search({ format })}`, signal);
  }

  /** One test over its recent runs, newest first. */
  testHistory(id: string, options: { repository?: string | undefined; limit?: number } = {}, signal?: AbortSignal): Promise<TestCaseHistory> {
    return this.#api.request<TestCaseHistory>('GET', `${TESTING}/tests/history${search({ id, ...options })}`, undefined, signal);
  }

  slowest(query: TestRankingQuery = {}, signal?: AbortSignal): Promise<TestTiming[]> {
    return this.#api.request<TestTiming[]>('GET', `${TESTING}/tests/slowest${search({ ...query })}`, undefined, signal);
  }

  failing(query: TestRankingQuery = {}, signal?: AbortSignal): Promise<TestFailureCount[]> {
    return this.#api.request<TestFailureCount[]>('GET', `${TESTING}/tests/failing${search({ ...query })}`, undefined, signal);
  }

  /** A run's coverage: totals, goals and the file tree (404 `testing.coverage_not_found` when it measured none). */
  coverage(id: string, signal?: AbortSignal): Promise<RunCoverageSummary> {
    return this.#api.request<RunCoverageSummary>('GET', `${run(id)}/coverage`, undefined, signal);
  }

  /** One file's lines with their states and its source at the run's commit; `path` is relative, `/`-separated. */
  coverageFile(id: string, path: string, signal?: AbortSignal): Promise<CoverageFileView> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return this.#api.request<CoverageFileView>('GET', `${run(id)}/coverage/files/${encoded}`, undefined, signal);
  }

  coverageSuggestions(id: string, limit = 10, signal?: AbortSignal): Promise<CoverageSuggestion[]> {
    return this.#api.request<CoverageSuggestion[]>('GET', `${run(id)}/coverage/suggestions${search({ limit })}`, undefined, signal);
  }

  /** A coverage report as a file (HTML, Lightning JSON, Cobertura, LCOV). */
  coverageReport(id: string, format: CoverageReportFormat, signal?: AbortSignal): Promise<Blob> {
    return this.#api.requestBlob(`${run(id)}/coverage/report${search({ format })}`, signal);
  }

  /** A repository's (or a project's) coverage over its recent runs, oldest first. */
  coverageTrend(query: { repository: string; project?: string | undefined; limit?: number | undefined }, signal?: AbortSignal): Promise<CoverageTrendPoint[]> {
    return this.#api.request<CoverageTrendPoint[]>('GET', `${TESTING}/coverage/trend${search({ ...query })}`, undefined, signal);
  }

  /** The tests a change needs, each with why (viewer). */
  select(request: SelectTestsRequest, signal?: AbortSignal): Promise<TestSelection> {
    return this.#api.request<TestSelection>('POST', `${TESTING}/select`, withoutBlankSelection(request), signal);
  }

  /** Runs the pytest projects once with per-test coverage and stores the maps fast selection uses (operator; slow). */
  buildCoverageMaps(repository: string, signal?: AbortSignal): Promise<CoverageMapSummary[]> {
    return this.#api.request<CoverageMapSummary[]>('POST', `${TESTING}/select/maps`, { repository: repository.trim() }, signal);
  }

  /** Selects again and starts one run per project the selection needs (operator); no run when nothing is affected. */
  startSelectedRuns(request: SelectTestsRequest): Promise<SelectedTestRunsView> {
    const { repository, path, ...select } = withoutBlankSelection(request);
    return this.#api.request<SelectedTestRunsView>('POST', `${TESTING}/runs`, { repository, ...(path ? { path } : {}), select });
  }

  /** The live runs list's WebSocket: the first page for these filters, then every change of a run. */
  runsStreamUrl(query: Omit<TestRunQuery, 'before'>, pageOrigin: string): string {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') values[key] = String(value);
    return this.#api.streamUrl(`${TESTING}/runs/ws`, pageOrigin, values);
  }

  /** The WebSocket of a run's events after `after` (0: all, then live until `finished`). */
  streamUrl(id: string, pageOrigin: string, after = 0): string {
    return this.#api.streamUrl(`${run(id)}/ws`, pageOrigin, { after: String(after) });
  }

  /** Stored verdicts: tests judged flaky, broken, inconclusive (or stable), with their evidence. */
  flaky(query: FlakyQuery = {}, signal?: AbortSignal): Promise<FlakyVerdict[]> {
    return this.#api.request<FlakyVerdict[]>('GET', `${TESTING}/flaky${search({ ...query })}`, undefined, signal);
  }

  /** Detection now (operator): history, targeted reruns of what it cannot explain, optionally the order check. */
  detectFlaky(request: DetectFlakyRequest, signal?: AbortSignal): Promise<FlakyDetectionReport> {
    return this.#api.request<FlakyDetectionReport>('POST', `${TESTING}/flaky/detect`, request, signal);
  }

  quarantined(repository?: string, signal?: AbortSignal): Promise<QuarantinedTest[]> {
    return this.#api.request<QuarantinedTest[]>('GET', `${TESTING}/quarantine${search({ repository })}`, undefined, signal);
  }

  /** Quarantines (or updates) a test (operator): it still runs and shows, but its failure no longer fails runs. */
  quarantine(request: QuarantineRequest): Promise<QuarantinedTest> {
    return this.#api.request<QuarantinedTest>('POST', `${TESTING}/quarantine`, request);
  }

  release(repository: string, id: string): Promise<QuarantinedTest> {
    return this.#api.request<QuarantinedTest>('DELETE', `${TESTING}/quarantine${search({ repository, id })}`);
  }

  optimizerReport(repository: string, shards?: number, signal?: AbortSignal): Promise<SuiteReport> {
    return this.#api.request<SuiteReport>('GET', `${TESTING}/optimizer/report${search({ repository, shards })}`, undefined, signal);
  }

  /** Queues a generation batch (operator); 202 with the queued batch. */
  generate(request: GenerateTestsRequest): Promise<GenerationBatchView> {
    const body: GenerateTestsRequest = { repository: request.repository.trim() };
    const file = request.file?.trim();
    if (file) body.file = file;
    if (request.language) body.language = request.language;
    if (request.max !== undefined) body.max = request.max;
    if (request.useModel !== undefined) body.useModel = request.useModel;
    return this.#api.request<GenerationBatchView>('POST', `${TESTING}/generate`, body);
  }

  generationBatches(query: { status?: GenerationBatchFilter | undefined; repository?: string | undefined; limit?: number; before?: string | undefined } = {}, signal?: AbortSignal): Promise<GenerationBatchPage> {
    return this.#api.request<GenerationBatchPage>('GET', `${TESTING}/generate${search({ ...query })}`, undefined, signal);
  }

  generationBatch(id: string, signal?: AbortSignal): Promise<GenerationBatchView> {
    return this.#api.request<GenerationBatchView>('GET', generation(id), undefined, signal);
  }

  /** Writes the named kept candidates (all kept ones when none is named) into the repository; the others are rejected. */
  acceptGenerated(id: string, candidates: string[]): Promise<GenerationBatchView> {
    return this.#api.request<GenerationBatchView>('POST', `${generation(id)}/accept`, { candidates });
  }

  rejectGenerated(id: string, candidates: string[] = []): Promise<GenerationBatchView> {
    return this.#api.request<GenerationBatchView>('POST', `${generation(id)}/reject`, { candidates });
  }

  /** Stops a queued or running batch (operator); answers once its work has stopped, with the batch (status cancelled). */
  cancelGeneration(id: string): Promise<GenerationBatchView> {
    return this.#api.request<GenerationBatchView>('POST', `${generation(id)}/cancel`);
  }
}

/** The file name an export is saved as, as the server names it. */
export function exportFileName(id: string, format: ExportFormat): string {
  return `${id}${format === 'junit' ? '.xml' : format === 'trx' ? '.trx' : '.jsonl'}`;
}

/** Reads one message of a run's stream; malformed messages give null (unknown types are kept: the fold skips them). */
export function parseTestRunEvent(raw: string): TestRunEvent | null {
  const value = parseJsonObject(raw);
  if (!value) return null;
  const { sequence, type, at, project, data } = value;
  if (typeof sequence !== 'number' || typeof type !== 'string' || typeof at !== 'string') return null;
  return { sequence, type, at, project: typeof project === 'string' ? project : null, data: isObject(data) ? data : null };
}

/** A message of the live runs list (`/runs/ws`): the first page, a run as it now is, or a run deleted by retention. */
export type RunsStreamMessage =
  | { type: 'runs'; page: TestRunPage }
  | { type: 'run'; change: string; run: TestRunView }
  | { type: 'deleted'; id: string };

/** Reads one message of `/runs/ws`; malformed and unknown ones give null, so a newer server does not break the list. */
export function parseRunsStreamMessage(raw: string): RunsStreamMessage | null {
  const value = parseJsonObject(raw);
  if (!value || typeof value.type !== 'string' || !isObject(value.data)) return null;
  const { type, data } = value;
  if (type === 'runs') {
    if (!Array.isArray(data.items)) return null;
    const items = data.items.filter(isRunView);
    return { type: 'runs', page: { items, next: typeof data.next === 'string' ? data.next : null } };
  }
  if (type === 'deleted') return typeof data.id === 'string' ? { type: 'deleted', id: data.id } : null;
  if (RUN_CHANGES.has(type) && isRunView(data)) return { type: 'run', change: type, run: data };
  return null;
}

const RUN_CHANGES = new Set(['created', 'started', 'cancel-requested', 'progress', 'finished', 'cancelled']);

function isRunView(value: unknown): value is TestRunView {
  return isObject(value) && typeof value.id === 'string' && typeof value.status === 'string' && isObject(value.totals);
}

/** Opens a run's live stream (the recorded events after `after`, then live ones, closing after `finished`). */
export function openTestRunStream(url: string, handlers: EventStreamHandlers<TestRunEvent>, createSocket?: SocketFactory): () => void {
  return openEventStream(url, { parse: parseTestRunEvent, isFinal: (event) => event.type === 'finished' }, handlers, createSocket);
}

function generation(id: string): string {
  return `${TESTING}/generate/${encodeURIComponent(id)}`;
}

function run(id: string): string {
  return `${TESTING}/runs/${encodeURIComponent(id)}`;
}

export function search(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A form leaves blank fields as '': the server would read a blank project or framework as a filter, so blanks go. */
function withoutBlanks(request: StartTestRunRequest): StartTestRunRequest {
  const result: StartTestRunRequest = { repository: request.repository.trim() };
  const path = request.path?.trim();
  const project = request.project?.trim();
  const framework = request.framework?.trim();
  if (path) result.path = path;
  if (project) result.project = project;
  if (framework) result.framework = framework;
  if (request.tests && request.tests.length > 0) result.tests = request.tests;
  if (request.retries !== undefined) result.retries = request.retries;
  if (request.timeoutSeconds !== undefined) result.timeoutSeconds = request.timeoutSeconds;
  if (request.coverage) result.coverage = true;
  return result;
}

/** The file name a coverage report is saved as, as the server names it (HTML opens inline, so it gets one here). */
export function coverageReportFileName(id: string, format: CoverageReportFormat): string {
  const extensions: Record<CoverageReportFormat, string> = { html: '.html', json: '.json', cobertura: '.cobertura.xml', lcov: '.info' };
  return `${id}-coverage${extensions[format]}`;
}

/** Blank base/head/path are left out: the server reads a present head as "compare commits". */
function withoutBlankSelection(request: SelectTestsRequest): SelectTestsRequest {
  const result: SelectTestsRequest = { repository: request.repository.trim() };
  const path = request.path?.trim();
  const base = request.base?.trim();
  const head = request.head?.trim();
  if (path) result.path = path;
  if (base) result.base = base;
  if (base && head) result.head = head;
  if (request.mode) result.mode = request.mode;
  if (request.confidence !== undefined) result.confidence = request.confidence;
  return result;
}
