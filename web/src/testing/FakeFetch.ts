import type { FetchLike } from '../api/client';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = Response | Error | ((request: RecordedRequest) => Response);

/** A hand-written fetch: answers queued replies in order and records every request it was given. */
export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  readonly #replies: Reply[] = [];

  /** Queues a JSON reply. */
  json(status: number, body: unknown, contentType = 'application/json'): this {
    this.#replies.push(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } }));
    return this;
  }

  /** Queues a ProblemDetails reply, as the server writes failures. */
  problem(status: number, problem: Record<string, unknown>): this {
    return this.json(status, { status, ...problem }, 'application/problem+json');
  }

  text(status: number, body: string): this {
    this.#replies.push(new Response(body, { status, headers: { 'Content-Type': 'text/plain' } }));
    return this;
  }

  empty(status: number): this {
    this.#replies.push(new Response(null, { status }));
    return this;
  }

  /** Queues a network failure (fetch rejects). */
  fail(error: Error = new TypeError('Failed to fetch')): this {
    this.#replies.push(error);
    return this;
  }

  get last(): RecordedRequest {
    const request = this.requests[this.requests.length - 1];
    if (!request) throw new Error('No request was made.');
    return request;
  }

  readonly fetch: FetchLike = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const request: RecordedRequest = {
      url: input,
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? jsonOrText(init.body) : undefined,
    };
    this.requests.push(request);
    const reply = this.#replies.shift();
    if (reply === undefined) throw new Error(`FakeFetch has no reply queued for ${request.method} ${request.url}.`);
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply(request) : reply;
  };
}

/** A JSON body parsed; any other text (an XML report sent as is) kept as the string. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
