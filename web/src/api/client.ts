import type {
  ActionOutput,
  ActionPage,
  ActionQuery,
  ActionRequest,
  ActionView,
  AgentRegistration,
  AgentView,
  CollaborationEvent,
  CollaborationDiff,
  CollaborationEventPage,
  CollaborationMetrics,
  CollaborationPage,
  CollaborationQuery,
  CollaborationRequest,
  CollaborationView,
  DeadLetterList,
  DeadLetterView,
  ForkRequest,
  Health,
  PlatformStatus,
  ProblemDetails,
} from './types';

/** The part of `fetch` the client uses; tests pass a hand-written fake. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A failed request. `message` is what to show the user: the ProblemDetails `detail` when the server sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;

  constructor(status: number, message: string, problem: ProblemDetails | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Validation messages per field (`name`, `ssh.host`, ...); empty unless the server sent an `errors` map. */
  get fieldErrors(): Record<string, string[]> {
    return this.problem?.errors ?? {};
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

export interface ApiClientOptions {
  apiKey: string;
  /** Where the server is; empty means the page's own origin (the server serves the dashboard). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Called on every 401, before the error is thrown: the key was revoked or is wrong. */
  onUnauthorized?: (error: ApiError) => void;
}

const API = '/api/v2';
const COLLABORATE = `${API}/collaborate`;
const DEAD_LETTERS = `${COLLABORATE}/dead-letters`;
/** The server's largest page of /events. */
const EVENT_PAGE = 500;

/** A request body sent as is, with its own Content-Type (a YAML task, say). */
export interface RawBody {
  contentType: string;
  text: string;
}

export class ApiClient {
  readonly #apiKey: string;
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #onUnauthorized: ((error: ApiError) => void) | undefined;

  constructor(options: ApiClientOptions) {
    this.#apiKey = options.apiKey;
    this.#baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    // Bound, because calling window.fetch with another `this` throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#onUnauthorized = options.onUnauthorized;
  }

  status(signal?: AbortSignal): Promise<PlatformStatus> {
    return this.#json<PlatformStatus>('GET', `${API}/status`, undefined, signal);
  }

  /** `/health/ready` is anonymous and answers plain text: 200 when the database answers, 503 when not. */
  async health(signal?: AbortSignal): Promise<Health> {
    const response = await this.#send('GET', '/health/ready', undefined, signal, false);
    const text = (await response.text()).trim();
    return { ready: response.ok, text: text || (response.ok ? 'Healthy' : `HTTP ${response.status}`) };
  }

  listAgents(signal?: AbortSignal): Promise<AgentView[]> {
    return this.#json<AgentView[]>('GET', `${API}/agents`, undefined, signal);
  }

  getAgent(name: string, signal?: AbortSignal): Promise<AgentView> {
    return this.#json<AgentView>('GET', `${API}/agents/${encodeURIComponent(name)}`, undefined, signal);
  }

  registerAgent(registration: AgentRegistration): Promise<AgentView> {
    return this.#json<AgentView>('POST', `${API}/agents`, registration);
  }

  async removeAgent(name: string): Promise<void> {
    await this.#send('DELETE', `${API}/agents/${encodeURIComponent(name)}`);
  }

  submitAction(request: ActionRequest): Promise<ActionView> {
    return this.#json<ActionView>('POST', `${API}/actions`, request);
  }

  listActions(query: ActionQuery = {}, signal?: AbortSignal): Promise<ActionPage> {
    const params = new URLSearchParams();
    if (query.agent) params.set('agent', query.agent);
    if (query.status) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.before) params.set('before', query.before);
    const search = params.toString();
    return this.#json<ActionPage>('GET', `${API}/actions${search ? `?${search}` : ''}`, undefined, signal);
  }

  getAction(id: string, signal?: AbortSignal): Promise<ActionView> {
    return this.#json<ActionView>('GET', `${API}/actions/${encodeURIComponent(id)}`, undefined, signal);
  }

  getOutput(id: string, signal?: AbortSignal): Promise<ActionOutput> {
    return this.#json<ActionOutput>('GET', `${API}/actions/${encodeURIComponent(id)}/output`, undefined, signal);
  }

  cancelAction(id: string): Promise<ActionView> {
    return this.#json<ActionView>('POST', `${API}/actions/${encodeURIComponent(id)}/cancel`);
  }

  /** Submits a task: an object goes as JSON, a RawBody (JSON or YAML text) as written with its Content-Type. */
  submitCollaboration(request: CollaborationRequest | RawBody): Promise<CollaborationView> {
    return this.#json<CollaborationView>('POST', `${COLLABORATE}/submit`, request);
  }

  getCollaboration(id: string, signal?: AbortSignal): Promise<CollaborationView> {
    return this.#json<CollaborationView>('GET', `${COLLABORATE}/status/${encodeURIComponent(id)}`, undefined, signal);
  }

  listCollaborations(query: CollaborationQuery = {}, signal?: AbortSignal): Promise<CollaborationPage> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.before) params.set('before', query.before);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.toString();
    return this.#json<CollaborationPage>('GET', `${COLLABORATE}/history${search ? `?${search}` : ''}`, undefined, signal);
  }

  cancelCollaboration(id: string): Promise<CollaborationView> {
    return this.#json<CollaborationView>('POST', `${COLLABORATE}/${encodeURIComponent(id)}/cancel`);
  }

  /** Approves or rejects a subtask waiting at its approval gate; 409 when it is not waiting (any more). */
  decideSubtask(id: string, subtaskId: string, decision: 'approve' | 'reject', comment?: string): Promise<CollaborationView> {
    const body = comment ? { comment } : {};
    return this.#json<CollaborationView>('POST', `${COLLABORATE}/${encodeURIComponent(id)}/subtasks/${encodeURIComponent(subtaskId)}/${decision}`, body);
  }

  /** Re-executes a finished (succeeded or failed) collaboration from its recording, calling no agent or model: the new one. */
  replayCollaboration(id: string): Promise<CollaborationView> {
    return this.#json<CollaborationView>('POST', `${COLLABORATE}/${encodeURIComponent(id)}/replay`);
  }

  /** Runs a finished collaboration again from one subtask (with another agent or input); the rest comes from the recording. */
  forkCollaboration(id: string, request: ForkRequest): Promise<CollaborationView> {
    return this.#json<CollaborationView>('POST', `${COLLABORATE}/${encodeURIComponent(id)}/fork`, request);
  }

  /** Compares two collaborations subtask by subtask, and their results byte for byte. */
  diffCollaborations(id: string, otherId: string, signal?: AbortSignal): Promise<CollaborationDiff> {
    return this.#json<CollaborationDiff>('GET', `${COLLABORATE}/${encodeURIComponent(id)}/diff/${encodeURIComponent(otherId)}`, undefined, signal);
  }

  getCollaborationEvents(id: string, query: { after?: number; limit?: number } = {}, signal?: AbortSignal): Promise<CollaborationEventPage> {
    const params = new URLSearchParams();
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.toString();
    return this.#json<CollaborationEventPage>('GET', `${COLLABORATE}/${encodeURIComponent(id)}/events${search ? `?${search}` : ''}`, undefined, signal);
  }

  /** Every recorded event of a collaboration, oldest first, read page by page. */
  async getAllCollaborationEvents(id: string, signal?: AbortSignal): Promise<CollaborationEvent[]> {
    const events: CollaborationEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await this.getCollaborationEvents(id, { after, limit: EVENT_PAGE }, signal);
      events.push(...page.items);
      // A page that does not move forward would loop for ever; the server never sends one, but be sure.
      if (page.next === null || page.next <= after || page.items.length === 0) return events;
      after = page.next;
    }
  }

  collaborationMetrics(signal?: AbortSignal): Promise<CollaborationMetrics> {
    return this.#json<CollaborationMetrics>('GET', `${COLLABORATE}/metrics`, undefined, signal);
  }

  /** Dead letters, newest first. */
  listDeadLetters(limit = 100, signal?: AbortSignal): Promise<DeadLetterList> {
    return this.#json<DeadLetterList>('GET', `${DEAD_LETTERS}?limit=${limit}`, undefined, signal);
  }

  getDeadLetter(messageId: string, signal?: AbortSignal): Promise<DeadLetterView> {
    return this.#json<DeadLetterView>('GET', `${DEAD_LETTERS}/${encodeURIComponent(messageId)}`, undefined, signal);
  }

  /** Sends the message to its receiver again; it leaves the dead letters. */
  redriveDeadLetter(messageId: string): Promise<{ messageId: string; redriven: boolean }> {
    return this.#json<{ messageId: string; redriven: boolean }>('POST', `${DEAD_LETTERS}/${encodeURIComponent(messageId)}/redrive`);
  }

  purgeDeadLetter(messageId: string): Promise<{ purged: number }> {
    return this.#json<{ purged: number }>('DELETE', `${DEAD_LETTERS}/${encodeURIComponent(messageId)}`);
  }

  /** Drops every dead letter (admin only). */
  purgeAllDeadLetters(): Promise<{ purged: number }> {
    return this.#json<{ purged: number }>('DELETE', DEAD_LETTERS);
  }

  /** The WebSocket address of a collaboration's live events, from the first (`after=0`). */
  collaborationStreamUrl(id: string, pageOrigin: string, after = 0): string {
    return this.#socketUrl(`${COLLABORATE}/${encodeURIComponent(id)}/ws`, pageOrigin, { after: String(after) });
  }

  /**
   * The WebSocket address of an action's live events. A browser WebSocket cannot set headers, so the key goes
   * in `access_token`, which the server accepts on WebSocket requests only.
   */
  actionStreamUrl(id: string, pageOrigin: string): string {
    return this.#socketUrl(`${API}/actions/${encodeURIComponent(id)}/ws`, pageOrigin);
  }

  /**
   * A JSON request for an API area with its own typed client (`gitClient.ts`): the same key, error reading and 401
   * handling as every call here. `undefined` when the server answers 204.
   */
  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, headers?: Record<string, string>): Promise<T> {
    const response = await this.#send(method, path, body, signal, true, headers);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** A download (a test run's export, say): the body as a Blob, with the same key, errors and 401 handling as `request`. */
  async requestBlob(path: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.#send('GET', path, undefined, signal);
    return response.blob();
  }

  /** The WebSocket address of another area's stream (`testingClient.ts`), the key in `access_token` as above. */
  streamUrl(path: string, pageOrigin: string, query: Record<string, string> = {}): string {
    return this.#socketUrl(path, pageOrigin, query);
  }

  #socketUrl(path: string, pageOrigin: string, query: Record<string, string> = {}): string {
    const origin = new URL(this.#baseUrl || pageOrigin);
    const protocol = origin.protocol === 'https:' ? 'wss:' : 'ws:';
    const params = new URLSearchParams(query);
    params.set('access_token', this.#apiKey);
    return `${protocol}//${origin.host}${path}?${params.toString()}`;
  }

  async #json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.#send(method, path, body, signal);
    return (await response.json()) as T;
  }

  async #send(method: string, path: string, body?: unknown, signal?: AbortSignal, throwOnError = true, extraHeaders?: Record<string, string>): Promise<Response> {
    // Extra headers (If-Match on a versioned save) first, so they never replace the key.
    const headers: Record<string, string> = { ...extraHeaders, Accept: 'application/json', Authorization: `Bearer ${this.#apiKey}` };
    const init: RequestInit = { method, headers };
    if (isRawBody(body)) {
      headers['Content-Type'] = body.contentType;
      init.body = body.text;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (signal) init.signal = signal;

    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'Cannot reach the server. Check that it is running and try again.');
    }

    if (!response.ok && throwOnError) {
      const error = await errorFrom(response);
      if (error.isUnauthorized) this.#onUnauthorized?.(error);
      throw error;
    }
    return response;
  }
}

function isRawBody(body: unknown): body is RawBody {
  return (
    body !== null &&
    typeof body === 'object' &&
    Object.keys(body).length === 2 &&
    typeof (body as RawBody).contentType === 'string' &&
    typeof (body as RawBody).text === 'string'
  );
}

/** Reads a failed response: ProblemDetails when the server sent them, otherwise whatever text there is. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let problem: ProblemDetails | null = null;
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as ProblemDetails;
    } catch {
      // Not JSON: a proxy's error page, say. Fall through to the status line.
    }
  }

  const message =
    problem?.detail?.trim() ||
    problem?.title?.trim() ||
    (text && !problem && text.length <= 300 ? text.trim() : '') ||
    defaultMessage(response.status, response.statusText);
  return new ApiError(response.status, message, problem);
}

function defaultMessage(status: number, statusText: string): string {
  switch (status) {
    case 401:
      return 'The API key is missing, invalid or revoked.';
    case 403:
      return "This API key's role may not do this.";
    case 404:
      return 'Not found.';
    case 429:
      return 'Too many requests: wait a moment and try again.';
    default:
      return `The server answered ${status}${statusText ? ` ${statusText}` : ''}.`;
  }
}

/** A message for anything caught from the client. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
