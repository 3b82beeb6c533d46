import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient, ApiError } from './client';
import { GitHostingClient } from './gitHostingClient';

const BASE = 'http://lightning.test/api/v2/git';
const clientWith = (fake: FakeFetch) => new GitHostingClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch }));

const connection = {
  name: 'work',
  provider: 'github',
  baseUrl: 'https://api.github.com/',
  hasWebhookSecret: true,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'admin',
};

const pull = {
  provider: 'github',
  number: 1347,
  title: 'Amazing new feature',
  state: 'open',
  head: 'new-topic',
  base: 'main',
  draft: false,
  merged: false,
  url: 'https://github.com/octo/hello/pull/1347',
};

describe('GitHostingClient', () => {
  it('listConnections_GetsWithTheKey', async () => {
    const fake = new FakeFetch().json(200, [connection]);
    const list = await clientWith(fake).listConnections();
    expect(list[0]?.hasWebhookSecret).toBe(true);
    expect(fake.last).toMatchObject({ url: `${BASE}/connections`, method: 'GET' });
    expect(fake.last.headers['authorization']).toBe('Bearer lk_test_secret');
  });

  it('addConnection_TrimsAndDropsBlankOptionalFields', async () => {
    const fake = new FakeFetch().json(201, connection);
    await clientWith(fake).addConnection({ name: ' work ', provider: 'github', token: ' ghp_abc \n', baseUrl: '  ', webhookSecret: '   ' });
    expect(fake.last).toMatchObject({ url: `${BASE}/connections`, method: 'POST' });
    expect(fake.last.body).toEqual({ name: 'work', provider: 'github', token: 'ghp_abc' });
  });

  it('addConnection_SendsTheBaseUrlAndTheSecretAsGiven', async () => {
    const fake = new FakeFetch().json(201, connection);
    await clientWith(fake).addConnection({ name: 'lab', provider: 'gitlab', token: 't', baseUrl: 'https://gitlab.example.com ', webhookSecret: ' s3cret ' });
    expect(fake.last.body).toEqual({ name: 'lab', provider: 'gitlab', token: 't', baseUrl: 'https://gitlab.example.com', webhookSecret: ' s3cret ' });
  });

  it('addConnection_Invalid_ThrowsWithTheFieldErrors', async () => {
    const fake = new FakeFetch().problem(400, { title: 'Invalid', errors: { baseUrl: ['Plain http is accepted only for loopback hosts.'] } });
    const error = await clientWith(fake)
      .addConnection({ name: 'work', provider: 'github', token: 't', baseUrl: 'http://github.example.com' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toEqual({ baseUrl: ['Plain http is accepted only for loopback hosts.'] });
  });

  it('removeConnection_DeletesByEncodedName_AndReportsInUse', async () => {
    const fake = new FakeFetch().empty(204).problem(409, { detail: "Connection 'work' is used by shop; remove those repositories first.", code: 'git.connection_in_use' });
    const hosting = clientWith(fake);
    await expect(hosting.removeConnection('a.b')).resolves.toBeUndefined();
    expect(fake.last).toMatchObject({ url: `${BASE}/connections/a.b`, method: 'DELETE' });
    await expect(hosting.removeConnection('work')).rejects.toMatchObject({ status: 409, message: expect.stringContaining('used by shop') });
  });

  it('listPullRequests_AsksForOpenOrAll', async () => {
    const fake = new FakeFetch().json(200, [pull]).json(200, []);
    const hosting = clientWith(fake);
    expect(await hosting.listPullRequests('my repo')).toEqual([pull]);
    expect(fake.last.url).toBe(`${BASE}/repositories/my%20repo/pull-requests?state=open`);
    await hosting.listPullRequests('shop', 'all');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/pull-requests?state=all`);
  });

  it('createPullRequest_SendsTitleHeadBase_AndBodyAndDraftOnlyWhenGiven', async () => {
    const fake = new FakeFetch().json(201, pull).json(201, pull);
    const hosting = clientWith(fake);
    await hosting.createPullRequest('shop', { title: ' Add X ', head: 'feature/x', base: 'main', body: '  ', draft: false });
    expect(fake.last).toMatchObject({ url: `${BASE}/repositories/shop/pull-requests`, method: 'POST' });
    expect(fake.last.body).toEqual({ title: 'Add X', head: 'feature/x', base: 'main' });
    await hosting.createPullRequest('shop', { title: 'Add X', head: 'feature/x', base: 'main', body: 'Why:\n- because', draft: true });
    expect(fake.last.body).toEqual({ title: 'Add X', head: 'feature/x', base: 'main', body: 'Why:\n- because', draft: true });
  });

  it('mergePullRequest_PostsTheMethod', async () => {
    const fake = new FakeFetch().json(200, { merged: true, sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', message: 'Pull Request successfully merged' });
    const result = await clientWith(fake).mergePullRequest('shop', 1347, { method: 'squash' });
    expect(result.merged).toBe(true);
    expect(fake.last).toMatchObject({ url: `${BASE}/repositories/shop/pull-requests/1347/merge`, method: 'POST', body: { method: 'squash' } });
  });

  it('branchProtection_EncodesTheBranch', async () => {
    const fake = new FakeFetch().json(200, { branch: 'release/1.0', protected: false, protection: null });
    const view = await clientWith(fake).branchProtection('shop', 'release/1.0');
    expect(view.protected).toBe(false);
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/branch-protection/release%2F1.0`);
  });

  it('checkBranchProtection_RepeatsStatusChecks_AndSendsOnlyWhatIsWanted', async () => {
    const fake = new FakeFetch().json(200, { branch: 'main', protected: true, compliant: true, differences: [] }).json(200, { branch: 'main', protected: true, compliant: true, differences: [] });
    const hosting = clientWith(fake);
    await hosting.checkBranchProtection('shop', 'main', { requiredApprovals: 2, requiredStatusChecks: ['build', 'lint'], allowForcePushes: false });
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/branch-protection/main/check?requiredApprovals=2&requiredStatusChecks=build&requiredStatusChecks=lint&allowForcePushes=false`);
    await hosting.checkBranchProtection('shop', 'main', {});
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/branch-protection/main/check`);
  });

  it('repositoryWithoutConnection_ThrowsTheServersHint', async () => {
    const fake = new FakeFetch().problem(400, { detail: "Repository 'shop' is not linked to a hosting connection", code: 'git.no_connection' });
    await expect(clientWith(fake).listPullRequests('shop')).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not linked') });
  });
});
