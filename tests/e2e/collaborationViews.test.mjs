// The collaboration views in a real browser against a real server: the agent timeline (a lane per agent, a bar per
// attempt, a retry as its own bar, running bars growing), the conversation (derived requests and replies, filters,
// collapsible content), replay (play, speed, scrub, back to live) and the dead letters page. The collaborations are
// submitted through the API: echo steps and shell commands, one of which fails once and succeeds on its retry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, SCREENSHOTS, delay, openBrowserSession } from './browserSession.mjs';

const screenshots = process.env.E2E_SCREENSHOTS ?? SCREENSHOTS;

// fetch → (build on devops-engineer, 0.8 s) and (flaky on data-scientist: fails once, then succeeds) → report.
// The idempotency key is the same for every attempt of a subtask, so a marker file named after it tells the retry.
const FLAKY = 'sleep 0.4; m="flaky-$(printf %s "$LIGHTNING_IDEMPOTENCY_KEY" | tr -c "a-zA-Z0-9" _)"; if [ -e "$m" ]; then echo ok; else touch "$m"; echo boom >&2; exit 3; fi';
const DRILL = {
  title: 'Timeline drill',
  plan: {
    subtasks: [
      { id: 'fetch', tool: 'echo', input: { repo: 'demo' } },
      { id: 'build', tool: 'command', agent: 'devops-engineer', input: { command: ['sh', '-c', 'sleep 0.8; echo built'] }, dependsOn: ['fetch'] },
      { id: 'flaky', tool: 'command', agent: 'data-scientist', input: { command: ['sh', '-c', FLAKY] }, retry: { maxAttempts: 2, backoffSeconds: 1 }, dependsOn: ['fetch'] },
      { id: 'report', tool: 'echo', input: { done: true }, dependsOn: ['build', 'flaky'] },
    ],
  },
};

let session;
let server;
let page;
let api;
let submit;
let waitFinished;
let byTestId;
let shot;
let overflow;
let drillId;
let drillEvents;

before(async () => {
  session = await openBrowserSession({ screenshots, signIn: true });
  ({ server, page, api, submit, waitFinished, byTestId, shot, overflow } = session);

  drillId = await submit(DRILL);
  const finished = await waitFinished(drillId);
  assert.equal(finished.status, 'succeeded', JSON.stringify(finished));
  drillEvents = (await api('GET', `/api/v2/collaborate/${encodeURIComponent(drillId)}/events?limit=500`)).body.items;
});

after(() => session?.close());

const bar = (key) => page.locator(`[data-testid="timeline-bar-${key}"]`);
const attr = (testId, name) => page.evaluate(([id, a]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(a) ?? null, [testId, name]);
const openDrill = async () => {
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(drillId)}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="collaboration-status"]')?.getAttribute('data-status') === 'succeeded');
  await byTestId('agent-timeline').waitFor();
};

test('the agent timeline has a lane per agent and the retry as its own bar', async () => {
  await openDrill();
  for (const agent of ['devops-engineer', 'data-scientist']) await byTestId(`timeline-lane-${agent}`).waitFor();
  assert.equal(await bar('build#1').getAttribute('data-outcome'), 'succeeded');
  assert.equal(await bar('flaky#1').getAttribute('data-outcome'), 'retried', 'the failed first attempt is its own bar');
  assert.equal(await bar('flaky#2').getAttribute('data-outcome'), 'succeeded');
  assert.equal(await byTestId('timeline-lane-data-scientist').locator('.at-bar').count(), 2);

  // Widths follow the recorded durations: build slept 0.8 s, the retry 0.4 s; the retry starts after the first ended.
  const build = await bar('build#1').boundingBox();
  const first = await bar('flaky#1').boundingBox();
  const retry = await bar('flaky#2').boundingBox();
  assert.ok(build.width > retry.width * 1.4, `build (${build.width}px) is drawn longer than the retry (${retry.width}px)`);
  assert.ok(retry.x >= first.x + first.width - 1, 'the retry starts after the first attempt ended');

  await bar('flaky#1').hover();
  const detail = await byTestId('timeline-detail').innerText();
  assert.match(detail, /flaky/);
  assert.match(detail, /attempt 1/);
  assert.match(detail, /data-scientist/);
  assert.match(detail, /failed, retried/);
  assert.match(detail, /exited with code 3/);
  await shot('30-agent-timeline');

  await bar('build#1').focus();
  assert.match(await byTestId('timeline-detail').innerText(), /build\s+attempt 1\s+devops-engineer\s+\d/);
});

