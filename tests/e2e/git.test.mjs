// The Git page in a real browser against a real server: a repository made here with the git CLI (conventional commits,
// a release tag, a merged branch, two branches that conflict), registered through the API as the admin; the page must
// show its branches with ahead/behind, the predicted conflict, the commit graph, the next version with its changelog,
// hotspots and contributors, and real empty and error states.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, SCREENSHOTS, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let repository;

const ALICE = { name: 'Alice Archer', email: 'alice@example.test' };
const BOB = { name: 'Bob Baker', email: 'bob@example.test' };
const CAROL = { name: 'Carol Cole', email: 'carol@example.test' };
const DAVE = { name: 'Dave Dunn', email: 'dave@example.test' };

/** A repository whose history the assertions below know commit by commit; dates are recent so every branch is active. */
async function makeRepository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-git-'));
  let minute = 0;
  const start = Date.now() - 20 * 24 * 3600 * 1000;
  const git = (args, who = ALICE) => {
    // Each commit an hour after the last, so the order (and so the graph and the changelog) is fixed.
    const when = new Date(start + minute++ * 3600 * 1000).toISOString();
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: who.name,
        GIT_AUTHOR_EMAIL: who.email,
        GIT_COMMITTER_NAME: who.name,
        GIT_COMMITTER_EMAIL: who.email,
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
  };
  const write = async (file, text) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  const commit = async (who, message, files) => {
    for (const [file, text] of Object.entries(files)) await write(file, text);
    git(['add', '--all'], who);
    git(['commit', '--quiet', '-m', message], who);
  };

  git(['init', '--quiet', '--initial-branch=main']);
  await commit(ALICE, 'feat: add the catalog', { 'src/catalog.js': 'export const items = [];\n', 'README.md': '# Shop\n' });
  await commit(ALICE, 'feat(prices): price list', { 'src/prices.js': 'export const price = (item) => item.cents;\nexport const currency = "EUR";\n' });
  await commit(ALICE, 'fix(catalog): handle an empty catalog', { 'src/catalog.js': 'export const items = [];\nexport const isEmpty = () => items.length === 0;\n' });
  git(['tag', '-a', 'v1.0.0', '-m', 'Release 1.0.0']);

  // Two branches that change the same line of prices.js differently: they conflict with each other, not with main.
  git(['switch', '--quiet', '-c', 'feature/pricing']);
  await commit(BOB, 'feat(pricing): discounts', { 'src/prices.js': 'export const price = (item) => item.cents * 0.9;\nexport const currency = "EUR";\n' });
  git(['switch', '--quiet', 'main']);
  git(['switch', '--quiet', '-c', 'feature/rounding']);
  await commit(CAROL, 'fix(pricing): round to whole cents', { 'src/prices.js': 'export const price = (item) => Math.round(item.cents);\nexport const currency = "EUR";\n' });
  git(['switch', '--quiet', 'main']);

  // A branch merged with a merge commit, so the graph has a second lane that joins again.
  git(['switch', '--quiet', '-c', 'feature/search']);
  await commit(DAVE, 'feat(search): search the catalog', { 'src/search.js': 'export const search = (items, text) => items.filter((i) => i.name.includes(text));\n' });
  await commit(DAVE, 'test(search): cover empty searches', { 'test/search.test.js': 'test("empty", () => {});\n' });
  git(['switch', '--quiet', 'main']);
  await commit(ALICE, 'docs: describe the shop', { 'README.md': '# Shop\n\nA small shop.\n' });
  git(['merge', '--quiet', '--no-ff', '-m', "Merge branch 'feature/search'", 'feature/search']);
  await commit(ALICE, 'feat(cart): add a cart', { 'src/cart.js': 'export const cart = [];\n', 'src/catalog.js': 'export const items = [];\nexport const isEmpty = () => !items.length;\n' });
  return dir;
}

before(async () => {
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  repository = await makeRepository();
});

after(async () => {
  await session?.close();
  if (repository) await rm(repository, { recursive: true, force: true });
});

test('with no repository registered the page says so and offers the register form', async () => {
  await page.goto(`${server.url}/git`);
  await byTestId('git-empty').waitFor();
  assert.match(await byTestId('git-empty').innerText(), /No repositories are registered yet/);
  await byTestId('git-register-form').waitFor();
  assert.equal(await byTestId('nav-git').getAttribute('aria-current'), 'page');
  await shot('git-01-empty');
});

test('a failed registration shows the server\'s problem detail and registers nothing', async () => {
  await byTestId('git-register-source-path').click();
  await byTestId('git-register-name').fill('missing');
  await byTestId('git-register-location').fill(path.join(os.tmpdir(), 'lightning-e2e-no-such-repository'));
  await byTestId('git-register-submit').click();
  await byTestId('git-register-error').waitFor();
  // The server's message sits under the field it is about.
  await byTestId('git-register-location-errors').waitFor();
  assert.match(await byTestId('git-register-location-errors').innerText(), /does not exist/);
  await shot('git-02-register-error');
  const { body } = await api('GET', '/api/v2/git/repositories');
  assert.deepEqual(body, [], 'nothing was registered');
});

