import type { CollaborationDiff, CollaborationEvent, CollaborationView, SubtaskView } from '../api/types';

export function sampleSubtask(overrides: Partial<SubtaskView> = {}): SubtaskView {
  return {
    id: 'a',
    title: null,
    tool: 'echo',
    capability: null,
    dependsOn: [],
    status: 'pending',
    agent: null,
    attempts: 0,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    error: null,
    output: null,
    artifacts: [],
    compensation: false,
    ...overrides,
  };
}

/** a → b, c → d (d behind an approval gate), as just submitted. */
export function sampleCollaboration(overrides: Partial<CollaborationView> = {}): CollaborationView {
  return {
    id: 'col_0001',
    title: 'Example',
    description: null,
    status: 'running',
    priority: 5,
    submittedBy: 'admin',
    planner: 'explicit',
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    progress: { total: 4, pending: 4, running: 0, awaitingApproval: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, percent: 0, etaSeconds: 12 },
    usage: { elapsedSeconds: 0, tokens: 0, cost: 0, subtaskRuns: 0 },
    error: null,
    result: null,
    subtasks: [
      sampleSubtask({ id: 'a', status: 'ready' }),
      sampleSubtask({ id: 'b', dependsOn: ['a'] }),
      sampleSubtask({ id: 'c', status: 'ready' }),
      sampleSubtask({ id: 'd', dependsOn: ['c'] }),
    ],
    planNotes: [],
    origin: null,
    sequence: 1,
    ...overrides,
  };
}

let sequence = 0;
export function resetSequence(): void {
  sequence = 0;
}

export function ev(type: CollaborationEvent['type'], subtask: string | null = null, data: Record<string, unknown> | null = null, at?: string): CollaborationEvent {
  sequence += 1;
  return { sequence, type, at: at ?? new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(), subtask, data };
}

/** col_0001 against a fork of it at `b` with a new input: the result and b's output differ, a is unchanged. */
export function sampleDiff(overrides: Partial<CollaborationDiff> = {}): CollaborationDiff {
  return {
    left: 'col_0001',
    right: 'col_0002',
    leftStatus: 'succeeded',
    rightStatus: 'succeeded',
    resultIdentical: false,
    resultDiff: ['{', '-  "greeting": "hello"', '+  "greeting": "bonjour"', '}'],
    unchanged: 1,
    subtasks: [
      {
        id: 'b',
        changes: ['output'],
        left: { status: 'succeeded', agent: 'devops-engineer', attempts: 1, durationMs: 12, error: null, output: { greeting: 'hello' } },
        right: { status: 'succeeded', agent: 'devops-engineer', attempts: 1, durationMs: 9, error: null, output: { greeting: 'bonjour' } },
        outputDiff: ['{', '-  "greeting": "hello"', '+  "greeting": "bonjour"', '}'],
      },
    ],
    ...overrides,
  };
}
