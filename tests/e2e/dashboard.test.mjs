// The dashboard in a real browser against a real server: sign in, overview, agents, a command action whose output
// streams live, history, and the failure paths (wrong key, validation errors, a key that stops working).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let actionId;
let collaborationId;

before(async () => {
  session = await openBrowserSession();
  ({ server, page, api, byTestId, shot, overflow } = session);
});

after(() => session?.close());

async function signIn(key) {
  await byTestId('signin-key').fill(key);
  await byTestId('signin-submit').click();
}

test('a wrong key shows the sign-in error', async () => {
  await page.goto(server.url);
  await signIn('lk_000000000000_not-a-real-key');
  const error = byTestId('signin-error');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /not accepted/i);
  assert.match(text, /invalid or revoked/i, 'shows the server\'s ProblemDetails detail');
  await shot('01-signin-wrong-key');
  assert.equal(await page.evaluate(() => localStorage.getItem('lightning.apiKey')), null, 'a rejected key is not kept');
});

test('signing in shows the overview with the seeded agents', async () => {
  await page.goto(server.url);
  await signIn(server.adminKey);
  await byTestId('agents-total').waitFor();
  assert.equal((await byTestId('agents-total').innerText()).trim(), '15');
  await page.waitForFunction(() => document.querySelector('[data-testid="overview-health"]')?.textContent?.includes('Ready'));
  assert.match(await byTestId('overview-caller').innerText(), /admin/);
  assert.match(await byTestId('overview-database').innerText(), /sqlite/);
  assert.ok((await byTestId('overview-model').innerText()).trim().length > 0, 'the model is shown, configured or not');
  assert.equal(await page.evaluate(() => localStorage.getItem('lightning.apiKey')), server.adminKey);
  await shot('02-overview');
});

test('the agents page lists devops-engineer and shows its details', async () => {
  await byTestId('nav-agents').click();
  const row = byTestId('agent-row-devops-engineer');
  await row.waitFor();
  assert.match(await row.innerText(), /in-process/);
  assert.equal(await page.locator('[data-testid^="agent-row-"]').count(), 15);
  await shot('03-agents');

  await row.getByRole('link', { name: 'devops-engineer' }).click();
  await byTestId('agent-details').waitFor();
  assert.equal(new URL(page.url()).pathname, '/agents/devops-engineer');
  assert.match(await byTestId('agent-details').innerText(), /command/);
  await shot('04-agent-details');
});

test('the register form shows the server\'s validation errors per field', async () => {
  await page.goto(`${server.url}/agents/new`);
  await byTestId('agent-name').fill('Not A Valid Name');
  await byTestId('agent-role').fill('devops-engineer');
  await byTestId('agent-location-ssh').click();
  await byTestId('agent-sshHost').fill('build.example.com');
  await byTestId('agent-sshUser').fill('deploy');
  await byTestId('agent-sshPrivateKeyPath').fill('relative/id_ed25519');
  await byTestId('agent-submit').click();
  await byTestId('agent-name-errors').waitFor();
  assert.match(await byTestId('agent-name-errors').innerText(), /lowercase/);
  assert.match(await byTestId('agent-sshPrivateKeyPath-errors').innerText(), /absolute/);
  assert.equal(await byTestId('agent-sshHost-errors').count(), 0, 'a valid field shows no error');
  await shot('05-register-validation');
});

