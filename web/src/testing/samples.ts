import type { ActionView, AgentView } from '../api/types';

export function sampleAgent(overrides: Partial<AgentView> = {}): AgentView {
  return {
    name: 'devops-engineer',
    role: 'devops-engineer',
    description: 'Builds, ships and runs software.',
    capabilities: ['llm', 'command', 'files'],
    maxConcurrency: 2,
    location: 'in-process',
    ssh: null,
    status: 'idle',
    runningActions: 0,
    lastHeartbeatAt: '2026-01-01T10:00:00+00:00',
    builtIn: true,
    createdAt: '2026-01-01T09:00:00+00:00',
    updatedAt: '2026-01-01T09:00:00+00:00',
    ...overrides,
  };
}

export function sampleAction(overrides: Partial<ActionView> = {}): ActionView {
  return {
    id: 'act_0001',
    agent: 'devops-engineer',
    kind: 'command',
    summary: 'echo hi',
    requestedBy: 'admin',
    status: 'queued',
    exitCode: null,
    error: null,
    outputTruncated: false,
    createdAt: '2026-01-01T10:00:00+00:00',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    ...overrides,
  };
}
