import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient } from './client';
import { TestingClient } from './testingClient';

const BASE = 'http://lightning.test/api/v2/testing';
const clientWith = (fake: FakeFetch) => new TestingClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch }));

describe('TestingClient coverage and selection', () => {
  it('coverageFile_EncodesEachSegment_KeepsTheSlashes', async () => {
    const fake = new FakeFetch().json(200, { runId: 'trun_1', path: 'src/a b#.py', lines: [] });
    await clientWith(fake).coverageFile('trun_1', 'src/a b#.py');
    expect(fake.last.url).toBe(`${BASE}/runs/trun_1/coverage/files/src/a%20b%23.py`);
  });

  it('coverageTrend_Suggestions_Report_SendTheirQueries', async () => {
    const fake = new FakeFetch().json(200, []).json(200, []).text(200, 'TN:\n');
    const client = clientWith(fake);
    await client.coverageTrend({ repository: 'shop', project: undefined, limit: 60 });
    expect(fake.last.url).toBe(`${BASE}/coverage/trend?repository=shop&limit=60`);
    await client.coverageSuggestions('trun_1', 5);
    expect(fake.last.url).toBe(`${BASE}/runs/trun_1/coverage/suggestions?limit=5`);
    const blob = await client.coverageReport('trun_1', 'lcov');
    expect(fake.last.url).toBe(`${BASE}/runs/trun_1/coverage/report?format=lcov`);
    expect(await blob.text()).toBe('TN:\n');
  });

  it('select_LeavesOutBlanks_AndAHeadWithoutBase', async () => {
    const fake = new FakeFetch().json(200, {}).json(200, {});
    const client = clientWith(fake);
    await client.select({ repository: ' shop ', path: ' ', base: '', head: 'HEAD', mode: 'safe' });
    expect(fake.last.method).toBe('POST');
    expect(fake.last.url).toBe(`${BASE}/select`);
    expect(fake.last.body).toEqual({ repository: 'shop', mode: 'safe' });
    await client.select({ repository: 'shop', base: 'main', head: 'feature', mode: 'fast', confidence: 0.8 });
    expect(fake.last.body).toEqual({ repository: 'shop', base: 'main', head: 'feature', mode: 'fast', confidence: 0.8 });
  });

  it('startSelectedRuns_PostsARunWithSelect_RepositoryAndPathOutside', async () => {
    const fake = new FakeFetch().json(202, { selection: {}, runs: [] });
    await clientWith(fake).startSelectedRuns({ repository: 'shop', path: 'services/api', base: 'HEAD~1', mode: 'safe' });
    expect(fake.last.url).toBe(`${BASE}/runs`);
    expect(fake.last.body).toEqual({ repository: 'shop', path: 'services/api', select: { base: 'HEAD~1', mode: 'safe' } });
  });

  it('startRun_SendsCoverageOnlyWhenAsked', async () => {
    const fake = new FakeFetch().json(202, {}).json(202, {});
    const client = clientWith(fake);
    await client.startRun({ repository: 'shop', coverage: true });
    expect(fake.last.body).toEqual({ repository: 'shop', coverage: true });
    await client.startRun({ repository: 'shop', coverage: false });
    expect(fake.last.body).toEqual({ repository: 'shop' });
  });
});
