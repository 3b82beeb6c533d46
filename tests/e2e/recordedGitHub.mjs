// A small GitHub stand-in for the browser tests: a loopback HTTP server answering GitHub's REST API with the responses
// recorded for the .NET tests (tests/Lightning.Git.Tests/Recorded/github), for one repository. It keeps the pull requests
// it was given so the page sees what it did (an opened pull request is listed, a merged one is closed), and every
// request it received, so a test can check what the platform sent (the token in the header, the bodies).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const RECORDED = path.resolve(here, '../Lightning.Git.Tests/Recorded/github');

/**
 * @param {{ repository?: string, protectedBranches?: string[], headMovedOn?: number[] }} options
 *   repository: owner/name served; protectedBranches: answered with branch-protection.json (others are not protected);
 *   headMovedOn: pull request numbers whose merge GitHub refuses as "Head branch was modified" (409).
 */
export async function startRecordedGitHub({ repository = 'octo/hello', protectedBranches = ['main'], headMovedOn = [] } = {}) {
  const requests = [];
  let url = '';
  const recorded = (file) => JSON.parse(readFileSync(path.join(RECORDED, file), 'utf8').replaceAll('{base}', url));
  let pulls = null;
  const pullsNow = () => (pulls ??= recorded('pulls.json'));

  const server = http.createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const address = new URL(request.url ?? '/', url);
      const body = text ? JSON.parse(text) : null;
      requests.push({ method: request.method, path: address.pathname, query: address.search, headers: request.headers, body });
      const [status, answer] = route(request.method ?? 'GET', address, body);
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(answer));
    });
  });

  const prefix = `/api/v3/repos/${repository}`;
  const route = (method, address, body) => {
    const rest = address.pathname.startsWith(prefix) ? address.pathname.slice(prefix.length) : null;
    if (rest === '/pulls' && method === 'GET') {
      const state = address.searchParams.get('state') ?? 'open';
      return [200, pullsNow().filter((pull) => state === 'all' || pull.state === state)];
    }
    if (rest === '/pulls' && method === 'POST') return open(body);
    const merge = rest && /^\/pulls\/(\d+)\/merge$/.exec(rest);
    if (merge && method === 'PUT') return mergePull(Number(merge[1]));
    const protection = rest && /^\/branches\/(.+)\/protection$/.exec(rest);
    if (protection && method === 'GET') {
      const branch = decodeURIComponent(protection[1]);
      return protectedBranches.includes(branch) ? [200, recorded('branch-protection.json')] : [404, recorded('branch-not-protected.json')];
    }
    return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
  };

  // GitHub refuses a second open pull request for the same head: the recorded 422.
  const open = (body) => {
    const list = pullsNow();
    if (list.some((pull) => pull.state === 'open' && pull.head.ref === body.head)) return [422, recorded('error-422.json')];
    const template = recorded('pull.json');
    const number = Math.max(...list.map((pull) => pull.number)) + 1;
    const pull = {
      ...template,
      id: number,
      number,
      url: `${url}/api/v3/repos/${repository}/pulls/${number}`,
      html_url: `https://github.com/${repository}/pull/${number}`,
      title: body.title,
      body: body.body ?? null,
      draft: Boolean(body.draft),
      head: { ...template.head, ref: body.head, label: `${repository.split('/')[0]}:${body.head}` },
      base: { ...template.base, ref: body.base, label: `${repository.split('/')[0]}:${body.base}` },
    };
    list.push(pull);
    return [201, pull];
  };

  const mergePull = (number) => {
    const pull = pullsNow().find((item) => item.number === number);
    if (!pull) return [404, { message: 'Not Found' }];
    if (headMovedOn.includes(number)) return [409, recorded('pull-merge-conflict.json')];
    pull.state = 'closed';
    pull.merged = true;
    pull.merged_at = new Date().toISOString();
    return [200, recorded('pull-merged.json')];
  };

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    requests,
    // The platform's HTTP client keeps connections open; close would wait for them.
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
