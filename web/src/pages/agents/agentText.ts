import type { AgentView } from '../../api/types';

/** Where an agent runs, in one line: "in-process" or "ssh deploy@host:22". */
export function locationText(agent: Pick<AgentView, 'location' | 'ssh'>): string {
  if (agent.location !== 'ssh') return 'in-process';
  if (!agent.ssh) return 'ssh';
  const port = agent.ssh.port && agent.ssh.port !== 22 ? `:${agent.ssh.port}` : '';
  return `ssh ${agent.ssh.user}@${agent.ssh.host}${port}`;
}
