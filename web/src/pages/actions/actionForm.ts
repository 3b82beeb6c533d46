import type { ActionKind, ActionRequest, AgentView } from '../../api/types';
import { parseCommandLines, parseEnvironmentLines } from '../../lib/commandLines';
import { parseWholeNumber } from '../agents/agentForm';

export interface ActionFormValues {
  agent: string;
  kind: ActionKind;
  /** One argument per line, the program first. */
  commandLines: string;
  /** NAME=value per line. */
  environmentLines: string;
  path: string;
  content: string;
  recursive: boolean;
  prompt: string;
  workingDirectory: string;
  timeoutSeconds: string;
}

export type ActionField = keyof ActionFormValues;

export const emptyActionForm: ActionFormValues = {
  agent: '',
  kind: 'command',
  commandLines: '',
  environmentLines: '',
  path: '',
  content: '',
  recursive: false,
  prompt: '',
  workingDirectory: '',
  timeoutSeconds: '',
};

/** Server validation keys (ActionService.Validate) and the fields that show them. */
export const actionErrorFields: Record<string, ActionField> = {
  agent: 'agent',
  kind: 'kind',
  command: 'commandLines',
  environment: 'environmentLines',
  path: 'path',
  content: 'content',
  prompt: 'prompt',
  workingDirectory: 'workingDirectory',
  timeoutSeconds: 'timeoutSeconds',
};

export const kindLabels: Record<ActionKind, string> = {
  command: 'Run a command',
  'read-file': 'Read a file',
  'write-file': 'Write a file',
  'list-files': 'List files',
  prompt: 'Ask the model',
};

/** The capability each kind needs (ActionService.CheckAgentCanDo). */
export const capabilityFor: Record<ActionKind, string> = {
  command: 'command',
  'read-file': 'files',
  'write-file': 'files',
  'list-files': 'files',
  prompt: 'llm',
};

/** Why an agent cannot run a kind, or null when it can. Mirrors the server's checks to explain them up front. */
export function whyAgentCannot(agent: AgentView | undefined, kind: ActionKind): string | null {
  if (!agent) return null;
  const needed = capabilityFor[kind];
  if (!agent.capabilities.includes(needed)) return `${agent.name} lacks the '${needed}' capability this needs.`;
  if (agent.location === 'ssh' && kind !== 'command' && kind !== 'prompt') {
    return `${agent.name} runs over SSH: file actions work on in-process agents only.`;
  }
  return null;
}

export interface ActionFormResult {
  request: ActionRequest | null;
  errors: Partial<Record<ActionField, string[]>>;
}

/** Builds the request with only the fields of the chosen kind. */
export function toActionRequest(values: ActionFormValues): ActionFormResult {
  const errors: Partial<Record<ActionField, string[]>> = {};
  const request: ActionRequest = { agent: values.agent, kind: values.kind };
  if (!values.agent) errors.agent = ['Choose an agent.'];

  switch (values.kind) {
    case 'command': {
      const command = parseCommandLines(values.commandLines);
      if (command.length === 0 || command[0] === '') errors.commandLines = ['Write the program on the first line.'];
      request.command = command;
      if (values.workingDirectory.trim()) request.workingDirectory = values.workingDirectory.trim();
      const environment = parseEnvironmentLines(values.environmentLines);
      if (environment.errors.length > 0) errors.environmentLines = environment.errors;
      if (Object.keys(environment.values).length > 0) request.environment = environment.values;
      break;
    }
    case 'read-file':
      if (!values.path.trim()) errors.path = ['Path is required.'];
      request.path = values.path.trim();
      break;
    case 'write-file':
      if (!values.path.trim()) errors.path = ['Path is required.'];
      request.path = values.path.trim();
      request.content = values.content;
      break;
    case 'list-files':
      if (values.path.trim()) request.path = values.path.trim();
      request.recursive = values.recursive;
      break;
    case 'prompt':
      if (!values.prompt.trim()) errors.prompt = ['Write a prompt.'];
      request.prompt = values.prompt;
      break;
  }

  if (values.timeoutSeconds.trim()) {
    const timeout = parseWholeNumber(values.timeoutSeconds);
    if (timeout === null || timeout < 1) errors.timeoutSeconds = ['Timeout must be a whole number of seconds, at least 1.'];
    else request.timeoutSeconds = timeout;
  }

  return { request: Object.keys(errors).length === 0 ? request : null, errors };
}
