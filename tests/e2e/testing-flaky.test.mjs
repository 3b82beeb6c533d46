// The Testing page's Flaky and Generated tabs in a real browser against a real server and real pytest. A small
// repository is made here: a test made flaky on purpose (it fails while a marker file exists), a test that fails only
// after another one pollutes shared state, and a small Python module to generate tests for. Two real runs on the same
// commit (the marker removed, then present) give the flaky test its history; "Detect now" with the order check finds
// the polluter; the test is quarantined and released from the page. Then tests are generated for the module through
// the page, the batch is reviewed and one candidate accepted, and the file it was written to is read from disk.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, delay, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let repository;
let batchId;

const FLAKY_ID = 'tests.test_calc::test_sometimes';
const VICTIM_ID = 'tests.test_state::test_a_flag_starts_off';
const POLLUTER_ID = 'tests.test_state::test_b_sets_the_flag';

const CALC_TESTS = `import pathlib


def test_add():
    assert 1 + 2 == 3


def test_sometimes():
    # Flaky on purpose: fails while the marker exists, whatever the code.
    marker = pathlib.Path(__file__).resolve().parent.parent / ".make-flaky-fail"
    assert not marker.exists(), "the marker says fail this time"
`;

const STATE_TESTS = `from calc import state


def test_a_flag_starts_off():
    assert state.FLAG is False


def test_b_sets_the_flag():
    state.FLAG = True
    assert state.FLAG
`;

/** The module tests are generated for: branches, a raise, a default argument. */
const PARSE = `def clamp(value: int, low: int = 0, high: int = 10) -> int:
    if value < low:
        return low
    if value > high:
        return high
    return value


def parse_int(text: str) -> int:
    if not text:
        raise ValueError("empty")
    return int(text)


def sign(number: int) -> str:
    if number > 0:
        return "positive"
    if number < 0:
        return "negative"
    return "zero"
`;

async function makeRepository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-flaky-'));
  const git = (args) =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: 'alice@example.test', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: 'alice@example.test', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
  await mkdir(path.join(dir, 'tests'));
  await mkdir(path.join(dir, 'calc'));
  await writeFile(path.join(dir, 'pytest.ini'), '[pytest]\ntestpaths = tests\n');
  await writeFile(path.join(dir, 'calc/__init__.py'), '');
  await writeFile(path.join(dir, 'calc/state.py'), 'FLAG = False\n');
  await writeFile(path.join(dir, 'calc/parse.py'), PARSE);
  await writeFile(path.join(dir, 'tests/__init__.py'), '');
  await writeFile(path.join(dir, 'tests/test_calc.py'), CALC_TESTS);
  await writeFile(path.join(dir, 'tests/test_state.py'), STATE_TESTS);
  // Existing tests already cover two paths: candidates that only take them add no coverage and are left out.
  await writeFile(path.join(dir, 'tests/test_parse.py'), 'from calc.parse import clamp, sign\n\n\ndef test_inside():\n    assert clamp(5) == 5\n\n\ndef test_positive():\n    assert sign(3) == "positive"\n');
  await writeFile(path.join(dir, '.gitignore'), '.make-flaky-fail\n__pycache__/\n.pytest_cache/\n');
  git(['init', '--quiet', '--initial-branch=main']);
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', 'test: calc tests']);
  return dir;
}

/** Starts a real run of the repository through the API and waits until it has finished. */
async function runTests() {
  const started = await api('POST', '/api/v2/testing/runs', { repository: 'calc', retries: 0 });
  assert.equal(started.status, 202, started.text);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { body } = await api('GET', `/api/v2/testing/runs/${started.body.id}`);
    if (body.run.status !== 'queued' && body.run.status !== 'running') return body;
    await delay(250);
  }
  throw new Error(`run ${started.body.id} did not finish in time`);
}

