// Re-execute, fork and compare in a real browser against a real server: a finished collaboration (an echo step, a shell
// command, an echo that reads the command's output) is re-executed from its recording and compared with the original
// (identical, byte for byte); then it is forked at the command with a new input, and the comparison shows the change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, SCREENSHOTS, openBrowserSession } from './browserSession.mjs';

const screenshots = process.env.E2E_SCREENSHOTS ?? SCREENSHOTS;

const GREETING = {
  title: 'Greeting',
  plan: {
    subtasks: [
      { id: 'name', tool: 'echo', input: { name: 'world' } },
      { id: 'greet', tool: 'command', agent: 'devops-engineer', input: { command: ['echo', 'hello world'] }, dependsOn: ['name'] },
      { id: 'report', tool: 'echo', input: { said: '${outputs.greet}' }, dependsOn: ['greet'] },
    ],
  },
};

let session;
let server;
let page;
let api;
let waitFinished;
let byTestId;
let shot;
let overflow;
let originalId;
let replayId;

before(async () => {
  session = await openBrowserSession({ screenshots, signIn: true });
  ({ server, page, api, waitFinished, byTestId, shot, overflow } = session);

  originalId = await session.submit(GREETING);
  const finished = await waitFinished(originalId);
  assert.equal(finished.status, 'succeeded', JSON.stringify(finished));
});

after(() => session?.close());

const statusIs = (status) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="collaboration-status"]')?.getAttribute('data-status') === s, status, { timeout: 20_000 });
const idInUrl = () => decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);

