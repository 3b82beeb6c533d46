// Starts a real Lightning server for the browser test: a fresh data directory, a free port, the built dashboard,
// and the one-time admin key read from its console.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const KEY_PATTERN = /lk_[A-Za-z0-9_-]+/;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ repo: string, dll?: string, startTimeoutMs?: number }} options
 * @returns {Promise<{ url: string, adminKey: string, log: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ repo, dll, startTimeoutMs = 90_000 }) {
  const serverDll = dll ?? process.env.LIGHTNING_SERVER_DLL ?? path.join(repo, 'src/Lightning.Server/bin/Release/net10.0/Lightning.Server.dll');
  const dashboard = path.join(repo, 'web/dist');
  if (!existsSync(serverDll)) {
    throw new Error(`No server at ${serverDll}: build it (dotnet build -c Release) or set LIGHTNING_SERVER_DLL.`);
  }
  if (!existsSync(path.join(dashboard, 'index.html'))) {
    throw new Error(`No dashboard at ${dashboard}: run "npm ci && npm run build" in web/ first.`);
  }

  const data = await mkdtemp(path.join(os.tmpdir(), 'lightning-e2e-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const child = spawn('dotnet', [serverDll, '--urls', url, `--Lightning:Dashboard:Path=${dashboard}`], {
    env: { ...process.env, LIGHTNING_DATA: data, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', Lightning__Testing__Runs__MaxConcurrentRuns: '8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // However this process ends, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  let adminKey = null;
  let sawKeyHeading = false;
  let resolveKey;
  const keyPromise = new Promise((resolve) => (resolveKey = resolve));
  const onLine = (line) => {
    output.push(line);
    if (/Admin API key/i.test(line)) sawKeyHeading = true;
    const match = sawKeyHeading && adminKey === null ? KEY_PATTERN.exec(line) : null;
    if (match) {
      adminKey = match[0];
      resolveKey(adminKey);
    }
  };
  lines(child.stdout, onLine);
  lines(child.stderr, (line) => output.push(`[stderr] ${line}`));

  const log = () => output.join('\n');
  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(data, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + startTimeoutMs;
    const key = await firstOf(keyPromise, exitPromise, startTimeoutMs);
    await waitUntilReady(url, deadline, () => exited);
    return { url, adminKey: key, log, stop };
  } catch (error) {
    await stop();
    error.message += `\n--- server output ---\n${log()}`;
    throw error;
  }
}

/** The key, or a clear error when the server exits or stays silent first; leaves no timer or rejection behind. */
function firstOf(keyPromise, exitPromise, timeoutMs) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => settle(() => reject(new Error('The server printed no admin key in time.'))), timeoutMs);
    const settle = (action) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    keyPromise.then((key) => settle(() => resolve(key)));
    exitPromise.then((info) => settle(() => reject(new Error(`The server exited (${JSON.stringify(info)}) before printing the admin key.`))));
  });
}

async function waitUntilReady(url, deadline, exitedInfo) {
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exitedInfo()) throw new Error(`The server exited (${JSON.stringify(exitedInfo())}) before it was ready.`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    await delay(250);
  }
  throw new Error(`/health/ready did not answer 200 in time (last: ${last}).`);
}

function lines(stream, onLine) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, index).replace(/\r$/, ''));
      buffer = buffer.slice(index + 1);
    }
  });
  stream.on('end', () => {
    if (buffer) onLine(buffer);
  });
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
