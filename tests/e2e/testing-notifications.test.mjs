// The Testing page's Notifications tab in a real browser against a real server: a webhook rule added in the form
// (the server's validation under its field), pointed at a loopback receiver started here; "Send test" arrives there
// signed with the rule's secret and shows in the page and in the recent deliveries; the rule edited with its secret
// kept (the next test is still signed with it), then removed after a confirmation; a refusing receiver (410) shown as a
// failure, the deliveries filtered by rule; what a viewer sees; phone-sized.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
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
const SECRET = 'e2e-notify-secret-0123456';
const NAME = 'E2E notify hooks';
let ruleId;

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

/** Whether a received request carries a valid signature: HMAC-SHA256 of "{timestamp}.{body}" keyed with the secret. */
function signedWith(secret, request) {
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${request.headers['x-lightning-timestamp']}.${request.body}`).digest('hex');
  return request.headers['x-lightning-signature'] === expected;
}

before(async () => {
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);
  // The webhook receiver: records every request and answers 200; /gone refuses for good (410: final, not retried).
  receiver = await startWebhookReceiver({ '/gone': [410, 'gone'] });
  receiverUrl = receiver.url;
});

after(async () => {
  await session?.close();
  await receiver?.close();
});

test('a webhook rule is added in the form, and "Send test" reaches the receiver signed and shows in the deliveries', async () => {
  await page.goto(`${server.url}/testing`);
  await byTestId('testing-tab-notifications').click();
  await page.waitForURL(/\/testing\/notifications$/);
  await byTestId('rules-empty').waitFor();
  await byTestId('rule-new').click();
  await byTestId('rule-name').fill(NAME);
  await byTestId('rule-event-flaky-found').check();
  await byTestId('rule-url').fill(receiverUrl);
  // Too short a secret: refused under its field before anything is sent.
  await byTestId('rule-secret').fill('short');
  await byTestId('rule-save').click();
  await byTestId('rule-secret-errors').waitFor();
  assert.match(await byTestId('rule-secret-errors').innerText(), /16 to 256 characters/);

  // A url with credentials passes the page's check; the server refuses it (ProblemDetails), under the url field.
  await byTestId('rule-secret').fill(SECRET);
  await byTestId('rule-url').fill(receiverUrl.replace('http://', 'http://user:pw@'));
  await byTestId('rule-save').click();
  await byTestId('rule-url-errors').waitFor();
  assert.match(await byTestId('rule-url-errors').innerText(), /no credentials/i);
  assert.match(await byTestId('rule-form-error').innerText(), /Some fields need fixing/);
  await shot('testing-notify-error');

  await byTestId('rule-url').fill(receiverUrl);
  await byTestId('rule-save').click();
  const item = page.locator(`[data-testid="rule-item"][data-name="${NAME}"]`);
  await item.waitFor();
  ruleId = await item.getAttribute('data-rule');
  assert.match(await byTestId('rule-notice').innerText(), new RegExp(`Added rule ${NAME}`));
  assert.match(await item.getByTestId('rule-target').innerText(), new RegExp(`POST to ${receiverUrl.replaceAll('.', '\\.')} · signed`));
  assert.ok(!(await page.content()).includes(SECRET), 'the secret is nowhere in the page');
  const { body: stored } = await api('GET', `/api/v2/testing/notifications/rules/${encodeURIComponent(ruleId)}`);
  assert.deepEqual([stored.name, stored.channel, stored.url, stored.hasSecret, stored.events], [NAME, 'webhook', receiverUrl, true, ['failed', 'recovered', 'flaky-found']]);

  await item.getByTestId('rule-test').click();
  const result = item.getByTestId('rule-test-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-delivered'), 'true', await result.innerText());
  assert.equal(await result.getAttribute('data-status'), '200');
  assert.match(await result.innerText(), /Delivered: the receiver answered 200/);

  // At the receiver: the sample, signed with the secret typed in the form.
  const delivery = await eventually(() => receiver.received.find((request) => request.headers['x-lightning-event'] === 'test'), 'the test notification at the receiver');
  assert.equal(delivery.path, '/hook');
  assert.ok(signedWith(SECRET, delivery), 'signed with the rule secret');
  const payload = JSON.parse(delivery.body);
  assert.equal(payload.rule.id, ruleId);
  const deliveryId = delivery.headers['x-lightning-delivery'];
  assert.equal(payload.deliveryId, deliveryId);

  // In the page: the same delivery, delivered with the receiver's 200.
  const row = page.locator(`[data-testid="delivery-item"][data-delivery="${deliveryId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'delivered');
  assert.match(await row.getByTestId('delivery-outcome').innerText(), /webhook to 127\.0\.0\.1.*: delivered \(200\)/);
  assert.match(await row.innerText(), new RegExp(NAME));
  await shot('testing-notify');
});

