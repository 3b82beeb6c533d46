import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { sampleDeadLetter } from '../testing/deadLetterSamples';
import { ApiClient, ApiError } from './client';

const clientWith = (fake: FakeFetch) => new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch });
const BASE = 'http://lightning.test/api/v2/collaborate/dead-letters';

describe('ApiClient dead letters', () => {
  it('listDeadLetters_AsksForALimit_AndReadsItems', async () => {
    const fake = new FakeFetch().json(200, { items: [sampleDeadLetter()] }).json(200, { items: [] });
    const list = await clientWith(fake).listDeadLetters();
    expect(list.items[0]?.messageId).toBe('msg_0001');
    expect(fake.last).toMatchObject({ url: `${BASE}?limit=100`, method: 'GET' });
    await clientWith(fake).listDeadLetters(20);
    expect(fake.last.url).toBe(`${BASE}?limit=20`);
  });

  it('getDeadLetter_EncodesTheId', async () => {
    const fake = new FakeFetch().json(200, sampleDeadLetter({ messageId: 'msg/1' }));
    const letter = await clientWith(fake).getDeadLetter('msg/1');
    expect(letter.history).toHaveLength(2);
    expect(fake.last.url).toBe(`${BASE}/msg%2F1`);
  });

  it('getDeadLetter_Missing_ThrowsNotFound', async () => {
    const fake = new FakeFetch().problem(404, { title: 'Not found', detail: "No dead letter with id 'msg_9'." });
    await expect(clientWith(fake).getDeadLetter('msg_9')).rejects.toMatchObject({ status: 404, message: "No dead letter with id 'msg_9'." });
  });

  it('redriveDeadLetter_Posts', async () => {
    const fake = new FakeFetch().json(200, { messageId: 'msg_1', redriven: true });
    expect(await clientWith(fake).redriveDeadLetter('msg_1')).toEqual({ messageId: 'msg_1', redriven: true });
    expect(fake.last).toMatchObject({ url: `${BASE}/msg_1/redrive`, method: 'POST' });
  });

  it('purgeDeadLetter_And_purgeAll_Delete', async () => {
    const fake = new FakeFetch().json(200, { purged: 1 }).json(200, { purged: 7 });
    const client = clientWith(fake);
    expect(await client.purgeDeadLetter('msg_1')).toEqual({ purged: 1 });
    expect(fake.last).toMatchObject({ url: `${BASE}/msg_1`, method: 'DELETE' });
    expect(await client.purgeAllDeadLetters()).toEqual({ purged: 7 });
    expect(fake.last).toMatchObject({ url: BASE, method: 'DELETE' });
  });

  it('purgeAllDeadLetters_NotAdmin_ThrowsForbidden', async () => {
    const fake = new FakeFetch().empty(403);
    const error = await clientWith(fake).purgeAllDeadLetters().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("This API key's role may not do this.");
  });
});
