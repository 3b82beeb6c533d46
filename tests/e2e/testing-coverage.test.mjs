// The coverage explorer and the "What would run?" panel in a real browser against a real server: a small pytest
// repository (a calculator with a branch and a never-called function, a text module, a coverage goal it misses) is
// registered; a run with coverage is started from the form, and its Coverage tab is checked against the API (totals,
// goals, tree percentages, every line's state); a second run makes a trend; then a working-tree change is selected
// and exactly the selected tests are run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PHONE, DESKTOP, delay, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let repository;
let git;
let coverageRunId;

const CALC = `def add(a, b):
    return a + b


def divide(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b


def unused(x):
    y = x * 2
    return y
`;

const TEXT = `def shout(text):
    return text.upper() + "!"
`;

async function makeRepository() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-cov-'));
  git = (args) =>
    execFileSync('git', args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_NAME: 'Alice', GIT_AUTHOR_EMAIL: 'alice@example.test', GIT_COMMITTER_NAME: 'Alice', GIT_COMMITTER_EMAIL: 'alice@example.test', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    }).toString();
  await mkdir(path.join(dir, 'src'));
  await mkdir(path.join(dir, 'tests'));
  await mkdir(path.join(dir, '.lightning'));
  await writeFile(path.join(dir, 'pytest.ini'), '[pytest]\ntestpaths = tests\npythonpath = .\n');
  await writeFile(path.join(dir, 'src/__init__.py'), '');
  await writeFile(path.join(dir, 'src/calc.py'), CALC);
  await writeFile(path.join(dir, 'src/text.py'), TEXT);
  await writeFile(path.join(dir, 'tests/test_calc.py'), 'from src.calc import add, divide\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_divide():\n    assert divide(6, 3) == 2\n');
  await writeFile(path.join(dir, 'tests/test_text.py'), 'from src.text import shout\n\n\ndef test_shout():\n    assert shout("hi") == "HI!"\n');
  await writeFile(path.join(dir, '.lightning/coverage.json'), JSON.stringify({ goals: ['src/**: 90% lines'] }));
  await writeFile(path.join(dir, 'README.md'), '# shop\n');
  git(['init', '--quiet', '--initial-branch=main']);
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', 'calc and text with tests']);
  return dir;
}

/** A run's details once it has finished. */
async function finished(id, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api('GET', `/api/v2/testing/runs/${id}`);
    if (!['queued', 'running'].includes(body.run.status)) return body;
    await delay(250);
  }
  throw new Error(`${id} did not finish in time`);
}

const percentAttr = (value) => (value === null ? '' : String(value));

before(async () => {
  process.env.PYENV_VERSION ??= 'system';
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  repository = await makeRepository();
  const registered = await api('POST', '/api/v2/git/repositories', { name: 'shop', path: repository });
  assert.equal(registered.status, 201, registered.text);
});

after(async () => {
  await session?.close();
  if (repository) await rm(repository, { recursive: true, force: true });
});