test('a command action streams its output live, then succeeds', async () => {
  await byTestId('nav-actions').click();
  await byTestId('action-new').click();
  await byTestId('action-agent').selectOption('devops-engineer');
  await byTestId('action-kind').selectOption('command');
  await byTestId('action-commandLines').fill(['sh', '-c', 'for i in 1 2 3; do echo line-$i; sleep 0.4; done'].join('\n'));
  await byTestId('action-argv-preview').waitFor();
  await shot('06-new-action');
  await byTestId('action-submit').click();

  await page.waitForURL(/\/actions\/act_[A-Za-z0-9]+$/);
  actionId = new URL(page.url()).pathname.split('/').pop();

  // The moment line-1 shows, the action must still be running and line-3 not there yet: the output streamed.
  const atFirstLine = await (
    await page.waitForFunction(
      () => {
        const output = document.querySelector('[data-testid="action-output"]')?.textContent ?? '';
        if (!output.includes('line-1')) return false;
        return {
          status: document.querySelector('[data-testid="action-status"]')?.getAttribute('data-status') ?? null,
          hasLine3: output.includes('line-3'),
          at: performance.now(),
        };
      },
      undefined,
      { polling: 'raf', timeout: 15_000 },
    )
  ).jsonValue();
  await shot('07-action-running');
  assert.equal(atFirstLine.status, 'running', 'line-1 was visible while the action was still running');
  assert.equal(atFirstLine.hasLine3, false, 'line-1 arrived before line-3 was printed');

  const finishedAt = await (
    await page.waitForFunction(
      () => document.querySelector('[data-testid="action-status"]')?.getAttribute('data-status') === 'succeeded' && performance.now(),
      undefined,
      { polling: 'raf', timeout: 15_000 },
    )
  ).jsonValue();
  const output = await byTestId('action-output').innerText();
  assert.match(output, /line-1\s+line-2\s+line-3/);
  assert.ok(finishedAt - atFirstLine.at >= 500, `line-1 showed ${Math.round(finishedAt - atFirstLine.at)} ms before the end (the script sleeps 0.8 s after it)`);
  assert.equal(await byTestId('action-output').getAttribute('data-first-output-status'), 'running');
  assert.equal((await byTestId('action-exit-code').innerText()).trim(), '0');
  assert.equal(await byTestId('action-cancel').count(), 0, 'no Cancel button once finished');
  await shot('08-action-succeeded');
});

test('the action appears in the history, also when filtered', async () => {
  assert.ok(actionId, 'the previous test submitted an action');
  await byTestId('nav-actions').click();
  const row = byTestId(`action-row-${actionId}`);
  await row.waitFor();
  assert.match(await row.innerText(), /succeeded/);
  assert.match(await row.innerText(), /devops-engineer/);
  await shot('09-actions-history');

  await byTestId('filter-agent').selectOption('devops-engineer');
  await byTestId('filter-status').selectOption('succeeded');
  await page.waitForURL(/status=succeeded/);
  await row.waitFor();
  await byTestId('filter-status').selectOption('failed');
  await byTestId('actions-empty').waitFor();
  assert.equal(await row.count(), 0);

  // Reloading a client-side route serves the app again (the server's index.html fallback).
  await page.goto(`${server.url}/actions/${actionId}`);
  // The record (HTTP) and the replayed output (WebSocket) arrive separately, in either order: wait for both.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="action-status"]')?.getAttribute('data-status') === 'succeeded' &&
      (document.querySelector('[data-testid="action-output"]')?.textContent ?? '').includes('line-3'),
  );
});

test('stderr shows in its own colour, and Cancel stops a running action', async () => {
  await page.goto(`${server.url}/actions/new?agent=devops-engineer`);
  await byTestId('action-commandLines').fill(['sh', '-c', 'echo to-stdout; echo to-stderr >&2; sleep 30'].join('\n'));
  await byTestId('action-submit').click();
  await page.waitForURL(/\/actions\/act_/);
  await page.locator('[data-testid="action-output"] .stream-stderr', { hasText: 'to-stderr' }).waitFor();
  const colours = await page.evaluate(() => {
    const colour = (selector) => {
      const element = document.querySelector(selector);
      return element ? getComputedStyle(element).color : null;
    };
    return { stdout: colour('[data-testid="action-output"] .stream-stdout'), stderr: colour('[data-testid="action-output"] .stream-stderr') };
  });
  assert.ok(colours.stdout && colours.stderr && colours.stdout !== colours.stderr, `stderr has its own colour (${JSON.stringify(colours)})`);
  await shot('09a-action-stderr-running');

  await byTestId('action-cancel').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="action-status"]')?.getAttribute('data-status') === 'cancelled');
  assert.equal(await byTestId('action-cancel').count(), 0);
  await shot('09b-action-cancelled');
});

