// The Testing page in a real browser against a real server: a small pytest repository made here (a passing, a failing,
// a skipped, a flaky and three slow tests) registered through the API; a JUnit report of an earlier run imported
// through the API; then a real pytest run started from the page's form, watched live (counts moving while the status
// is running), and its results, exports, replay, the slowest and failing tables and a test's history checked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let repository;
let importedRunId;
let liveRunId;

/** Created once the page has seen the run live; the first slow test waits for it, so "live" never depends on timing. */
const GATE = path.join(os.tmpdir(), `lightning-e2e-live-gate-${process.pid}`);

const TEST_FILE = `import os
import pathlib
import time

import pytest


def test_add():
    print("adding 1 and 2")
    assert 1 + 2 == 3


def test_div():
    assert 7 // 2 == 4, "integer division rounds down"


@pytest.mark.skip(reason="not written yet")
def test_later():
    pass


def test_flaky():
    marker = pathlib.Path(__file__).with_name(".flaky-seen")
    if not marker.exists():
        marker.write_text("seen")
        assert False, "fails the first time only"


def test_slow_a():
    # Runs until the browser test has seen the run live (at most a minute), then as long as the others.
    deadline = time.monotonic() + 60
    while not os.path.exists(${JSON.stringify(GATE)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)


def test_slow_b():
    time.sleep(1)


def test_slow_c():
    time.sleep(1)
`;

/** An earlier run of the same tests, as pytest's --junit-xml (xunit2) writes it: ids match the live run's. */
const JUNIT = `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="3" time="0.050" timestamp="2026-11-20T09:00:00" hostname="ci">
<testcase classname="tests.test_calc" name="test_add" time="0.012"/>
<testcase classname="tests.test_calc" name="test_div" time="0.004"><failure message="AssertionError: integer division rounds down">tests/test_calc.py:13: AssertionError</failure></testcase>
<testcase classname="tests.test_calc" name="test_slow_a" time="0.900"/>
</testsuite></testsuites>
`;

async function makeRepository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-calc-'));
  const git = (args) =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: 'alice@example.test', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: 'alice@example.test', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  await mkdir(path.join(dir, 'tests'));
  await writeFile(path.join(dir, 'pytest.ini'), '[pytest]\ntestpaths = tests\n');
  await writeFile(path.join(dir, 'tests/test_calc.py'), TEST_FILE);
  await writeFile(path.join(dir, '.gitignore'), '.flaky-seen\n');
  // A Jest project whose node_modules were never installed: detection finds it, the probe says what to install.
  await mkdir(path.join(dir, 'web'));
  await writeFile(path.join(dir, 'web/package.json'), JSON.stringify({ name: 'web', private: true, scripts: { test: 'jest' }, devDependencies: { jest: '^29.7.0' } }, null, 2));
  await writeFile(path.join(dir, 'web/sum.test.js'), "test('adds', () => expect(1 + 2).toBe(3));\n");
  git(['init', '--quiet', '--initial-branch=main']);
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', 'test: calc tests']);
  return dir;
}

before(async () => {
  // pyenv's shim must find the system python3 that has pytest (the server inherits this environment).
  process.env.PYENV_VERSION ??= 'system';
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  repository = await makeRepository();
  const registered = await api('POST', '/api/v2/git/repositories', { name: 'calc', path: repository });
  assert.equal(registered.status, 201, registered.text);
});

after(async () => {
  await session?.close();
  if (repository) await rm(repository, { recursive: true, force: true });
  await rm(GATE, { force: true });
});

test('an imported JUnit report is listed as a finished run', async () => {
  const response = await fetch(`${server.url}/api/v2/testing/runs/import?repository=calc&file=results.xml&commit=0123456789abcdef`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'application/xml' },
    body: JUNIT,
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  const imported = JSON.parse(text);
  importedRunId = imported.id;
  assert.equal(imported.status, 'failed');

  await page.goto(`${server.url}/testing`);
  const row = byTestId(`testing-run-row-${importedRunId}`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'failed');
  assert.match(await row.innerText(), /calc/);
  assert.match(await row.innerText(), /2 passed/);
  assert.match(await row.innerText(), /1 failed/);
  assert.match(await row.innerText(), /@0123456/);
  // Testing is in the nav, and the page is the Runs tab.
  assert.equal(await byTestId('nav-testing').getAttribute('aria-current'), 'page');
  assert.equal(await byTestId('testing-tab-runs').getAttribute('aria-current'), 'page');
});