test('a running bar grows live until its attempt ends', async () => {
  const id = await submit({ title: 'Slow step', plan: { subtasks: [{ id: 'slow', tool: 'command', agent: 'devops-engineer', input: { command: ['sleep', '2.5'] } }] } });
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(id)}`);
  const running = bar('slow#1');
  await page.waitForFunction(() => document.querySelector('[data-testid="timeline-bar-slow#1"]')?.getAttribute('data-outcome') === 'running');
  // The axis grows with the bar, so measure against the time ticks: the bar keeps reaching the right end.
  const track = page.locator('[data-testid="timeline-lane-devops-engineer"] .at-track');
  const ticksAt = async () => page.locator('.at-axis .at-tick').allInnerTexts();
  const ticksBefore = await ticksAt();
  await delay(1200);
  const ticksLater = await ticksAt();
  assert.notDeepEqual(ticksLater, ticksBefore, `the axis moved on while the attempt ran (${ticksBefore} → ${ticksLater})`);
  const [barBox, trackBox] = [await running.boundingBox(), await track.boundingBox()];
  assert.ok(barBox.x + barBox.width >= trackBox.x + trackBox.width - 3, 'a running bar reaches "now", the right end');
  await shot('31-agent-timeline-running');
  await page.waitForFunction(() => document.querySelector('[data-testid="timeline-bar-slow#1"]')?.getAttribute('data-outcome') === 'succeeded', undefined, { timeout: 15_000 });
});

test('the conversation shows requests and replies by subtask, filtered by agent and performative', async () => {
  await openDrill();
  const view = byTestId('conversation-view');
  await view.waitFor();
  const flaky = byTestId('conversation-subtask:flaky');
  const performatives = await flaky.locator('[data-testid="conversation-message"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-performative')));
  assert.deepEqual(performatives, ['request', 'failure', 'request', 'inform']);
  assert.match(await flaky.innerText(), /engine\s*→\s*data-scientist/);
  assert.match(await flaky.innerText(), /data-scientist\s*→\s*engine/);

  await byTestId('conversation-filter-performative').selectOption('failure');
  const messages = page.locator('[data-testid="conversation-message"]');
  assert.equal(await messages.count(), 1);
  const failure = messages.first();
  const content = failure.locator('details.conv-content');
  assert.equal(await content.getAttribute('open'), null, 'content starts collapsed');
  await content.locator('summary').click();
  await content.locator('pre').waitFor();
  assert.match(await content.locator('pre').innerText(), /"error": "The command exited with code 3\."/);
  assert.match(await byTestId('conversation-count').innerText(), /1 of \d+ messages/);
  await shot('32-conversation-failure-filter');

  await byTestId('conversation-filter-performative').selectOption('');
  await byTestId('conversation-filter-agent').selectOption('devops-engineer');
  const routes = await messages.locator('.conv-route').allInnerTexts();
  assert.ok(routes.length >= 2);
  for (const route of routes) assert.match(route, /devops-engineer/);
  assert.equal(await byTestId('conversation-subtask:flaky').count(), 0);
});

test('recorded agent messages (ask-agent) show in their own conversation', async () => {
  const { status, text } = await api('POST', '/api/v2/collaborate/submit', {
    title: 'Ask a peer',
    plan: { subtasks: [{ id: 'ask', tool: 'ask-agent', agent: 'devops-engineer', input: { agent: 'data-scientist', tool: 'echo', input: { numbers: [1, 2, 3] }, question: 'Any numbers?' } }] },
  });
  assert.equal(status, 202, text);
  const id = JSON.parse(text).id;
  await waitFinished(id);
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(id)}`);
  await byTestId('conversation-view').waitFor();
  // The subtask's own request and reply, and the peer conversation the tool recorded.
  await page.waitForFunction(() => document.querySelectorAll('.conv-group').length >= 2);
  const shown = await byTestId('conversation-view').innerText();
  assert.match(shown, /devops-engineer\s*→\s*data-scientist/, 'the peer request');
  assert.match(shown, /data-scientist\s*→\s*devops-engineer/, 'its reply');
  await shot('33-conversation-ask-agent');
});

