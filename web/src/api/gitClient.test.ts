import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient, ApiError } from './client';
import { GitClient } from './gitClient';

const BASE = 'http://lightning.test/api/v2/git';
const clientWith = (fake: FakeFetch, onUnauthorized?: (error: ApiError) => void) =>
  new GitClient(new ApiClient({ apiKey: 'lk_test_secret', baseUrl: 'http://lightning.test', fetch: fake.fetch, ...(onUnauthorized ? { onUnauthorized } : {}) }));

const repositoryView = {
  name: 'shop',
  path: '/srv/shop',
  cloneUrl: null,
  managed: false,
  connection: null,
  hostedRepository: null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'admin',
};

describe('GitClient', () => {
  it('listRepositories_GetsWithTheKey', async () => {
    const fake = new FakeFetch().json(200, [repositoryView]);
    const list = await clientWith(fake).listRepositories();
    expect(list[0]?.name).toBe('shop');
    expect(fake.last).toMatchObject({ url: `${BASE}/repositories`, method: 'GET' });
    expect(fake.last.headers['authorization']).toBe('Bearer lk_test_secret');
  });

  it('registerRepository_DropsBlankFields_SoAPathIsNotSentWithACloneUrl', async () => {
    const fake = new FakeFetch().json(201, repositoryView);
    await clientWith(fake).registerRepository({ name: ' shop ', path: '  ', cloneUrl: 'https://example.test/shop.git', branch: '' });
    expect(fake.last).toMatchObject({ url: `${BASE}/repositories`, method: 'POST', body: { name: 'shop', cloneUrl: 'https://example.test/shop.git' } });
    expect(fake.last.body).not.toHaveProperty('path');
    expect(fake.last.body).not.toHaveProperty('branch');
  });

  it('registerRepository_SendsTheConnectionLink_OnlyWhenGiven', async () => {
    const fake = new FakeFetch().json(201, repositoryView);
    await clientWith(fake).registerRepository({ name: 'shop', path: '/srv/shop', connection: ' work ', hostedRepository: ' octo/shop ' });
    expect(fake.last.body).toEqual({ name: 'shop', path: '/srv/shop', connection: 'work', hostedRepository: 'octo/shop' });
  });

  it('removeRepository_Deletes_AndReadsNoContent', async () => {
    const fake = new FakeFetch().empty(204);
    await expect(clientWith(fake).removeRepository('my repo')).resolves.toBeUndefined();
    expect(fake.last).toMatchObject({ url: `${BASE}/repositories/my%20repo`, method: 'DELETE' });
  });

  it('perRepositoryReads_UseTheContractRoutes', async () => {
    const fake = new FakeFetch().json(200, []).json(200, []).json(200, {}).json(200, {}).json(200, []);
    const git = clientWith(fake);
    await git.branches('a/b');
    expect(fake.last.url).toBe(`${BASE}/repositories/a%2Fb/branches`);
    await git.tags('shop');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/tags`);
    await git.predictedConflicts('shop');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/predicted-conflicts`);
    await git.nextVersion('shop');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/next-version`);
    await git.contributors('shop');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/contributors`);
  });

  it('queries_EncodeOnlyWhatIsGiven', async () => {
    const fake = new FakeFetch().json(200, []).json(200, []).json(200, { format: 'default', text: '## [unreleased]' }).json(200, {});
    const git = clientWith(fake);
    await git.log('shop', { revision: 'feature/x', limit: 50 });
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/log?revision=feature%2Fx&limit=50`);
    await git.log('shop');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/log`);
    const changelog = await git.changelog('shop', { unreleased: true });
    expect(changelog.text).toBe('## [unreleased]');
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/changelog?unreleased=true`);
    await git.insights('shop', { bucket: 'week' });
    expect(fake.last.url).toBe(`${BASE}/repositories/shop/insights?bucket=week`);
  });

  it('unknownRepository_ThrowsTheProblemDetail', async () => {
    const fake = new FakeFetch().problem(404, { title: 'Not found', detail: "No repository named 'gone' is registered.", code: 'git.repository_not_found' });
    const error = await clientWith(fake).branches('gone').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: "No repository named 'gone' is registered." });
  });

  it('revokedKey_CallsOnUnauthorized', async () => {
    const seen: number[] = [];
    const fake = new FakeFetch().empty(401);
    await expect(clientWith(fake, (error) => seen.push(error.status)).listRepositories()).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual([401]);
  });
});