test('history pages with "load more"', async () => {
  // 26 quick actions through the API, one more than a page.
  const ids = [];
  for (let i = 0; i < 26; i++) {
    const { status, body, text } = await api('POST', '/api/v2/actions', { agent: 'data-scientist', kind: 'command', command: ['true'] });
    assert.equal(status, 202, text);
    ids.push(body.id);
  }
  await page.goto(`${server.url}/actions?agent=data-scientist`);
  await byTestId(`action-row-${ids[25]}`).waitFor();
  const rows = page.locator('[data-testid^="action-row-"]');
  assert.equal(await rows.count(), 25);
  assert.equal(await byTestId(`action-row-${ids[0]}`).count(), 0, 'the oldest is on the next page');
  await byTestId('actions-load-more').click();
  await byTestId(`action-row-${ids[0]}`).waitFor();
  assert.equal(await rows.count(), 26);
  assert.equal(await byTestId('actions-load-more').count(), 0, 'no more pages');
});

test('a viewer key reads but is offered no changes', async () => {
  const { status, body, text } = await api('POST', '/api/v2/keys', { name: 'e2e-viewer', role: 'viewer' });
  assert.equal(status, 201, text);
  const { key } = body;
  await page.evaluate((value) => localStorage.setItem('lightning.apiKey', value), key);
  await page.goto(`${server.url}/agents`);
  await byTestId('agent-row-devops-engineer').waitFor();
  assert.equal(await byTestId('agent-register').count(), 0);
  assert.match(await byTestId('who').innerText(), /viewer/);
  await page.goto(`${server.url}/actions/${actionId}`);
  await byTestId('action-output').waitFor();
  await page.goto(`${server.url}/actions?agent=devops-engineer`);
  await byTestId(`action-row-${actionId}`).waitFor();
  assert.equal(await byTestId('action-new').count(), 0);
  await page.evaluate((value) => localStorage.setItem('lightning.apiKey', value), server.adminKey);
});

test('the layout fits a phone screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    for (const [route, name, ready] of [
      ['/', '10-phone-overview', 'agents-total'],
      ['/agents', '11-phone-agents', 'agent-row-devops-engineer'],
      [`/actions/${actionId}`, '12-phone-action', 'action-output'],
      ['/actions?agent=devops-engineer', '13-phone-actions', `action-row-${actionId}`],
    ]) {
      await page.goto(`${server.url}${route}`);
      await byTestId(ready).waitFor();
      const wider = await overflow();
      assert.ok(wider <= 1, `${route} is ${wider}px wider than the screen`);
      await shot(name);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('a key that stops working returns to sign-in with a message', async () => {
  await page.evaluate(() => localStorage.setItem('lightning.apiKey', 'lk_000000000000_revoked'));
  await page.goto(`${server.url}/agents`);
  const error = byTestId('signin-error');
  await error.waitFor();
  assert.match(await error.innerText(), /signed out/i);
  assert.equal(await page.evaluate(() => localStorage.getItem('lightning.apiKey')), null);
  await shot('14-signed-out');

  await signIn(server.adminKey);
  await byTestId('sign-out').click();
  await byTestId('signin-key').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('lightning.apiKey')), null);
});

/** The order statuses move in up to an approval gate; a live page never shows a lower one after a higher one. */
const STATUS_RANK = { pending: 0, ready: 1, 'awaiting-approval': 2, running: 3, retrying: 3, succeeded: 4, failed: 4, skipped: 4, cancelled: 4 };

