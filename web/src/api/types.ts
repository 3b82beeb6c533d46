// The API's JSON shapes, mirrored from the server's records (camelCase, enums as kebab-case strings).
// Sources: Lightning.Agents/Registry/*.cs, Lightning.Agents/Actions/*.cs, Lightning.Server/Endpoints/StatusEndpoints.cs.

export const ACTION_KINDS = ['command', 'read-file', 'write-file', 'list-files', 'prompt'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed-out'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const AGENT_STATUSES = ['idle', 'busy', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export type AgentLocation = 'in-process' | 'ssh' | 'worker';

/** SshTarget: key authentication only; the key file stays on the server. */
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKeyPath: string;
}

/** AgentView: an agent with its live status. */
export interface AgentView {
  name: string;
  role: string;
  description: string;
  capabilities: string[];
  maxConcurrency: number;
  location: AgentLocation;
  ssh: SshTarget | null;
  status: AgentStatus;
  runningActions: number;
  lastHeartbeatAt: string | null;
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}

/** AgentRegistration: what registers (or updates) an agent. Absent fields take the server's defaults. */
export interface AgentRegistration {
  name?: string;
  role?: string;
  description?: string;
  capabilities?: string[];
  maxConcurrency?: number;
  location?: AgentLocation;
  ssh?: SshTarget | null;
  systemPrompt?: string;
}

/** ActionRequest: `command` is an argument list (program first), never run through a shell. */
export interface ActionRequest {
  agent: string;
  kind: ActionKind;
  command?: string[];
  path?: string;
  content?: string;
  recursive?: boolean;
  prompt?: string;
  workingDirectory?: string;
  timeoutSeconds?: number;
  environment?: Record<string, string>;
}

/** ActionView: an action without its output. */
export interface ActionView {
  id: string;
  agent: string;
  kind: ActionKind;
  summary: string;
  requestedBy: string;
  status: ActionStatus;
  exitCode: number | null;
  error: string | null;
  outputTruncated: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/** ActionPage: newest first; `next` is the cursor (`before`) of the following page, null on the last. */
export interface ActionPage {
  items: ActionView[];
  next: string | null;
}

export interface ActionOutput {
  id: string;
  status: ActionStatus;
  output: string;
  outputTruncated: boolean;
  /** The output split by stream, in order, so stderr stays distinguishable after the action finished. */
  segments: { stream: string; text: string }[];
}

export interface ActionQuery {
  agent?: string;
  status?: ActionStatus;
  limit?: number;
  before?: string;
}

export type OutputStreamName = 'stdout' | 'stderr';

export interface ActionOutputData {
  stream: OutputStreamName;
  text: string;
}

/** One WebSocket message of an action's live stream. */
export type ActionEvent =
  | { type: 'output'; at: string; data: ActionOutputData }
  | { type: 'status'; at: string; data: ActionView }
  | { type: 'finished'; at: string; data: ActionView };

export interface PlatformStatus {
  version: string;
  startedAt: string;
  database: string;
  agents: { total: number; idle: number; busy: number; offline: number };
  runningActions: number;
  model: { configured: boolean; name: string | null };
  caller: { name: string; role: string };
}

export interface Health {
  ready: boolean;
  /** The health check's own word: "Healthy", "Degraded" or "Unhealthy". */
  text: string;
}

/** RFC 7807 ProblemDetails as the server writes them; `errors` only for validation failures. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  code?: string;
  traceId?: string;
}

export function isFinished(status: ActionStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

// ---------- Collaborations (/api/v2/collaborate) ----------
// Sources: Lightning.Collaboration/Tasks/*.cs, Lightning.Server/Endpoints/CollaborationEndpoints.cs.

export const COLLABORATION_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'budget-exhausted'] as const;
export type CollaborationStatus = (typeof COLLABORATION_STATUSES)[number];

export const SUBTASK_STATUSES = ['pending', 'ready', 'awaiting-approval', 'running', 'retrying', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type SubtaskStatus = (typeof SUBTASK_STATUSES)[number];

export interface SubtaskSpec {
  id: string;
  title?: string;
  tool?: string;
  capability?: string;
  agent?: string;
  input?: unknown;
  dependsOn?: string[];
  requiresApproval?: boolean;
  retry?: unknown;
  onFailure?: string;
  aggregate?: unknown;
}

export interface CollaborationRequest {
  title?: string;
  description?: string;
  priority?: number;
  plan?: { subtasks: SubtaskSpec[]; maxParallel?: number; result?: string };
  template?: string;
  parameters?: Record<string, unknown>;
}

export interface CollaborationProgress {
  total: number;
  pending: number;
  running: number;
  awaitingApproval: number;
  succeeded: number;
  failed: number;
  skipped: number;
  cancelled: number;
  percent: number;
  etaSeconds: number | null;
}

export interface CollaborationUsage {
  elapsedSeconds: number;
  tokens: number;
  cost: number;
  subtaskRuns: number;
}

export interface SubtaskView {
  id: string;
  title: string | null;
  tool: string | null;
  capability: string | null;
  dependsOn: string[];
  status: SubtaskStatus;
  agent: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
  output: unknown;
  artifacts: string[];
  /** True for a compensation-only subtask: it runs only when a failure triggers it. */
  compensation: boolean;
}

