import type { BranchProtection, BranchProtectionWanted } from '../../api/gitHostingTypes';
import { splitList } from '../../lib/format';

export interface ProtectionRule {
  /** The BranchProtection property, for test ids and the check's differences. */
  setting: keyof BranchProtection;
  label: string;
  value: string;
  /** Whether the rule, as set, guards the branch (shown in green) or leaves it open (amber). */
  guards: boolean;
}

const LABELS: Record<keyof BranchProtection, string> = {
  requiredApprovals: 'Required approvals',
  requiredStatusChecks: 'Required status checks',
  enforceAdmins: 'Admins held to the rules',
  allowForcePushes: 'Force pushes',
  allowDeletions: 'Deletion',
  allowDirectPushes: 'Direct pushes',
};

/** A setting's name as the page shows it (the check's differences name settings by property). */
export const settingLabel = (setting: string): string => LABELS[setting as keyof BranchProtection] ?? setting;

/** The protection as one line per rule; an unprotected branch has none (the page says so instead). */
export function protectionRules(protection: BranchProtection | null): ProtectionRule[] {
  if (!protection) return [];
  const checks = protection.requiredStatusChecks;
  return [
    { setting: 'requiredApprovals', label: LABELS.requiredApprovals, value: String(protection.requiredApprovals), guards: protection.requiredApprovals > 0 },
    { setting: 'requiredStatusChecks', label: LABELS.requiredStatusChecks, value: checks.length === 0 ? 'none' : checks.join(', '), guards: checks.length > 0 },
    { setting: 'enforceAdmins', label: LABELS.enforceAdmins, value: protection.enforceAdmins ? 'yes' : 'no', guards: protection.enforceAdmins },
    { setting: 'allowForcePushes', label: LABELS.allowForcePushes, value: protection.allowForcePushes ? 'allowed' : 'blocked', guards: !protection.allowForcePushes },
    { setting: 'allowDeletions', label: LABELS.allowDeletions, value: protection.allowDeletions ? 'allowed' : 'blocked', guards: !protection.allowDeletions },
    {
      setting: 'allowDirectPushes',
      label: LABELS.allowDirectPushes,
      value: protection.allowDirectPushes ? 'allowed' : 'only through a reviewed change',
      guards: !protection.allowDirectPushes,
    },
  ];
}

export interface ProtectionCheckValues {
  /** Whole number text, 0 or more. */
  requiredApprovals: string;
  /** Comma-separated status check names; blank for none. */
  requiredStatusChecks: string;
}

export type ProtectionCheckField = keyof ProtectionCheckValues;

/** The check's query from the form; a bad number is the browser's to refuse. */
export function toWanted(values: ProtectionCheckValues): { wanted: BranchProtectionWanted | null; errors: Partial<Record<ProtectionCheckField, string[]>> } {
  const text = values.requiredApprovals.trim();
  if (!/^\d{1,2}$/.test(text)) return { wanted: null, errors: { requiredApprovals: ['Required approvals are a whole number, 0 or more.'] } };
  const wanted: BranchProtectionWanted = { requiredApprovals: Number(text) };
  const checks = splitList(values.requiredStatusChecks);
  if (checks.length > 0) wanted.requiredStatusChecks = checks;
  return { wanted, errors: {} };
}
