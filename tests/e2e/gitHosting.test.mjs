// Hosting connections and pull requests in a real browser against a real server. The connection's base URL points at
// recordedGitHub.mjs (loopback http, which the platform allows for tests), so the page goes page → server → "GitHub"
// and back: the connections page (add with a bad URL and a good one, the token never shown again, remove refused while
// used), the Git page of a linked repository (open and all pull requests, opening one, merging with a method, a refused
// merge, branch protection and its check), an unlinked repository's how-to, a viewer's read-only page, and phones.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, SCREENSHOTS, openBrowserSession } from './browserSession.mjs';
import { startRecordedGitHub } from './recordedGitHub.mjs';

const TOKEN = 'ghp_e2eT0kenThatMustNeverShow';
const WEBHOOK_SECRET = 'e2e-hook-secret-never-shown';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let github;
let repository;

/** main with two commits, and the two branches the pull requests name: new-topic (recorded #1347's head) and feature/pricing. */
async function makeRepository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-hosting-'));
  const git = (args) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Alice Archer',
        GIT_AUTHOR_EMAIL: 'alice@example.test',
        GIT_COMMITTER_NAME: 'Alice Archer',
        GIT_COMMITTER_EMAIL: 'alice@example.test',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
  const commit = async (file, text, message) => {
    await writeFile(path.join(dir, file), text);
    git(['add', '--all']);
    git(['commit', '--quiet', '-m', message]);
  };
  git(['init', '--quiet', '--initial-branch=main']);
  await commit('README.md', '# Hello\n', 'feat: start');
  await commit('prices.js', 'export const price = (item) => item.cents;\n', 'feat: prices');
  git(['switch', '--quiet', '-c', 'new-topic']);
  await commit('topic.md', 'A new topic.\n', 'docs: a new topic');
  git(['switch', '--quiet', 'main']);
  git(['switch', '--quiet', '-c', 'feature/pricing']);
  await commit('prices.js', 'export const price = (item) => item.cents * 0.9;\n', 'feat(pricing): discounts');
  git(['switch', '--quiet', 'main']);
  return dir;
}

/** What the page's HTML holds: the token and the webhook secret must never be in it. */
async function assertNoSecretsShown(where) {
  const html = await page.content();
  assert.ok(!html.includes(TOKEN), `${where}: the token is not in the page`);
  assert.ok(!html.includes(WEBHOOK_SECRET), `${where}: the webhook secret is not in the page`);
}

const providerRequests = (method, suffix) => github.requests.filter((request) => request.method === method && request.path.endsWith(suffix));

before(async () => {
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  github = await startRecordedGitHub({ headMovedOn: [1347] });
  repository = await makeRepository();
});

after(async () => {
  await session?.close();
  await github?.stop();
  if (repository) await rm(repository, { recursive: true, force: true });
});

test('the connections page starts empty, with the add form for an admin', async () => {
  await page.goto(`${server.url}/git`);
  await byTestId('git-connections').click();
  await page.waitForURL(/\/connections$/);
  await byTestId('connections-empty').waitFor();
  await byTestId('connection-form').waitFor();
  // Connections belong to the Git area.
  assert.equal(await byTestId('nav-git').getAttribute('aria-current'), 'page');
  assert.equal(await byTestId('connection-token').getAttribute('type'), 'password');
  assert.equal(await byTestId('connection-webhookSecret').getAttribute('type'), 'password');
  await shot('hosting-01-connections-empty');
});

test('a refused connection shows the server\'s message at its field, clears the token and adds nothing', async () => {
  await byTestId('connection-name').fill('work');
  await byTestId('connection-baseUrl').fill('http://github.example.com');
  await byTestId('connection-token').fill(TOKEN);
  await byTestId('connection-submit').click();
  await byTestId('connection-baseUrl-errors').waitFor();
  assert.match(await byTestId('connection-baseUrl-errors').innerText(), /loopback/);
  assert.match(await byTestId('connection-form-error').innerText(), /enter the token again/i);
  assert.equal(await byTestId('connection-token').inputValue(), '', 'the token is cleared after the submit');
  assert.equal(await byTestId('connection-name').inputValue(), 'work', 'the other fields stay to be fixed');
  await assertNoSecretsShown('after a refused add');
  await shot('hosting-02-connection-error');
  const { body } = await api('GET', '/api/v2/git/connections');
  assert.deepEqual(body, [], 'nothing was added');
});

