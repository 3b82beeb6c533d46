// The alerting editors in a real browser against a real server: a webhook channel made in the form (the server's
// validation under its field, the secret never shown again) and "Send test" received by a local receiver started
// here (signature checked); the routing document refused with the server's message, then saved; a silence made from
// a firing alert's "Silence" action (prefilled with its labels), the alert muted (the server records "silenced" and
// the page marks it), then expired; what a viewer may do; desktop and phone screenshots.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, delay, openBrowserSession } from './browserSession.mjs';
import { startWebhookReceiver } from './webhookReceiver.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let receiver;
let receiverUrl;
const SECRET = 'e2e-signing-secret-0123';
// The SMTP sink of scripts/services/smtp.sh (a Maildir of what it received); CI must have it.
const SMTP = process.env.LIGHTNING_TEST_SMTP_PORT
  ? { host: process.env.LIGHTNING_TEST_SMTP_HOST ?? '127.0.0.1', port: process.env.LIGHTNING_TEST_SMTP_PORT, maildir: process.env.LIGHTNING_TEST_SMTP_MAILDIR }
  : null;
let channelId;
let ruleId;
let alertId;
let silenceId;

/** Waits until `read` returns something truthy; fails with `what` after `within` ms. */
async function eventually(read, what, within = 20_000) {
  const deadline = Date.now() + within;
  for (;;) {
    const value = await read();
    if (value) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await delay(250);
  }
}

async function write(lines) {
  const response = await fetch(`${server.url}/write?db=e2e&precision=ms`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'text/plain' },
    body: lines.join('\n'),
  });
  assert.equal(response.status, 204, await response.text());
}

before(async () => {
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  // The webhook receiver: records every request and answers 200; /fail stands for a broken receiver.
  receiver = await startWebhookReceiver({ '/fail': [500, 'broken'] });
  receiverUrl = receiver.url;
});

after(async () => {
  await session?.close();
  await receiver?.close();
});

test('a webhook channel is made in the form, its secret never shown again, and "Send test" reaches the receiver', async () => {
  await page.goto(`${server.url}/monitoring/alerts`);
  await byTestId('alerting-channels').click();
  await byTestId('channel-new').click();
  await byTestId('channel-name').fill('E2E hooks');
  await byTestId('channel-type').selectOption('webhook');
  await byTestId('channel-url').fill(receiverUrl);
  // Too short a secret: the server's message lands under that field.
  await byTestId('channel-secret').fill('short');
  await byTestId('channel-save').click();
  await byTestId('channel-secret-errors').waitFor();
  assert.match(await byTestId('channel-secret-errors').innerText(), /at least 16 characters/);
  await shot('monitoring-channel-error');

  await byTestId('channel-secret').fill(SECRET);
  await byTestId('channel-save').click();
  await page.waitForFunction(() => /\/monitoring\/alerts\/channels\/(?!new$)[^/]+$/.test(location.pathname));
  channelId = decodeURIComponent(page.url().split('/').at(-1));
  // Write-only: the form says the URL and secret are set, and holds neither.
  await byTestId('channel-secret-state').waitFor();
  assert.match(await byTestId('channel-secret-state').innerText(), /^Set/);
  assert.equal(await byTestId('channel-secret').inputValue(), '');
  assert.equal(await byTestId('channel-url').inputValue(), '');
  assert.ok(!(await page.content()).includes(SECRET), 'the secret is nowhere in the page');
  const { body: stored } = await api('GET', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(channelId)}`);
  assert.deepEqual([stored.name, stored.type, stored.urlHost, stored.hasSecret], ['E2E hooks', 'webhook', '127.0.0.1', true]);

  // Saving with the secret inputs empty keeps them (only the name changes).
  await byTestId('channel-name').fill('E2E hooks (renamed)');
  await byTestId('channel-save').click();
  await byTestId('channel-saved').waitFor();
  const { body: renamed } = await api('GET', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(channelId)}`);
  assert.deepEqual([renamed.name, renamed.urlHost, renamed.hasSecret], ['E2E hooks (renamed)', '127.0.0.1', true]);

  await byTestId('channel-test').click();
  const result = byTestId('channel-test-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-delivered'), 'true');
  assert.equal(await result.getAttribute('data-status'), '200');
  assert.match(await result.innerText(), /Delivered: the receiver answered 200/);
  const delivery = receiver.received.find((item) => item.body.includes('LightningTestNotification'));
  assert.ok(delivery, `the receiver got the test notification: ${JSON.stringify(receiver.received.map((item) => item.body.slice(0, 80)))}`);
  assert.equal(delivery.path, '/hook');
  // Signed with the secret typed in the form: sha256=HMAC(secret, "{timestamp}.{body}").
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${delivery.headers['x-lightning-timestamp']}.${delivery.body}`).digest('hex')}`;
  assert.equal(delivery.headers['x-lightning-signature'], expected);
  await shot('monitoring-channel');

  await byTestId('alerting-channels').click();
  const item = page.locator(`[data-testid="channel-item"][data-channel="${channelId}"]`);
  await item.waitFor();
  assert.match(await item.innerText(), /POST to 127\.0\.0\.1 · signing secret set/);
  await shot('monitoring-channels');
});

