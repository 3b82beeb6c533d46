// The Monitoring page in a real browser against a real server: points written through the InfluxDB-compatible /write
// (line protocol), then the explorer (search, field, chart drawn, legend values equal to the API's, tag filters, host
// vs host, drill-down with its breadcrumb), a live point appearing after a new /write, dashboards (add from the
// explorer, arrange, variables, save, reload, version conflict, delete), CSV and PDF export, and the phone layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { DESKTOP, PHONE, delay, openBrowserSession } from './browserSession.mjs';

let session;
let server;
let page;
let api;
let byTestId;
let shot;
let overflow;
let dashboardId;

const MINUTE = 60_000;
const HOSTS = ['web-1', 'web-2'];

/** Writes line protocol through /write (millisecond timestamps) as the admin. */
async function write(lines) {
  const response = await fetch(`${server.url}/write?db=e2e&precision=ms`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'text/plain' },
    body: lines.join('\n'),
  });
  assert.equal(response.status, 204, await response.text());
}

/** The last value per host of e2e_cpu.usage (raw points), as the API answers. */
async function lastValues(where = '') {
  const query = new URLSearchParams({ measurement: 'e2e_cpu', field: 'usage', from: 'now-1h', groupBy: 'host' });
  if (where) query.set('where', where);
  const { status, body, text } = await api('GET', `/api/v2/monitoring/query?${query}`);
  assert.equal(status, 200, text);
  return Object.fromEntries(body.series.map((series) => [`host=${series.tags.host}`, series.values.at(-1)]));
}

/**
 * Reads until the page shows the expected value (it renders asynchronously after navigation and clicks), then asserts
 * on the last reading, so a failure still says what the page showed.
 */
async function settled(read, expected, within = 5000) {
  const deadline = Date.now() + within;
  let actual = await read();
  while (!isDeepStrictEqual(actual, expected) && Date.now() < deadline) {
    await delay(100);
    actual = await read();
  }
  assert.deepEqual(actual, expected);
}

/** The legend of a chart as { series: value } (values are the numbers the page holds, not the formatted text). */
async function legend(testId) {
  return page.$$eval(`[data-testid="${testId}-legend"] li`, (items) => Object.fromEntries(items.map((item) => [item.dataset.series, Number(item.dataset.value)])));
}

before(async () => {
  session = await openBrowserSession({ signIn: true });
  ({ server, page, api, byTestId, shot, overflow } = session);

  // Five minutes of points every 5 s per host, a process table and routes for the drill-down.
  const now = Date.now();
  const lines = [];
  for (let i = 60; i >= 1; i--) {
    const at = now - i * 5000;
    HOSTS.forEach((host, index) => lines.push(`e2e_cpu,host=${host} usage=${(index + 1) * 10 + (i % 7)} ${at}`));
    lines.push(`procstat,host=web-1,process_name=nginx,pid=101 cpu_usage=${5 + (i % 3)} ${at}`);
    lines.push(`procstat,host=web-1,process_name=postgres,pid=202 cpu_usage=${12 + (i % 4)} ${at}`);
    lines.push(`http.server.request.duration,http.route=/api/orders p95=${0.02 + (i % 5) / 1000} ${at}`);
  }
  // The same hours a day earlier, for "compare with the previous day".
  for (let i = 60; i >= 1; i--) HOSTS.forEach((host) => lines.push(`e2e_cpu,host=${host} usage=${50 + (i % 5)} ${now - 86_400_000 - i * 5000}`));
  await write(lines);
  const deadline = Date.now() + 15_000;
  while (Object.keys(await lastValues()).length < 2) {
    assert.ok(Date.now() < deadline, 'the written points never showed in /query');
    await delay(200);
  }
});

after(async () => {
  await session?.close();
});

test('the explorer finds a measurement and draws it, with the API values in the legend', async () => {
  await page.goto(`${server.url}/`);
  await byTestId('nav-monitoring').click();
  await byTestId('monitoring-tab-explore').click();
  await byTestId('measurement-search').fill('e2e');
  const items = await page.$$eval('[data-testid="measurement-list"] button', (buttons) => buttons.map((button) => button.textContent));
  assert.deepEqual(items, ['e2e_cpu']);
  await byTestId('measurement-e2e_cpu').click();
  await byTestId('explorer-field').selectOption('usage');
  await byTestId('explorer-aggregate').selectOption('raw');
  await byTestId('explorer-group-by').fill('host');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);

  // A canvas drawn with both series and every point.
  const chart = byTestId('explorer-chart-canvas');
  await chart.locator('canvas').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.points) >= 60);
  assert.equal(await chart.getAttribute('data-series'), '2');
  await settled(() => legend('explorer-chart'), await lastValues());
  assert.match(page.url(), /\/monitoring\/explore\?m=e2e_cpu&f=usage&agg=raw&by=host$/);
  assert.equal(await overflow(), 0);
  await shot('monitoring-explorer');
});