test('editing keeps the secret unless replaced; removing asks first; deliveries stay', async () => {
  const item = page.locator(`[data-testid="rule-item"][data-rule="${ruleId}"]`);
  await item.getByTestId('rule-edit').click();
  await byTestId('rule-form').waitFor();
  // Write-only: the form says a secret is set, holds none, and keeps it by default.
  assert.match(await byTestId('rule-secret-state').innerText(), /^Set \(never shown\)/);
  assert.equal(await byTestId('rule-secret').inputValue(), '');
  assert.ok(await byTestId('rule-secret').isDisabled());
  assert.ok(await byTestId('rule-keep-secret').isChecked());
  assert.equal(await byTestId('rule-name').inputValue(), NAME);
  await shot('testing-notify-edit');

  // Unticking "keep" asks for a new one: saving without it is refused under the field.
  await byTestId('rule-keep-secret').uncheck();
  await byTestId('rule-save').click();
  await byTestId('rule-secret-errors').waitFor();
  await byTestId('rule-keep-secret').check();

  await byTestId('rule-name').fill(`${NAME} (renamed)`);
  await byTestId('rule-event-recovered').uncheck();
  await byTestId('rule-enabled').uncheck();
  await byTestId('rule-save').click();
  const renamed = page.locator(`[data-testid="rule-item"][data-rule="${ruleId}"][data-name="${NAME} (renamed)"]`);
  await renamed.waitFor();
  await renamed.getByTestId('rule-disabled').waitFor();
  const { body: stored } = await api('GET', `/api/v2/testing/notifications/rules/${encodeURIComponent(ruleId)}`);
  assert.deepEqual([stored.name, stored.enabled, stored.hasSecret, stored.events], [`${NAME} (renamed)`, false, true, ['failed', 'flaky-found']]);

  // The kept secret still signs: a second test (sent whether enabled or not) verifies with the original secret.
  const before = receiver.received.length;
  await renamed.getByTestId('rule-test').click();
  await renamed.getByTestId('rule-test-result').waitFor();
  const second = await eventually(() => receiver.received.slice(before).find((request) => request.headers['x-lightning-event'] === 'test'), 'the second test notification');
  assert.ok(signedWith(SECRET, second), 'still signed with the kept secret');
  await page.locator(`[data-testid="delivery-item"][data-delivery="${second.headers['x-lightning-delivery']}"]`).waitFor();

  // Remove: a confirmation first; cancelling keeps the rule.
  await renamed.getByTestId('rule-delete').click();
  await byTestId('confirm-dialog').waitFor();
  assert.match(await byTestId('confirm-dialog').innerText(), new RegExp(`Remove rule ${NAME} \\(renamed\\)\\?`));
  await shot('testing-notify-remove');
  await byTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await api('GET', `/api/v2/testing/notifications/rules/${encodeURIComponent(ruleId)}`)).status, 200);
  await renamed.getByTestId('rule-delete').click();
  await byTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await byTestId('rules-empty').waitFor();
  assert.match(await byTestId('rule-notice').innerText(), /Removed rule/);
  assert.equal((await api('GET', `/api/v2/testing/notifications/rules/${encodeURIComponent(ruleId)}`)).status, 404);
  // Its deliveries stay listed under its name.
  assert.ok((await page.locator(`[data-testid="delivery-item"][data-rule="${ruleId}"]`).count()) >= 2);
});

test('a receiver that refuses shows the failure beside the button and in the deliveries, which filter by rule', async () => {
  const { status, body: gone, text } = await api('POST', '/api/v2/testing/notifications/rules', {
    name: 'E2E gone',
    channel: 'webhook',
    events: ['failed'],
    url: receiverUrl.replace('/hook', '/gone'),
    secret: SECRET,
  });
  assert.equal(status, 201, text);
  await page.goto(`${server.url}/testing/notifications`);
  const item = page.locator(`[data-testid="rule-item"][data-rule="${gone.id}"]`);
  await item.getByTestId('rule-test').click();
  const result = item.getByTestId('rule-test-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-delivered'), 'false');
  assert.match(await result.innerText(), /Failed after 1 attempt \(the receiver answered 410\)/);
  const row = page.locator(`[data-testid="delivery-item"][data-rule="${gone.id}"]`).first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'failed');
  assert.match(await row.getByTestId('delivery-outcome').innerText(), /failed after 1 attempt \(410\): .+/);

  // Filtered by this rule, only its deliveries are listed.
  await byTestId('delivery-filter-rule').selectOption(gone.id);
  await page.waitForFunction(
    (id) => {
      const rows = [...document.querySelectorAll('[data-testid="delivery-item"]')];
      return rows.length > 0 && rows.every((element) => element.getAttribute('data-rule') === id);
    },
    gone.id,
  );
  await shot('testing-notify-failed');
  await byTestId('delivery-filter-rule').selectOption('');
  assert.equal((await api('DELETE', `/api/v2/testing/notifications/rules/${encodeURIComponent(gone.id)}`)).status, 204);
});

test('a viewer reads the deliveries; the rules say they are admin-only', async () => {
  const { status, body, text } = await api('POST', '/api/v2/keys', { name: 'e2e-notify-viewer', role: 'viewer' });
  assert.ok(status === 200 || status === 201, text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), body.key ?? body.secret ?? body.apiKey);
  try {
    await page.goto(`${server.url}/testing/notifications`);
    await byTestId('rules-admin-only').waitFor();
    assert.ok(await byTestId('rule-new').isDisabled());
    assert.match((await byTestId('rule-new').getAttribute('title')) ?? '', /admin-only/);
    await page.locator('[data-testid="delivery-item"]').first().waitFor();
  } finally {
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
});

test('phone-sized: the tab and the rule form fit without sideways scroll', async () => {
  await api('POST', '/api/v2/testing/notifications/rules', { name: 'phone-mail', channel: 'email', events: ['failed'], to: ['qa@example.com'] });
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/testing/notifications`);
    await page.locator('[data-testid="rule-item"]').first().waitFor();
    await page.locator('[data-testid="delivery-item"]').first().waitFor();
    await shot('testing-notify-phone');
    assert.equal(await overflow(), 0, 'list');
    await page.locator('[data-testid="rule-item"]').first().getByTestId('rule-edit').click();
    await byTestId('rule-form').waitFor();
    await shot('testing-notify-phone-form');
    assert.equal(await overflow(), 0, 'form');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});