test('a run with coverage started from the form shows totals, goals and suggestions that match the API', async () => {
  await page.goto(`${server.url}/testing`);
  await byTestId('testing-run-open').click();
  await page.locator('[data-testid="testing-detected-project"][data-framework="pytest"]').waitFor();
  await byTestId('testing-run-coverage').check();
  await byTestId('testing-run-submit').click();
  await page.waitForURL(/\/testing\/runs\/trun_/);
  coverageRunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const details = await finished(coverageRunId);
  // The goal (src/**: 90% lines) is missed: the tests pass, the run fails on coverage.
  assert.equal(details.run.status, 'failed', JSON.stringify(details.run));
  assert.match(details.run.error, /Coverage goal missed/);
  assert.ok(details.coverage, 'the run recorded coverage');

  await byTestId('test-run-tab-coverage').click();
  await page.waitForURL(new RegExp(`/testing/runs/${coverageRunId}/coverage$`));
  await byTestId('coverage-explorer').waitFor();
  const { body: coverage } = await api('GET', `/api/v2/testing/runs/${coverageRunId}/coverage`);
  assert.equal(await byTestId('coverage-lines-percent').getAttribute('data-percent'), percentAttr(coverage.totals.linePercent));
  assert.equal(await byTestId('coverage-branches-percent').getAttribute('data-percent'), percentAttr(coverage.totals.branchPercent));
  const linesText = await byTestId('coverage-lines-percent').innerText();
  assert.ok(linesText.includes(`${coverage.totals.linesCovered}/${coverage.totals.linesTotal}`), linesText);
  assert.ok(linesText.includes(`${Math.round(coverage.totals.linePercent * 10) / 10}%`), linesText);

  // Goals: missed, naming the file below it.
  assert.equal(await byTestId('coverage-goals').getAttribute('data-passed'), 'false');
  const goal = byTestId('coverage-goal').first();
  assert.equal(await goal.getAttribute('data-passed'), 'false');
  assert.match(await goal.innerText(), /src\/\*\*: 90% lines/);
  assert.deepEqual(await goal.getByTestId('coverage-goal-file').allInnerTexts(), coverage.goals.goals[0].missed.map((miss) => miss.path));

  // Suggestions are the API's, in its order; the never-called function is first.
  const { body: suggestions } = await api('GET', `/api/v2/testing/runs/${coverageRunId}/coverage/suggestions?limit=10`);
  assert.deepEqual(
    await byTestId('coverage-suggestion').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-path')}:${item.getAttribute('data-line')}`)),
    suggestions.map((item) => `${item.path}:${item.line}`),
  );
  assert.equal(suggestions[0].function, 'unused');
  await shot('coverage-01-summary', false);
});

