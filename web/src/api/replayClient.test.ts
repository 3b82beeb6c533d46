import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { sampleCollaboration, sampleDiff } from '../testing/collaborationSamples';
import { ApiClient, ApiError } from './client';

const KEY = 'lk_test_secret';
const clientWith = (fake: FakeFetch) => new ApiClient({ apiKey: KEY, baseUrl: 'http://lightning.test', fetch: fake.fetch });

describe('ApiClient replay, fork and diff', () => {
  it('replayCollaboration_PostsWithoutBody_ReturnsTheNewCollaboration', async () => {
    const replay = sampleCollaboration({ id: 'col_0002', origin: { kind: 'replay', collaborationId: 'col 1' } });
    const fake = new FakeFetch().json(202, replay);
    const view = await clientWith(fake).replayCollaboration('col 1');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col%201/replay');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.body).toBeUndefined();
    expect(fake.last.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(view.origin).toEqual({ kind: 'replay', collaborationId: 'col 1' });
  });

  it('replayCollaboration_Running_ThrowsTheConflictDetail', async () => {
    const fake = new FakeFetch().problem(409, { title: 'Conflict', detail: "Collaboration 'col_1' is still running; replay and fork need a finished collaboration." });
    const error = await clientWith(fake).replayCollaboration('col_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toMatch(/still running/);
  });

  it('forkCollaboration_PostsTheRequestAsJson', async () => {
    const fake = new FakeFetch().json(202, sampleCollaboration({ id: 'col_0003', origin: { kind: 'fork', collaborationId: 'col_1', subtask: 'b', agent: 'qa' } }));
    const request = { subtask: 'b', agent: 'qa', input: { command: ['echo', 'hi'] } };
    const view = await clientWith(fake).forkCollaboration('col_1', request);
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col_1/fork');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.headers['content-type']).toBe('application/json');
    expect(fake.last.body).toEqual(request);
    expect(view.id).toBe('col_0003');
  });

  it('forkCollaboration_UnknownSubtask_HasFieldErrors', async () => {
    const fake = new FakeFetch().problem(400, { title: 'Invalid', errors: { subtask: ["Collaboration 'col_1' has no subtask 'z'."] } });
    const error = await clientWith(fake).forkCollaboration('col_1', { subtask: 'z' }).catch((e: unknown) => e);
    expect((error as ApiError).fieldErrors).toEqual({ subtask: ["Collaboration 'col_1' has no subtask 'z'."] });
  });

  it('diffCollaborations_GetsBothIdsEncoded', async () => {
    const fake = new FakeFetch().json(200, sampleDiff());
    const diff = await clientWith(fake).diffCollaborations('col 1', 'col/2');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/collaborate/col%201/diff/col%2F2');
    expect(fake.last.method).toBe('GET');
    expect(diff.subtasks[0]?.changes).toEqual(['output']);
  });

  it('diffCollaborations_Unknown_Throws404', async () => {
    const fake = new FakeFetch().problem(404, { title: 'Not found', detail: "No collaboration 'col_9'." });
    const error = await clientWith(fake).diffCollaborations('col_1', 'col_9').catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toBe("No collaboration 'col_9'.");
  });
});