export interface CollaborationView {
  id: string;
  title: string | null;
  description: string | null;
  status: CollaborationStatus;
  priority: number;
  submittedBy: string;
  planner: string | null;
  createdAt: string;
  finishedAt: string | null;
  progress: CollaborationProgress;
  usage: CollaborationUsage;
  error: string | null;
  result: unknown;
  subtasks: SubtaskView[];
  planNotes: string[];
  /** Where a replay or fork comes from; null for a collaboration submitted as such. */
  origin: CollaborationOrigin | null;
  /** The sequence number of the last event this read includes: the live page applies only the events after it. */
  sequence: number;
}

/**
 * CollaborationOrigin: `replay` re-executed `collaborationId` from its recording; `fork` did too, except that
 * `subtask` and what depends on it ran for real, with `agent` and/or `input` changed.
 */
export interface CollaborationOrigin {
  kind: 'replay' | 'fork';
  collaborationId: string;
  subtask?: string | null;
  agent?: string | null;
  input?: unknown;
}

/** ForkRequest: where to fork a finished collaboration, and what to change there (nothing: run it again). */
export interface ForkRequest {
  subtask: string;
  agent?: string;
  input?: unknown;
}

/** What changed in a subtask between two collaborations (Lightning.Collaboration/Replay/CollaborationDiff.cs). */
export type SubtaskChange = 'status' | 'agent' | 'attempts' | 'output' | 'error' | 'only-left' | 'only-right';

export interface SubtaskSide {
  status: SubtaskStatus;
  agent: string | null;
  attempts: number;
  durationMs: number | null;
  error: string | null;
  output: unknown;
}

export interface SubtaskDiff {
  id: string;
  changes: SubtaskChange[];
  left: SubtaskSide | null;
  right: SubtaskSide | null;
  /** Unified lines of the pretty-printed outputs, each prefixed "-", "+" or " ". */
  outputDiff: string[];
}

/** CollaborationDiff: two collaborations side by side; only the subtasks that changed are listed. */
export interface CollaborationDiff {
  left: string;
  right: string;
  leftStatus: CollaborationStatus;
  rightStatus: CollaborationStatus;
  resultIdentical: boolean;
  resultDiff: string[];
  unchanged: number;
  subtasks: SubtaskDiff[];
}

export interface CollaborationSummary {
  id: string;
  title: string | null;
  status: CollaborationStatus;
  priority: number;
  submittedBy: string;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  succeeded: number;
  failed: number;
}

export interface CollaborationPage {
  items: CollaborationSummary[];
  next: string | null;
}

export interface CollaborationQuery {
  status?: CollaborationStatus;
  before?: string;
  limit?: number;
}

export const COLLABORATION_EVENT_TYPES = [
  'submitted',
  'resumed',
  'subtask-awaiting-approval',
  'subtask-approved',
  'subtask-rejected',
  'subtask-started',
  'subtask-succeeded',
  'subtask-failed',
  'subtask-skipped',
  'subtask-cancelled',
  'compensation-triggered',
  'cancel-requested',
  'budget-exhausted',
  'finished',
  'message',
] as const;
export type CollaborationEventType = (typeof COLLABORATION_EVENT_TYPES)[number];

/** One recorded event of a collaboration (from /events or the WebSocket). `data` depends on the type. */
export interface CollaborationEvent {
  sequence: number;
  type: CollaborationEventType;
  at: string;
  subtask: string | null;
  data: Record<string, unknown> | null;
}

/** A page of /events: `next` is the sequence to ask `after` for the next page, null on the last one. */
export interface CollaborationEventPage {
  items: CollaborationEvent[];
  next: number | null;
}

/** The data of a `message` event: one message between agents (or the coordinator) inside a collaboration. */
export interface ConversationMessageData {
  conversation: string;
  performative: string;
  sender: string;
  receiver: string;
  subtask: string | null;
  inReplyTo: string | null;
  content: unknown;
}

export interface AgentMetrics {
  agent: string;
  runs: number;
  succeeded: number;
  failed: number;
  successRate: number;
  meanLatencyMs: number;
  p95LatencyMs: number;
  running: number;
}

export interface CollaborationMetrics {
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  budgetExhausted: number;
  subtasksCompleted: number;
  subtasksFailed: number;
  subtasksPerSecondLastMinute: number;
  agents: AgentMetrics[];
}

export function isCollaborationFinished(status: CollaborationStatus): boolean {
  return status !== 'running';
}

// ---------- Dead letters (/api/v2/collaborate/dead-letters) ----------
// Source: Lightning.Server/Endpoints/DeadLetterEndpoints.cs.

/** One delivery attempt of a dead-lettered message. */
export interface DeadLetterAttempt {
  attempt: number;
  at: string;
  consumer: string | null;
  outcome: string;
  reason: string | null;
}

/** A bus message that could not be delivered and was set aside; redrive sends it again. */
export interface DeadLetterView {
  messageId: string;
  conversationId: string | null;
  protocol: string | null;
  performative: string;
  sender: string;
  /** An address such as `agent:build-1`. */
  receiver: string;
  priority: number;
  attempt: number;
  idempotencyKey: string | null;
  createdAt: string;
  replyBy: string | null;
  reason: string;
  deadAt: string;
  payload: unknown;
  history: DeadLetterAttempt[];
}

export interface DeadLetterList {
  items: DeadLetterView[];
}
