import { describe, expect, it } from 'vitest';
import type { AgentView } from '../api/types';
import { ev, resetSequence } from '../testing/collaborationSamples';
import { agentsFor, buildForkRequest, canReExecute, describeOrigin, diffHref, forkFieldErrors, inputText, planOf } from './replayFork';

const agent = (name: string, capabilities: string[]): AgentView => ({
  name,
  role: name,
  description: '',
  capabilities,
  maxConcurrency: 1,
  location: 'in-process',
  ssh: null,
  status: 'idle',
  runningActions: 0,
  lastHeartbeatAt: null,
  builtIn: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('origin', () => {
  it('canReExecute_OnlySucceededOrFailed', () => {
    expect(canReExecute('succeeded')).toBe(true);
    expect(canReExecute('failed')).toBe(true);
    expect(canReExecute('running')).toBe(false);
    expect(canReExecute('cancelled')).toBe(false);
    expect(canReExecute('budget-exhausted')).toBe(false);
  });

  it('describeOrigin_Replay', () => {
    expect(describeOrigin({ kind: 'replay', collaborationId: 'col_1' })).toEqual({ prefix: 'Replay of', suffix: '' });
  });

  it.each([
    [{ subtask: 'b', agent: 'qa', input: null }, 'at subtask b with agent qa'],
    [{ subtask: 'b', agent: null, input: { x: 1 } }, 'at subtask b with a new input'],
    [{ subtask: 'b', agent: 'qa', input: { x: 1 } }, 'at subtask b with agent qa and a new input'],
    [{ subtask: 'b' }, 'at subtask b'],
  ])('describeOrigin_Fork %j', (fork, suffix) => {
    expect(describeOrigin({ kind: 'fork', collaborationId: 'col_1', ...fork })).toEqual({ prefix: 'Fork of', suffix });
  });

  it('diffHref_OriginalOnTheLeft', () => {
    expect(diffHref('col 1', 'col_2')).toBe('/collaborations/col%201/diff/col_2');
  });
});

describe('planOf', () => {
  it('readsTheSubtasksOfTheSubmittedEvent', () => {
    resetSequence();
    const events = [
      ev('submitted', null, { plan: { subtasks: [{ id: 'a', tool: 'echo', input: { x: 1 } }, { nope: true }, { id: 'b', tool: 'command' }] } }),
      ev('subtask-started', 'a', { agent: 'qa' }),
    ];
    expect(planOf(events)).toEqual([
      { id: 'a', tool: 'echo', input: { x: 1 } },
      { id: 'b', tool: 'command' },
    ]);
  });

  it('withoutSubmitted_IsNull', () => {
    resetSequence();
    expect(planOf([ev('subtask-started', 'a', {})])).toBeNull();
    expect(planOf([ev('submitted', null, { plan: 'x' })])).toBeNull();
  });
});

describe('agentsFor', () => {
  const agents = [agent('writer', ['files']), agent('devops', ['command', 'files']), agent('analyst', ['llm', 'command'])];

  it('command_AgentsWithTheCommandCapability_ByName', () => {
    expect(agentsFor({ tool: 'command' }, agents).map((a) => a.name)).toEqual(['analyst', 'devops']);
  });

  it('capabilityAndTool_BothNeeded', () => {
    expect(agentsFor({ tool: 'command', capability: 'files' }, agents).map((a) => a.name)).toEqual(['devops']);
  });

  it('unknownToolOrNoMatch_EveryAgent', () => {
    expect(agentsFor({ tool: 'echo' }, agents).map((a) => a.name)).toEqual(['analyst', 'devops', 'writer']);
    expect(agentsFor({ capability: 'gpu' }, agents)).toHaveLength(3);
    expect(agentsFor(undefined, agents)).toHaveLength(3);
  });
});

describe('buildForkRequest', () => {
  const original = { command: ['echo', 'hi'] };

  it('unchangedInput_IsLeftOut_EvenReindented', () => {
    expect(buildForkRequest({ subtask: 'b', agent: '', input: '{"command":["echo","hi"]}' }, original)).toEqual({ request: { subtask: 'b' } });
    expect(buildForkRequest({ subtask: 'b', agent: 'qa', input: inputText(original) }, original)).toEqual({ request: { subtask: 'b', agent: 'qa' } });
  });

  it('emptyInput_KeepsThePlans', () => {
    expect(buildForkRequest({ subtask: 'b', agent: '', input: '  ' }, original)).toEqual({ request: { subtask: 'b' } });
  });

  it('newInput_IsSentParsed', () => {
    expect(buildForkRequest({ subtask: 'b', agent: '', input: '{ "command": ["echo", "bye"] }' }, original)).toEqual({
      request: { subtask: 'b', input: { command: ['echo', 'bye'] } },
    });
    expect(buildForkRequest({ subtask: 'b', agent: '', input: '{"x": 1}' }, undefined)).toEqual({ request: { subtask: 'b', input: { x: 1 } } });
  });

  it('invalidJson_IsAnInputError', () => {
    const built = buildForkRequest({ subtask: 'b', agent: '', input: '{ "command": ' }, original);
    expect('errors' in built && built.errors.input?.[0]).toMatch(/^Not valid JSON/);
  });

  it('notAnObject_IsAnInputError', () => {
    const built = buildForkRequest({ subtask: 'b', agent: '', input: '[1, 2]' }, original);
    expect('errors' in built && built.errors.input?.[0]).toMatch(/JSON object/);
  });

  it('noSubtask_IsASubtaskError', () => {
    expect(buildForkRequest({ subtask: '', agent: '', input: '' }, undefined)).toEqual({ errors: { subtask: ['Choose the subtask to fork at.'] } });
  });

  it('inputText_PrettyOrEmpty', () => {
    expect(inputText(undefined)).toBe('');
    expect(inputText(null)).toBe('');
    expect(inputText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('forkFieldErrors', () => {
  it('sortsTheServersErrorsIntoTheForm', () => {
    const sorted = forkFieldErrors(
      {
        subtask: ["Collaboration 'col_1' has no subtask 'z'."],
        'plan.subtasks[b]': ["Subtask 'b' names agent 'ghost', which is not registered.", "Subtask 'b': command needs a non-empty 'command' array."],
        'plan.result': ['Something else.'],
      },
      'b',
    );
    expect(sorted.byField).toEqual({
      subtask: ["Collaboration 'col_1' has no subtask 'z'."],
      agent: ["Subtask 'b' names agent 'ghost', which is not registered."],
      input: ["Subtask 'b': command needs a non-empty 'command' array."],
    });
    expect(sorted.other).toEqual(['Something else.']);
  });

  it('otherSubtasksErrors_AreNotThisForm', () => {
    expect(forkFieldErrors({ 'plan.subtasks[c]': ['x'] }, 'b')).toEqual({ byField: {}, other: ['x'] });
  });
});