test('re-execute runs it again from its recording, and the replay compares identical', async () => {
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(originalId)}`);
  await statusIs('succeeded');
  const button = byTestId('collaboration-re-execute');
  assert.match(await button.getAttribute('title'), /from its recording; no agent or model is called/);
  assert.equal(await byTestId('collaboration-origin').count(), 0, 'a submitted collaboration has no origin');
  await shot('40-re-execute-actions');

  await button.click();
  await page.waitForURL((url) => url.pathname.startsWith('/collaborations/') && !url.pathname.endsWith(encodeURIComponent(originalId)));
  replayId = idInUrl();
  assert.notEqual(replayId, originalId);
  const origin = byTestId('collaboration-origin');
  await origin.waitFor();
  assert.equal(await origin.getAttribute('data-kind'), 'replay');
  assert.match(await origin.innerText(), new RegExp(`Replay of\\s+${originalId}`));
  assert.equal(await byTestId('collaboration-origin-link').getAttribute('href'), `/collaborations/${originalId}`);
  await statusIs('succeeded');
  assert.equal(await byTestId('collaboration-planner').innerText(), 'replay');
  await shot('41-replay-origin');

  await byTestId('collaboration-compare').click();
  await page.waitForURL(new RegExp(`/collaborations/${originalId}/diff/${replayId}$`));
  await byTestId('diff-result-identical').waitFor();
  assert.match(await byTestId('diff-result-identical').innerText(), /Result identical, byte for byte/);
  assert.equal(await byTestId('diff-counts').getAttribute('data-changed'), '0');
  assert.equal(await byTestId('diff-counts').getAttribute('data-unchanged'), '3');
  assert.equal(await byTestId('diff-left-status').getAttribute('data-status'), 'succeeded');
  assert.equal(await byTestId('diff-right-status').getAttribute('data-status'), 'succeeded');
  await shot('42-diff-identical');
});

test('fork at a subtask with a new input runs it for real, and the diff shows the changed output', async () => {
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(originalId)}`);
  await statusIs('succeeded');
  await byTestId('collaboration-fork').click();
  await byTestId('fork-form').waitFor();
  await byTestId('fork-subtask').selectOption('greet');
  // The input starts as the plan's; the agent list offers the agents that can run a command.
  await page.waitForFunction(() => document.querySelector('[data-testid="fork-input"]')?.value.includes('hello world'));
  assert.deepEqual(JSON.parse(await byTestId('fork-input').inputValue()), { command: ['echo', 'hello world'] });
  // The agents arrive by their own request: wait for them rather than read a list still loading.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="fork-agent"] option')].some((option) => /devops-engineer/.test(option.textContent ?? '')));

  // Not JSON: caught here, no request.
  await byTestId('fork-input').fill('{ "command": ');
  await byTestId('confirm-accept').click();
  await byTestId('fork-input-errors').waitFor();
  assert.match(await byTestId('fork-input-errors').innerText(), /Not valid JSON/);

  // JSON the command tool refuses: the server's field error shows under the input.
  await byTestId('fork-input').fill('{ "command": [] }');
  await byTestId('confirm-accept').click();
  // The local error clears when the request goes out; the server's answer arrives after it.
  await page.waitForFunction(() => /greet/.test(document.querySelector('[data-testid="fork-input-errors"]')?.textContent ?? ''));
  assert.doesNotMatch(await byTestId('fork-input-errors').innerText(), /Not valid JSON/);
  await shot('43-fork-dialog-server-error');

  await byTestId('fork-input').fill(JSON.stringify({ command: ['echo', 'bonjour'] }, null, 2));
  await byTestId('confirm-accept').click();
  await page.waitForURL((url) => !url.pathname.endsWith(encodeURIComponent(originalId)));
  const forkId = idInUrl();
  const origin = byTestId('collaboration-origin');
  await origin.waitFor();
  assert.equal(await origin.getAttribute('data-kind'), 'fork');
  assert.match(await origin.innerText(), new RegExp(`Fork of\\s+${originalId}\\s+at subtask greet with a new input`));
  await statusIs('succeeded');
  await shot('44-fork-origin');

  await byTestId('collaboration-compare').click();
  await page.waitForURL(new RegExp(`/collaborations/${originalId}/diff/${forkId}$`));
  const greet = byTestId('diff-subtask-greet');
  await greet.waitFor();
  assert.match(await greet.getAttribute('data-changes'), /\boutput\b/);
  const output = byTestId('diff-output-greet');
  assert.match(await output.locator('[data-kind="removed"]').allInnerTexts().then((lines) => lines.join('\n')), /hello world/);
  assert.match(await output.locator('[data-kind="added"]').allInnerTexts().then((lines) => lines.join('\n')), /bonjour/);
  assert.equal(await byTestId('diff-result-identical').count(), 0, 'the result changed with the command');
  assert.match(await byTestId('diff-result').innerText(), /bonjour/);
  assert.equal(await byTestId('diff-subtask-name').count(), 0, 'the echo before the fork is unchanged');
  assert.ok(Number(await byTestId('diff-counts').getAttribute('data-unchanged')) >= 1);
  await shot('45-diff-fork');

  await page.setViewportSize(PHONE);
  try {
    await page.reload();
    await byTestId('diff-subtask-greet').waitFor();
    assert.ok((await overflow()) <= 1, `the diff page is ${await overflow()}px wider than the screen`);
    await shot('46-phone-diff-fork');

    await page.goto(`${server.url}/collaborations/${encodeURIComponent(forkId)}`);
    await byTestId('collaboration-origin').waitFor();
    await statusIs('succeeded');
    assert.ok((await overflow()) <= 1, `the fork's page is ${await overflow()}px wider than the screen`);
    await shot('47-phone-fork-origin', false);

    await byTestId('collaboration-fork').click();
    await byTestId('fork-form').waitFor();
    assert.ok((await overflow()) <= 1, `the fork dialog is ${await overflow()}px wider than the screen`);
    await shot('48-phone-fork-dialog', false);
    await page.keyboard.press('Escape');
    assert.equal(await byTestId('fork-form').count(), 0);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('a viewer sees the origin and the comparison, but no re-execute or fork', async () => {
  const { status, body, text } = await api('POST', '/api/v2/keys', { name: 'e2e-viewer', role: 'viewer' });
  assert.ok(status === 200 || status === 201, text);
  const key = body.key ?? body.secret ?? body.apiKey;
  assert.ok(key, `the new key's secret is in ${text}`);
  await page.evaluate((k) => localStorage.setItem('lightning.apiKey', k), key);
  try {
    await page.goto(`${server.url}/collaborations/${encodeURIComponent(replayId)}`);
    await statusIs('succeeded');
    await byTestId('collaboration-origin').waitFor();
    assert.equal(await byTestId('collaboration-re-execute').count(), 0);
    assert.equal(await byTestId('collaboration-fork').count(), 0);
    await byTestId('collaboration-compare').click();
    await byTestId('diff-result-identical').waitFor();
  } finally {
    await page.evaluate((k) => localStorage.setItem('lightning.apiKey', k), server.adminKey);
  }
});

test('Contract Net bidding reads as figures in the conversation', async () => {
  const { status, body, text } = await api('POST', '/api/v2/collaborate/submit', {
    title: 'Bidding',
    plan: { subtasks: [{ id: 'bid', tool: 'command', selection: 'contract-net', proposalSeconds: 1, input: { command: ['echo', 'awarded'] } }] },
  });
  assert.equal(status, 202, text);
  assert.equal((await waitFinished(body.id)).status, 'succeeded');
  await page.goto(`${server.url}/collaborations/${encodeURIComponent(body.id)}`);
  await statusIs('succeeded');
  const view = byTestId('conversation-view');
  await view.waitFor();
  const proposal = view.locator('[data-testid="conversation-message"][data-performative="propose"]').first();
  assert.match(await proposal.getByTestId('conversation-bid').innerText(), /cost .* · latency .* · load \d+% · confidence \d+%/);
  const award = view.locator('[data-testid="conversation-message"][data-performative="accept-proposal"]');
  assert.equal(await award.count(), 1);
  assert.match(await award.getByTestId('conversation-bid').innerText(), /utility \d/);
  assert.match(await view.locator('[data-performative="cfp"]').first().getByTestId('conversation-bid').innerText(), /tool command/);
  await view.screenshot({ path: path.join(screenshots, '49-contract-net-conversation.png') });
});