/**
 * Runs in the page before its scripts: appends each new data-status of every subtask badge, graph node and the
 * collaboration badge to window.__statusHistory, per test id. A MutationObserver sees every committed DOM change,
 * even one that lasts less than a frame.
 */
function recordStatuses() {
  const history = {};
  window.__statusHistory = history;
  const selector = '[data-testid^="subtask-status-"], [data-testid^="graph-node-"], [data-testid="collaboration-status"]';
  const record = () => {
    for (const element of document.querySelectorAll(selector)) {
      const key = element.getAttribute('data-testid');
      const status = element.getAttribute('data-status');
      const seen = (history[key] ??= []);
      if (status && seen[seen.length - 1] !== status) seen.push(status);
    }
  };
  new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
}

const subtaskStatus = (id) => page.evaluate((sub) => document.querySelector(`[data-testid="subtask-status-${sub}"]`)?.getAttribute('data-status') ?? null, id);

test('a collaboration runs live, waits at its approval gate, and succeeds once approved', async () => {
  // The test before signs out: sign in again, as an operator would.
  await page.goto(server.url);
  await signIn(server.adminKey);
  await byTestId('agents-total').waitFor();
  await byTestId('nav-collaborations').click();
  await byTestId('collaboration-metrics').waitFor();
  await byTestId('collaboration-new').click();
  await byTestId('collaboration-plan').waitFor();
  assert.match(await byTestId('collaboration-plan').inputValue(), /requiresApproval: true/, 'the form starts with a runnable example');
  await shot('15-collaboration-new');
  await byTestId('collaboration-submit').click();

  await page.waitForURL((url) => /^\/collaborations\/[^/]+$/.test(url.pathname) && url.pathname !== '/collaborations/new');
  collaborationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  assert.notEqual(collaborationId, 'new');

  // The gate: c runs, then d waits for an approval while the other chain finishes.
  await page.waitForFunction(() => document.querySelector('[data-testid="subtask-status-d"]')?.getAttribute('data-status') === 'awaiting-approval');
  await page.waitForFunction(() => document.querySelector('[data-testid="subtask-status-b"]')?.getAttribute('data-status') === 'succeeded');
  assert.equal(await byTestId('collaboration-status').getAttribute('data-status'), 'running');
  // The graph is drawn from the same state on its own render: wait for it rather than read it in the same tick.
  await page.waitForFunction(() => document.querySelector('[data-testid="graph-node-d"]')?.getAttribute('data-status') === 'awaiting-approval', undefined, { timeout: 5000 })
    .catch(() => undefined);
  assert.equal(await page.getByTestId('graph-node-d').getAttribute('data-status'), 'awaiting-approval', 'the graph shows the gate');
  assert.equal(await page.getByTestId('graph-node-a').getAttribute('data-status'), 'succeeded');
  assert.equal(await byTestId('collaboration-cancel').count(), 1, 'Cancel is offered while running');
  // The statuses may come from the page's first HTTP read, before the stream has replayed the events behind them.
  await page.waitForFunction(() => /subtask-awaiting-approval/.test(document.querySelector('[data-testid="collaboration-events"]')?.textContent ?? ''));
  await shot('16-collaboration-awaiting-approval');

  // Reopen the page at the gate and record every status each subtask, graph node and the collaboration shows, from
  // the first render: the stream replays the log from the start, and the page must not walk back through it.
  await page.addInitScript(recordStatuses);
  await page.reload();
  const logged = (await api('GET', `/api/v2/collaborate/${encodeURIComponent(collaborationId)}/events?limit=500`)).body.items.length;
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="collaboration-events"] li').length >= count, logged);
  await page.waitForFunction(() => document.querySelector('[data-testid="collaboration-connection"]')?.getAttribute('data-connection') === 'live');
  const shown = await page.evaluate(() => window.__statusHistory);
  for (const key of ['subtask-status-a', 'subtask-status-b', 'subtask-status-c', 'subtask-status-d', 'graph-node-d', 'collaboration-status']) {
    assert.ok(shown[key]?.length > 0, `${key} was shown`);
  }
  for (const [key, statuses] of Object.entries(shown)) {
    const ranks = statuses.map((status) => STATUS_RANK[status] ?? -1);
    assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y), `${key} stepped back: ${statuses.join(' -> ')}`);
  }
  // Nothing moves at the gate, so each shows one status from its first render: the state the list read says.
  assert.deepEqual(shown['subtask-status-d'], ['awaiting-approval']);
  assert.deepEqual(shown['graph-node-d'], ['awaiting-approval']);
  assert.deepEqual(shown['subtask-status-b'], ['succeeded']);
  assert.deepEqual(shown['collaboration-status'], ['running']);

  await byTestId('subtask-approve-d').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="collaboration-status"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 20_000 });
  assert.equal(await subtaskStatus('d'), 'succeeded');
  assert.equal(await byTestId('subtask-approve-d').count(), 0, 'no Approve once decided');
  assert.equal(await byTestId('collaboration-cancel').count(), 0, 'no Cancel once finished');
  assert.match(await byTestId('collaboration-percent').innerText(), /100%/);
  const result = await byTestId('collaboration-result').innerText();
  assert.match(result, /rename the build job/, 'the result shows the outputs');
  await page.waitForFunction(() => document.querySelector('[data-testid="collaboration-connection"]')?.getAttribute('data-connection') === 'ended');
  await page.waitForFunction(() => {
    const events = document.querySelector('[data-testid="collaboration-events"]')?.textContent ?? '';
    return /subtask-approved/.test(events) && /finished/.test(events);
  });
  await shot('17-collaboration-succeeded');
});

