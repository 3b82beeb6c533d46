import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { sampleAction, sampleAgent } from '../testing/samples';
import { ApiClient, ApiError } from './client';

const KEY = 'lk_test_secret';

function clientWith(fake: FakeFetch, onUnauthorized?: (error: ApiError) => void): ApiClient {
  return new ApiClient({ apiKey: KEY, baseUrl: 'http://lightning.test', fetch: fake.fetch, ...(onUnauthorized ? { onUnauthorized } : {}) });
}

describe('ApiClient requests', () => {
  it('status_SendsBearerKey_ReturnsStatus', async () => {
    const fake = new FakeFetch().json(200, { version: '1.0.0', caller: { name: 'admin', role: 'admin' } });
    const status = await clientWith(fake).status();
    expect(status.version).toBe('1.0.0');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/status');
    expect(fake.last.method).toBe('GET');
    expect(fake.last.headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('listActions_WithFilters_BuildsQuery', async () => {
    const fake = new FakeFetch().json(200, { items: [sampleAction()], next: 'act_0001' });
    const page = await clientWith(fake).listActions({ agent: 'devops-engineer', status: 'timed-out', limit: 25, before: 'act_0009' });
    expect(page.next).toBe('act_0001');
    const url = new URL(fake.last.url);
    expect(url.pathname).toBe('/api/v2/actions');
    expect(Object.fromEntries(url.searchParams)).toEqual({ agent: 'devops-engineer', status: 'timed-out', limit: '25', before: 'act_0009' });
  });

  it('listActions_WithoutFilters_HasNoQuery', async () => {
    const fake = new FakeFetch().json(200, { items: [], next: null });
    await clientWith(fake).listActions();
    expect(fake.last.url).toBe('http://lightning.test/api/v2/actions');
  });

  it('submitAction_PostsJsonBody', async () => {
    const fake = new FakeFetch().json(202, sampleAction());
    const request = { agent: 'devops-engineer', kind: 'command' as const, command: ['sh', '-c', 'echo hi'] };
    const action = await clientWith(fake).submitAction(request);
    expect(action.id).toBe('act_0001');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.headers['content-type']).toBe('application/json');
    expect(fake.last.body).toEqual(request);
  });

  it('registerAgent_PostsRegistration', async () => {
    const fake = new FakeFetch().json(201, sampleAgent({ name: 'builder' }));
    const agent = await clientWith(fake).registerAgent({ name: 'builder', role: 'devops-engineer', location: 'in-process' });
    expect(agent.name).toBe('builder');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/agents');
    expect(fake.last.body).toEqual({ name: 'builder', role: 'devops-engineer', location: 'in-process' });
  });

  it('removeAgent_SendsDelete_AcceptsNoContent', async () => {
    const fake = new FakeFetch().empty(204);
    await expect(clientWith(fake).removeAgent('build runner')).resolves.toBeUndefined();
    expect(fake.last.method).toBe('DELETE');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/agents/build%20runner');
  });

  it('cancelAction_PostsToCancel', async () => {
    const fake = new FakeFetch().json(200, sampleAction({ status: 'cancelled' }));
    const action = await clientWith(fake).cancelAction('act_0001');
    expect(action.status).toBe('cancelled');
    expect(fake.last.method).toBe('POST');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/actions/act_0001/cancel');
  });

  it('getOutput_ReadsOutput', async () => {
    const fake = new FakeFetch().json(200, { id: 'act_0001', status: 'running', output: 'line-1\n', outputTruncated: false });
    const output = await clientWith(fake).getOutput('act_0001');
    expect(output.output).toBe('line-1\n');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/actions/act_0001/output');
  });

  it('health_Ready_ReadsPlainText', async () => {
    const fake = new FakeFetch().text(200, 'Healthy');
    await expect(clientWith(fake).health()).resolves.toEqual({ ready: true, text: 'Healthy' });
    expect(fake.last.url).toBe('http://lightning.test/health/ready');
  });

  it('health_Unhealthy_IsNotReadyAndDoesNotThrow', async () => {
    const fake = new FakeFetch().text(503, 'Unhealthy');
    await expect(clientWith(fake).health()).resolves.toEqual({ ready: false, text: 'Unhealthy' });
  });
});

describe('ApiClient errors', () => {
  it('problemDetails_MessageIsDetail', async () => {
    const fake = new FakeFetch().problem(409, { title: 'Conflict.', detail: "Agent 'x' is running 1 action(s).", code: 'agent.busy' });
    const error = await clientWith(fake).removeAgent('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(409);
    expect(apiError.message).toBe("Agent 'x' is running 1 action(s).");
    expect(apiError.problem?.code).toBe('agent.busy');
  });

  it('validationProblem_ExposesFieldErrors', async () => {
    const errors = { name: ['Name is required.'], 'ssh.host': ['SSH host is required.'] };
    const fake = new FakeFetch().problem(400, { title: 'The request is invalid.', detail: 'Name is required. SSH host is required.', errors });
    const error = (await clientWith(fake).registerAgent({}).catch((caught: unknown) => caught)) as ApiError;
    expect(error.fieldErrors).toEqual(errors);
    expect(error.message).toBe('Name is required. SSH host is required.');
  });

  it('problemWithoutDetail_UsesTitle', async () => {
    const fake = new FakeFetch().problem(404, { title: 'Not found.' });
    const error = (await clientWith(fake).getAction('act_x').catch((caught: unknown) => caught)) as ApiError;
    expect(error.message).toBe('Not found.');
    expect(error.fieldErrors).toEqual({});
  });

  it('nonJsonBody_UsesText', async () => {
    const fake = new FakeFetch().text(502, 'Bad gateway');
    const error = (await clientWith(fake).listAgents().catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.message).toBe('Bad gateway');
  });

  it('emptyBody_UsesStatusMessage', async () => {
    const fake = new FakeFetch().empty(500);
    const error = (await clientWith(fake).listAgents().catch((caught: unknown) => caught)) as ApiError;
    expect(error.message).toMatch(/500/);
  });

  it('unauthorized_CallsHandlerThenThrows', async () => {
    const seen: ApiError[] = [];
    const fake = new FakeFetch().problem(401, { title: 'Unauthorized', detail: 'The API key is invalid or revoked.' });
    const error = (await clientWith(fake, (e) => seen.push(e)).listAgents().catch((caught: unknown) => caught)) as ApiError;
    expect(error.isUnauthorized).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe('The API key is invalid or revoked.');
  });

  it('forbidden_DoesNotSignOut', async () => {
    const seen: ApiError[] = [];
    const fake = new FakeFetch().problem(403, { title: 'Forbidden', detail: "This API key's role (viewer) may not do this." });
    const error = (await clientWith(fake, (e) => seen.push(e)).submitAction({ agent: 'a', kind: 'command' }).catch((caught: unknown) => caught)) as ApiError;
    expect(error.status).toBe(403);
    expect(error.message).toContain('viewer');
    expect(seen).toHaveLength(0);
  });

  it('networkFailure_IsApiErrorWithStatusZero', async () => {
    const fake = new FakeFetch().fail();
    const error = (await clientWith(fake).status().catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Cannot reach the server/);
  });

  it('abort_IsRethrownAsIs', async () => {
    const fake = new FakeFetch().fail(new DOMException('The operation was aborted.', 'AbortError'));
    const error = await clientWith(fake).status().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
  });
});

describe('ApiClient.actionStreamUrl', () => {
  it('pageOrigin_Http_UsesWsAndEncodesKey', () => {
    const client = new ApiClient({ apiKey: 'lk_a+b/c', fetch: new FakeFetch().fetch });
    expect(client.actionStreamUrl('act_1', 'http://127.0.0.1:5250')).toBe('ws://127.0.0.1:5250/api/v2/actions/act_1/ws?access_token=lk_a%2Bb%2Fc');
  });

  it('pageOrigin_Https_UsesWss', () => {
    const client = new ApiClient({ apiKey: 'k', fetch: new FakeFetch().fetch });
    expect(client.actionStreamUrl('act_1', 'https://lightning.example.com')).toBe('wss://lightning.example.com/api/v2/actions/act_1/ws?access_token=k');
  });

  it('baseUrl_WinsOverPageOrigin', () => {
    const client = new ApiClient({ apiKey: 'k', baseUrl: 'https://api.example.com/', fetch: new FakeFetch().fetch });
    expect(client.actionStreamUrl('act_1', 'http://localhost:5173')).toBe('wss://api.example.com/api/v2/actions/act_1/ws?access_token=k');
  });
});
