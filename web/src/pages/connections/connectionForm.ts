import type { HostingConnectionRegistration, HostingConnectionView, HostingProvider } from '../../api/gitHostingTypes';
import type { RepositoryView } from '../../api/gitTypes';

export interface ConnectionFormValues {
  name: string;
  provider: HostingProvider;
  baseUrl: string;
  token: string;
  webhookSecret: string;
}

export type ConnectionField = keyof ConnectionFormValues;

export const emptyConnectionForm: ConnectionFormValues = { name: '', provider: 'github', baseUrl: '', token: '', webhookSecret: '' };

/** Server validation keys (HostingConnectionStore.AddAsync) and the fields that show them. */
export const connectionErrorFields: Record<string, ConnectionField> = {
  name: 'name',
  provider: 'provider',
  baseUrl: 'baseUrl',
  token: 'token',
  webhookSecret: 'webhookSecret',
};

/** What the server uses when the base URL is left blank. */
export const defaultBaseUrl = (provider: HostingProvider): string => (provider === 'gitlab' ? 'https://gitlab.com' : 'https://api.github.com');

export const providerLabel = (provider: string): string => (provider === 'github' ? 'GitHub' : provider === 'gitlab' ? 'GitLab' : provider);

/**
 * Builds the registration. Only what needs no server is checked here (something is filled in, the token is one
 * line); names and URLs are the server's to judge, and its messages come back per field.
 */
export function toConnectionRegistration(values: ConnectionFormValues): {
  registration: HostingConnectionRegistration | null;
  errors: Partial<Record<ConnectionField, string[]>>;
} {
  const errors: Partial<Record<ConnectionField, string[]>> = {};
  if (!values.name.trim()) errors.name = ['Give the connection a name, for example work.'];
  const token = values.token.trim();
  if (!token) errors.token = ['Give the access token.'];
  else if (/[\r\n]/.test(token)) errors.token = ['A token is one line.'];
  if (Object.keys(errors).length > 0) return { registration: null, errors };

  const registration: HostingConnectionRegistration = { name: values.name.trim(), provider: values.provider, token };
  if (values.baseUrl.trim()) registration.baseUrl = values.baseUrl.trim();
  if (values.webhookSecret.trim()) registration.webhookSecret = values.webhookSecret;
  return { registration, errors };
}

/** Which registered repositories name each connection: a connection in use cannot be removed. */
export function repositoriesByConnection(repositories: RepositoryView[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const repository of repositories) {
    if (!repository.connection) continue;
    users.set(repository.connection, [...(users.get(repository.connection) ?? []), repository.name]);
  }
  for (const names of users.values()) names.sort((a, b) => a.localeCompare(b));
  return users;
}

/** Connections sorted by name, so the list does not jump when one is added. */
export const sortConnections = (connections: HostingConnectionView[]): HostingConnectionView[] =>
  [...connections].sort((a, b) => a.name.localeCompare(b.name));
