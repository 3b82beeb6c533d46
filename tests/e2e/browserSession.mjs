// What every browser test file sets up: a real server (lightningServer.mjs), the system Chromium with a throwaway
// profile, a page, and the small helpers the tests share (the API as the admin, waiting for a collaboration,
// screenshots, horizontal overflow).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { delay, startServer } from './lightningServer.mjs';

export { delay };

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };
export const SCREENSHOTS = path.join(here, 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Starts the server and the browser; `close()` stops both, also when this fails halfway.
 * @param {{ screenshots?: string, signIn?: boolean }} options signIn stores the admin key in the page, so the
 *   dashboard opens signed in.
 */
export async function openBrowserSession({ screenshots = SCREENSHOTS, signIn = false } = {}) {
  let server;
  let context;
  let userData;
  const close = async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    if (userData) await rm(userData, { recursive: true, force: true });
  };

  try {
    await mkdir(screenshots, { recursive: true });
    server = await startServer({ repo });
    userData = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-chromium-'));
    context = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, headless: true, viewport: DESKTOP, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
    if (signIn) {
      await page.goto(server.url);
      await page.evaluate((key) => localStorage.setItem('lightning.apiKey', key), server.adminKey);
    }
    return { server, context, page, close, ...helpers(server, page, screenshots) };
  } catch (error) {
    await close();
    throw error;
  }
}

function helpers(server, page, screenshots) {
  /** The API as the admin; the body parsed as JSON (null when empty) and as text for assertion messages. */
  const api = async (method, route, body) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { Authorization: `Bearer ${server.adminKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };

  /** Submits a collaboration through the API and returns its id. */
  const submit = async (task) => {
    const { status, body, text } = await api('POST', '/api/v2/collaborate/submit', task);
    assert.equal(status, 202, text);
    return body.id;
  };

  /** The collaboration's status once it no longer runs. */
  const waitFinished = async (id, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { body } = await api('GET', `/api/v2/collaborate/status/${encodeURIComponent(id)}`);
      if (body.status !== 'running') return body;
      await delay(200);
    }
    throw new Error(`${id} did not finish in time`);
  };

  return {
    api,
    submit,
    waitFinished,
    byTestId: (id) => page.getByTestId(id),
    // Full page by default; the top of the screen only where a tall page would make the part that matters unreadable.
    shot: (name, fullPage = true) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage }),
    /** How many pixels the page is wider than the window. */
    overflow: () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  };
}