test('a point written now reaches the chart live', async () => {
  const status = await byTestId('explorer-chart-status').textContent();
  assert.match(status, /^Live/);
  const at = Date.now();
  await write([`e2e_cpu,host=web-1 usage=777.5 ${at}`]);
  await page.waitForFunction(() => document.querySelector('[data-testid="explorer-chart-legend"] li[data-series="host=web-1"]')?.dataset.value === '777.5', undefined, { timeout: 5000 });
  const drawnAt = Number(await byTestId('explorer-chart-canvas').getAttribute('data-drawn-at'));
  assert.ok(drawnAt - at < 5000, `drawn ${drawnAt - at} ms after it was written`);
  assert.equal(Number(await byTestId('explorer-chart-canvas').getAttribute('data-last-x')), at);
});

test('tag filters as chips, and host against host', async () => {
  await byTestId('filter-tag').selectOption('host');
  await page.getByTestId('filter-value').filter({ hasText: 'web-2' }).click();
  await byTestId('filter-chip').waitFor();
  assert.equal(await byTestId('filter-chip').textContent(), 'host=web-2 ×');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 1);
  await settled(() => legend('explorer-chart'), await lastValues('host=web-2'));
  await byTestId('filter-chip').click();

  await byTestId('explorer-group-by').fill('');
  await byTestId('overlay-tag').selectOption('host');
  await page.getByTestId('overlay-value').first().waitFor();
  for (const box of await page.getByTestId('overlay-value').all()) await box.check();
  assert.match(await byTestId('query-text').textContent(), /where host=~\^\(web-1\|web-2\)\$ · by host/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);
  await settled(() => legend('explorer-chart'), await lastValues());
  await shot('monitoring-host-vs-host');
});

test('compare with the previous day overlays it dashed', async () => {
  await byTestId('explorer-compare').selectOption('1d');
  await page.waitForFunction(() => document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.series === '4');
  assert.equal(await page.getByTestId('explorer-chart-error').count(), 0);
  await shot('monitoring-compare');
  await byTestId('explorer-compare').selectOption('');
});

test('drill-down: host, then its processes, then the routes, with a breadcrumb', async () => {
  await byTestId('overlay-tag').selectOption('');
  await byTestId('explorer-group-by').fill('host');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);
  await page.locator('[data-testid="explorer-chart-legend"] li[data-series="host=web-1"] [data-testid="legend-drill"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="crumb-1"]')?.textContent === 'processes of host web-1');
  assert.match(await byTestId('query-text').textContent(), /^procstat\.cpu_usage · mean every \w+ · where host=web-1 · by process_name,pid$/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);
  const processes = await page.$$eval('[data-testid="explorer-chart-legend"] li', (items) => items.map((item) => item.dataset.series));
  assert.deepEqual(processes.sort(), ['pid=101,process_name=nginx', 'pid=202,process_name=postgres']);

  await page.locator('[data-testid="explorer-chart-legend"] li', { hasText: 'nginx' }).getByTestId('legend-drill').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="crumb-2"]')?.textContent === 'routes (nginx (101))');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="explorer-chart-legend"] li')].some((item) => item.dataset.series === 'http.route=/api/orders'));
  await shot('monitoring-drill-routes');

  await byTestId('crumb-1').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="crumb-2"]'));
  await byTestId('crumb-0').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="crumb-1"]'));
  assert.match(await byTestId('query-text').textContent(), /^e2e_cpu\.usage/);
});

test('a panel exports to CSV', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId('export-csv').click()]);
  assert.equal(download.suggestedFilename(), 'e2e_cpu.usage.csv');
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  assert.ok(text.split('\n').length > 60, text.slice(0, 200));
});