async function waitFor(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await delay(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const row = (id) => page.locator(`[data-testid="flaky-row"][data-test-id="${id}"]`);

before(async () => {
  process.env.PYENV_VERSION ??= 'system';
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  repository = await makeRepository();
  const registered = await api('POST', '/api/v2/git/repositories', { name: 'calc', path: repository });
  assert.equal(registered.status, 201, registered.text);

  // History on one commit: a run where the flaky test passes, then one where it fails (the code did not change).
  const first = await runTests();
  assert.equal(first.run.status, 'passed', JSON.stringify(first.run));
  await writeFile(path.join(repository, '.make-flaky-fail'), 'fail\n');
  const second = await runTests();
  assert.equal(second.run.status, 'failed', JSON.stringify(second.run));
  await rm(path.join(repository, '.make-flaky-fail'));
  assert.equal(first.run.commitSha, second.run.commitSha);
  await waitFor(async () => (await api('GET', '/api/v2/testing/flaky?repository=calc&status=flaky')).body.some((verdict) => verdict.id === FLAKY_ID), 'the flaky verdict');
});

after(async () => {
  await session?.close();
  if (repository) await rm(repository, { recursive: true, force: true });
});

test('the Flaky tab shows the flaky test with its evidence, last seen, and a link to its history', async () => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${server.url}/testing/flaky?repository=calc`);
  assert.equal(await byTestId('testing-tab-flaky').getAttribute('aria-current'), 'page');
  await row(FLAKY_ID).waitFor();
  assert.equal(await row(FLAKY_ID).getAttribute('data-status'), 'flaky');
  assert.equal(await row(FLAKY_ID).getAttribute('data-quarantined'), 'false');
  const text = await row(FLAKY_ID).innerText();
  assert.match(text, /Flipped on the same commit/);
  assert.match(text, /failed 1 of 2 runs/);
  assert.match(await row(FLAKY_ID).getByTestId('flaky-last-seen').innerText(), /last seen/);
  // Its evidence names the two runs, each a link to the run.
  assert.equal(await row(FLAKY_ID).getByTestId('flaky-evidence-run').count(), 2);
  // The framework filter does not apply here, so it is not offered.
  assert.equal(await byTestId('testing-filter-framework').count(), 0);
  assert.equal(await overflow(), 0);
  await shot('testing-flaky-01-verdicts');

  await row(FLAKY_ID).getByTestId('flaky-history-link').click();
  await page.waitForURL(/\/testing\/tests\?/);
  await byTestId('test-history-table').waitFor();
  assert.equal(await byTestId('test-history-row').count(), 2);
  // Not quarantined yet: its history offers to quarantine it.
  await byTestId('quarantine-actions-quarantine').waitFor();
  assert.equal(await byTestId('flaky-quarantined-badge').count(), 0);
});

test('Detect now with the order check finds the order-dependent test and names the polluter', async () => {
  await page.goto(`${server.url}/testing/flaky?repository=calc`);
  await row(FLAKY_ID).waitFor();
  await byTestId('flaky-detect-open').click();
  await byTestId('flaky-detect-form').waitFor();
  assert.equal(await byTestId('flaky-detect-repository').inputValue(), 'calc');
  await byTestId('flaky-detect-reruns').fill('0');
  await byTestId('flaky-detect-order').check();
  await byTestId('flaky-detect-submit').click();
  const result = byTestId('flaky-detect-result');
  await result.waitFor({ timeout: 180_000 });
  assert.match(await result.innerText(), /order run/);
  assert.match(await result.innerText(), new RegExp(`${VICTIM_ID.replace(/[.]/g, '\\.')} fails after ${POLLUTER_ID.replace(/[.]/g, '\\.')}`));

  await row(VICTIM_ID).waitFor();
  assert.equal(await row(VICTIM_ID).getAttribute('data-status'), 'flaky');
  assert.match(await row(VICTIM_ID).innerText(), /order-dependent/);
  assert.match(await row(VICTIM_ID).getByTestId('flaky-polluter').innerText(), new RegExp(`after ${POLLUTER_ID.replace(/[.]/g, '\\.')}`));
  assert.match(await row(VICTIM_ID).innerText(), /Fails after another test/);
  await shot('testing-flaky-02-detected');
});

test('a flaky test is quarantined with a reason, badged wherever tests are listed, then released', async () => {
  await page.goto(`${server.url}/testing/flaky?repository=calc`);
  await row(FLAKY_ID).waitFor();
  await byTestId('flaky-quarantine-empty').waitFor();
  await row(FLAKY_ID).getByTestId('flaky-row-quarantine').click();
  await byTestId('flaky-quarantine-form').waitFor();
  assert.equal(await byTestId('flaky-quarantine-id').inputValue(), FLAKY_ID);
  // The reason is required: nothing is sent without one.
  await byTestId('confirm-accept').click();
  assert.match(await byTestId('flaky-quarantine-reason-errors').innerText(), /reason is required/);
  assert.equal((await api('GET', '/api/v2/testing/quarantine?repository=calc')).body.length, 0);
  await byTestId('flaky-quarantine-reason').fill('fails on CI now and then, #42');
  await shot('testing-flaky-03-quarantine-form');
  await byTestId('confirm-accept').click();

  await byTestId('flaky-quarantine-row').waitFor();
  const entries = (await api('GET', '/api/v2/testing/quarantine?repository=calc')).body;
  assert.deepEqual(entries.map((entry) => [entry.id, entry.reason, entry.active]), [[FLAKY_ID, 'fails on CI now and then, #42', true]]);
  assert.match(await byTestId('flaky-notice').innerText(), /is quarantined/);
  // Badged in the verdicts, in the quarantine list (who, why, since) and in the suite report.
  await page.waitForFunction((id) => document.querySelector(`[data-testid="flaky-row"][data-test-id="${id}"]`)?.getAttribute('data-quarantined') === 'true', FLAKY_ID);
  assert.equal(await row(FLAKY_ID).getByTestId('flaky-quarantined-badge').count(), 1);
  const quarantineRow = await byTestId('flaky-quarantine-row').innerText();
  assert.match(quarantineRow, /fails on CI now and then, #42/);
  assert.match(quarantineRow, new RegExp(entries[0].quarantinedBy));
  assert.match(quarantineRow, /until released/);
  await byTestId('suite-report-order').waitFor();
  assert.ok((await byTestId('suite-report').getByTestId('flaky-quarantined-badge').count()) >= 1, 'the report badges the quarantined test');
  assert.match(await byTestId('suite-report-summary').innerText(), /1 quarantined/);
  assert.match(await byTestId('suite-report-shards-summary').innerText(), /expected speedup/);
  assert.equal(await overflow(), 0);
  await shot('testing-flaky-04-quarantined');

  // Quarantined, its failure no longer fails a run; the run's results, the Failing list and its history badge it.
  await writeFile(path.join(repository, '.make-flaky-fail'), 'fail\n');
  const quarantinedRun = await runTests();
  await rm(path.join(repository, '.make-flaky-fail'));
  assert.equal(quarantinedRun.run.status, 'passed', JSON.stringify(quarantinedRun.run));
  assert.equal(quarantinedRun.run.quarantinedFailures, 1);
  await page.goto(`${server.url}/testing/runs/${quarantinedRun.run.id}`);
  const quarantinedCase = page.locator('[data-testid="test-case"][data-name="test_sometimes"]');
  await quarantinedCase.getByTestId('flaky-quarantined-badge').waitFor();
  assert.equal(await quarantinedCase.getAttribute('data-outcome'), 'failed');
  assert.equal(await byTestId('flaky-quarantined-badge').count(), 1, 'only the quarantined case is badged');
  await quarantinedCase.scrollIntoViewIfNeeded();
  await shot('testing-flaky-06-run-quarantined-case', false);
  await page.goto(`${server.url}/testing?repository=calc`);
  assert.match(await byTestId(`testing-run-row-${quarantinedRun.run.id}`).getByTestId('testing-run-quarantined').innerText(), /1 quarantined failure did not fail it/);
  await page.goto(`${server.url}/testing/failing?repository=calc`);
  const failingRow = byTestId('testing-failing-row').filter({ hasText: 'test_sometimes' });
  await failingRow.getByTestId('flaky-quarantined-badge').waitFor();
  await shot('testing-flaky-07-failing-badged', false);
  await page.goto(`${server.url}/testing/tests?id=${encodeURIComponent(FLAKY_ID)}&repository=calc`);
  await byTestId('flaky-quarantined-badge').waitFor();
  await byTestId('quarantine-actions-release').waitFor();
  await page.goto(`${server.url}/testing/flaky?repository=calc`);
  await row(FLAKY_ID).waitFor();

  await page.setViewportSize(PHONE);
  await row(FLAKY_ID).scrollIntoViewIfNeeded();
  assert.equal(await overflow(), 0, 'the Flaky tab fits a phone');
  await shot('testing-flaky-05-phone');
  await page.setViewportSize(DESKTOP);

  await byTestId('flaky-release').click();
  await byTestId('confirm-accept').click();
  await byTestId('flaky-quarantine-empty').waitFor();
  assert.equal((await api('GET', '/api/v2/testing/quarantine?repository=calc')).body.length, 0);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="flaky-row"][data-test-id="${id}"]`)?.getAttribute('data-quarantined') === 'false', FLAKY_ID);
  assert.match(await byTestId('flaky-notice').innerText(), /was released/);
});