test('a pytest run started from the form is followed live, then shows its results', async () => {
  await page.goto(`${server.url}/testing`);
  await byTestId('testing-run-open').click();
  await byTestId('testing-run-form').waitFor();
  assert.equal(await byTestId('testing-run-repository').inputValue(), 'calc');
  // Detection with the toolchain probe: pytest found with its tools ready; Jest found, its missing package named.
  const pytest = page.locator('[data-testid="testing-detected-project"][data-framework="pytest"]');
  const jest = page.locator('[data-testid="testing-detected-project"][data-framework="jest"]');
  await pytest.waitFor();
  assert.equal(await pytest.getAttribute('data-ready'), 'true', await pytest.innerText());
  assert.equal(await jest.getAttribute('data-ready'), 'false', await jest.innerText());
  const missing = await jest.getByTestId('testing-toolchain-missing').innerText();
  assert.match(missing, /jest is missing/i);
  assert.match(missing, /npm package jest/);
  await shot('testing-01-run-form-detected');
  // Only the pytest project runs.
  await byTestId('testing-run-project').selectOption('pytest:.');
  assert.equal(await byTestId('testing-detected-project').count(), 1);
  await byTestId('testing-run-retries').fill('1');
  await byTestId('testing-run-timeout').fill('300');
  await shot('testing-01-run-form');
  await byTestId('testing-run-submit').click();

  await page.waitForURL(/\/testing\/runs\/trun_/);
  liveRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

  // Live: while the run goes on, counts move and the test in progress is named (test_slow_a holds the run until the gate exists).
  const seen = await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="test-run-status"]')?.getAttribute('data-status');
    const current = document.querySelector('[data-testid="test-run-current"]')?.textContent ?? '';
    const connection = document.querySelector('[data-testid="test-run-connection"]')?.getAttribute('data-connection');
    // What the page showed while it waited, so a failure says whether the status or the current test never came.
    const shown = `${status}/${connection}/${current}`;
    if (!(window.__liveSeen ?? '').endsWith(`|${shown}`)) window.__liveSeen = `${window.__liveSeen ?? ''}|${shown}`.slice(-600);
    if (status && status !== 'queued' && status !== 'running') return `finished (${status}) before it was seen running; the page showed: ${window.__liveSeen}`;
    // The test order may put the slow tests first (smart order reads the history), so no count is required here.
    return status === 'running' && /test_slow/.test(current) ? 'live' : false;
  }, undefined, { timeout: 120_000, polling: 100 });
  assert.equal(await seen.jsonValue(), 'live');
  assert.equal(await byTestId('test-run-connection').getAttribute('data-connection'), 'live');
  assert.ok(await byTestId('test-run-cancel').isVisible(), 'an admin may cancel a running run');
  assert.equal(await byTestId('test-run-project').getAttribute('data-state'), 'running');
  await shot('testing-02-run-live');
  await writeFile(GATE, 'seen live');

  // Finished: the counts are the server's totals (the flaky test passed on its retry).
  await page.waitForFunction(() => document.querySelector('[data-testid="test-run-status"]')?.getAttribute('data-status') === 'failed', undefined, { timeout: 90_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="test-run-connection"]')?.getAttribute('data-connection') === 'ended');
  const { body: details } = await api('GET', `/api/v2/testing/runs/${liveRunId}`);
  assert.deepEqual(
    { total: details.run.totals.total, passed: details.run.totals.passed, failed: details.run.totals.failed, skipped: details.run.totals.skipped, flaky: details.run.totals.flaky },
    { total: 7, passed: 4, failed: 1, skipped: 1, flaky: 1 },
  );
  const count = async (id) => Number(await byTestId(id).innerText());
  assert.equal(await count('test-count-passed'), 4);
  assert.equal(await count('test-count-failed'), 1);
  assert.equal(await count('test-count-skipped'), 1);
  assert.equal(await count('test-count-flaky'), 1);
  assert.equal(await count('test-count-total'), 7);
  assert.equal(await byTestId('test-run-project').getAttribute('data-state'), 'finished');
  assert.equal(await byTestId('test-case').count(), 7);
  assert.equal(await byTestId('test-run-cancel').count(), 0, 'no cancel once finished');

  // Filter by outcome: the failure, its message and its stack.
  await byTestId('test-filter-failed').click();
  assert.deepEqual(await byTestId('test-case').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name'))), ['test_div']);
  await byTestId('test-case').locator('.test-case-head').click();
  const failure = byTestId('test-failure');
  assert.match(await failure.innerText(), /integer division rounds down/);
  await byTestId('test-failure-stack').locator('summary').click();
  assert.match(await byTestId('test-failure-stack').innerText(), /assert 7 \/\/ 2 == 4/);
  await shot('testing-03-run-failed-case');

  // The flaky test shows both attempts.
  await byTestId('test-filter-flaky').click();
  const flaky = byTestId('test-case');
  assert.equal(await flaky.getAttribute('data-name'), 'test_flaky');
  assert.match(await byTestId('test-case-attempts').innerText(), /2 attempts/);
  await flaky.locator('.test-case-head').click();
  const attempts = await byTestId('test-case-attempt-list').locator('li').allInnerTexts();
  assert.equal(attempts.length, 2);
  assert.match(attempts[0], /Attempt 1[\s\S]*failed[\s\S]*fails the first time only/);
  assert.match(attempts[1], /Attempt 2[\s\S]*passed/);

  // Search by name over every outcome; a passing test's output is kept.
  await byTestId('test-filter-all').click();
  await byTestId('test-search').fill('slow');
  assert.equal(await byTestId('test-case').count(), 3);
  await byTestId('test-search').fill('test_add');
  await byTestId('test-case').locator('.test-case-head').click();
  await byTestId('test-case-output').locator('summary').click();
  assert.match(await byTestId('test-case-output').innerText(), /adding 1 and 2/);
  await byTestId('test-search').fill('');
  assert.equal(await overflow(), 0, 'the run page fits the window');
  await shot('testing-04-run-results');
});