test('add to a new dashboard, arrange, use a variable, save and reload', async () => {
  await byTestId('add-to-dashboard').click();
  await byTestId('add-target').selectOption('__new__');
  await byTestId('add-name').fill('E2E hosts');
  await byTestId('add-confirm').click();
  await page.waitForURL(/\/monitoring\/dashboards\//);
  dashboardId = decodeURIComponent(page.url().split('/').at(-1));
  await settled(() => byTestId('dashboard-name').textContent(), 'E2E hosts');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-p1-legend"] li').length === 2);

  await byTestId('dashboard-edit').click();
  await byTestId('panel-add').click();
  await byTestId('panel-title').fill('One host');
  await byTestId('panel-query-measurement').fill('e2e_cpu');
  await byTestId('panel-query-field').fill('usage');
  await byTestId('panel-query-where').fill('host=$host');
  // Raw points (a new panel starts as a mean in buckets), so its last value is the API's last raw value.
  await byTestId('panel-query-aggregate').fill('');
  await byTestId('panel-kind').selectOption('area');
  await byTestId('panel-editor-close').click();
  await byTestId('variable-host').fill('web-2');
  // p2 went beside p1; one column wider, p1 covers p2's first column, which pushes p2 below it.
  await page.locator('[data-panel="p1"]').getByTestId('panel-wider').click();
  await settled(() => page.locator('[data-panel="p1"]').getAttribute('data-box'), '0,0,13,4');
  await settled(() => page.locator('[data-panel="p2"]').getAttribute('data-box'), '12,4,12,4');
  await byTestId('dashboard-save').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dashboard-save"]'));

  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="dashboard-panel"]').length === 2);
  await settled(() => page.locator('[data-panel="p1"]').getAttribute('data-box'), '0,0,13,4');
  await settled(() => byTestId('variable-host').inputValue(), 'web-2');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-p2-legend"] li').length === 1);
  const values = await lastValues('host=web-2');
  await settled(async () => Number(await page.locator('[data-testid="panel-p2-legend"] li').getAttribute('data-value')), values['host=web-2']);
  const saved = await api('GET', `/api/v2/monitoring/dashboards/${encodeURIComponent(dashboardId)}`);
  assert.deepEqual(saved.body.variables, { host: 'web-2' });
  assert.deepEqual(saved.body.panels.map((panel) => [panel.id, panel.kind, panel.query.where ?? null]), [['p1', 'line', null], ['p2', 'area', 'host=$host']]);
  await shot('monitoring-dashboard');
});

test('a save over a newer version says it changed elsewhere', async () => {
  const current = await api('GET', `/api/v2/monitoring/dashboards/${encodeURIComponent(dashboardId)}`);
  const { id, version, createdAt, updatedAt, ...definition } = current.body;
  const response = await fetch(`${server.url}/api/v2/monitoring/dashboards/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
    body: JSON.stringify({ ...definition, description: 'changed elsewhere' }),
  });
  assert.equal(response.status, 200, await response.text());

  await byTestId('dashboard-edit').click();
  await byTestId('dashboard-name-input').fill('E2E hosts (mine)');
  await byTestId('dashboard-save').click();
  await byTestId('dashboard-conflict').waitFor();
  await byTestId('dashboard-reload').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="dashboard-conflict"]'));
  assert.equal(await byTestId('dashboard-name').textContent(), 'E2E hosts');
  await byTestId('dashboard-discard').click();
});

test('a dashboard downloads as a PDF report', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId('dashboard-pdf').click()]);
  const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
});

test('phone-sized: one column, no sideways scroll', async () => {
  await page.setViewportSize(PHONE);
  try {
    await page.goto(`${server.url}/monitoring/explore?m=e2e_cpu&f=usage&agg=max&every=30s&by=host&range=5m`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);
    assert.equal(await overflow(), 0, 'the explorer');
    const box = await byTestId('explorer-chart-canvas').boundingBox();
    assert.ok(box && box.width >= 250 && box.x + box.width <= PHONE.width, `the chart fits: ${JSON.stringify(box)}`);
    const nav = await byTestId('nav-monitoring').boundingBox();
    assert.ok(nav && nav.x + nav.width <= PHONE.width, `the Monitoring link is on screen: ${JSON.stringify(nav)}`);
    const git = await byTestId('nav-git').boundingBox();
    assert.ok(git && git.x + git.width <= PHONE.width, `the Git link after it is on screen too: ${JSON.stringify(git)}`);
    await shot('monitoring-phone-explorer');

    await page.goto(`${server.url}/monitoring`);
    await byTestId('home-measurements').locator('li').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.loading'));
    assert.equal(await overflow(), 0, 'the dashboards list');
    if (dashboardId) {
      await page.goto(`${server.url}/monitoring/dashboards/${encodeURIComponent(dashboardId)}`);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="dashboard-panel"] canvas').length >= 2);
      assert.equal(await overflow(), 0, 'the dashboard');
      const panels = await page.$$eval('[data-testid="dashboard-panel"]', (items) => items.map((item) => item.getBoundingClientRect().width));
      assert.ok(panels.every((width) => width > 300), `one column: ${panels}`);
      await shot('monitoring-phone-dashboard');
    }
    await page.goto(`${server.url}/monitoring/alerts`);
    await page.waitForFunction(() => document.querySelector('[data-testid="alert-list"]') && !document.querySelector('.loading'));
    await shot('monitoring-phone-alerts');
    assert.equal(await overflow(), 0, 'the alerts');
  } finally {
    await page.setViewportSize(DESKTOP);
  }
});

test('a dashboard is deleted', async () => {
  await page.goto(`${server.url}/monitoring/dashboards/${encodeURIComponent(dashboardId)}`);
  await byTestId('dashboard-delete').click();
  await page.getByRole('button', { name: 'Delete', exact: true }).last().click();
  await page.waitForURL(/\/monitoring$/);
  assert.equal((await api('GET', `/api/v2/monitoring/dashboards/${encodeURIComponent(dashboardId)}`)).status, 404);
});