test('the collaboration shows in the history, filtered by status, and its page fits a phone', async () => {
  assert.ok(collaborationId, 'the previous test submitted a collaboration');
  await byTestId('nav-collaborations').click();
  const row = byTestId(`collaboration-row-${collaborationId}`);
  await row.waitFor();
  assert.match(await row.innerText(), /succeeded/);
  assert.match(await row.innerText(), /4\/4/);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="metrics-succeeded"]')?.textContent ?? 0) >= 1);
  await page.locator('[data-testid="agent-metrics"] summary').click();
  await shot('18-collaborations');

  await byTestId('collaborations-filter-status').selectOption('failed');
  await page.waitForURL(/status=failed/);
  await byTestId('collaborations-empty').waitFor();
  await byTestId('collaborations-filter-status').selectOption('succeeded');
  await row.waitFor();

  await page.setViewportSize(PHONE);
  try {
    for (const [route, name, ready] of [
      [`/collaborations/${encodeURIComponent(collaborationId)}`, '19-phone-collaboration', 'collaboration-result'],
      ['/collaborations', '20-phone-collaborations', `collaboration-row-${collaborationId}`],
    ]) {
      await page.goto(`${server.url}${route}`);
      await byTestId(ready).waitFor();
      const wider = await overflow();
      assert.ok(wider <= 1, `${route} is ${wider}px wider than the screen`);
      await shot(name);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('the collaboration form shows the server\'s validation errors', async () => {
  await page.goto(`${server.url}/collaborations/new`);
  await byTestId('collaboration-plan').fill('subtasks:\n  - id: a\n    tool: echo\n  - id: b\n    tool: echo\n    dependsOn: [nowhere]\n');
  await byTestId('collaboration-submit').click();
  await byTestId('collaboration-form-error').waitFor();
  await byTestId('collaboration-plan-errors').waitFor();
  assert.match(await byTestId('collaboration-plan-errors').innerText(), /nowhere/);
  assert.equal(new URL(page.url()).pathname, '/collaborations/new', 'stays on the form');
  await shot('21-collaboration-validation');
});