test('tests generated through the page are reviewed, and the accepted one is written into the repository', async () => {
  await page.goto(`${server.url}/testing/generated`);
  await byTestId('generated-empty').waitFor();
  await byTestId('generate-open').click();
  await byTestId('generate-form').waitFor();
  // The form checks what it can before asking the server.
  await byTestId('generate-file').fill('../outside.py');
  await byTestId('generate-submit').click();
  await byTestId('generate-file-errors').waitFor();
  // A file that is not there: the server's answer is shown.
  await byTestId('generate-file').fill('calc/missing.py');
  await byTestId('generate-submit').click();
  assert.match(await byTestId('generate-error').innerText(), /is not a file of 'calc'/);
  await byTestId('generate-file').fill('calc/parse.py');
  await byTestId('generate-max').fill('8');
  await byTestId('generate-language').selectOption('python');
  await byTestId('generate-use-model').uncheck();
  await shot('testing-generated-01-form');
  await byTestId('generate-submit').click();

  await page.waitForURL(/\/testing\/generated\/tgen_/);
  batchId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  // The page follows the batch until it is generated.
  await byTestId('generation-report').waitFor({ timeout: 240_000 });
  assert.equal(await byTestId('generation-status').getAttribute('data-status'), 'ready');
  const { body: batch } = await api('GET', `/api/v2/testing/generate/${batchId}`);
  const report = batch.report;
  assert.equal(batch.language, 'python');
  assert.equal(report.modelUsed, false);
  const funnel = await byTestId('generation-funnel').innerText();
  assert.match(funnel, new RegExp(`${report.tried}\\s*tried`));
  assert.match(funnel, /passed 5 of 5 runs/);
  assert.match(funnel, new RegExp(`${report.addedCoverage}\\s*added coverage`));
  const kept = report.candidates.filter((candidate) => candidate.status === 'kept');
  assert.ok(kept.length >= 1, JSON.stringify(report.candidates.map((candidate) => [candidate.name, candidate.status, candidate.reason])));
  assert.equal(await byTestId('generation-candidate').count(), kept.length);
  // Every candidate the filters left out is listed with why.
  const stopped = report.candidates.filter((candidate) => candidate.status !== 'kept');
  assert.equal(await byTestId('generation-stopped-row').count(), stopped.length);
  assert.ok(stopped.length >= 1, 'the existing tests leave some candidates without new coverage');
  const reasons = await byTestId('generation-stopped-row').locator('.generation-reason').allInnerTexts();
  assert.equal(reasons.length, stopped.length);
  stopped.forEach((candidate, index) => {
    assert.ok(reasons[index].trim().length > 0);
    if (candidate.reason) assert.equal(reasons[index], candidate.reason.trim());
  });
  // The code reads as code: monospace, lines kept.
  const code = byTestId('generation-candidate').first().getByTestId('generation-code');
  assert.match(await code.innerText(), /def test_/);
  assert.match(await code.evaluate((element) => getComputedStyle(element).fontFamily), /mono/i);
  assert.equal(await code.evaluate((element) => getComputedStyle(element).whiteSpace), 'pre');
  assert.equal(await code.locator('code').evaluate((element) => getComputedStyle(element).backgroundColor), 'rgba(0, 0, 0, 0)', 'no light pill behind each line');
  assert.equal(await overflow(), 0);
  await shot('testing-generated-02-batch');

  // The batch awaits review in the list.
  await page.goto(`${server.url}/testing/generated`);
  const listed = byTestId(`generated-row-${batchId}`);
  await listed.waitFor();
  assert.equal(await listed.getAttribute('data-status'), 'ready');
  assert.match(await listed.innerText(), new RegExp(`${kept.length} to review`));
  await shot('testing-generated-03-list');
  await listed.getByTestId('generated-link').click();
  await page.waitForURL(new RegExp(`/testing/generated/${batchId}$`));

  // Accept one: nothing is accepted until a candidate is chosen.
  const accept = byTestId('generation-accept');
  await accept.waitFor();
  assert.equal(await accept.isDisabled(), true);
  const chosen = kept[0];
  await page.locator(`[data-testid="generation-candidate"][data-candidate="${chosen.id}"]`).getByTestId('generation-pick').check();
  assert.match(await accept.innerText(), /Accept selected \(1\)/);
  await page.setViewportSize(PHONE);
  assert.equal(await overflow(), 0, 'the batch page fits a phone');
  await shot('testing-generated-04-phone', false);
  await page.setViewportSize(DESKTOP);
  await accept.click();

  await byTestId('generation-written').waitFor();
  assert.equal(await byTestId('generation-status').getAttribute('data-status'), 'accepted');
  assert.deepEqual(await byTestId('generation-written-file').allInnerTexts(), ['tests/test_parse_generated.py']);
  const written = path.join(repository, 'tests/test_parse_generated.py');
  assert.ok(existsSync(written), 'the accepted test is in the repository');
  const text = await readFile(written, 'utf8');
  assert.match(text, new RegExp(`def ${chosen.name}\\(`));
  for (const other of kept.slice(1)) assert.doesNotMatch(text, new RegExp(`def ${other.name}\\(`));
  assert.equal(await page.locator('[data-testid="generation-candidate"][data-status="accepted"]').count(), 1);
  assert.equal(await byTestId('generation-pick').count(), 0, 'a reviewed batch offers no more choices');
  await shot('testing-generated-05-accepted');
});

