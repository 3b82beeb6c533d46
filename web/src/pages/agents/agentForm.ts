import type { AgentLocation, AgentRegistration } from '../../api/types';
import { splitList } from '../../lib/format';

export interface AgentFormValues {
  name: string;
  role: string;
  description: string;
  /** Comma-separated. */
  capabilities: string;
  maxConcurrency: string;
  location: AgentLocation;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshPrivateKeyPath: string;
}

export type AgentField = keyof AgentFormValues;

export const emptyAgentForm: AgentFormValues = {
  name: '',
  role: '',
  description: '',
  capabilities: '',
  maxConcurrency: '1',
  location: 'in-process',
  sshHost: '',
  sshPort: '22',
  sshUser: '',
  sshPrivateKeyPath: '',
};

/** Server validation keys (AgentRegistry.Validate) and the fields that show them. */
export const agentErrorFields: Record<string, AgentField> = {
  name: 'name',
  role: 'role',
  description: 'description',
  capabilities: 'capabilities',
  maxConcurrency: 'maxConcurrency',
  location: 'location',
  ssh: 'sshHost',
  'ssh.host': 'sshHost',
  'ssh.port': 'sshPort',
  'ssh.user': 'sshUser',
  'ssh.privateKeyPath': 'sshPrivateKeyPath',
};

export interface AgentFormResult {
  registration: AgentRegistration | null;
  errors: Partial<Record<AgentField, string[]>>;
}

/**
 * Builds the registration. Only what the browser can know is checked here (numbers are numbers); names, roles and
 * key files are the server's to judge, and its messages come back per field. Empty optional fields are left out,
 * so the server's defaults (the role's description and capabilities) apply.
 */
export function toRegistration(values: AgentFormValues): AgentFormResult {
  const errors: Partial<Record<AgentField, string[]>> = {};
  const registration: AgentRegistration = {
    name: values.name.trim(),
    role: values.role.trim(),
    location: values.location,
  };

  if (values.description.trim()) registration.description = values.description.trim();
  const capabilities = splitList(values.capabilities);
  if (capabilities.length > 0) registration.capabilities = capabilities;

  if (values.maxConcurrency.trim()) {
    const max = parseWholeNumber(values.maxConcurrency);
    if (max === null) errors.maxConcurrency = ['Max concurrency must be a whole number.'];
    else registration.maxConcurrency = max;
  }

  if (values.location === 'ssh') {
    let port = 22;
    if (values.sshPort.trim()) {
      const parsed = parseWholeNumber(values.sshPort);
      if (parsed === null) errors.sshPort = ['SSH port must be a whole number.'];
      else port = parsed;
    }
    registration.ssh = {
      host: values.sshHost.trim(),
      port,
      user: values.sshUser.trim(),
      privateKeyPath: values.sshPrivateKeyPath.trim(),
    };
  }

  return { registration: Object.keys(errors).length === 0 ? registration : null, errors };
}

export function parseWholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  return Number(trimmed);
}
