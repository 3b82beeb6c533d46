// Benchmark 6 of issue 6, in the system Chromium (playwright-core, no browser download):
//  (a) a chart of 166,000 points: time from `new uPlot` / setData to the frame drawn, with the dashboard's own chart
//      options (web/src/pages/monitoring/chartOptions.ts bundled by esbuild), measured in the page (performance.now);
//  (b) live latency: a point written to a real server through /write with the current time, until the explorer's
//      chart (the built dashboard, web/dist) has drawn it (the chart's own draw time, epoch ms, same clock).
// Prints one JSON object on stdout; progress goes to stderr.
//   node dashboardBench.mjs [--quick] [--points N] [--runs N] [--live N] [--skip-live]
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../tests/e2e/lightningServer.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const web = path.join(repo, 'web');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive whole number.`);
  return value;
};
const points = option('--points', 166_000);
const runs = option('--runs', quick ? 3 : 30);
const liveRuns = option('--live', quick ? 3 : 20);
const skipLive = args.includes('--skip-live');
const log = (text) => process.stderr.write(`${text}\n`);

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => ({ runs: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) });
const round = (value) => Math.round(value * 10) / 10;

async function bundle(directory) {
  const require = createRequire(path.join(web, 'package.json'));
  const esbuild = require('esbuild');
  const outfile = path.join(directory, 'chart.js');
  await esbuild.build({
    entryPoints: [path.join(here, 'chartEntry.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    outfile,
    nodePaths: [path.join(web, 'node_modules')],
    logLevel: 'warning',
  });
  return outfile;
}

async function chartBench(browser, script) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="chart" style="width:1200px"></div></body></html>');
    await page.addScriptTag({ path: script });
    // One warm-up run (JIT, fonts), not counted.
    await page.evaluate(([n]) => window.runChartBench(n, 1), [points]);
    const result = await page.evaluate(([n, r]) => window.runChartBench(n, r), [points, runs]);
    // The same measure for a 100-point chart: what any chart's frame costs on this machine, whatever its size.
    const small = await page.evaluate(([r]) => window.runChartBench(100, r), [runs]);
    return {
      points,
      small: { create: summary(small.create.map((t) => t.frameMs)), setData: summary(small.setData.map((t) => t.frameMs)) },
      create: { drawn: summary(result.create.map((t) => t.drawnMs)), frame: summary(result.create.map((t) => t.frameMs)) },
      setData: { drawn: summary(result.setData.map((t) => t.drawnMs)), frame: summary(result.setData.map((t) => t.frameMs)) },
    };
  } finally {
    await page.close();
  }
}

async function liveBench(browser) {
  const server = await startServer({ repo });
  try {
    const write = async (line) => {
      const response = await fetch(`${server.url}/write?db=bench&precision=ms`, { method: 'POST', headers: { Authorization: `Bearer ${server.adminKey}` }, body: line });
      if (response.status !== 204) throw new Error(`/write answered ${response.status}: ${await response.text()}`);
    };
    await write(`bench_live value=0 ${Date.now() - 1000}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(server.url);
    await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
    await page.goto(`${server.url}/monitoring/explore?m=bench_live&f=value&agg=raw&range=5m`);
    await page.waitForFunction(() => /^Live/.test(document.querySelector('[data-testid="explorer-chart-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const mode = (await page.getByTestId('explorer-chart-status').textContent()).trim();
    log(`live: the chart is ${mode}`);

    const latencies = [];
    for (let run = 1; run <= liveRuns; run++) {
      const at = Date.now();
      await write(`bench_live value=${run} ${at}`);
      await page.waitForFunction((time) => Number(document.querySelector('[data-testid="explorer-chart-canvas"]')?.dataset.lastX) >= time, at, { timeout: 15_000, polling: 'raf' });
      const drawnAt = Number(await page.getByTestId('explorer-chart-canvas').getAttribute('data-drawn-at'));
      latencies.push(drawnAt - at);
      // Points arrive on their own clock, not just after a draw.
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));
    }
    await page.close();
    return { mode, ...summary(latencies) };
  } finally {
    await server.stop();
  }
}

const directory = await mkdtemp(path.join(os.tmpdir(), 'lightning-dashboard-bench-'));
let browser;
try {
  const script = await bundle(directory);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const chromiumVersion = browser.version();
  log(`Chromium ${chromiumVersion}; chart: ${points} points x ${runs} runs`);
  const chart = await chartBench(browser, script);
  log(`chart: create p50 ${chart.create.frame.p50} ms, setData p50 ${chart.setData.frame.p50} ms`);
  const live = skipLive ? null : await liveBench(browser);
  process.stdout.write(`${JSON.stringify({ chromium: chromiumVersion, chart, live })}\n`);
} finally {
  await browser?.close().catch(() => undefined);
  await rm(directory, { recursive: true, force: true });
}
