import { describe, expect, it } from 'vitest';
import { protectionRules, settingLabel, toWanted } from './branchProtection';

describe('protectionRules', () => {
  it('unprotected_HasNoRules', () => {
    expect(protectionRules(null)).toEqual([]);
  });

  it('eachRule_SaysWhetherItGuardsTheBranch', () => {
    const rules = protectionRules({
      requiredApprovals: 2,
      requiredStatusChecks: ['build', 'test'],
      enforceAdmins: true,
      allowForcePushes: false,
      allowDeletions: true,
      allowDirectPushes: false,
    });
    expect(rules.map((rule) => [rule.setting, rule.value, rule.guards])).toEqual([
      ['requiredApprovals', '2', true],
      ['requiredStatusChecks', 'build, test', true],
      ['enforceAdmins', 'yes', true],
      ['allowForcePushes', 'blocked', true],
      ['allowDeletions', 'allowed', false],
      ['allowDirectPushes', 'only through a reviewed change', true],
    ]);
  });

  it('noApprovalsNorChecks_LeaveTheBranchOpen', () => {
    const rules = protectionRules({ requiredApprovals: 0, requiredStatusChecks: [], enforceAdmins: false, allowForcePushes: true, allowDeletions: false, allowDirectPushes: true });
    expect(rules.filter((rule) => !rule.guards).map((rule) => rule.setting)).toEqual(['requiredApprovals', 'requiredStatusChecks', 'enforceAdmins', 'allowForcePushes', 'allowDirectPushes']);
    expect(rules.find((rule) => rule.setting === 'requiredStatusChecks')?.value).toBe('none');
  });

  it('settingLabel_KnownAndUnknown', () => {
    expect(settingLabel('requiredApprovals')).toBe('Required approvals');
    expect(settingLabel('somethingNew')).toBe('somethingNew');
  });
});

describe('toWanted', () => {
  it('approvalsAndChecks', () => {
    expect(toWanted({ requiredApprovals: ' 2 ', requiredStatusChecks: 'build, lint, build,' })).toEqual({
      wanted: { requiredApprovals: 2, requiredStatusChecks: ['build', 'lint'] },
      errors: {},
    });
  });

  it('noChecks_LeavesThemOut', () => {
    expect(toWanted({ requiredApprovals: '0', requiredStatusChecks: ' ' }).wanted).toEqual({ requiredApprovals: 0 });
  });

  it.each(['', '-1', '1.5', 'two', '100'])('approvals %j are refused', (text) => {
    const result = toWanted({ requiredApprovals: text, requiredStatusChecks: '' });
    expect(result.wanted).toBeNull();
    expect(result.errors.requiredApprovals).toHaveLength(1);
  });
});
