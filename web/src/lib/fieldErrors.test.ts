import { describe, expect, it } from 'vitest';
import { agentErrorFields } from '../pages/agents/agentForm';
import { sortFieldErrors } from './fieldErrors';

describe('sortFieldErrors', () => {
  it('serverKeys_GoToTheirFields_RestToOther', () => {
    const sorted = sortFieldErrors(
      {
        name: ['Name is required.'],
        'ssh.privateKeyPath': ['Must be absolute.', 'Does not exist.'],
        'SSH.Host': ['SSH host is required.'],
        '': ['Something general.'],
        systemPrompt: ['Too long.'],
      },
      agentErrorFields,
    );
    expect(sorted.byField).toEqual({
      name: ['Name is required.'],
      sshPrivateKeyPath: ['Must be absolute.', 'Does not exist.'],
      sshHost: ['SSH host is required.'],
    });
    expect(sorted.other).toEqual(['Something general.', 'Too long.']);
  });

  it('sshWithoutTarget_ShowsAtHost', () => {
    expect(sortFieldErrors({ ssh: ['An SSH agent needs ssh.host.'] }, agentErrorFields).byField).toEqual({ sshHost: ['An SSH agent needs ssh.host.'] });
  });
});