test('a finished run exports JUnit XML and replays its events to the same counts', async () => {
  await page.goto(`${server.url}/testing/runs/${liveRunId}`);
  await byTestId('test-run-export-junit').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId('test-run-export-junit').click()]);
  assert.equal(download.suggestedFilename(), `${liveRunId}.xml`);
  const file = await download.path();
  const xml = await readFile(file, 'utf8');
  assert.match(xml, /<testcase[^>]+name="test_div"/);
  assert.match(xml, /test_slow_c/);

  await byTestId('test-run-replay').click();
  await byTestId('test-replay-bar').waitFor();
  await byTestId('test-replay-speed-50').click();
  await page.waitForFunction(() => {
    const [position, total] = (document.querySelector('[data-testid="test-replay-position"]')?.textContent ?? '0/1').split('/').map(Number);
    return total > 0 && position === total;
  }, undefined, { timeout: 60_000 });
  assert.equal(await byTestId('test-run-connection').getAttribute('data-connection'), 'replay');
  assert.equal(Number(await byTestId('test-count-passed').innerText()), 4);
  assert.equal(Number(await byTestId('test-count-flaky').innerText()), 1);
  assert.equal(await byTestId('test-case').count(), 7);
  // Back to the start: nothing has reported yet.
  await byTestId('test-replay-slider').fill('0');
  await page.waitForFunction(() => document.querySelector('[data-testid="test-count-total"]')?.textContent === '0');
  await byTestId('test-replay-exit').click();
  assert.equal(await byTestId('test-replay-bar').count(), 0);
  assert.equal(Number(await byTestId('test-count-total').innerText()), 7);
});

