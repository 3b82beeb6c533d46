import { describe, expect, it } from 'vitest';
import { sampleAgent } from '../../testing/samples';
import { emptyAgentForm, parseWholeNumber, toRegistration } from './agentForm';
import { locationText } from './agentText';

describe('toRegistration', () => {
  it('inProcess_LeavesEmptyOptionalsToServerDefaults', () => {
    const { registration, errors } = toRegistration({ ...emptyAgentForm, name: ' builder ', role: 'devops-engineer', maxConcurrency: '' });
    expect(errors).toEqual({});
    expect(registration).toEqual({ name: 'builder', role: 'devops-engineer', location: 'in-process' });
  });

  it('allFields_AreSent', () => {
    const { registration } = toRegistration({
      ...emptyAgentForm,
      name: 'builder',
      role: 'devops-engineer',
      description: ' Builds things ',
      capabilities: 'command, files, ci',
      maxConcurrency: '4',
    });
    expect(registration).toEqual({
      name: 'builder',
      role: 'devops-engineer',
      description: 'Builds things',
      capabilities: ['command', 'files', 'ci'],
      maxConcurrency: 4,
      location: 'in-process',
    });
  });

  it('ssh_SendsTarget_PortDefaults22', () => {
    const { registration } = toRegistration({
      ...emptyAgentForm,
      name: 'remote',
      role: 'devops-engineer',
      location: 'ssh',
      sshHost: ' build.example.com ',
      sshPort: '',
      sshUser: 'deploy',
      sshPrivateKeyPath: '/keys/id_ed25519',
    });
    expect(registration?.location).toBe('ssh');
    expect(registration?.ssh).toEqual({ host: 'build.example.com', port: 22, user: 'deploy', privateKeyPath: '/keys/id_ed25519' });
  });

  it('inProcess_IgnoresSshFields', () => {
    const { registration } = toRegistration({ ...emptyAgentForm, name: 'a', role: 'b', sshHost: 'left-over' });
    expect(registration?.ssh).toBeUndefined();
  });

  it('badNumbers_AreFieldErrors', () => {
    const { registration, errors } = toRegistration({ ...emptyAgentForm, name: 'a', role: 'b', maxConcurrency: 'two', location: 'ssh', sshPort: '22x' });
    expect(registration).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['maxConcurrency', 'sshPort']);
  });

  it('wholeNumbers', () => {
    expect(parseWholeNumber(' 12 ')).toBe(12);
    expect(parseWholeNumber('1.5')).toBeNull();
    expect(parseWholeNumber('-1')).toBeNull();
    expect(parseWholeNumber('')).toBeNull();
  });
});

describe('locationText', () => {
  it('inProcessAndSsh', () => {
    expect(locationText(sampleAgent())).toBe('in-process');
    expect(locationText(sampleAgent({ location: 'ssh', ssh: { host: 'h', port: 22, user: 'u', privateKeyPath: '/k' } }))).toBe('ssh u@h');
    expect(locationText(sampleAgent({ location: 'ssh', ssh: { host: 'h', port: 2222, user: 'u', privateKeyPath: '/k' } }))).toBe('ssh u@h:2222');
  });
});