test('a viewer reads the flaky tests and generated batches but is offered no action', async () => {
  const created = await api('POST', '/api/v2/keys', { name: 'e2e-flaky-viewer', role: 'viewer' });
  assert.equal(created.status, 201, created.text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), created.body.key);
  try {
    await page.goto(`${server.url}/testing/flaky?repository=calc`);
    await row(FLAKY_ID).waitFor();
    assert.equal(await byTestId('flaky-detect-open').count(), 0);
    assert.equal(await byTestId('flaky-row-quarantine').count(), 0);
    assert.equal(await byTestId('flaky-quarantine-add').count(), 0);
    await page.goto(`${server.url}/testing/tests?id=${encodeURIComponent(FLAKY_ID)}&repository=calc`);
    await byTestId('test-history-table').waitFor();
    assert.equal(await byTestId('quarantine-actions').count(), 1);
    assert.equal(await byTestId('quarantine-actions-quarantine').count(), 0);
    await page.goto(`${server.url}/testing/generated`);
    await byTestId('generated-filter-accepted').click();
    await byTestId(`generated-row-${batchId}`).waitFor();
    assert.equal(await byTestId('generate-open').count(), 0);
    await page.goto(`${server.url}/testing/generated/${batchId}`);
    await byTestId('generation-report').waitFor();
    assert.equal(await page.locator('[data-testid="generation-candidate"][data-status="accepted"]').count(), 1);
    assert.equal(await byTestId('generation-pick').count(), 0);
  } finally {
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
});

