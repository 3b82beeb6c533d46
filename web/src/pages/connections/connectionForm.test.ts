import { describe, expect, it } from 'vitest';
import type { RepositoryView } from '../../api/gitTypes';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { connectionErrorFields, defaultBaseUrl, emptyConnectionForm, repositoriesByConnection, sortConnections, toConnectionRegistration } from './connectionForm';

const repository = (name: string, connection: string | null): RepositoryView => ({
  name,
  path: `/srv/${name}`,
  cloneUrl: null,
  managed: false,
  connection,
  hostedRepository: connection ? `octo/${name}` : null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'admin',
});

describe('toConnectionRegistration', () => {
  it('blankForm_NamesTheMissingFields', () => {
    const result = toConnectionRegistration(emptyConnectionForm);
    expect(result.registration).toBeNull();
    expect(Object.keys(result.errors).sort()).toEqual(['name', 'token']);
  });

  it('multiLineToken_IsRefused', () => {
    const result = toConnectionRegistration({ ...emptyConnectionForm, name: 'work', token: 'ghp_a\nghp_b' });
    expect(result.registration).toBeNull();
    expect(result.errors.token).toEqual(['A token is one line.']);
  });

  it('minimal_LeavesTheServerDefaults', () => {
    const result = toConnectionRegistration({ ...emptyConnectionForm, name: ' work ', token: ' ghp_x ', baseUrl: '  ' });
    expect(result.registration).toEqual({ name: 'work', provider: 'github', token: 'ghp_x' });
  });

  it('full_KeepsBaseUrlAndSecret', () => {
    const result = toConnectionRegistration({ name: 'lab', provider: 'gitlab', baseUrl: ' https://gitlab.example.com ', token: 'glpat-x', webhookSecret: 'hook' });
    expect(result.registration).toEqual({ name: 'lab', provider: 'gitlab', token: 'glpat-x', baseUrl: 'https://gitlab.example.com', webhookSecret: 'hook' });
  });

  it('serverErrors_LandOnTheirFields', () => {
    const sorted = sortFieldErrors({ BaseUrl: ['https only'], token: ['one line'], other: ['?'] }, connectionErrorFields);
    expect(sorted.byField).toEqual({ baseUrl: ['https only'], token: ['one line'] });
    expect(sorted.other).toEqual(['?']);
  });

  it('defaultBaseUrl_PerProvider', () => {
    expect(defaultBaseUrl('github')).toBe('https://api.github.com');
    expect(defaultBaseUrl('gitlab')).toBe('https://gitlab.com');
  });
});

describe('connection lists', () => {
  it('repositoriesByConnection_GroupsAndSorts', () => {
    const users = repositoriesByConnection([repository('web', 'work'), repository('api', 'work'), repository('docs', null), repository('tool', 'lab')]);
    expect([...users.entries()]).toEqual([
      ['work', ['api', 'web']],
      ['lab', ['tool']],
    ]);
  });

  it('sortConnections_ByName', () => {
    const view = (name: string) => ({ name, provider: 'github', baseUrl: 'https://api.github.com/', hasWebhookSecret: false, createdAt: '', createdBy: 'admin' });
    expect(sortConnections([view('work'), view('lab')]).map((item) => item.name)).toEqual(['lab', 'work']);
  });
});
