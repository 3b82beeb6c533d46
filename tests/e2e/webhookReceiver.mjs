// A loopback webhook receiver for the notification tests: records every request (path, headers, raw body) and answers
// each path as `answers` says ({ '/fail': [500, 'broken'] }), 200 "ok" otherwise.
import http from 'node:http';

export async function startWebhookReceiver(answers = {}) {
  const received = [];
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const [status, body] = answers[request.url] ?? [200, 'ok'];
      response.writeHead(status, { 'Content-Type': 'text/plain' });
      response.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${server.address().port}/hook`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