test('the file tree shows every node with the API percentage, filters, sorts and works from the keyboard', async () => {
  await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage`);
  await byTestId('coverage-tree').waitFor();
  const { body: coverage } = await api('GET', `/api/v2/testing/runs/${coverageRunId}/coverage`);
  const expected = new Map();
  const walk = (node) => {
    if (node.path !== '.') expected.set(node.path, percentAttr(node.totals.linePercent));
    node.children.forEach(walk);
  };
  walk(coverage.tree);
  // Every directory is open at first in a tree this small: every node of the API's tree is shown with its percentage.
  const shown = await byTestId('coverage-node').evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-path'), node.getAttribute('data-percent')]));
  assert.deepEqual(new Map(shown), expected);
  assert.ok(expected.has('src/calc.py') && expected.has('tests/test_calc.py'), [...expected.keys()].join(', '));

  // Filter: only matching files and the directories above them.
  await byTestId('coverage-tree-filter').fill('calc');
  assert.deepEqual(
    await page.locator('[data-testid="coverage-node"][data-kind="file"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path'))).then((paths) => paths.sort()),
    ['src/calc.py', 'tests/test_calc.py'],
  );
  // A directory closes while filtering without losing the filter.
  await page.locator('[data-testid="coverage-node"][data-path="src"]').click();
  assert.equal(await page.locator('[data-testid="coverage-node"][data-path="src/calc.py"]').count(), 0);
  assert.equal(await byTestId('coverage-tree-filter').inputValue(), 'calc');
  await byTestId('coverage-tree-filter').fill('nothing-like-this');
  await byTestId('coverage-tree-empty').waitFor();
  await byTestId('coverage-tree-filter').fill('');

  // Lowest % first: inside src, calc.py (partly covered) comes before text.py (fully covered).
  await byTestId('coverage-tree-sort-worst').click();
  const order = await byTestId('coverage-node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')));
  assert.ok(order.indexOf('src/calc.py') < order.indexOf('src/text.py'), order.join(', '));
  await byTestId('coverage-tree-sort-name').click();

  // Keyboard: the first node takes the focus; Left closes its directory, Right opens it, Down moves, Enter opens a file.
  const first = byTestId('coverage-node').first();
  assert.equal(await first.getAttribute('data-path'), 'src');
  await first.focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await first.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('[data-testid="coverage-node"][data-path="src/calc.py"]').count(), 0);
  await page.keyboard.press('ArrowRight');
  assert.equal(await first.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-path'));
  assert.equal(focused, 'src/calc.py');
  await page.keyboard.press('Enter');
  await page.waitForURL(/file=src%2Fcalc\.py/);
  await byTestId('coverage-source').waitFor();
});

test('a file shows its source with covered, partial and missed lines, and jumps to the next uncovered stretch', async () => {
  await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage?file=src%2Fcalc.py`);
  await byTestId('coverage-line').first().waitFor();
  const { body: file } = await api('GET', `/api/v2/testing/runs/${coverageRunId}/coverage/files/src/calc.py`);
  // Every line: its text from the run's commit and the API's state.
  const lines = await byTestId('coverage-line').evaluateAll((rows) => rows.map((row) => [Number(row.getAttribute('data-line')), row.getAttribute('data-state'), row.querySelector('.cov-line-text')?.textContent ?? '']));
  assert.deepEqual(lines, file.lines.map((line) => [line.number, line.state, line.text ?? '']));
  const stateOf = (number) => file.lines.find((line) => line.number === number)?.state;
  assert.equal(stateOf(7), 'missed', 'the raise never ran');
  assert.equal(stateOf(6), 'partial', 'the if only went one way');
  assert.equal(stateOf(2), 'covered');
  assert.equal(stateOf(12), 'missed', 'unused never ran');
  // Missed lines are highlighted (a red background), covered ones are not red.
  const background = (number) => page.locator(`[data-line="${number}"] .cov-line-text`).evaluate((element) => getComputedStyle(element).backgroundColor);
  assert.equal(await background(7), 'rgb(254, 242, 242)');
  assert.notEqual(await background(2), 'rgb(254, 242, 242)');
  assert.match(await byTestId('coverage-source-origin').innerText(), /Source at @[0-9a-f]{7}/);

  // Next uncovered: the partial if (6, with the raise after it), then unused's body (12), then around again.
  await byTestId('coverage-next-uncovered').click();
  await page.waitForURL(/line=6$/);
  await byTestId('coverage-next-uncovered').click();
  await page.waitForURL(/line=12$/);
  assert.match(await page.locator('.cov-line.current').getAttribute('data-line'), /^12$/);
  await page.keyboard.press('n');
  await page.waitForURL(/line=6$/);
  await page.keyboard.press('Shift+N');
  await page.waitForURL(/line=12$/);
  await shot('coverage-02-file');

  // A suggestion opens its file at the function's line.
  await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage`);
  await page.locator('[data-testid="coverage-suggestion"]').first().click();
  await page.waitForURL(/file=src%2Fcalc\.py&line=11$/);
  await page.locator('.cov-line.current[data-line="11"]').waitFor();

  // A report downloads as a file the platform's own readers know: LCOV with the file and its lines.
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId('coverage-report-lcov').click()]);
  assert.equal(download.suggestedFilename(), `${coverageRunId}-coverage.info`);
  const lcov = await readFile(await download.path(), 'utf8');
  assert.match(lcov, /SF:src\/calc\.py/);
  assert.match(lcov, /DA:7,0/);
  await shot('coverage-03-suggestion-opened');

  // The HTML report opens in a new tab (fetched with the key, handed over as a page).
  const [popup] = await Promise.all([page.waitForEvent('popup'), byTestId('coverage-report-html').click()]);
  await popup.waitForFunction(() => document.body?.innerText.includes('src/calc.py'));
  await popup.close();
});

test('a second run makes a coverage trend on the Testing page', async () => {
  await writeFile(path.join(repository, 'tests/test_unused.py'), 'from src.calc import divide, unused\nimport pytest\n\n\ndef test_unused():\n    assert unused(2) == 4\n\n\ndef test_zero():\n    with pytest.raises(ZeroDivisionError):\n        divide(1, 0)\n');
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', 'test unused and zero']);
  const started = await api('POST', '/api/v2/testing/runs', { repository: 'shop', coverage: true });
  assert.equal(started.status, 202, started.text);
  const second = await finished(started.body.id);
  assert.equal(second.run.status, 'passed', JSON.stringify(second.run));

  const { body: trend } = await api('GET', '/api/v2/testing/coverage/trend?repository=shop');
  assert.equal(trend.length, 2);
  await page.goto(`${server.url}/testing/coverage?repository=shop`);
  await byTestId('coverage-trend-chart').waitFor();
  assert.deepEqual(
    await byTestId('coverage-trend-point').evaluateAll((points) => points.map((point) => point.getAttribute('data-percent'))),
    trend.map((point) => percentAttr(point.totals.linePercent)),
  );
  assert.match(await byTestId('coverage-trend-change').innerText(), /^\s*\(\+\d+(\.\d)? pts over 2 runs\)/);
  assert.equal(await byTestId('coverage-trend-row').count(), 2);
  await shot('coverage-04-trend');
  // Narrowed to a folder: the API's figures for the files under it.
  const { body: srcTrend } = await api('GET', '/api/v2/testing/coverage/trend?repository=shop&project=src');
  await byTestId('coverage-trend-project').fill('src');
  await byTestId('coverage-trend-project').press('Enter');
  await page.waitForFunction(
    (expected) => JSON.stringify([...document.querySelectorAll('[data-testid="coverage-trend-point"]')].map((point) => point.getAttribute('data-percent'))) === expected,
    JSON.stringify(srcTrend.map((point) => percentAttr(point.totals.linePercent))),
  );
  assert.notDeepEqual(srcTrend.map((point) => point.totals.linesTotal), trend.map((point) => point.totals.linesTotal));
  await page.goto(`${server.url}/testing/coverage?repository=shop`);
  await byTestId('coverage-trend-chart').waitFor();
  // The newest run's link opens its coverage, where the goal is met now.
  await byTestId('coverage-trend-row').first().getByRole('link').click();
  await page.waitForURL(new RegExp(`/testing/runs/${started.body.id}/coverage$`));
  await page.waitForFunction(() => document.querySelector('[data-testid="coverage-goals"]')?.getAttribute('data-passed') === 'true');
});

test('"What would run?" explains the selection of a working-tree change and runs exactly those tests', async () => {
  await writeFile(path.join(repository, 'src/text.py'), TEXT.replace('"!"', '"!!"'));
  await page.goto(`${server.url}/testing/select?repository=shop`);
  await byTestId('selection-form').waitFor();
  assert.equal(await byTestId('selection-repository').inputValue(), 'shop');
  await byTestId('selection-submit').click();
  await byTestId('selection-result').waitFor();
  const { body: selection } = await api('POST', '/api/v2/testing/select', { repository: 'shop' });
  assert.equal(selection.runAll, false, JSON.stringify(selection));
  assert.deepEqual(await byTestId('selection-test').evaluateAll((items) => items.map((item) => item.getAttribute('data-id'))), selection.tests.map((item) => item.id));
  assert.ok(selection.tests.some((item) => item.file === 'tests/test_text.py'), JSON.stringify(selection.tests));
  assert.ok(!selection.tests.some((item) => item.file === 'tests/test_calc.py'), 'calc tests do not depend on text.py');
  assert.match(await byTestId('selection-reason').first().innerText(), /imports src\/text\.py/);
  assert.match(await byTestId('selection-changes-list').innerText(), /src\/text\.py:2/);
  await shot('coverage-05-selection');

  await byTestId('selection-run').click();
  const link = byTestId('selection-started-run').first();
  await link.waitFor();
  const runId = (await link.innerText()).trim();
  const run = await finished(runId);
  // Only the selected test ran, and it fails on the changed text.
  assert.equal(run.run.totals.total, 1, JSON.stringify(run.run.totals));
  assert.deepEqual(run.results.map((result) => result.name), ['test_shout']);
  assert.equal(run.run.status, 'failed');
  await link.click();
  await page.waitForURL(new RegExp(`/testing/runs/${runId}$`));
});

test('with coverage maps built from the panel, fast mode keeps only the test that ran the changed line', async () => {
  git(['checkout', '--', 'src/text.py']);
  await page.goto(`${server.url}/testing/select?repository=shop`);
  await byTestId('selection-build-maps').click();
  const maps = byTestId('selection-maps');
  await maps.waitFor({ timeout: 120_000 });
  assert.match(await maps.innerText(), /Mapped the repository root: \d+ tests over \d+ files at @[0-9a-f]{7}\./);

  await writeFile(path.join(repository, 'src/calc.py'), CALC.replace('return a + b', 'return b + a'));
  try {
    await byTestId('selection-mode').selectOption('fast');
    await byTestId('selection-confidence').fill('90');
    await byTestId('selection-submit').click();
    await page.waitForFunction(() => /src\/calc\.py:2/.test(document.querySelector('[data-testid="selection-changes-list"]')?.textContent ?? ''));
    const { body: selection } = await api('POST', '/api/v2/testing/select', { repository: 'shop', mode: 'fast', confidence: 0.9 });
    assert.deepEqual(selection.tests.map((item) => item.id), ['tests/test_calc.py::test_add'], JSON.stringify(selection.tests));
    assert.deepEqual(await byTestId('selection-test').evaluateAll((items) => items.map((item) => item.getAttribute('data-id'))), ['tests/test_calc.py::test_add']);
    assert.match(await byTestId('selection-reason').first().innerText(), /src\/calc\.py:add changed .*covered lines 2/);
    assert.match(await byTestId('selection-headline').innerText(), /1 test selected \(the coverage maps know \d+ tests\)/);
    await shot('coverage-05b-selection-fast');
  } finally {
    git(['checkout', '--', 'src/calc.py']);
  }
});

test('on a phone the coverage explorer and the selection fit the screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage?file=src%2Fcalc.py&line=7`);
    await byTestId('coverage-line').first().waitFor();
    assert.equal(await overflow(), 0, 'the coverage tab on a phone');
    await shot('coverage-06-phone-file');
    await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage`);
    await byTestId('coverage-tree').waitFor();
    assert.equal(await overflow(), 0, 'the coverage summary on a phone');
    await shot('coverage-07-phone-summary');
    await page.goto(`${server.url}/testing/select?repository=shop`);
    await byTestId('selection-submit').click();
    await byTestId('selection-result').waitFor();
    assert.equal(await overflow(), 0, 'the selection on a phone');
    // The tab strip scrolls sideways; the chosen tab is brought on screen.
    const tab = await byTestId('testing-tab-select').boundingBox();
    assert.ok(tab && tab.x >= 0 && tab.x + tab.width <= PHONE.width, `the chosen tab is on screen: ${JSON.stringify(tab)}`);
    await shot('coverage-08-phone-selection');
    await page.goto(`${server.url}/testing/coverage?repository=shop`);
    await byTestId('coverage-trend-chart').waitFor();
    assert.equal(await overflow(), 0, 'the trend on a phone');
    await shot('coverage-09-phone-trend');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('a viewer sees the selection but is offered no run of it', async () => {
  const created = await api('POST', '/api/v2/keys', { name: 'e2e-coverage-viewer', role: 'viewer' });
  assert.equal(created.status, 201, created.text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), created.body.key);
  await writeFile(path.join(repository, 'src/text.py'), TEXT.replace('"!"', '"?"'));
  try {
    await page.goto(`${server.url}/testing/select?repository=shop`);
    await byTestId('selection-submit').click();
    await byTestId('selection-result').waitFor();
    assert.ok((await byTestId('selection-test').count()) > 0);
    assert.equal(await byTestId('selection-run').count(), 0);
    assert.equal(await byTestId('selection-build-maps').count(), 0);
    // Coverage is reading: the viewer opens it too.
    await page.goto(`${server.url}/testing/runs/${coverageRunId}/coverage?file=src%2Fcalc.py`);
    await byTestId('coverage-line').first().waitFor();
  } finally {
    git(['checkout', '--', 'src/text.py']);
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
});
