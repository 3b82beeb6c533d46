import { describe, expect, it } from 'vitest';
import { EXAMPLE_PLAN_JSON, EXAMPLE_PLAN_YAML, planFormat, sortTaskErrors, toTaskBody } from './collaborationForm';

describe('collaboration form', () => {
  it('planFormat_JsonWhenItStartsWithABrace', () => {
    expect(planFormat(EXAMPLE_PLAN_JSON)).toBe('json');
    expect(planFormat(EXAMPLE_PLAN_YAML)).toBe('yaml');
  });

  it('json_IsWrappedWithTheTitle_AndParses', () => {
    const { body } = toTaskBody(' Hi ', EXAMPLE_PLAN_JSON);
    expect(body?.contentType).toBe('application/json');
    const task = JSON.parse(body!.text) as { title: string; plan: { subtasks: { id: string; requiresApproval?: boolean }[] } };
    expect(task.title).toBe('Hi');
    expect(task.plan.subtasks.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(task.plan.subtasks[3]?.requiresApproval).toBe(true);
  });

  it('yaml_IsIndentedUnderPlan', () => {
    const { body } = toTaskBody('', 'subtasks:\n  - id: a\n    tool: echo\n');
    expect(body).toEqual({ contentType: 'application/yaml', text: 'plan:\n  subtasks:\n    - id: a\n      tool: echo\n' });
  });

  it('emptyPlan_IsRefusedLocally', () => {
    expect(toTaskBody('x', '  ').body).toBeNull();
  });

  it('serverErrors_GoToTitleOrPlan', () => {
    expect(sortTaskErrors({ title: ['Too long.'], 'plan.subtasks[1].dependsOn': ['Unknown subtask "x".'], $: ['Bad.'] })).toEqual({
      title: ['Too long.'],
      plan: ['subtasks[1].dependsOn: Unknown subtask "x".', 'Bad.'],
    });
  });
});