test('an invalid routing document is refused with the server\'s message, a valid one is saved', async () => {
  await byTestId('alerting-routing').click();
  const editor = byTestId('routing-json');
  await editor.waitFor();
  const before = (await api('GET', '/api/v2/monitoring/alerts/routing')).body;
  // A channel that does not exist and an escalation policy nobody defined.
  await editor.fill(JSON.stringify({ root: { channels: ['channel_missing'], escalation: 'nobody' }, inhibitions: [], escalations: [] }, null, 2));
  await byTestId('routing-save').click();
  await byTestId('routing-problems').waitFor();
  const problems = await page.$$eval('[data-testid="routing-problems"] li', (items) => items.map((li) => [li.dataset.path, li.textContent]));
  assert.ok(problems.some(([path, text]) => path === 'root.channels' && text.includes("No channel 'channel_missing'")), JSON.stringify(problems));
  assert.ok(problems.some(([path, text]) => path === 'root.escalation' && text.includes("No escalation policy is named 'nobody'")), JSON.stringify(problems));
  assert.match(await byTestId('routing-error').innerText(), /^Not saved/);
  await shot('monitoring-routing-error');
  assert.deepEqual((await api('GET', '/api/v2/monitoring/alerts/routing')).body, before, 'nothing was saved');
  await byTestId('routing-reset').click();
  assert.equal(await page.getByTestId('routing-problems').count(), 0);
  assert.ok(!(await editor.inputValue()).includes('channel_missing'), 'reset to the stored document');

  // Not JSON at all: the page says so without asking the server.
  await editor.fill('{"root": ');
  await byTestId('routing-save').click();
  await page.waitForFunction(() => /^Not JSON/.test(document.querySelector('[data-testid="routing-error"]')?.textContent ?? ''));

  await editor.fill(JSON.stringify({ root: { channels: [channelId], groupBy: ['alertname', 'host'], groupWait: '1s' }, inhibitions: [], escalations: [] }, null, 2));
  await byTestId('routing-save').click();
  await byTestId('routing-saved').waitFor();
  assert.equal(await page.getByTestId('routing-problems').count(), 0);
  const { body: saved } = await api('GET', '/api/v2/monitoring/alerts/routing');
  assert.deepEqual([saved.root.channels, saved.root.groupBy], [[channelId], ['alertname', 'host']]);
  await shot('monitoring-routing');
});