test('replay plays the recorded events back, at a chosen speed, and scrubs to any event', async () => {
  await openDrill();
  const total = drillEvents.length;
  await byTestId('replay-start').click();
  await byTestId('replay-bar').waitFor();
  assert.equal(await attr('collaboration-connection', 'data-connection'), 'replay');
  assert.equal(await byTestId('collaboration-cancel').count(), 0);

  // 1×: recorded time, so the ~2 s collaboration is still playing a moment later.
  await page.waitForFunction(() => document.querySelector('[data-testid="replay-play"]')?.getAttribute('data-playing') === 'true');
  await delay(300);
  const early = Number((await byTestId('replay-position').innerText()).split('/')[0]);
  assert.ok(early < total, `at 1× the replay is not over after 0.3 s (at ${early}/${total})`);
  assert.equal(await attr('collaboration-status', 'data-status'), 'running', 'the replayed collaboration is running');

  // 50×: done within moments, and the end is the final state.
  await byTestId('replay-speed-50').click();
  assert.equal(await byTestId('replay-speed-50').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction((n) => document.querySelector('[data-testid="replay-position"]')?.textContent === `${n}/${n}`, total, { timeout: 5000 });
  assert.equal(await attr('replay-play', 'data-playing'), 'false');
  assert.equal(await attr('collaboration-status', 'data-status'), 'succeeded');
  assert.equal(await attr('replay-current', 'data-type'), 'finished');
  assert.equal(await bar('flaky#2').getAttribute('data-outcome'), 'succeeded');

  // Scrub back to the first attempt's failure: the graph, table, timeline and conversation are as they were then.
  const failedAt = drillEvents.findIndex((e) => e.type === 'subtask-failed') + 1;
  await byTestId('replay-slider').fill(String(failedAt));
  await page.waitForFunction((n) => document.querySelector('[data-testid="replay-current"]')?.getAttribute('data-sequence') === String(n), drillEvents[failedAt - 1].sequence);
  assert.equal(await attr('replay-current', 'data-type'), 'subtask-failed');
  assert.match(await byTestId('replay-current').innerText(), /subtask-failed\s+flaky/);
  assert.equal(await attr('subtask-status-flaky', 'data-status'), 'retrying');
  assert.equal(await attr('graph-node-report', 'data-status'), 'pending');
  assert.equal(await attr('collaboration-status', 'data-status'), 'running');
  assert.equal(await bar('flaky#1').getAttribute('data-outcome'), 'retried');
  assert.equal(await bar('flaky#2').count(), 0, 'the retry has not started yet');
  assert.equal(
    await byTestId('conversation-subtask:flaky').locator('[data-testid="conversation-message"]').count(),
    2,
    'request and failure so far',
  );
  assert.equal(await page.locator('[data-testid="collaboration-events"] li').count(), failedAt);
  await shot('34-replay-scrubbed');

  // Paused stays put; play goes on from there.
  assert.equal(await attr('replay-play', 'data-playing'), 'false');
  await delay(400);
  assert.equal(await attr('replay-current', 'data-type'), 'subtask-failed');
  await byTestId('replay-play').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="replay-position"]')?.textContent === `${n}/${n}`, total, { timeout: 5000 });

  await byTestId('replay-slider').fill('0');
  await page.waitForFunction(() => document.querySelector('[data-testid="replay-position"]')?.textContent?.startsWith('0/'));
  assert.match(await byTestId('replay-current').innerText(), /Before the first event/);
  assert.equal(await attr('subtask-status-fetch', 'data-status'), 'pending');
  await byTestId('agent-timeline-empty').waitFor();

  await byTestId('replay-exit').click();
  assert.equal(await byTestId('replay-bar').count(), 0);
  await page.waitForFunction(() => document.querySelector('[data-testid="collaboration-status"]')?.getAttribute('data-status') === 'succeeded');
  assert.equal(await bar('flaky#2').getAttribute('data-outcome'), 'succeeded');
});

