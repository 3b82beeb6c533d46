import { describe, expect, it } from 'vitest';
import { sampleAgent } from '../../testing/samples';
import { emptyActionForm, toActionRequest, whyAgentCannot, type ActionFormValues } from './actionForm';

const form = (values: Partial<ActionFormValues>): ActionFormValues => ({ ...emptyActionForm, agent: 'devops-engineer', ...values });

describe('toActionRequest', () => {
  it('command_OneArgumentPerLine_OnlyCommandFields', () => {
    const { request, errors } = toActionRequest(
      form({ kind: 'command', commandLines: 'sh\n-c\nfor i in 1 2 3; do echo line-$i; sleep 0.4; done\n', path: 'ignored', prompt: 'ignored' }),
    );
    expect(errors).toEqual({});
    expect(request).toEqual({ agent: 'devops-engineer', kind: 'command', command: ['sh', '-c', 'for i in 1 2 3; do echo line-$i; sleep 0.4; done'] });
  });

  it('command_WithDirectoryEnvironmentAndTimeout', () => {
    const { request } = toActionRequest(form({ commandLines: 'make', workingDirectory: ' src ', environmentLines: 'CI=1', timeoutSeconds: '30' }));
    expect(request).toEqual({ agent: 'devops-engineer', kind: 'command', command: ['make'], workingDirectory: 'src', environment: { CI: '1' }, timeoutSeconds: 30 });
  });

  it('command_Empty_IsAnError', () => {
    const { request, errors } = toActionRequest(form({ commandLines: '  \n ' }));
    expect(request).toBeNull();
    expect(errors.commandLines).toBeDefined();
  });

  it('command_BadEnvironment_IsAnError', () => {
    expect(toActionRequest(form({ commandLines: 'env', environmentLines: 'oops' })).errors.environmentLines).toEqual(['Line 1: write NAME=value.']);
  });

  it('readFile_NeedsPath', () => {
    expect(toActionRequest(form({ kind: 'read-file' })).errors.path).toBeDefined();
    expect(toActionRequest(form({ kind: 'read-file', path: 'notes.md' })).request).toEqual({ agent: 'devops-engineer', kind: 'read-file', path: 'notes.md' });
  });

  it('writeFile_SendsContentVerbatim_EvenEmpty', () => {
    expect(toActionRequest(form({ kind: 'write-file', path: 'a.txt', content: '' })).request).toEqual({ agent: 'devops-engineer', kind: 'write-file', path: 'a.txt', content: '' });
    expect(toActionRequest(form({ kind: 'write-file', path: 'a.txt', content: ' x\n' })).request?.content).toBe(' x\n');
  });

  it('listFiles_PathOptional_Recursive', () => {
    expect(toActionRequest(form({ kind: 'list-files', recursive: true })).request).toEqual({ agent: 'devops-engineer', kind: 'list-files', recursive: true });
  });

  it('prompt_NeedsText', () => {
    expect(toActionRequest(form({ kind: 'prompt', prompt: ' ' })).errors.prompt).toBeDefined();
    expect(toActionRequest(form({ kind: 'prompt', prompt: 'Plan a rollout' })).request?.prompt).toBe('Plan a rollout');
  });

  it('noAgent_AndBadTimeout_AreErrors', () => {
    const { errors } = toActionRequest(form({ agent: '', commandLines: 'ls', timeoutSeconds: '0' }));
    expect(Object.keys(errors).sort()).toEqual(['agent', 'timeoutSeconds']);
  });
});

describe('whyAgentCannot', () => {
  it('missingCapability_IsExplained', () => {
    const coordinator = sampleAgent({ name: 'coordinator', capabilities: ['llm', 'planning'] });
    expect(whyAgentCannot(coordinator, 'command')).toMatch(/'command' capability/);
    expect(whyAgentCannot(coordinator, 'prompt')).toBeNull();
  });

  it('sshAgent_CannotDoFileActions', () => {
    const remote = sampleAgent({ location: 'ssh', capabilities: ['command', 'files'] });
    expect(whyAgentCannot(remote, 'read-file')).toMatch(/SSH/);
    expect(whyAgentCannot(remote, 'command')).toBeNull();
  });

  it('noAgent_NoReason', () => {
    expect(whyAgentCannot(undefined, 'command')).toBeNull();
  });
});
