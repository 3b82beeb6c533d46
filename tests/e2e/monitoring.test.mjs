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
let ruleId;
let latencyWrittenAt;

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

/** Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  assert.equal(field + row.join(''), '', 'the CSV ends with CRLF');
  return rows;
}

/**
 * Checks a downloaded CSV against the API's JSON answer to the same query: the header names each series by its tags,
 * each row is one time any series has a point at, and each cell is that series' value there (empty when it has none).
 */
async function assertCsvMatchesApi(text, query) {
  assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'CRLF line ends');
  const { status, body, text: raw } = await api('GET', `/api/v2/monitoring/query?${new URLSearchParams(query)}`);
  assert.equal(status, 200, raw);
  const [header, ...rows] = parseCsv(text);
  const names = body.series.map((series) => {
    const tags = Object.keys(series.tags).sort();
    return tags.length === 0 ? query.field : tags.map((key) => `${key}=${series.tags[key]}`).join(',');
  });
  assert.deepEqual(header, ['time', ...names]);
  const times = [...new Set(body.series.flatMap((series) => series.times))].sort((a, b) => a - b);
  assert.ok(times.length > 10, `enough rows to mean something: ${times.length}`);
  assert.deepEqual(rows.map((row) => row[0]), times.map((time) => new Date(time).toISOString()));
  rows.forEach((row, index) => {
    const expected = body.series.map((series) => {
      const at = series.times.lastIndexOf(times[index]);
      return at < 0 || series.values[at] === null ? '' : series.values[at];
    });
    assert.deepEqual(row.slice(1).map((cell) => (cell === '' ? '' : Number(cell))), expected, `row ${index + 1} (${row[0]})`);
  });
  return { header, rows };
}

/** The text of a download the click starts, and the file name the page gave it. */
async function download(click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  return { name: file.suggestedFilename(), text };
}

/**
 * What a chart's alert bands look like on its canvas: per band painted (the holder's data-bands, canvas pixels), the
 * share of a pixel column through its middle tinted in the band's colour, and of a column just outside every band.
 */
async function bandPixels(testId) {
  return page.evaluate(async (id) => {
    // A resize clears the canvas until uPlot redraws on the next frame: read between frames, after two.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const holder = document.querySelector(`[data-testid="${id}"]`);
    const canvas = holder?.querySelector('canvas');
    if (!holder || !canvas) return null;
    const context = canvas.getContext('2d');
    const tint = { firing: ([r, g, b]) => r - g > 40 && Math.abs(g - b) < 12, pending: ([r, g, b]) => r - b > 60 && g - b > 30, acknowledged: ([r, g, b]) => b - r > 60 };
    const share = (x, top, bottom, test) => {
      const data = context.getImageData(x, top, 1, bottom - top).data;
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && test([data[i], data[i + 1], data[i + 2]])) hits++;
      return hits / (bottom - top);
    };
    const bands = (holder.dataset.bands ?? '')
      .split(';')
      .filter(Boolean)
      .map((entry) => {
        const [state, box] = entry.split(':');
        const [left, top, right, bottom] = box.split(',').map(Number);
        return { state, left, top, right, bottom };
      });
    return bands.map((band) => {
      // A column of the plot that no band covers, for contrast.
      const free = [band.left - 3, band.right + 3].find((x) => x > 0 && x < canvas.width && bands.every((other) => x < other.left || x > other.right));
      return {
        state: band.state,
        width: band.right - band.left,
        // The best of five columns across the band: a vertical grid line, drawn over the band, can fall on any one.
        inside: Math.max(...[0.3, 0.4, 0.5, 0.6, 0.7].map((at) => share(Math.round(band.left + (band.right - band.left) * at), band.top + 1, band.bottom - 1, tint[band.state]))),
        outside: free === undefined ? null : share(free, band.top + 1, band.bottom - 1, tint[band.state]),
      };
    });
  }, testId);
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