test('labels are tried against the saved routing, then against unsaved edits, which stay unsaved', async () => {
  const panel = byTestId('routing-try');
  await panel.waitFor();
  assert.match(await panel.innerText(), /against the saved routing/);
  await byTestId('routing-try-labels').fill('alertname=HighCpu\nhost=web-1');
  await byTestId('routing-try-submit').click();
  const result = byTestId('routing-try-result');
  await result.waitFor();
  assert.deepEqual([await result.getAttribute('data-source'), await result.getAttribute('data-delivered')], ['stored', 'true']);
  const routes = await page.$$eval('[data-testid="routing-try-route"]', (items) => items.map((item) => [item.dataset.path, item.innerText]));
  assert.equal(routes.length, 1, JSON.stringify(routes));
  assert.equal(routes[0][0], 'root');
  assert.match(routes[0][1], /E2E hooks \(renamed\)/);
  assert.match(routes[0][1], /grouped by alertname, host \(alertname=HighCpu, host=web-1\); wait 1s/);

  // Edits not saved yet: a child route for the db hosts with its own wait. A broken one first: the server's message.
  const editor = byTestId('routing-json');
  const child = (channels) => ({ matchers: [{ key: 'host', operator: 'matches', value: 'db-.*' }], channels, groupWait: '30s' });
  await editor.fill(JSON.stringify({ root: { channels: [channelId], groupBy: ['alertname', 'host'], groupWait: '1s', routes: [child(['channel_gone'])] } }, null, 2));
  assert.match(await panel.innerText(), /against the edits above \(not saved\)/);
  await byTestId('routing-try-labels').fill('alertname=HighCpu\nhost=db-1');
  await byTestId('routing-try-submit').click();
  await page.waitForFunction(() => /would be refused: root\.routes\[0\]\.channels/.test(document.querySelector('[data-testid="routing-try-error"]')?.textContent ?? ''));
  await editor.fill(JSON.stringify({ root: { channels: [channelId], groupBy: ['alertname', 'host'], groupWait: '1s', routes: [child([channelId])] } }, null, 2));
  await byTestId('routing-try-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="routing-try-result"]')?.dataset.source === 'draft');
  const draft = await page.$$eval('[data-testid="routing-try-route"]', (items) => items.map((item) => [item.dataset.path, item.innerText]));
  assert.deepEqual(draft.map(([path]) => path), ['root/0']);
  assert.match(draft[0][1], /wait 30s/);
  await shot('monitoring-routing-try');
  const { body: stored } = await api('GET', '/api/v2/monitoring/alerts/routing');
  assert.equal(stored.root.routes?.length ?? 0, 0, 'trying edits saves nothing');
  await byTestId('routing-reset').click();
});

test('a Slack channel whose receiver fails shows the failure; a channel the routing uses cannot be deleted, another can', async () => {
  await byTestId('alerting-channels').click();
  await byTestId('channel-new').click();
  await byTestId('channel-name').fill('E2E slack');
  await byTestId('channel-type').selectOption('slack');
  assert.equal(await page.getByTestId('channel-secret').count(), 0, 'Slack takes no secret');
  await byTestId('channel-url').fill(receiverUrl.replace('/hook', '/fail'));
  await byTestId('channel-save').click();
  await page.waitForFunction(() => /\/monitoring\/alerts\/channels\/(?!new$)[^/]+$/.test(location.pathname));
  const slackId = decodeURIComponent(page.url().split('/').at(-1));
  const before = receiver.received.length;
  await byTestId('channel-test').click();
  const result = byTestId('channel-test-result');
  await result.waitFor({ timeout: 30_000 });
  assert.equal(await result.getAttribute('data-delivered'), 'false');
  assert.equal(await result.getAttribute('data-status'), '500');
  assert.match(await result.innerText(), /^Failed after 3 attempts \(the receiver answered 500\)/);
  assert.equal(receiver.received.slice(before).filter((item) => item.path === '/fail').length, 3, 'three attempts reached the receiver');
  await shot('monitoring-channel-failed');

  // The webhook channel is in the routing: the server refuses, and the dialog says why.
  await byTestId('alerting-channels').click();
  await page.locator(`[data-testid="channel-item"][data-channel="${channelId}"]`).getByTestId('channel-delete').click();
  await byTestId('confirm-accept').click();
  await page.waitForFunction(() => /used by the routing/.test(document.querySelector('[data-testid="confirm-dialog"]')?.textContent ?? ''));
  await page.keyboard.press('Escape');
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(channelId)}`)).status, 200);

  await page.locator(`[data-testid="channel-item"][data-channel="${slackId}"]`).getByTestId('channel-delete').click();
  await byTestId('confirm-accept').click();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="channel-item"][data-channel="${id}"]`), slackId);
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(slackId)}`)).status, 404);
});

test(
  'an email channel made in the form sends its test through the SMTP sink',
  { skip: !SMTP && process.env.CI !== 'true' ? 'no SMTP sink: bash scripts/services/smtp.sh start, then load /tmp/lightning-services/smtp.env' : false },
  async () => {
    assert.ok(SMTP?.maildir, 'CI=true needs the SMTP sink: bash scripts/services/smtp.sh start and its env loaded');
    const to = `oncall-${randomUUID()}@example.com`;
    await page.goto(`${server.url}/monitoring/alerts/channels/new`);
    await byTestId('channel-type').selectOption('email');
    await byTestId('channel-name').fill('E2E mail');
    await byTestId('channel-to').fill(to);
    await byTestId('channel-from').fill('alerts@example.com');
    await byTestId('channel-smtpHost').fill(SMTP.host);
    await byTestId('channel-smtpPort').fill('x');
    await byTestId('channel-security').selectOption('none');
    // A port that is not a number is the form's own check.
    await byTestId('channel-save').click();
    await byTestId('channel-smtpPort-errors').waitFor();
    await byTestId('channel-smtpPort').fill(SMTP.port);
    await byTestId('channel-save').click();
    await page.waitForFunction(() => /\/monitoring\/alerts\/channels\/(?!new$)[^/]+$/.test(location.pathname));
    const mailId = decodeURIComponent(page.url().split('/').at(-1));
    const { body: stored } = await api('GET', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(mailId)}`);
    assert.deepEqual([stored.type, stored.to, stored.smtpHost, stored.smtpPort, stored.security, stored.hasPassword], ['email', [to], SMTP.host, Number(SMTP.port), 'none', false]);

    await byTestId('channel-test').click();
    await byTestId('channel-test-result').waitFor({ timeout: 30_000 });
    assert.equal(await byTestId('channel-test-result').getAttribute('data-delivered'), 'true', await byTestId('channel-test-result').innerText());
    const mail = await eventually(async () => {
      const folder = path.join(SMTP.maildir, 'new');
      for (const name of await readdir(folder)) {
        const text = await readFile(path.join(folder, name), 'utf8');
        if (text.includes(to)) return text;
      }
      return null;
    }, 'the test mail in the sink', 10_000);
    assert.match(mail, /LightningTestNotification/);
    await api('DELETE', `/api/v2/monitoring/alerts/channels/${encodeURIComponent(mailId)}`);
  },
);