test('the collaboration views and replay fit a phone screen', async () => {
  await page.setViewportSize(PHONE);
  try {
    await openDrill();
    assert.ok((await overflow()) <= 1, `the collaboration page is ${await overflow()}px wider than the screen`);
    await shot('35-phone-collaboration-views');
    await byTestId('replay-start').click();
    await byTestId('replay-bar').waitFor();
    await byTestId('replay-play').click();
    await byTestId('replay-slider').fill(String(drillEvents.findIndex((e) => e.type === 'subtask-failed') + 1));
    assert.ok((await overflow()) <= 1, `replay is ${await overflow()}px wider than the screen`);
    await shot('36-phone-replay');
    await byTestId('replay-exit').click();
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('the dead letters page lists, redrives and purges a real dead letter, and says when one is gone', async () => {
  // Messages to an agent nobody runs, past their reply-by: the server's bus dead-letters them as expired.
  const poke = async (id) => {
    const sent = await api('POST', '/api/v2/collaborate/messages', { receiver: 'agent:nobody-listens', id, payload: { hello: 'worker' }, replyBy: new Date(Date.now() + 300).toISOString() });
    assert.equal(sent.status, 202, sent.text);
    for (let i = 0; i < 100; i++) {
      if ((await api('GET', `/api/v2/collaborate/dead-letters/${id}`)).status === 200) return;
      await delay(100);
    }
    throw new Error(`${id} was not dead-lettered`);
  };
  await poke('e2e-poke');

  await page.goto(`${server.url}/collaborations`);
  await byTestId('nav-dead-letters').click();
  await page.waitForURL(/\/dead-letters$/);
  await byTestId('dead-letter-row-e2e-poke').waitFor();
  assert.match(await byTestId('dead-letter-row-e2e-poke').innerText(), /agent:nobody-listens/);
  assert.equal(await byTestId('dead-letters-error').count(), 0);
  await shot('37-dead-letters');

  await byTestId('dead-letter-row-e2e-poke').getByRole('link', { name: 'e2e-poke' }).click();
  await page.waitForURL(/\/dead-letters\/e2e-poke$/);
  assert.match(await byTestId('dead-letter-reason').innerText(), /expired/);
  assert.match(await byTestId('dead-letter-payload').innerText(), /worker/);

  // Redriven, it is back on its queue as a fresh delivery (a redrive lifts the reply-by), no longer a dead letter.
  await byTestId('dead-letter-redrive').click();
  await page.waitForURL(/\/dead-letters$/);
  assert.equal((await api('GET', '/api/v2/collaborate/dead-letters/e2e-poke')).status, 404);
  await byTestId('dead-letters-empty').waitFor();

  // Purge all, confirmed in the dialog.
  await poke('e2e-poke-2');
  await byTestId('dead-letters-refresh').click();
  await byTestId('dead-letter-row-e2e-poke-2').waitFor();
  await byTestId('dead-letters-purge-all').click();
  await byTestId('confirm-accept').click();
  await byTestId('dead-letters-notice').waitFor();
  assert.match(await byTestId('dead-letters-notice').innerText(), /Purged 1 dead letter\./);
  await byTestId('dead-letters-empty').waitFor();
  assert.equal((await api('GET', '/api/v2/collaborate/dead-letters/e2e-poke-2')).status, 404);

  await page.goto(`${server.url}/dead-letters/msg_does-not-exist`);
  await byTestId('dead-letter-error').waitFor();
  assert.match(await byTestId('dead-letter-error').innerText(), /gone/);
  assert.equal(await byTestId('dead-letter-redrive').count(), 0);

  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/dead-letters`);
    await page.waitForFunction(() => document.querySelector('[data-testid="dead-letters-empty"], [data-testid="dead-letters-table"]'));
    assert.ok((await overflow()) <= 1);
    const nav = await page.evaluate(() => {
      const element = document.querySelector('.sidebar nav');
      return element.scrollWidth - element.clientWidth;
    });
    assert.ok(nav <= 1, `every nav entry fits a phone (${nav}px more)`);
    await shot('38-phone-dead-letters');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});
