import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient, ApiError } from './client';
import type { SocketLike } from './socketStream';
import { TestingClient, exportFileName, openTestRunStream, parseTestRunEvent } from './testingClient';
import type { TestRunEvent } from './testingTypes';

const BASE = 'http://lightning.test/api/v2/testing';
const clientWith = (fake: FakeFetch, onUnauthorized?: (error: ApiError) => void) =>
  new TestingClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch, ...(onUnauthorized ? { onUnauthorized } : {}) }));

const totals = { total: 2, passed: 1, failed: 1, errored: 0, skipped: 0, flaky: 0, suiteErrors: 0, duration: '00:00:00.0200000' };
const runView = {
  id: 'trun_1',
  repository: 'shop',
  project: null,
  framework: 'pytest',
  tests: [],
  retries: 0,
  timeoutSeconds: null,
  trigger: 'api',
  requestedBy: 'admin',
  commitSha: null,
  branch: null,
  status: 'queued',
  createdAt: '2026-11-24T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  totals,
  error: null,
};

describe('TestingClient', () => {
  it('listRuns_SendsOnlyTheFiltersGiven_WithTheKey', async () => {
    const fake = new FakeFetch().json(200, { items: [runView], next: 'trun_0' });
    const page = await clientWith(fake).listRuns({ repository: 'shop', framework: '', status: 'failed', limit: 25, before: undefined });
    expect(page.next).toBe('trun_0');
    expect(fake.last.url).toBe(`${BASE}/runs?repository=shop&status=failed&limit=25`);
    expect(fake.last.headers['authorization']).toBe('Bearer lk_test_secret');
  });

  it('startRun_DropsBlankProjectAndFramework_KeepsRetriesAndTimeout', async () => {
    const fake = new FakeFetch().json(202, runView);
    const run = await clientWith(fake).startRun({ repository: ' shop ', project: ' ', framework: '', retries: 2, timeoutSeconds: 600 });
    expect(run.status).toBe('queued');
    expect(fake.last).toMatchObject({ url: `${BASE}/runs`, method: 'POST' });
    expect(fake.last.body).toEqual({ repository: 'shop', retries: 2, timeoutSeconds: 600 });
  });

  it('detect_PostsTheRepository_AndReadsToolchains', async () => {
    const fake = new FakeFetch().json(200, { report: { repository: 'shop', projects: [], filesScanned: 3, truncated: false, warnings: [] }, toolchains: [] });
    const view = await clientWith(fake).detect('shop');
    expect(view.report.filesScanned).toBe(3);
    expect(fake.last).toMatchObject({ url: `${BASE}/detect`, method: 'POST', body: { repository: 'shop' } });
  });

  it('importReport_SendsTheReportAsIs_WithItsContentTypeAndOptions', async () => {
    const fake = new FakeFetch().json(201, { ...runView, status: 'failed' });
    const xml = '<testsuite name="s"><testcase name="a"/></testsuite>';
    await clientWith(fake).importReport(xml, { repository: 'shop', file: 'results.xml', commit: 'abc' });
    expect(fake.last).toMatchObject({ url: `${BASE}/runs/import?repository=shop&file=results.xml&commit=abc`, method: 'POST', body: xml });
    expect(fake.last.headers['content-type']).toBe('application/xml');
  });

  it('getRun_EncodesTheId_AndFiltersByOutcome', async () => {
    const fake = new FakeFetch().json(200, { run: runView, projects: [], results: [] });
    await clientWith(fake).getRun('trun 1', 'failed');
    expect(fake.last.url).toBe(`${BASE}/runs/trun%201?outcome=failed`);
  });

  it('getAllEvents_ReadsPageAfterPage_UntilNextIsNull', async () => {
    const event = (sequence: number): TestRunEvent => ({ sequence, type: 'output', at: '2026-11-24T10:00:00Z', project: '.', data: null });
    const fake = new FakeFetch().json(200, { items: [event(1), event(2)], next: 2 }).json(200, { items: [event(3)], next: null });
    const events = await clientWith(fake).getAllEvents('trun_1');
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(fake.requests.map((r) => r.url)).toEqual([`${BASE}/runs/trun_1/events?after=0&limit=1000`, `${BASE}/runs/trun_1/events?after=2&limit=1000`]);
  });

  it('exportRun_DownloadsABlob_AndNamesTheFileAsTheServerDoes', async () => {
    const fake = new FakeFetch().text(200, '<testsuites/>');
    const blob = await clientWith(fake).exportRun('trun_1', 'junit');
    expect(await blob.text()).toBe('<testsuites/>');
    expect(fake.last.url).toBe(`${BASE}/runs/trun_1/export?format=junit`);
    expect(exportFileName('trun_1', 'junit')).toBe('trun_1.xml');
    expect(exportFileName('trun_1', 'trx')).toBe('trun_1.trx');
    expect(exportFileName('trun_1', 'json')).toBe('trun_1.jsonl');
  });

  it('exportRun_WhileRunning_ThrowsTheServersDetail', async () => {
    const fake = new FakeFetch().problem(409, { title: 'Conflict', detail: "Test run 'trun_1' has not finished yet." });
    await expect(clientWith(fake).exportRun('trun_1', 'trx')).rejects.toMatchObject({ status: 409, message: "Test run 'trun_1' has not finished yet." });
  });

  it('cancelRun_Posts_And401SignsOut', async () => {
    let signedOut = false;
    const fake = new FakeFetch().problem(401, { detail: 'The API key was revoked.' });
    await expect(clientWith(fake, () => (signedOut = true)).cancelRun('trun_1')).rejects.toBeInstanceOf(ApiError);
    expect(fake.last).toMatchObject({ url: `${BASE}/runs/trun_1/cancel`, method: 'POST' });
    expect(signedOut).toBe(true);
  });

  it('historyAndRankings_UseTheirRoutes', async () => {
    const fake = new FakeFetch().json(200, { id: 't::a', entries: [] }).json(200, []).json(200, []);
    const client = clientWith(fake);
    await client.testHistory('tests/test_calc.py::test_add', { repository: 'shop', limit: 30 });
    await client.slowest({ repository: 'shop', over: 10 });
    await client.failing({ framework: 'pytest', limit: 5 });
    expect(fake.requests.map((r) => r.url)).toEqual([
      `${BASE}/tests/history?id=tests%2Ftest_calc.py%3A%3Atest_add&repository=shop&limit=30`,
      `${BASE}/tests/slowest?repository=shop&over=10`,
      `${BASE}/tests/failing?framework=pytest&limit=5`,
    ]);
  });

  it('streamUrl_PutsTheKeyInAccessToken_AndFollowsThePageScheme', () => {
    const client = new TestingClient(new ApiClient({ apiKey: 'lk_key' }));
    expect(client.streamUrl('trun_1', 'https://lightning.example:8443', 5)).toBe('wss://lightning.example:8443/api/v2/testing/runs/trun_1/ws?after=5&access_token=lk_key');
  });
});