test('platform events are drawn as markers where they happened, with their kinds noted', async () => {
  const now = Date.now();
  for (const [kind, title, ago] of [['deployment', 'e2e api v2', 4 * MINUTE], ['rollback', 'e2e api v1', 2 * MINUTE]]) {
    const { status, text } = await api('POST', '/api/v2/monitoring/events', { kind, title, at: new Date(now - ago).toISOString(), labels: { service: 'api' } });
    assert.equal(status, 201, text);
  }
  // The chart reads events when its range changes and every 30 s; a reload reads them at once.
  await page.reload();
  const canvas = byTestId('explorer-chart-canvas');
  await page.waitForFunction(() => (document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.markers ?? '').includes('rollback'), undefined, { timeout: 10_000 });
  const markers = Object.fromEntries((await canvas.getAttribute('data-markers')).split(';').map((entry) => entry.split(':')).map(([kind, x]) => [kind, Number(x)]));
  assert.ok(markers.deployment < markers.rollback, `deployment at x=${markers.deployment}, rollback at x=${markers.rollback}`);
  assert.match(await byTestId('explorer-chart-events').textContent(), /^2 events: deployment, rollback$/);
  assert.match(await byTestId('explorer-chart-events').getAttribute('title'), /deployment: e2e api v2\n.*rollback: e2e api v1/);
  // The marker's pixels are the rollback's orange.
  const orange = await canvas.evaluate((element, x) => {
    const context = element.querySelector('canvas').getContext('2d');
    const { data } = context.getImageData(x, 2, 1, element.querySelector('canvas').height - 4);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] > 70 && data[i + 1] < 110 && data[i + 2] < 40) hits++;
    return hits;
  }, markers.rollback);
  assert.ok(orange > 10, `${orange} orange pixels on the rollback's line`);
  await shot('monitoring-event-markers');
});