test('a connection is added, listed without its token, and the form is cleared', async () => {
  await byTestId('connection-baseUrl').fill(github.url);
  await byTestId('connection-token').fill(TOKEN);
  await byTestId('connection-webhookSecret').fill(WEBHOOK_SECRET);
  await byTestId('connection-submit').click();
  await byTestId('connection-row-work').waitFor();
  const row = await byTestId('connection-row-work').innerText();
  assert.match(row, /GitHub/);
  assert.match(row, new RegExp(github.url.replace(/[.]/g, '\\.')));
  assert.match(row, /no repository/);
  assert.equal((await byTestId('connection-secret-work').innerText()).trim(), 'set');
  assert.match(await byTestId('connections-notice').innerText(), /Added connection work/);
  for (const field of ['name', 'baseUrl', 'token', 'webhookSecret']) assert.equal(await byTestId(`connection-${field}`).inputValue(), '', `${field} is cleared`);
  await assertNoSecretsShown('after the add');
  const listed = await api('GET', '/api/v2/git/connections');
  assert.ok(!listed.text.includes(TOKEN), 'the API does not give the token back either');
  assert.equal(await overflow(), 0);
  await shot('hosting-03-connections');
});

test('a linked repository lists its open pull requests from the provider, and all of them on request', async () => {
  for (const registration of [
    { name: 'shop', path: repository, connection: 'work', hostedRepository: 'octo/hello' },
    { name: 'plain', path: repository },
  ]) {
    const registered = await api('POST', '/api/v2/git/repositories', registration);
    assert.equal(registered.status, 201, registered.text);
  }

  await page.goto(`${server.url}/git/shop`);
  await byTestId('git-pull-1347').waitFor();
  assert.equal(await byTestId('git-pull-1348').count(), 0, 'the closed one is not among the open');
  const open = await byTestId('git-pull-1347').innerText();
  assert.match(open, /Amazing new feature/);
  assert.match(open, /#1347/);
  assert.match(await byTestId('git-pull-1347-branches').innerText(), /new-topic\s*→\s*main/);
  assert.equal((await byTestId('git-pull-1347-state').innerText()).trim(), 'open');
  assert.equal(await byTestId('git-pull-1347-link').getAttribute('href'), 'https://github.com/octo/hello/pull/1347');
  assert.equal(await byTestId('git-pull-1347-link').getAttribute('target'), '_blank');
  assert.match(await byTestId('git-pulls').innerText(), /octo\/hello on GitHub/);

  // The platform called "GitHub" with the stored token, the page never saw it.
  const listed = providerRequests('GET', '/repos/octo/hello/pulls');
  assert.ok(listed.length > 0, 'the provider was asked');
  assert.ok(listed.every((request) => request.headers.authorization === `Bearer ${TOKEN}`));
  assert.match(listed.at(-1).query, /state=open/);

  await byTestId('git-pulls-filter-all').click();
  await byTestId('git-pull-1348').waitFor();
  const closed = await byTestId('git-pull-1348').innerText();
  assert.match(closed, /Old idea/);
  assert.match(closed, /draft/);
  assert.equal((await byTestId('git-pull-1348-state').innerText()).trim(), 'closed');
  assert.equal(await byTestId('git-pull-1348-merge').count(), 0, 'a closed one offers no merge');
  assert.match(providerRequests('GET', '/repos/octo/hello/pulls').at(-1).query, /state=all/);
  await byTestId('git-pulls-filter-open').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="git-pull-1348"]'));
  await assertNoSecretsShown('the git page');
});

test('branch protection of the default branch is shown and checked against required approvals', async () => {
  await byTestId('git-protection-rules').waitFor();
  assert.match(await byTestId('git-protection').innerText(), /main/);
  assert.match(await byTestId('git-protection-requiredApprovals').innerText(), /2/);
  assert.match(await byTestId('git-protection-requiredStatusChecks').innerText(), /build, test/);
  assert.match(await byTestId('git-protection-allowForcePushes').innerText(), /blocked/);
  assert.ok(providerRequests('GET', '/branches/main/protection').length > 0);

  await byTestId('git-check-approvals').fill('3');
  await byTestId('git-check-submit').click();
  await byTestId('git-check-differences').waitFor();
  assert.match(await byTestId('git-check-difference-requiredApprovals').innerText(), /wanted at least 3, is 2/);
  await shot('hosting-04-protection-check');

  await byTestId('git-check-approvals').fill('2');
  await byTestId('git-check-status').fill('build');
  await byTestId('git-check-submit').click();
  await byTestId('git-check-compliant').waitFor();

  await byTestId('git-check-approvals').fill('two');
  await byTestId('git-check-submit').click();
  await byTestId('git-check-approvals-errors').waitFor();
});