test('an operator cancels a generating batch from its row: its processes stop and it shows cancelled', async () => {
  // pytest's collection (the batch's first filter) hangs: conftest writes its pid, then sleeps.
  const pidFile = path.join(os.tmpdir(), `lightning-e2e-collecting-${process.pid}.pid`);
  const conftest = path.join(repository, 'tests/conftest.py');
  await writeFile(conftest, `import os, time\nwith open(${JSON.stringify(pidFile)}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)\n`);
  try {
    const started = await api('POST', '/api/v2/testing/generate', { repository: 'calc', file: 'calc/parse.py', max: 3, useModel: false });
    assert.equal(started.status, 202, started.text);
    const id = started.body.id;
    const pid = Number(await waitFor(async () => (existsSync(pidFile) ? (await readFile(pidFile, 'utf8')).trim() : ''), 'pytest collecting', 90_000));

    await page.goto(`${server.url}/testing/generated`);
    await byTestId('generated-filter-running').click();
    const listed = byTestId(`generated-row-${id}`);
    await listed.waitFor();
    assert.equal(await listed.getAttribute('data-status'), 'running');
    await shot('testing-generated-06-running');
    await listed.getByTestId('generated-cancel').click();

    // The list refreshes once the server has stopped the batch: it leaves "Generating" and is listed as cancelled.
    await listed.waitFor({ state: 'detached', timeout: 60_000 });
    await byTestId('generated-filter-cancelled').click();
    await page.locator(`[data-testid="generated-row-${id}"][data-status="cancelled"]`).waitFor();
    assert.equal(await byTestId(`generated-row-${id}`).getByTestId('generated-cancel').count(), 0);
    await waitFor(() => !existsSync(`/proc/${pid}`) || /State:\tZ/.test(readProcStatus(pid)), 'the hung pytest to be killed', 10_000);

    const { body: batch } = await api('GET', `/api/v2/testing/generate/${id}`);
    assert.equal(batch.status, 'cancelled');
    assert.equal(batch.report.cancelled, true);
    assert.equal(batch.report.candidates.length, 3);
    // Its page says so and keeps the candidates, none of them to accept.
    await byTestId(`generated-row-${id}`).getByTestId('generated-link').click();
    await byTestId('generation-cancelled').waitFor();
    assert.match(await byTestId('generation-cancelled').innerText(), /Cancelled by/);
    assert.equal(await byTestId('generation-status').getAttribute('data-status'), 'cancelled');
    assert.equal(await byTestId('generation-stopped-row').count(), 3);
    assert.equal(await byTestId('generation-accept').count(), 0);
    assert.equal(await overflow(), 0);
    await shot('testing-generated-07-cancelled');
  } finally {
    await rm(conftest, { force: true });
    await rm(pidFile, { force: true });
  }
});

function readProcStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}