describe('parseTestRunEvent', () => {
  it('readsTheEnvelope_AndSkipsMalformedMessages', () => {
    expect(parseTestRunEvent('{"sequence":4,"type":"passed","at":"2026-11-24T10:00:00Z","project":".","data":{"caseKey":"c1"}}')).toEqual({
      sequence: 4,
      type: 'passed',
      at: '2026-11-24T10:00:00Z',
      project: '.',
      data: { caseKey: 'c1' },
    });
    expect(parseTestRunEvent('{"sequence":1,"type":"queued","at":"x","project":null,"data":[1]}')).toMatchObject({ project: null, data: null });
    expect(parseTestRunEvent('not json')).toBeNull();
    expect(parseTestRunEvent('{"type":"passed","at":"x"}')).toBeNull();
  });

  it('openTestRunStream_EndsFinishedOnlyAfterTheFinishedEvent', () => {
    const socket: SocketLike = { onopen: null, onmessage: null, onerror: null, onclose: null, close: () => undefined };
    const seen: string[] = [];
    let finished: boolean | undefined;
    openTestRunStream('ws://x', { onEvent: (event) => seen.push(event.type), onClose: (value) => (finished = value) }, () => socket);
    socket.onmessage?.({ data: '{"sequence":1,"type":"started","at":"t","data":{}}' } as MessageEvent);
    socket.onmessage?.({ data: '{"sequence":2,"type":"finished","at":"t","data":{}}' } as MessageEvent);
    socket.onclose?.({} as CloseEvent);
    expect(seen).toEqual(['started', 'finished']);
    expect(finished).toBe(true);
  });
});