test('slowest and failing tables open a test history with its duration chart', async () => {
  await page.goto(`${server.url}/testing/slowest?repository=calc`);
  await byTestId('testing-slowest-table').waitFor();
  const slowest = await byTestId('testing-slowest-row').allInnerTexts();
  assert.match(slowest[0] ?? '', /test_slow_/, `the slow tests come first: ${slowest[0]}`);
  await shot('testing-05-slowest');

  await byTestId('testing-tab-failing').click();
  await byTestId('testing-failing-table').waitFor();
  const failingRow = byTestId('testing-failing-row').first();
  assert.match(await failingRow.innerText(), /test_div/);
  assert.match(await failingRow.innerText(), /2\s*\/\s*2/, 'failed in the imported and the live run');
  assert.match(await failingRow.innerText(), /integer division rounds down/);
  await shot('testing-06-failing');

  await failingRow.getByTestId('testing-test-link').click();
  await page.waitForURL(/\/testing\/tests\?/);
  await byTestId('test-history-chart').waitFor();
  assert.equal((await byTestId('test-history-runs').innerText()).trim(), '2');
  assert.equal((await byTestId('test-history-pass-rate').innerText()).trim(), '0%');
  assert.equal(await byTestId('test-history-row').count(), 2);
  assert.deepEqual(await page.locator('[data-testid="test-history-chart"] .test-marker').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-outcome'))), ['failed', 'failed']);
  await shot('testing-07-history');

  // test_add: imported at 12 ms and passed live; both passed markers, a line between them.
  await page.goto(`${server.url}/testing/tests?id=${encodeURIComponent('tests.test_calc::test_add')}&repository=calc`);
  await byTestId('test-history-chart').waitFor();
  assert.equal((await byTestId('test-history-pass-rate').innerText()).trim(), '100%');
  assert.deepEqual(await page.locator('[data-testid="test-history-chart"] .test-marker').evaluateAll((marks) => marks.map((m) => m.getAttribute('data-outcome'))), ['passed', 'passed']);
  assert.equal(await page.locator('[data-testid="test-history-chart"] path[d^="M"]').count() >= 1, true);
  const runs = await byTestId('test-history-row').locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(runs, [`/testing/runs/${liveRunId}`, `/testing/runs/${importedRunId}`], 'newest first');
  assert.equal(await overflow(), 0);
});

test('the runs list filters by status and framework', async () => {
  await page.goto(`${server.url}/testing?status=failed`);
  await byTestId('testing-runs-table').waitFor();
  assert.equal(await page.locator('[data-testid^="testing-run-row-"]').count(), 2);
  await byTestId('testing-filter-framework').selectOption('jest');
  await byTestId('testing-runs-empty').waitFor();
  assert.match(page.url(), /framework=jest/);
  await page.goto(`${server.url}/testing?repository=calc`);
  await byTestId(`testing-run-row-${importedRunId}`).waitFor();
  const ids = await page.locator('[data-testid^="testing-run-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
  assert.deepEqual(ids, [`testing-run-row-${liveRunId}`, `testing-run-row-${importedRunId}`], 'newest first');

  // An unknown run says so.
  await page.goto(`${server.url}/testing/runs/trun_unknown`);
  assert.match(await byTestId('test-run-error').innerText(), /No test run with id 'trun_unknown'/);
});

/** The innermost elements wider than the window, to say what overflows. */
const widest = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && ![...element.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
      .join(', '),
  );

test('on a phone the run, its results and a history fit the screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/testing`);
    await byTestId('testing-runs-table').waitFor();
    assert.equal(await overflow(), 0, 'the runs list');
    // The nav's seventh entry still leaves the last one on screen.
    const git = await byTestId('nav-git').boundingBox();
    assert.ok(git && git.x + git.width <= PHONE.width, `the Git link is on screen: ${JSON.stringify(git)}`);
    await shot('testing-08-phone-runs');
    await page.goto(`${server.url}/testing/runs/${liveRunId}`);
    await byTestId('test-run-results').waitFor();
    await byTestId('test-filter-problems').click();
    await byTestId('test-case').first().locator('.test-case-head').click();
    await shot('testing-09-phone-run');
    assert.equal(await overflow(), 0, `the run page; too wide: ${await widest()}`);
    await page.goto(`${server.url}/testing/tests?id=${encodeURIComponent('tests.test_calc::test_div')}&repository=calc`);
    await byTestId('test-history-chart').waitFor();
    assert.equal(await overflow(), 0, 'the history');
    await shot('testing-10-phone-history');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('the runs list follows a new run, which is cancelled from its page', async () => {
  // A test that would hang for two minutes: the run is still going when the button is pressed.
  await writeFile(path.join(repository, 'tests/test_hang.py'), 'import time\n\n\ndef test_hang():\n    time.sleep(120)\n');
  // The list is open before the run exists: it must show the run, and its end, without a reload.
  await page.goto(`${server.url}/testing`);
  await byTestId('testing-runs-table').waitFor();
  const started = await api('POST', '/api/v2/testing/runs', { repository: 'calc', project: '.', framework: 'pytest', tests: ['tests/test_hang.py::test_hang'] });
  assert.equal(started.status, 202, started.text);
  const id = started.body.id;
  try {
    const row = byTestId(`testing-run-row-${id}`);
    await page.waitForFunction((rowId) => document.querySelector(`[data-testid="testing-run-row-${rowId}"]`)?.getAttribute('data-status') === 'running', id, { timeout: 60_000 });
    await row.getByTestId('testing-run-link').click();
    await page.waitForURL(new RegExp(`/testing/runs/${id}$`));
    await page.waitForFunction(() => /Running\s+tests\.test_hang::test_hang/.test(document.querySelector('[data-testid="test-run-current"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await byTestId('test-run-cancel').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="test-run-status"]')?.getAttribute('data-status') === 'cancelled', undefined, { timeout: 30_000 });
    assert.match(await byTestId('test-run-error-text').innerText(), /Cancelled by admin/);
    assert.equal(await byTestId('test-run-cancel').count(), 0);
    await page.goBack();
    await page.waitForFunction((rowId) => document.querySelector(`[data-testid="testing-run-row-${rowId}"]`)?.getAttribute('data-status') === 'cancelled', id, { timeout: 15_000 });
  } finally {
    await rm(path.join(repository, 'tests/test_hang.py'), { force: true });
  }
});

test('the runs list is live: a run started through the API appears, runs and finishes with no GET /runs', async () => {
  // Counts every read of the list over HTTP: the socket's first message is the page, so there should be none.
  const listReads = [];
  const onRequest = (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname === '/api/v2/testing/runs') listReads.push(url.search);
  };
  page.on('request', onRequest);
  try {
    await page.goto(`${server.url}/testing`);
    await byTestId('testing-runs-table').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="testing-runs-stream-status"]')?.getAttribute('data-status') === 'live', undefined, { timeout: 15_000 });
    assert.match(await byTestId('testing-runs-stream-status').innerText(), /Live/);
    const started = await api('POST', '/api/v2/testing/runs', {
      repository: 'calc',
      project: '.',
      framework: 'pytest',
      tests: ['tests/test_calc.py::test_add', 'tests/test_calc.py::test_slow_a', 'tests/test_calc.py::test_slow_b'],
    });
    assert.equal(started.status, 202, started.text);
    const id = started.body.id;
    const row = byTestId(`testing-run-row-${id}`);
    await row.waitFor({ timeout: 15_000 });
    // The row is the newest, on top.
    assert.equal(await page.locator('[data-testid^="testing-run-row-"]').first().getAttribute('data-testid'), `testing-run-row-${id}`);
    await page.waitForFunction((rowId) => document.querySelector(`[data-testid="testing-run-row-${rowId}"]`)?.getAttribute('data-status') === 'running', id, { timeout: 60_000 });
    await page.waitForFunction((rowId) => document.querySelector(`[data-testid="testing-run-row-${rowId}"]`)?.getAttribute('data-status') === 'passed', id, { timeout: 60_000 });
    const { body: run } = await api('GET', `/api/v2/testing/runs/${id}`);
    assert.equal(run.run.totals.passed, 3);
    assert.match(await row.innerText(), /3 passed/);
    assert.deepEqual(listReads, [], 'the list was never read over HTTP: the socket brought the page and every change');
    await shot('testing-runs-live');
  } finally {
    page.off('request', onRequest);
  }
});

test('a viewer reads runs but is offered no run form and no cancel', async () => {
  const created = await api('POST', '/api/v2/keys', { name: 'e2e-testing-viewer', role: 'viewer' });
  assert.equal(created.status, 201, created.text);
  const viewerKey = created.body.key;
  assert.ok(viewerKey, created.text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), viewerKey);
  try {
    await page.goto(`${server.url}/testing`);
    await byTestId(`testing-run-row-${liveRunId}`).waitFor();
    assert.equal(await byTestId('testing-run-open').count(), 0);
    await page.goto(`${server.url}/testing/runs/${liveRunId}`);
    await byTestId('test-run-results').waitFor();
    assert.ok(await byTestId('test-run-export-junit').isVisible(), 'reading exports is viewing');
  } finally {
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
});
