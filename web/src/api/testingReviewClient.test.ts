import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient } from './client';
import { TestingClient } from './testingClient';

const BASE = 'http://lightning.test/api/v2/testing';
const clientWith = (fake: FakeFetch) => new TestingClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch }));

/** The flaky-tests, quarantine, optimizer and generation-review calls of TestingClient. */
describe('TestingClient flaky and generation review', () => {
  it('flaky_AndQuarantine_SendTheirFilters', async () => {
    const fake = new FakeFetch().json(200, []).json(200, []).json(200, { repository: 'calc' });
    const client = clientWith(fake);
    await client.flaky({ repository: 'calc', status: undefined, limit: 1000 });
    expect(fake.last.url).toBe(`${BASE}/flaky?repository=calc&limit=1000`);
    await client.quarantined(undefined);
    expect(fake.last.url).toBe(`${BASE}/quarantine`);
    await client.optimizerReport('a b', 8);
    expect(fake.last.url).toBe(`${BASE}/optimizer/report?repository=a+b&shards=8`);
  });

  it('quarantine_Posts_Release_DeletesWithTheTestInTheQuery', async () => {
    const fake = new FakeFetch().json(200, { id: 't::a' }).json(200, { id: 't::a' }).json(200, { verdicts: [] });
    const client = clientWith(fake);
    await client.quarantine({ repository: 'calc', id: 'tests.test_calc::test_add', reason: '#42', expiresAt: '2026-12-31T23:59:59.000Z' });
    expect(fake.last.method).toBe('POST');
    expect(fake.last.body).toEqual({ repository: 'calc', id: 'tests.test_calc::test_add', reason: '#42', expiresAt: '2026-12-31T23:59:59.000Z' });
    await client.release('calc', 'tests/test_calc.py::test_add[a&b]');
    expect(fake.last.method).toBe('DELETE');
    expect(fake.last.url).toBe(`${BASE}/quarantine?repository=calc&id=tests%2Ftest_calc.py%3A%3Atest_add%5Ba%26b%5D`);
    await client.detectFlaky({ repository: 'calc', reruns: 2, orderCheck: true });
    expect(fake.last.url).toBe(`${BASE}/flaky/detect`);
    expect(fake.last.body).toEqual({ repository: 'calc', reruns: 2, orderCheck: true });
  });

  it('generate_DropsABlankFile_ListAndReviewUseTheBatchId', async () => {
    const fake = new FakeFetch().json(202, { id: 'tgen_1' }).json(200, { items: [], next: null }).json(200, { id: 'tgen_1' }).json(200, { id: 'tgen_1' }).json(200, { id: 'tgen_1' });
    const client = clientWith(fake);
    await client.generate({ repository: ' calc ', file: '  ', max: 5, useModel: false });
    expect(fake.last.body).toEqual({ repository: 'calc', max: 5, useModel: false });
    await client.generationBatches({ status: 'review', repository: 'calc', limit: 25, before: undefined });
    expect(fake.last.url).toBe(`${BASE}/generate?status=review&repository=calc&limit=25`);
    await client.generationBatch('tgen_1');
    expect(fake.last.url).toBe(`${BASE}/generate/tgen_1`);
    await client.acceptGenerated('tgen_1', ['c1', 'c4']);
    expect(fake.last.url).toBe(`${BASE}/generate/tgen_1/accept`);
    expect(fake.last.body).toEqual({ candidates: ['c1', 'c4'] });
    await client.rejectGenerated('tgen_1');
    expect(fake.last.url).toBe(`${BASE}/generate/tgen_1/reject`);
    expect(fake.last.body).toEqual({ candidates: [] });
  });

  it('cancelGeneration_PostsToTheBatchCancelRoute', async () => {
    const fake = new FakeFetch().json(200, { id: 'tgen 2', status: 'cancelled' });
    const batch = await clientWith(fake).cancelGeneration('tgen 2');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.url).toBe(`${BASE}/generate/tgen%202/cancel`);
    expect(batch.status).toBe('cancelled');
  });
});
