import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient, ApiError } from './client';
import { NotificationsClient } from './notificationsClient';

const BASE = 'http://lightning.test/api/v2/testing/notifications';
const clientWith = (fake: FakeFetch) => new NotificationsClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch }));
const rule = {
  id: 'nrule_1',
  name: 'shop-team',
  repository: '**',
  events: ['failed'],
  channel: 'webhook',
  url: 'http://127.0.0.1:9/hook',
  hasSecret: true,
  to: [],
  enabled: true,
  createdAt: '2026-11-25T10:00:00Z',
  createdBy: 'admin',
  updatedAt: '2026-11-25T10:00:00Z',
};
const delivery = {
  id: 'ndel_1',
  ruleId: 'nrule_1',
  ruleName: 'shop-team',
  runId: null,
  events: ['test'],
  channel: 'webhook',
  target: '127.0.0.1',
  status: 'delivered',
  attempts: 1,
  responseStatus: 200,
  error: null,
  createdAt: '2026-11-25T10:00:00Z',
  finishedAt: '2026-11-25T10:00:01Z',
};

describe('NotificationsClient', () => {
  it('updateRule_PatchesOnlyTheFieldsGiven_WithTheKey', async () => {
    const fake = new FakeFetch().json(200, { ...rule, name: 'renamed' });
    const updated = await clientWith(fake).updateRule('nrule/1', { name: 'renamed', enabled: false });
    expect(updated.name).toBe('renamed');
    expect(fake.last).toMatchObject({ url: `${BASE}/rules/nrule%2F1`, method: 'PATCH', body: { name: 'renamed', enabled: false } });
    expect(fake.last.headers['authorization']).toBe('Bearer lk_test_secret');
  });

  it('createRule_PostsTheRule', async () => {
    const fake = new FakeFetch().json(201, rule);
    await clientWith(fake).createRule({ name: 'shop-team', channel: 'webhook', events: ['failed'], url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(16) });
    expect(fake.last).toMatchObject({ url: `${BASE}/rules`, method: 'POST' });
    expect(fake.last.body).toMatchObject({ secret: 'x'.repeat(16) });
  });

  it('testRule_PostsToItsTestRoute_AndReadsTheDelivery', async () => {
    const fake = new FakeFetch().json(200, delivery);
    const sent = await clientWith(fake).testRule('nrule_1');
    expect(sent.status).toBe('delivered');
    expect(fake.last).toMatchObject({ url: `${BASE}/rules/nrule_1/test`, method: 'POST' });
  });

  it('deleteRule_AcceptsNoContent', async () => {
    const fake = new FakeFetch().empty(204);
    await clientWith(fake).deleteRule('nrule_1');
    expect(fake.last).toMatchObject({ url: `${BASE}/rules/nrule_1`, method: 'DELETE' });
  });

  it('deliveries_SendsOnlyTheFiltersGiven', async () => {
    const fake = new FakeFetch().json(200, { items: [delivery], next: 'ndel_0' });
    const page = await clientWith(fake).deliveries({ rule: 'nrule_1', status: undefined, limit: 20 });
    expect(page.next).toBe('ndel_0');
    expect(fake.last.url).toBe(`${BASE}/deliveries?rule=nrule_1&limit=20`);
  });

  it('createRule_ValidationProblem_ComesBackAsFieldErrors', async () => {
    const fake = new FakeFetch().problem(400, { title: 'One or more validation errors occurred.', errors: { secret: ['A webhook rule needs a secret (at least 16 characters) to sign its requests.'] } });
    const error = await clientWith(fake).createRule({ name: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toEqual({ secret: ['A webhook rule needs a secret (at least 16 characters) to sign its requests.'] });
  });
});