test('a silence made from a firing alert mutes it, and expiring it ends that', async () => {
  // A rule that fires at once for the host whose load is above 90.
  const now = Date.now();
  await write([`e2e_load,host=web-1 value=99 ${now - 2000}`, `e2e_load,host=web-2 value=10 ${now - 2000}`]);
  const { status, body: rule, text } = await api('POST', '/api/v2/monitoring/alerts/rules', {
    name: 'E2E load',
    query: { measurement: 'e2e_load', field: 'value', where: [], groupBy: ['host'] },
    condition: { type: 'threshold', operator: '>', threshold: 90, reducer: 'last', window: '10m' },
    for: '0s',
    interval: '1s',
    noData: 'ok',
    labels: { severity: 'warning' },
    annotations: { summary: 'load on {{ $labels.host }} is {{ $value }}' },
    enabled: true,
  });
  assert.equal(status, 201, text);
  ruleId = rule.id;
  const firing = await eventually(async () => {
    const { body } = await api('GET', `/api/v2/monitoring/alerts?rule=${encodeURIComponent(ruleId)}&state=firing`);
    return body.alerts[0];
  }, 'the alert to fire');
  alertId = firing.id;
  assert.deepEqual(firing.labels, { alertname: 'E2E load', host: 'web-1', severity: 'warning' });

  await page.goto(`${server.url}/monitoring/alerts`);
  const alertItem = page.locator(`[data-testid="alert-item"][data-alert="${alertId}"]`);
  await alertItem.waitFor();
  assert.equal(await alertItem.getAttribute('data-silenced'), 'false');
  await alertItem.getByTestId('alert-silence').click();

  // Prefilled with the alert's labels, alertname first.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="silence-matcher"]').length === 3);
  const rows = await page.$$eval('[data-testid="silence-matcher"]', (items) =>
    items.map((item) => [item.querySelector('[data-testid="matcher-key"]').value, item.querySelector('[data-testid="matcher-operator"]').value, item.querySelector('[data-testid="matcher-value"]').value]),
  );
  assert.deepEqual(rows, [
    ['alertname', 'equal', 'E2E load'],
    ['host', 'equal', 'web-1'],
    ['severity', 'equal', 'warning'],
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="silence-preview"]')?.dataset.count === '1');

  // No comment: the server's message under the comment; a bad regex: under its row.
  await page.locator('[data-testid="matcher-operator"]').nth(2).selectOption('matches');
  await page.locator('[data-testid="matcher-value"]').nth(2).fill('warn(');
  await byTestId('silence-save').click();
  await byTestId('silence-comment-errors').waitFor();
  assert.match(await byTestId('silence-comment-errors').innerText(), /Say why/);
  assert.match(await byTestId('matcher-2-errors').innerText(), /not a regular expression/);
  await shot('monitoring-silence-errors');

  await page.locator('[data-testid="matcher-value"]').nth(2).fill('warn.*');
  await byTestId('silence-duration').fill('1h30m');
  await byTestId('silence-comment').fill('E2E maintenance of web-1');
  const startedAt = Date.now();
  await byTestId('silence-save').click();
  await page.waitForFunction(() => location.pathname === '/monitoring/alerts/silences');
  const { body: silences } = await api('GET', '/api/v2/monitoring/alerts/silences');
  assert.equal(silences.length, 1);
  const silence = silences[0];
  silenceId = silence.id;
  assert.deepEqual(silence.matchers, [
    { key: 'alertname', operator: 'equal', value: 'E2E load' },
    { key: 'host', operator: 'equal', value: 'web-1' },
    { key: 'severity', operator: 'matches', value: 'warn.*' },
  ]);
  const span = Date.parse(silence.endsAt) - Date.parse(silence.startsAt);
  assert.ok(Math.abs(span - 90 * 60_000) < 5000, `ends 1h30m after it starts: ${span} ms`);
  assert.ok(Math.abs(Date.parse(silence.startsAt) - startedAt) < 10_000, 'starts now');
  assert.equal(silence.comment, 'E2E maintenance of web-1');

  const item = page.locator(`[data-testid="silence-item"][data-silence="${silenceId}"]`);
  await item.waitFor();
  await page.waitForFunction((id) => document.querySelector(`[data-testid="silence-item"][data-silence="${id}"]`)?.dataset.muted === '1', silenceId);
  assert.match(await item.getByTestId('silence-muted').innerText(), /Mutes 1 current alert\./);
  assert.match(await item.innerText(), /E2E maintenance of web-1/);
  await shot('monitoring-silences');

  // The server muted it: its history records the silence.
  const event = await eventually(async () => {
    const { body } = await api('GET', `/api/v2/monitoring/alerts/history?alert=${encodeURIComponent(alertId)}&type=silenced`);
    return body.events[0];
  }, 'the silenced event');
  assert.match(event.message, new RegExp(`Silenced by ${silenceId}`));
  await page.goto(`${server.url}/monitoring/alerts`);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="alert-item"][data-alert="${id}"]`)?.dataset.silenced === 'true', alertId);
  await alertItem.getByTestId('alert-events-toggle').click();
  await alertItem.locator('[data-testid="alert-event"][data-type="silenced"]').waitFor();
  assert.equal(await alertItem.getByTestId('alert-silence').count(), 0, 'no second Silence offered');
  await shot('monitoring-alert-silenced');

  // Edit: the form opens with the stored matchers and end time.
  await alertItem.getByTestId('alert-silenced').click();
  await byTestId('silence-form').waitFor();
  assert.equal(await page.locator('[data-testid="matcher-value"]').nth(2).inputValue(), 'warn.*');
  assert.equal(await byTestId('silence-comment').inputValue(), 'E2E maintenance of web-1');
  assert.equal(await byTestId('silence-mode-end').isChecked(), true);
  // Changed here: a new comment and an end an hour later (PUT keeps the start).
  const endsAt = new Date(Date.parse(silence.endsAt) + 3_600_000);
  const pad = (value) => String(value).padStart(2, '0');
  await byTestId('silence-ends').fill(`${endsAt.getFullYear()}-${pad(endsAt.getMonth() + 1)}-${pad(endsAt.getDate())}T${pad(endsAt.getHours())}:${pad(endsAt.getMinutes())}`);
  await byTestId('silence-comment').fill('E2E maintenance of web-1, extended');
  await byTestId('silence-save').click();
  await page.waitForFunction(() => location.pathname === '/monitoring/alerts/silences');
  const { body: edited } = await api('GET', `/api/v2/monitoring/alerts/silences/${encodeURIComponent(silenceId)}`);
  assert.equal(edited.comment, 'E2E maintenance of web-1, extended');
  assert.equal(edited.startsAt, silence.startsAt);
  // The form works in minutes: the new end is the old one plus an hour, to the minute.
  assert.ok(Math.abs(Date.parse(edited.endsAt) - endsAt.getTime()) < 60_000, `${edited.endsAt} vs ${endsAt.toISOString()}`);

  // Expire from the list.
  await item.getByTestId('silence-expire').click();
  await byTestId('confirm-accept').click();
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="silence-item"][data-silence="${id}"]`), silenceId);
  const { body: ended } = await api('GET', `/api/v2/monitoring/alerts/silences/${encodeURIComponent(silenceId)}`);
  assert.ok(Date.parse(ended.endsAt) <= Date.now(), `ended: ${ended.endsAt}`);
  await byTestId('silences-expired').check();
  await page.waitForFunction((id) => document.querySelector(`[data-testid="silence-item"][data-silence="${id}"]`)?.dataset.state === 'expired', silenceId);
  assert.equal(await item.getByTestId('silence-expire').count(), 0);
  await shot('monitoring-silences-ended');
  await page.goto(`${server.url}/monitoring/alerts`);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="alert-item"][data-alert="${id}"]`)?.dataset.silenced === 'false', alertId);
  await alertItem.getByTestId('alert-silence').waitFor();
});

test('a viewer sees silences, channels and routing, with every change disabled and saying why', async () => {
  const { status, body, text } = await api('POST', '/api/v2/keys', { name: 'e2e-alerting-viewer', role: 'viewer' });
  assert.ok(status === 200 || status === 201, text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), body.key ?? body.secret ?? body.apiKey);
  const disabledWithReason = async (locator) => {
    assert.ok(await locator.isDisabled(), 'disabled');
    assert.match((await locator.getAttribute('title')) ?? '', /viewer/);
  };
  try {
    await page.goto(`${server.url}/monitoring/alerts`);
    const alertItem = page.locator(`[data-testid="alert-item"][data-alert="${alertId}"]`);
    await alertItem.waitFor();
    await disabledWithReason(alertItem.getByTestId('alert-silence'));

    await page.goto(`${server.url}/monitoring/alerts/silences?expired=1`);
    await page.locator(`[data-testid="silence-item"][data-silence="${silenceId}"]`).waitFor();
    await disabledWithReason(byTestId('silence-new'));
    await page.goto(`${server.url}/monitoring/alerts/silences/${encodeURIComponent(silenceId)}`);
    await byTestId('silence-read-only').waitFor();
    assert.ok(await page.locator('[data-testid="matcher-key"]').first().isDisabled());
    await disabledWithReason(byTestId('silence-save'));

    await page.goto(`${server.url}/monitoring/alerts/channels`);
    await page.locator(`[data-testid="channel-item"][data-channel="${channelId}"]`).waitFor();
    await disabledWithReason(byTestId('channel-new'));
    await disabledWithReason(byTestId('channel-test'));
    await disabledWithReason(byTestId('channel-delete'));
    await page.goto(`${server.url}/monitoring/alerts/channels/${encodeURIComponent(channelId)}`);
    await byTestId('channel-read-only').waitFor();
    assert.ok(await byTestId('channel-name').isDisabled());
    await disabledWithReason(byTestId('channel-save'));

    await page.goto(`${server.url}/monitoring/alerts/routing`);
    await byTestId('routing-read-only').waitFor();
    assert.equal(await byTestId('routing-json').getAttribute('readonly'), '');
    assert.match(await byTestId('routing-json').inputValue(), new RegExp(channelId));
    await disabledWithReason(byTestId('routing-save'));
    await shot('monitoring-routing-viewer');
  } finally {
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
});

test('phone-sized: the alerting pages fit without sideways scroll', async () => {
  await page.setViewportSize(PHONE);
  try {
    const pages = [
      ['monitoring-phone-silences', '/monitoring/alerts/silences?expired=1', '[data-testid="silence-item"]'],
      ['monitoring-phone-silence', `/monitoring/alerts/silences/new?label=${encodeURIComponent('alertname=E2E load')}&label=${encodeURIComponent('host=web-1')}`, '[data-testid="silence-matcher"]'],
      ['monitoring-phone-channels', '/monitoring/alerts/channels', '[data-testid="channel-item"]'],
      ['monitoring-phone-channel', `/monitoring/alerts/channels/${encodeURIComponent(channelId)}`, '[data-testid="channel-form"]'],
      ['monitoring-phone-routing', '/monitoring/alerts/routing', '[data-testid="routing-json"]'],
    ];
    for (const [name, route, selector] of pages) {
      await page.goto(`${server.url}${route}`);
      await page.locator(selector).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'));
      await shot(name);
      assert.equal(await overflow(), 0, route);
    }
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});