test('tag filters as chips, and host against host', async () => {
  // A restart of web-1 alone: drawn while no filter is set, gone once the chart shows web-2 only, while the events
  // without a host label (the api's deployment and rollback) stay.
  const restart = await api('POST', '/api/v2/monitoring/events', { kind: 'restart', title: 'e2e web-1 restart', at: new Date(Date.now() - 3 * MINUTE).toISOString(), labels: { host: 'web-1' } });
  assert.equal(restart.status, 201, restart.text);
  await page.reload();
  const markerKinds = () => page.evaluate(() => (document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.markers ?? '').split(';').filter(Boolean).map((entry) => entry.split(':')[0]).sort().join());
  await settled(markerKinds, 'deployment,restart,rollback');
  await byTestId('filter-tag').selectOption('host');
  await page.getByTestId('filter-value').filter({ hasText: 'web-2' }).click();
  await byTestId('filter-chip').waitFor();
  assert.equal(await byTestId('filter-chip').textContent(), 'host=web-2 ×');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 1);
  await settled(() => legend('explorer-chart'), await lastValues('host=web-2'));
  await settled(markerKinds, 'deployment,rollback');
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
  // The host filter joins the query once the page knows the procstat series carry a host tag (read from /series).
  await page.waitForFunction(() => / · where host=web-1 · /.test(document.querySelector('[data-testid="query-text"]')?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => undefined);
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

test('the explorer exports its chart to CSV, the same rows as the API', async () => {
  const file = await download(() => byTestId('export-csv').click());
  assert.equal(file.name, 'e2e_cpu.usage.csv');
  const { header } = await assertCsvMatchesApi(file.text, { measurement: 'e2e_cpu', field: 'usage', from: 'now-1h', groupBy: 'host' });
  assert.deepEqual(header, ['time', 'host=web-1', 'host=web-2']);
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

test("a panel's CSV export has the API's header and rows", async () => {
  // p1: raw by host, where web-1 has a point web-2 has not (the live one): that row has an empty cell.
  const p1 = await download(() => page.locator('[data-panel="p1"]').getByTestId('panel-csv').click());
  assert.equal(p1.name, 'e2e_cpu.usage.csv', 'named after the panel title');
  const { rows } = await assertCsvMatchesApi(p1.text, { measurement: 'e2e_cpu', field: 'usage', from: 'now-1h', groupBy: 'host' });
  assert.ok(rows.some((row) => row[1] === '777.5' && row[2] === ''), 'the live point of web-1 alone, web-2 empty');
  // p2: one host through the $host variable, so one untagged column named after the field.
  const p2 = await download(() => page.locator('[data-panel="p2"]').getByTestId('panel-csv').click());
  assert.equal(p2.name, 'One host.csv');
  const two = await assertCsvMatchesApi(p2.text, { measurement: 'e2e_cpu', field: 'usage', from: 'now-1h', where: 'host=web-2' });
  assert.deepEqual(two.header, ['time', 'usage']);
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

/** The first band of `state` once it satisfies `good` (the chart may still be settling), or the last one read. */
async function bandOnceDrawn(testId, state, good, within = 10_000) {
  const deadline = Date.now() + within;
  let band;
  do {
    band = ((await bandPixels(testId)) ?? []).find((item) => item.state === state);
    if (band && good(band)) return band;
    await delay(250);
  } while (Date.now() < deadline);
  return band;
}

/** Milliseconds between two times, for "close to" checks on times the server computed. */
const gap = (iso, expected) => Math.abs(Date.parse(iso) - expected);

test('an alert rule: server errors under their fields, then created', async () => {
  // Half an hour of p99 every 10 s: web-1 breaches 300 from 20 to 12 minutes ago and both hosts in the last 2 minutes.
  latencyWrittenAt = Date.now();
  const lines = [];
  for (let i = 180; i >= 1; i--) {
    const old = i >= 72 && i <= 120;
    const recent = i <= 12;
    lines.push(`e2e_latency,host=web-1 p99=${old || recent ? 450 + (i % 5) : 100 + (i % 7)} ${latencyWrittenAt - i * 10_000}`);
    lines.push(`e2e_latency,host=web-2 p99=${recent ? 420 + (i % 3) : 90 + (i % 4)} ${latencyWrittenAt - i * 10_000}`);
  }
  await write(lines);

  await page.goto(`${server.url}/monitoring/alerts`);
  await byTestId('rule-new').click();
  await page.waitForURL(/\/monitoring\/alerts\/rules\/new$/);
  await byTestId('rule-name').fill('E2E latency');
  await byTestId('rule-measurement').fill('e2e_latency');
  // The store's fields and tags of that measurement are offered.
  await page.waitForFunction(() => [...document.querySelectorAll('#rule-fields option')].map((option) => option.value).join() === 'p99');
  assert.match(await page.locator('#rule-groupBy-hint').textContent(), /of: host \(or \*\)/);
  await byTestId('rule-field').fill('p99');
  await byTestId('rule-groupBy').fill('host');
  await byTestId('rule-operator').selectOption('>');
  // No threshold and a window over the 7-day maximum: the server's validation, each message under its field.
  await byTestId('rule-window').fill('8d');
  await byTestId('rule-save').click();
  await byTestId('rule-threshold-errors').waitFor();
  assert.match(await byTestId('rule-threshold-errors').textContent(), /A threshold needs a finite number/);
  assert.match(await byTestId('rule-window-errors').textContent(), /at most 7d/);
  assert.equal(await byTestId('rule-threshold').getAttribute('aria-invalid'), 'true');
  await shot('monitoring-rule-errors');

  await byTestId('rule-threshold').fill('300');
  await byTestId('rule-window').fill('1m');
  await byTestId('rule-for').fill('0s');
  await byTestId('rule-interval').fill('1s');
  await byTestId('rule-labels').fill('severity=critical');
  await byTestId('rule-annotations').fill('summary=p99 on {{ $labels.host }} is {{ $value }}');
  await byTestId('rule-noData').selectOption('ok');
  await byTestId('rule-save').click();
  // The page replaces /new with the rule's own address once it is created.
  await page.waitForFunction(() => /\/monitoring\/alerts\/rules\/(?!new$)[^/]+$/.test(location.pathname));
  ruleId = decodeURIComponent(page.url().split('/').at(-1));
  const { body: stored } = await api('GET', `/api/v2/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`);
  assert.deepEqual(
    [stored.name, stored.query, stored.condition.operator, stored.condition.threshold, stored.condition.window, stored.for, stored.interval, stored.noData, stored.labels, stored.annotations],
    ['E2E latency', { measurement: 'e2e_latency', field: 'p99', where: [], groupBy: ['host'] }, '>', 300, '1m', '0s', '1s', 'ok', { severity: 'critical' }, { summary: 'p99 on {{ $labels.host }} is {{ $value }}' }],
  );
  assert.equal(await page.getByTestId('rule-threshold-errors').count(), 0);
});

test('the backtest replays the rule over the stored points and draws when it would have fired', async () => {
  await byTestId('backtest-range').selectOption('1h');
  await byTestId('rule-backtest').click();
  await byTestId('backtest-result').waitFor();
  const result = byTestId('backtest-result');
  assert.equal(await result.getAttribute('data-fired'), '3');
  assert.match(await byTestId('backtest-summary').textContent(), /it would have fired 3 times/);

  // When, against the points written: the evaluation right after the first breaching point, resolved right after the last.
  const alerts = await page.$$eval('[data-testid="backtest-alert"]', (items) => items.map((item) => ({ labels: item.dataset.labels, firedAt: item.dataset.firedAt, resolvedAt: item.dataset.resolvedAt })));
  const web1 = alerts.filter((alert) => /host=web-1/.test(alert.labels));
  const web2 = alerts.filter((alert) => /host=web-2/.test(alert.labels));
  assert.equal(web1.length, 2, JSON.stringify(alerts));
  assert.equal(web2.length, 1, JSON.stringify(alerts));
  assert.ok(gap(web1[0].firedAt, latencyWrittenAt - 1_200_000) <= 2000, `fired ${web1[0].firedAt}`);
  assert.ok(gap(web1[0].resolvedAt, latencyWrittenAt - 710_000) <= 2000, `resolved ${web1[0].resolvedAt}`);
  assert.ok(gap(web1[1].firedAt, latencyWrittenAt - 120_000) <= 2000, `fired again ${web1[1].firedAt}`);
  assert.equal(web1[1].resolvedAt, '');
  assert.ok(gap(web2[0].firedAt, latencyWrittenAt - 120_000) <= 2000, `web-2 fired ${web2[0].firedAt}`);

  // The same answer as the API's backtest of the stored rule over the same range.
  const range = { from: await result.getAttribute('data-from'), to: await result.getAttribute('data-to') };
  const { status, body, text } = await api('POST', `/api/v2/monitoring/alerts/rules/${encodeURIComponent(ruleId)}/backtest`, range);
  assert.equal(status, 200, text);
  const ms = (iso) => (iso ? Date.parse(iso) : null);
  assert.deepEqual(
    alerts.map((alert) => [ms(alert.firedAt), ms(alert.resolvedAt)]),
    body.alerts.map((alert) => [ms(alert.firedAt), ms(alert.resolvedAt)]),
  );

  // Drawn: the query's two hosts and the threshold, with red bands where it fired, tinted on the canvas itself.
  const chart = byTestId('backtest-chart');
  await chart.locator('canvas').waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="backtest-chart"]')?.dataset.bands ?? '').includes('firing'));
  assert.equal(await chart.getAttribute('data-series'), '3');
  const old = await bandOnceDrawn('backtest-chart', 'firing', (band) => band.inside > 0.8);
  const bands = (await bandPixels('backtest-chart')).filter((band) => band.state === 'firing');
  assert.equal(bands.length, 2, JSON.stringify(bands));
  assert.ok(old.width > 60, `the 8-minute firing spans ${old.width}px of an hour`);
  assert.ok(old.inside > 0.8, `the band is red inside: ${JSON.stringify(old)}`);
  assert.ok(old.outside !== null && old.outside < 0.1, `and not beside it: ${JSON.stringify(old)}`);
  await shot('monitoring-backtest');
});

test('the firing alert is drawn as a red band on a chart of its measurement', async () => {
  // The live loop evaluates the new rule every second; both hosts are over 300 now.
  const deadline = Date.now() + 20_000;
  let firing = [];
  while (firing.length < 2 && Date.now() < deadline) {
    firing = (await api('GET', `/api/v2/monitoring/alerts?rule=${encodeURIComponent(ruleId)}&state=firing`)).body.alerts;
    if (firing.length < 2) await delay(250);
  }
  assert.equal(firing.length, 2, 'both hosts fire for real');

  await page.goto(`${server.url}/monitoring/explore?m=e2e_latency&f=p99&agg=raw&by=host&range=5m`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="explorer-chart-legend"] li').length === 2);
  await page.waitForFunction(() => (document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.bands ?? '').includes('firing'), undefined, { timeout: 15_000 });
  assert.match(await byTestId('explorer-chart-bands').textContent(), /alert interval.*E2E latency/);
  // The open firing interval runs to the newest point drawn: keep both hosts breaching for a few seconds, as a real
  // host would, so the band grows to a readable width.
  let band;
  const until = Date.now() + 15_000;
  do {
    await write([`e2e_latency,host=web-1 p99=461 ${Date.now()}`, `e2e_latency,host=web-2 p99=433 ${Date.now()}`]);
    band = await bandOnceDrawn('explorer-chart-canvas', 'firing', (item) => item.width > 20 && item.inside > 0.8, 1000);
  } while (!(band && band.width > 20 && band.inside > 0.8) && Date.now() < until);
  assert.ok(band && band.width > 10, `a firing band: ${JSON.stringify(band)}`);
  assert.ok(band.inside > 0.8, `red on the canvas: ${JSON.stringify(band)}`);
  assert.ok(band.outside !== null && band.outside < 0.1, `only there: ${JSON.stringify(band)}`);
  await shot('monitoring-alert-band');
});

test('the alert history by rule and state, with events, acknowledged here and followed live', async () => {
  await page.goto(`${server.url}/monitoring/alerts`);
  await page.locator('[data-testid="rule-item"]', { hasText: 'E2E latency' }).waitFor();
  await settled(() => byTestId('alert-stream-status').getAttribute('data-status'), 'live');
  await byTestId('alerts-filter-rule').selectOption(ruleId);
  await byTestId('alerts-filter-state').selectOption('all');
  await page.waitForURL(new RegExp(`/monitoring/alerts\\?rule=${ruleId}&state=all$`));
  await settled(() => page.$$eval('[data-testid="alert-item"]', (items) => items.map((item) => item.dataset.state).sort()), ['firing', 'firing']);

  const web1 = page.locator('[data-testid="alert-item"]', { hasText: 'host=web-1' });
  await web1.getByTestId('alert-events-toggle').click();
  const change = web1.locator('[data-testid="alert-event"][data-type="state-changed"][data-to="firing"]');
  await change.waitFor();
  assert.match(await change.textContent(), /→ firing/);

  await web1.getByTestId('ack-comment').fill('looking at web-1');
  await web1.getByTestId('ack-submit').click();
  await web1.getByTestId('alert-ack').waitFor();
  assert.match(await web1.getByTestId('alert-ack').textContent(), /looking at web-1/);
  await web1.locator('[data-testid="alert-event"][data-type="acknowledged"]').waitFor();
  const alertId = await web1.getAttribute('data-alert');
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/${alertId}`)).body.acknowledgment.comment, 'looking at web-1');

  // Acknowledged elsewhere (the API): the page hears it over the alert stream, no reload and no polling (it is live).
  const web2 = page.locator('[data-testid="alert-item"]', { hasText: 'host=web-2' });
  const web2Id = await web2.getAttribute('data-alert');
  const ack = await api('POST', `/api/v2/monitoring/alerts/${web2Id}/ack`, { comment: 'from the CLI' });
  assert.equal(ack.status, 200, ack.text);
  await web2.getByTestId('alert-ack').waitFor({ timeout: 3000 });
  assert.match(await web2.getByTestId('alert-ack').textContent(), /from the CLI/);
  await shot('monitoring-alert-history');

  // No resolved one yet.
  await byTestId('alerts-filter-state').selectOption('resolved');
  await settled(() => page.locator('[data-testid="alert-item"]').count(), 0);
});

test("a chart's bands follow the alert stream: a resolution ends the band without waiting for a refresh", async () => {
  // Both alerts are acknowledged now: the chart shows an open acknowledged band up to its newest point (the right edge).
  await page.goto(`${server.url}/monitoring/explore?m=e2e_latency&f=p99&agg=raw&by=host&range=5m`);
  await page.waitForFunction(() => (document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.bands ?? '').includes('acknowledged'), undefined, { timeout: 15_000 });
  const open = await bandOnceDrawn('explorer-chart-canvas', 'acknowledged', (band) => band.inside > 0.8);
  assert.ok(open && open.inside > 0.8, `blue on the canvas: ${JSON.stringify(open)}`);
  const edge = await page.evaluate(() => {
    const entry = document.querySelector('[data-testid="explorer-chart-canvas"]').dataset.bands.split(';').find((item) => item.startsWith('acknowledged'));
    return Number(entry.split(':')[1].split(',')[2]);
  });

  // Back under 300: the live rule resolves both within a second or two. A later point moves the right edge on; the
  // band must stop where the alerts resolved, which the chart learns from the stream (its own timer is a minute).
  await write([`e2e_latency,host=web-1 p99=101 ${Date.now()}`, `e2e_latency,host=web-2 p99=99 ${Date.now()}`]);
  const deadline = Date.now() + 15_000;
  let resolved = [];
  while (resolved.length < 2 && Date.now() < deadline) {
    resolved = (await api('GET', `/api/v2/monitoring/alerts?rule=${encodeURIComponent(ruleId)}&state=resolved`)).body.alerts;
    if (resolved.length < 2) await delay(250);
  }
  assert.equal(resolved.length, 2, 'both resolve for real');
  await delay(6000);
  await write([`e2e_latency,host=web-1 p99=102 ${Date.now()}`, `e2e_latency,host=web-2 p99=98 ${Date.now()}`]);
  await settled(
    () =>
      page.evaluate((right) => {
        const entry = (document.querySelector('[data-testid="explorer-chart-canvas"]').dataset.bands ?? '').split(';').find((item) => item.startsWith('acknowledged'));
        return entry !== undefined && Number(entry.split(':')[1].split(',')[2]) < right - 5;
      }, edge),
    true,
  );
  await shot('monitoring-alert-band-resolved');

  // Quiet now (no more points): the live window still follows the clock.
  const xMax = async () => Number(await byTestId('explorer-chart-canvas').getAttribute('data-x-max'));
  const before = await xMax();
  await delay(6500);
  const moved = (await xMax()) - before;
  assert.ok(moved >= 4000 && moved <= 12_000, `the axis moved on ${moved} ms in 6.5 s`);
});

test('a viewer sees rules, backtests and history, but changes nothing', async () => {
  const { status, body, text } = await api('POST', '/api/v2/keys', { name: 'e2e-monitoring-viewer', role: 'viewer' });
  assert.ok(status === 200 || status === 201, text);
  await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), body.key ?? body.secret ?? body.apiKey);
  try {
    await page.goto(`${server.url}/monitoring/alerts?rule=${encodeURIComponent(ruleId)}&state=all`);
    await page.locator('[data-testid="alert-item"]').first().waitFor();
    assert.equal(await page.getByTestId('rule-new').count(), 0);
    assert.equal(await page.getByTestId('rule-toggle').count(), 0);
    assert.equal(await page.getByTestId('ack-comment').count(), 0);

    await page.goto(`${server.url}/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`);
    await byTestId('rule-read-only').waitFor();
    assert.equal(await byTestId('rule-name').inputValue(), 'E2E latency');
    assert.ok(await byTestId('rule-name').isDisabled());
    assert.equal(await page.getByTestId('rule-save').count(), 0);
    assert.equal(await page.getByTestId('rule-delete').count(), 0);
    await byTestId('rule-backtest').click();
    await byTestId('backtest-result').waitFor();
    assert.equal(await byTestId('backtest-result').getAttribute('data-fired'), '3');
  } finally {
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
  }
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
    await page.goto(`${server.url}/monitoring/alerts?state=all`);
    await page.waitForFunction(() => document.querySelector('[data-testid="alert-list"]') && !document.querySelector('.loading'));
    if (ruleId) await page.locator('[data-testid="alert-item"]').first().waitFor();
    await shot('monitoring-phone-alerts');
    assert.equal(await overflow(), 0, 'the alerts');
    if (ruleId) {
      await page.goto(`${server.url}/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`);
      await byTestId('rule-backtest').click();
      await page.locator('[data-testid="backtest-chart"] canvas').waitFor();
      assert.equal(await overflow(), 0, 'the rule editor and its backtest');
      const chart = await byTestId('backtest-chart').boundingBox();
      assert.ok(chart && chart.x + chart.width <= PHONE.width, `the backtest chart fits: ${JSON.stringify(chart)}`);
      await shot('monitoring-phone-rule');
    }
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

test('a rule is edited, disabled, enabled and deleted; its alerts stay', async () => {
  await page.goto(`${server.url}/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`);
  await settled(() => byTestId('rule-threshold').inputValue(), '300');
  await byTestId('rule-threshold').fill('350');
  await byTestId('rule-save').click();
  await byTestId('rule-saved').waitFor();
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`)).body.condition.threshold, 350);

  await page.goto(`${server.url}/monitoring/alerts`);
  const item = page.locator(`[data-testid="rule-item"][data-rule="${ruleId}"]`);
  await item.getByTestId('rule-toggle').click();
  await settled(() => item.locator('.badge').textContent(), 'disabled');
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`)).body.enabled, false);
  await item.getByTestId('rule-toggle').click();
  await settled(() => item.locator('.badge').textContent(), 'enabled');

  await item.getByTestId('rule-link').click();
  await byTestId('rule-delete').click();
  await page.getByRole('button', { name: 'Delete', exact: true }).last().click();
  await page.waitForURL(/\/monitoring\/alerts$/);
  assert.equal((await api('GET', `/api/v2/monitoring/alerts/rules/${encodeURIComponent(ruleId)}`)).status, 404);
  await settled(() => page.locator(`[data-testid="rule-item"][data-rule="${ruleId}"]`).count(), 0);
  const kept = await api('GET', `/api/v2/monitoring/alerts?rule=${encodeURIComponent(ruleId)}&state=all`);
  assert.equal(kept.body.alerts.length, 2, 'its alerts and their history stay');
});