test('a new pull request is opened from the repository\'s branches; the provider\'s refusal is shown', async () => {
  await byTestId('git-pull-new').click();
  await byTestId('git-pull-form').waitFor();
  // Base starts on the default branch once the branches are read (the form opens before they arrive); the heads are
  // the repository's branches.
  await page.waitForFunction(() => document.querySelector('[data-testid="git-pull-base"]')?.value === 'main', undefined, { timeout: 10_000 }).catch(() => undefined);
  assert.equal(await byTestId('git-pull-base').inputValue(), 'main');
  const heads = await byTestId('git-pull-head').locator('option').allInnerTexts();
  assert.deepEqual(heads, ['feature/pricing', 'main', 'new-topic']);

  // Same branch on both sides: refused before asking anyone.
  await byTestId('git-pull-head').selectOption('main');
  await byTestId('git-pull-title').fill('Discounts');
  await byTestId('git-pull-submit').click();
  await byTestId('git-pull-head-errors').waitFor();
  const before = providerRequests('POST', '/repos/octo/hello/pulls').length;
  assert.equal(before, 0);

  // new-topic already has an open pull request: GitHub answers 422, the page says why.
  await byTestId('git-pull-head').selectOption('new-topic');
  await byTestId('git-pull-submit').click();
  await byTestId('git-pull-form-error').waitFor();
  assert.match(await byTestId('git-pull-form-error').innerText(), /already exists/);
  await shot('hosting-05-new-pull-error');

  await byTestId('git-pull-head').selectOption('feature/pricing');
  await byTestId('git-pull-body').fill('Ten percent off.');
  await byTestId('git-pull-submit').click();
  await byTestId('git-pull-1349').waitFor();
  assert.match(await byTestId('git-pulls-notice').innerText(), /Opened #1349 Discounts/);
  assert.match(await byTestId('git-pull-1349-branches').innerText(), /feature\/pricing\s*→\s*main/);
  assert.equal(await byTestId('git-pull-form').count(), 0, 'the form closes');
  const sent = providerRequests('POST', '/repos/octo/hello/pulls').at(-1);
  assert.equal(sent.body.title, 'Discounts');
  assert.equal(sent.body.head, 'feature/pricing');
  assert.equal(sent.body.base, 'main');
  assert.equal(sent.body.body, 'Ten percent off.');
});

test('merging asks first, with the method; a refusal stays in the dialog, a merge closes the pull request', async () => {
  // #1347's head "moved": GitHub refuses with 409.
  await byTestId('git-pull-1347-merge').click();
  await byTestId('confirm-dialog').waitFor();
  assert.equal(await byTestId('git-merge-method-rebase').count(), 1, 'GitHub offers rebase');
  await byTestId('confirm-accept').click();
  await byTestId('confirm-dialog').getByRole('alert').waitFor();
  assert.match(await byTestId('confirm-dialog').innerText(), /Head branch was modified/);
  await shot('hosting-06-merge-refused', false);
  await byTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  await byTestId('confirm-dialog').waitFor({ state: 'detached' });
  await byTestId('git-pull-1347').waitFor();

  await byTestId('git-pull-1349-merge').click();
  await byTestId('git-merge-method-squash').click();
  assert.equal((await byTestId('confirm-accept').innerText()).trim(), 'Squash and merge');
  await shot('hosting-07-merge-dialog', false);
  await byTestId('confirm-accept').click();
  await byTestId('confirm-dialog').waitFor({ state: 'detached' });
  assert.match(await byTestId('git-pulls-notice').innerText(), /Merged #1349 as 6dcb09b/);
  await page.waitForFunction(() => !document.querySelector('[data-testid="git-pull-1349"]'));
  const merge = providerRequests('PUT', '/pulls/1349/merge').at(-1);
  assert.equal(merge.body.merge_method, 'squash');
  assert.equal(merge.headers.authorization, `Bearer ${TOKEN}`);

  await byTestId('git-pulls-filter-all').click();
  await byTestId('git-pull-1349').waitFor();
  assert.equal((await byTestId('git-pull-1349-state').innerText()).trim(), 'merged');
  await byTestId('git-pulls-filter-open').click();
  assert.equal(await overflow(), 0, 'the page fits the window');
  await shot('hosting-08-repository');
});

test('an unlinked repository says how to link it, and registering it again with the connection links it', async () => {
  await page.goto(`${server.url}/git/plain`);
  await byTestId('git-hosting-unlinked').waitFor();
  const text = await byTestId('git-hosting-unlinked').innerText();
  assert.match(text, /not linked/);
  assert.match(await byTestId('git-hosting-connections').innerText(), /work \(GitHub\)/);
  assert.equal(await byTestId('git-pulls-error').count(), 0, 'no error: the repository simply has no provider');
  assert.equal(await page.getByRole('alert').count(), 0);
  await shot('hosting-09-unlinked');

  await byTestId('git-hosting-register-linked').click();
  await byTestId('git-register-form').waitFor();
  assert.equal(await byTestId('git-register-location').inputValue(), repository, 'the form starts from the repository');
  await byTestId('git-register-name').fill('plain-linked');
  await byTestId('git-register-connection').selectOption('work');
  await byTestId('git-register-submit').click();
  // A connection needs the name at the provider.
  await byTestId('git-register-hosted-errors').waitFor();
  await byTestId('git-register-hosted').fill('octo/hello');
  await byTestId('git-register-submit').click();
  await page.waitForURL(/\/git\/plain-linked$/);
  await byTestId('git-pull-1347').waitFor();
  const { body } = await api('GET', '/api/v2/git/repositories/plain-linked');
  assert.equal(body.connection, 'work');
  assert.equal(body.hostedRepository, 'octo/hello');
});

test('on a phone the connections and the pull requests fit the screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/connections`);
    await byTestId('connection-row-work').waitFor();
    assert.ok((await overflow()) <= 1, 'connections fit');
    await shot('hosting-10-phone-connections');

    await page.goto(`${server.url}/git/shop`);
    await byTestId('git-pull-1347').waitFor();
    await byTestId('git-protection-rules').waitFor();
    assert.ok((await overflow()) <= 1, 'the git page fits');
    await byTestId('git-pulls').screenshot({ path: path.join(SCREENSHOTS, 'hosting-11-phone-pulls.png') });
    await byTestId('git-pull-new').click();
    await byTestId('git-pull-form').waitFor();
    assert.ok((await overflow()) <= 1, 'the new pull request form fits');
    await shot('hosting-12-phone-git');
    // The full phone page is too tall to read: the two hosting cards close up.
    await byTestId('git-pulls').screenshot({ path: path.join(SCREENSHOTS, 'hosting-12a-phone-new-pull.png') });
    await byTestId('git-protection').screenshot({ path: path.join(SCREENSHOTS, 'hosting-12b-phone-protection.png') });
    await byTestId('git-pull-1347-merge').click();
    await byTestId('confirm-dialog').waitFor();
    await shot('hosting-13-phone-merge', false);
    await byTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('a viewer reads connections and pull requests but is offered no changes', async () => {
  const created = await api('POST', '/api/v2/keys', { name: 'e2e-hosting-viewer', role: 'viewer' });
  assert.equal(created.status, 201, created.text);
  await page.evaluate((value) => localStorage.setItem('lightning.apiKey', value), created.body.key);
  try {
    await page.goto(`${server.url}/connections`);
    await byTestId('connection-row-work').waitFor();
    await byTestId('connections-admin-only').waitFor();
    assert.equal(await byTestId('connection-form').count(), 0);
    assert.equal(await byTestId('connection-remove-work').count(), 0);

    await page.goto(`${server.url}/git/shop`);
    await byTestId('git-pull-1347').waitFor();
    await byTestId('git-protection-rules').waitFor();
    assert.equal(await byTestId('git-pull-new').count(), 0);
    assert.equal(await byTestId('git-pull-1347-merge').count(), 0);
    // Checking is reading: a viewer may.
    await byTestId('git-check-submit').click();
    await byTestId('git-check-compliant').waitFor();
  } finally {
    await page.evaluate((value) => localStorage.setItem('lightning.apiKey', value), server.adminKey);
  }
});

test('a connection in use cannot be removed; once unused it is, after confirmation', async () => {
  await page.goto(`${server.url}/connections`);
  await byTestId('connection-row-work').waitFor();
  // The repositories that use it may arrive after the row itself.
  await page.waitForFunction(() => /plain-linked/.test(document.querySelector('[data-testid="connection-row-work"]')?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => undefined);
  assert.match(await byTestId('connection-row-work').innerText(), /plain-linked/);
  await byTestId('connection-remove-work').click();
  await byTestId('confirm-dialog').waitFor();
  await byTestId('confirm-accept').click();
  await byTestId('confirm-dialog').getByRole('alert').waitFor();
  assert.match(await byTestId('confirm-dialog').innerText(), /used by plain-linked, shop/);
  await shot('hosting-14-remove-in-use', false);
  await byTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

  for (const name of ['shop', 'plain-linked']) assert.equal((await api('DELETE', `/api/v2/git/repositories/${name}`)).status, 204);
  await page.reload();
  await byTestId('connection-remove-work').click();
  await byTestId('confirm-accept').click();
  await byTestId('connections-empty').waitFor();
  assert.match(await byTestId('connections-notice').innerText(), /Removed connection work/);
  const { body } = await api('GET', '/api/v2/git/connections');
  assert.deepEqual(body, []);
});
