import type { RawBody } from '../../api/client';

export const EXAMPLE_PLAN_YAML = `# Two chains: a → b, and c → d, where d waits for an approval.
maxParallel: 4
subtasks:
  - id: a
    title: Say hello
    tool: echo
    input: { greeting: hello }
  - id: b
    title: Pass it on
    tool: echo
    dependsOn: [a]
    input: { heard: "\${outputs.a.greeting}" }
  - id: c
    title: Prepare a change
    tool: echo
    input: { change: "rename the build job" }
  - id: d
    title: Apply it (needs approval)
    tool: echo
    dependsOn: [c]
    requiresApproval: true
    input: { applied: "\${outputs.c.change}" }
`;

export const EXAMPLE_PLAN_JSON = `{
  "maxParallel": 4,
  "subtasks": [
    { "id": "a", "title": "Say hello", "tool": "echo", "input": { "greeting": "hello" } },
    { "id": "b", "title": "Pass it on", "tool": "echo", "dependsOn": ["a"], "input": { "heard": "\${outputs.a.greeting}" } },
    { "id": "c", "title": "Prepare a change", "tool": "echo", "input": { "change": "rename the build job" } },
    { "id": "d", "title": "Apply it (needs approval)", "tool": "echo", "dependsOn": ["c"], "requiresApproval": true,
      "input": { "applied": "\${outputs.c.change}" } }
  ]
}
`;

export type PlanFormat = 'json' | 'yaml';

/** JSON when the plan starts with `{`, otherwise YAML (of which JSON is a subset anyway). */
export function planFormat(plan: string): PlanFormat {
  return plan.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * The task document to submit: the title and the plan as typed, in the plan's own format, sent with the matching
 * Content-Type so the server's strict reader reports mistakes in the text the user wrote.
 */
export function toTaskBody(title: string, plan: string): { body: RawBody | null; errors: { title?: string[]; plan?: string[] } } {
  if (plan.trim() === '') return { body: null, errors: { plan: ['Write a plan: at least one subtask.'] } };
  const trimmedTitle = title.trim();
  if (planFormat(plan) === 'json') {
    const head = trimmedTitle ? `"title": ${JSON.stringify(trimmedTitle)}, ` : '';
    return { body: { contentType: 'application/json', text: `{${head}"plan":\n${plan.trim()}\n}` }, errors: {} };
  }
  const indented = plan
    .replace(/\r\n/g, '\n')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
  const head = trimmedTitle ? `title: ${JSON.stringify(trimmedTitle)}\n` : '';
  return { body: { contentType: 'application/yaml', text: `${head}plan:\n${indented}\n` }, errors: {} };
}

/** Sorts the server's validation errors: `title` to the title field, everything else (paths in the plan) to the plan. */
export function sortTaskErrors(errors: Record<string, string[]>): { title: string[]; plan: string[] } {
  const title: string[] = [];
  const plan: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const path = key.replace(/^\$\.?/, '');
    if (path.toLowerCase() === 'title') {
      title.push(...messages);
      continue;
    }
    const where = path.replace(/^plan\.?/i, '');
    for (const message of messages) plan.push(where ? `${where}: ${message}` : message);
  }
  return { title, plan };
}
