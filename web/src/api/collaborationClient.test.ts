import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { sampleCollaboration } from '../testing/collaborationSamples';
import { ApiClient, ApiError } from './client';

const KEY = 'lk_test_secret';
const clientWith = (fake: FakeFetch) => new ApiClient({ apiKey: KEY, baseUrl: 'http://lightning.test', fetch: fake.fetch });

describe('ApiClient collaborations', () => {
  it('submitCollaboration_Object_PostsJson', async () => {
    const fake = new FakeFetch().json(202, sampleCollaboration());
    const request = { title: 't', plan: { subtasks: [{ id: 'a', tool: 'echo' }] } };
    const view = await clientWith(fake).submitCollaboration(request);
    expect(view.id).toBe('col_0001');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/submit');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.headers['content-type']).toBe('application/json');
    expect(fake.last.body).toEqual(request);
  });

  it('submitCollaboration_RawYaml_IsSentAsWritten', async () => {
    let seen: { body: unknown; type: string | null } | null = null;
    const fake = new FakeFetch();
    const client = new ApiClient({
      apiKey: KEY,
      baseUrl: 'http://lightning.test',
      fetch: async (input, init) => {
        seen = { body: init?.body, type: new Headers(init?.headers).get('content-type') };
        return fake.json(202, sampleCollaboration()).fetch(input, { ...init, body: undefined });
      },
    });
    await client.submitCollaboration({ contentType: 'application/yaml', text: 'plan:\n  subtasks: []\n' });
    expect(seen).toEqual({ body: 'plan:\n  subtasks: []\n', type: 'application/yaml' });
  });

  it('submitCollaboration_ValidationProblem_HasFieldErrors', async () => {
    const fake = new FakeFetch().problem(400, { title: 'Invalid task.', errors: { 'plan.subtasks[1].dependsOn': ['Unknown subtask "x".'] } });
    const error = await clientWith(fake).submitCollaboration({ plan: { subtasks: [] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toEqual({ 'plan.subtasks[1].dependsOn': ['Unknown subtask "x".'] });
  });

  it('getCollaboration_ReadsStatus', async () => {
    const fake = new FakeFetch().json(200, sampleCollaboration());
    await clientWith(fake).getCollaboration('col 1');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/status/col%201');
    expect(fake.last.method).toBe('GET');
  });

  it('listCollaborations_BuildsQuery', async () => {
    const fake = new FakeFetch().json(200, { items: [], next: null }).json(200, { items: [], next: null });
    await clientWith(fake).listCollaborations({ status: 'budget-exhausted', before: 'col_9', limit: 25 });
    const url = new URL(fake.last.url);
    expect(url.pathname).toBe('/api/v2/collaborate/history');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'budget-exhausted', before: 'col_9', limit: '25' });
    await clientWith(fake).listCollaborations();
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/history');
  });

  it('cancelAndDecide_PostToTheirPaths', async () => {
    const fake = new FakeFetch().json(200, sampleCollaboration()).json(200, sampleCollaboration()).json(200, sampleCollaboration());
    const client = clientWith(fake);
    await client.cancelCollaboration('col_1');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col_1/cancel');
    expect(fake.last.method).toBe('POST');
    await client.decideSubtask('col_1', 'd', 'approve');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col_1/subtasks/d/approve');
    expect(fake.last.body).toEqual({});
    await client.decideSubtask('col_1', 'd', 'reject', 'not now');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col_1/subtasks/d/reject');
    expect(fake.last.body).toEqual({ comment: 'not now' });
  });

  it('decideSubtask_Conflict_ThrowsTheDetail', async () => {
    const fake = new FakeFetch().problem(409, { title: 'Conflict', detail: 'Subtask d is not awaiting approval.' });
    await expect(clientWith(fake).decideSubtask('col_1', 'd', 'approve')).rejects.toMatchObject({ status: 409, message: 'Subtask d is not awaiting approval.' });
  });

  it('eventsAndMetrics_ReadTheirPaths', async () => {
    const fake = new FakeFetch().json(200, { items: [], next: null }).json(200, { running: 1, agents: [] });
    const client = clientWith(fake);
    await client.getCollaborationEvents('col_1', { after: 5, limit: 100 });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col_1/events?after=5&limit=100');
    const metrics = await client.collaborationMetrics();
    expect(metrics.running).toBe(1);
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/metrics');
  });

  it('getAllCollaborationEvents_FollowsNext_UntilTheLastPage', async () => {
    const event = (sequence: number) => ({ collaborationId: 'col_1', sequence, type: 'submitted', at: '2026-01-01T00:00:00Z', subtask: null, data: null });
    const fake = new FakeFetch()
      .json(200, { items: [event(1), event(2)], next: 2 })
      .json(200, { items: [event(3)], next: null });
    const events = await clientWith(fake).getAllCollaborationEvents('col_1');
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(fake.requests.map((r) => new URL(r.url).search)).toEqual(['?after=0&limit=500', '?after=2&limit=500']);
  });

  it('getAllCollaborationEvents_NextThatDoesNotMove_Stops', async () => {
    const fake = new FakeFetch().json(200, { items: [], next: 0 });
    expect(await clientWith(fake).getAllCollaborationEvents('col_1')).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('collaborationStreamUrl_CarriesAfterAndTheKey', () => {
    const client = new ApiClient({ apiKey: 'lk_a+b/c' });
    expect(client.collaborationStreamUrl('col_1', 'https://lightning.example.com')).toBe(
      'wss://lightning.example.com/api/v2/collaborate/col_1/ws?after=0&access_token=lk_a%2Bb%2Fc',
    );
  });
});
