import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import type { GitHostingClient } from '../../api/gitHostingClient';
import type { BranchProtectionCheckView } from '../../api/gitHostingTypes';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { providerLabel } from '../connections/connectionForm';
import { protectionRules, settingLabel, toWanted, type ProtectionCheckField, type ProtectionCheckValues } from './branchProtection';

interface BranchProtectionCardProps {
  hosting: GitHostingClient;
  repository: string;
  provider: string | undefined;
  /** The default branch; undefined while it is being worked out, null when there is none. */
  branch: string | null | undefined;
}

/** The default branch's protection at the provider, and a check of it against the approvals (and checks) a team wants. */
export function BranchProtectionCard({ hosting, repository, provider, branch }: BranchProtectionCardProps) {
  return (
    <section className="card git-protection" data-testid="git-protection">
      <div className="card-header git-card-header-wrap">
        <h2>Branch protection</h2>
        {branch && <span className="mono small">{branch}</span>}
      </div>
      {branch === undefined ? (
        <Loading label="Finding the default branch…" />
      ) : branch === null ? (
        <p className="empty">The repository has no default branch yet (no commits).</p>
      ) : (
        <Protection key={branch} hosting={hosting} repository={repository} provider={provider} branch={branch} />
      )}
    </section>
  );
}

function Protection({ hosting, repository, provider, branch }: { hosting: GitHostingClient; repository: string; provider: string | undefined; branch: string }) {
  const view = useResource((signal) => hosting.branchProtection(repository, branch, signal), [hosting, repository, branch]);
  const where = provider ? providerLabel(provider) : 'the provider';

  if (view.error) return <ErrorBanner message={view.error.message} onRetry={view.reload} testId="git-protection-error" />;
  if (!view.data) return <Loading />;
  const rules = protectionRules(view.data.protection);
  return (
    <>
      {view.data.protected ? (
        <dl className="git-protection-rules" data-testid="git-protection-rules">
          {rules.map((rule) => (
            <div key={rule.setting} className={rule.guards ? 'git-rule-guards' : 'git-rule-open'} data-testid={`git-protection-${rule.setting}`}>
              <dt>{rule.label}</dt>
              <dd>{rule.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="git-protection-none" data-testid="git-protection-none">
          <span className="mono">{branch}</span> is not protected at {where}: anyone who may push can push to it directly, force-push or delete it, and nothing needs
          an approval.
        </p>
      )}
      <ProtectionCheck hosting={hosting} repository={repository} branch={branch} />
    </>
  );
}

function ProtectionCheck({ hosting, repository, branch }: { hosting: GitHostingClient; repository: string; branch: string }) {
  const [values, setValues] = useState<ProtectionCheckValues>({ requiredApprovals: '1', requiredStatusChecks: '' });
  const [errors, setErrors] = useState<Partial<Record<ProtectionCheckField, string[]>>>({});
  const [result, setResult] = useState<BranchProtectionCheckView>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    const { wanted, errors: found } = toWanted(values);
    setErrors(found);
    if (!wanted) return;
    setBusy(true);
    try {
      setResult(await hosting.checkBranchProtection(repository, branch, wanted));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="git-protection-check" onSubmit={(event) => void check(event)} noValidate data-testid="git-protection-check">
      <h3 className="git-subheading">Check against a policy</h3>
      <div className="git-protection-check-fields">
        <Field label="Approvals, at least" htmlFor="git-check-approvals" errors={errors.requiredApprovals} className="git-check-approvals">
          <input
            id="git-check-approvals"
            value={values.requiredApprovals}
            onChange={(event) => setValues((current) => ({ ...current, requiredApprovals: event.target.value }))}
            inputMode="numeric"
            autoComplete="off"
            data-testid="git-check-approvals"
            {...describedBy('git-check-approvals', false, errors.requiredApprovals)}
          />
        </Field>
        <Field label="Required status checks" htmlFor="git-check-status" optional hint="Comma-separated CI job names.">
          <input
            id="git-check-status"
            value={values.requiredStatusChecks}
            onChange={(event) => setValues((current) => ({ ...current, requiredStatusChecks: event.target.value }))}
            autoComplete="off"
            spellCheck={false}
            placeholder="build, test"
            data-testid="git-check-status"
            {...describedBy('git-check-status', true, undefined)}
          />
        </Field>
      </div>
      <button type="submit" className="button button-small" disabled={busy} data-testid="git-check-submit">
        {busy ? 'Checking…' : 'Check'}
      </button>
      <ErrorBanner message={error} testId="git-check-error" />
      {result &&
        (result.compliant ? (
          <div className="banner banner-notice" role="status" data-testid="git-check-compliant">
            <p>
              <span className="mono">{result.branch}</span> meets this.
            </p>
          </div>
        ) : (
          <div className="banner banner-warning" role="status" data-testid="git-check-differences">
            <div>
              <p>
                <span className="mono">{result.branch}</span> {result.protected ? 'falls short:' : 'is not protected at all:'}
              </p>
              <ul>
                {result.differences.map((difference) => (
                  <li key={difference.setting} data-testid={`git-check-difference-${difference.setting}`}>
                    <strong>{settingLabel(difference.setting)}</strong>: wanted {difference.wanted}, is {difference.actual}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ))}
    </form>
  );
}