test('a repository registered through the API shows its branches, conflicts, graph, release and insights', async () => {
  const registered = await api('POST', '/api/v2/git/repositories', { name: 'shop', path: repository });
  assert.equal(registered.status, 201, registered.text);

  await page.goto(`${server.url}/git`);
  // /git opens the only repository.
  await page.waitForURL(/\/git\/shop$/);
  await byTestId('git-repository').waitFor();
  assert.equal(await byTestId('git-repository-select').inputValue(), 'shop');

  // Branches, with ahead/behind against the default branch: each pricing branch has 1 commit main lacks, and main
  // moved on by 5 since they forked (search's two commits, the docs commit, the merge and the cart).
  await byTestId('git-branches').locator('table').waitFor();
  const pricing = byTestId('git-branch-feature/pricing');
  assert.match(await pricing.innerText(), /feature\/pricing/);
  const vsDefault = (await byTestId('git-branch-feature/pricing-vs-default').innerText()).trim();
  assert.equal(vsDefault, '↑1 ↓5');
  assert.match(await byTestId('git-branch-main').innerText(), /HEAD/);

  // The predicted conflict: the two pricing branches, on prices.js; ranked first.
  await byTestId('git-conflict-pair').first().waitFor();
  const firstPair = await byTestId('git-conflict-pair').first().innerText();
  assert.match(firstPair, /feature\/pricing/);
  assert.match(firstPair, /feature\/rounding/);
  assert.match(firstPair, /src\/prices\.js/);
  assert.match(firstPair, /content/);
  assert.match(await byTestId('git-conflicts-summary').innerText(), /1 conflicting/);
  // The default branch's name comes with the prediction, so main is marked once it is in.
  assert.match(await byTestId('git-branch-main').innerText(), /default/);

  // The graph: every commit of the four branches once (10 commits), the merge drawn, labels at the heads and the tag.
  await byTestId('git-graph').waitFor();
  assert.equal(await byTestId('git-graph-node').count(), 10);
  assert.ok((await byTestId('git-graph-edge').count()) >= 10, 'parent links, the merge\'s second parent included');
  const heads = await byTestId('git-graph-branch').allInnerTexts();
  for (const name of ['main', 'feature/pricing', 'feature/rounding', 'feature/search']) assert.ok(heads.includes(name), `${name} is labelled: ${heads}`);
  assert.deepEqual(await byTestId('git-graph-tag').allInnerTexts(), ['v1.0.0']);
  const lanes = await page.evaluate(() => Number(document.querySelector('.git-graph-lanes')?.getAttribute('width') ?? 0));
  assert.ok(lanes > 20, `more than one lane is drawn (svg width ${lanes})`);

  // Next version: feat commits since v1.0.0 make it a minor release; the changelog preview lists them.
  await byTestId('git-next-version').waitFor();
  assert.equal((await byTestId('git-next-version').innerText()).trim(), '1.1.0');
  assert.equal((await byTestId('git-release-current').innerText()).trim(), 'v1.0.0');
  assert.match(await byTestId('git-release-bump').innerText(), /minor/);
  const changelog = await byTestId('git-changelog').innerText();
  assert.match(changelog, /Features/);
  assert.match(changelog, /add a cart/i);
  assert.match(changelog, /search the catalog/i);
  assert.doesNotMatch(changelog, /add the catalog/i, 'released work is not in the unreleased preview');

  // Hotspots and commit frequency; contributors of main's history.
  assert.ok((await byTestId('git-hotspot').count()) >= 3);
  assert.match(await byTestId('git-hotspot').first().innerText(), /src\/catalog\.js/);
  await byTestId('git-frequency').waitFor();
  const people = await byTestId('git-contributor').allInnerTexts();
  assert.equal(people.length, 2, `Alice and Dave authored main's history: ${people}`);
  assert.match(people[0] ?? '', /Alice Archer/);
  assert.match(people[1] ?? '', /Dave Dunn/);

  assert.equal(await overflow(), 0, 'the page fits the window');
  await shot('git-03-repository');
  // The graph and the release card close up: the full page makes lanes and labels too small to check by eye.
  await byTestId('git-graph-card').screenshot({ path: path.join(SCREENSHOTS, 'git-04-graph.png') });
  await byTestId('git-release').screenshot({ path: path.join(SCREENSHOTS, 'git-05-release.png') });
});

test('on a phone the page fits the screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/git/shop`);
    await byTestId('git-next-version').waitFor();
    await byTestId('git-graph').waitFor();
    assert.equal(await overflow(), 0, 'wide parts (tables, the graph) scroll inside their cards');
    await shot('git-07-phone');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('an unknown repository in the address says so', async () => {
  await page.goto(`${server.url}/git/nope`);
  await byTestId('git-unknown-repository').waitFor();
  assert.match(await byTestId('git-unknown-repository').innerText(), /No repository named 'nope'/);
  await shot('git-06-unknown');
});
