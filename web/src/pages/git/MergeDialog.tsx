import { useCallback, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import type { GitHostingClient } from '../../api/gitHostingClient';
import type { MergeMethod, PullRequestView } from '../../api/gitHostingTypes';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { providerLabel } from '../connections/connectionForm';
import { changeNoun, mergeMethodLabel, mergeMethodsFor, mergeOutcome, pullRequestRef } from './pullRequests';

interface MergeDialogProps {
  hosting: GitHostingClient;
  repository: string;
  pull: PullRequestView;
  /** With the line to show: which commit the provider made. */
  onMerged: (outcome: string) => void;
  onCancel: () => void;
}

/** Asks before merging at the provider, with the merge method; the provider's refusal stays in the dialog. */
export function MergeDialog({ hosting, repository, pull, onMerged, onCancel }: MergeDialogProps) {
  const methods = mergeMethodsFor(pull.provider);
  const [method, setMethod] = useState<MergeMethod>('merge');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // ConfirmDialog moves focus to Cancel whenever its onCancel changes: keep one for the dialog's life.
  const latest = useRef({ onCancel, busy });
  latest.current = { onCancel, busy };
  const cancel = useCallback(() => {
    if (!latest.current.busy) latest.current.onCancel();
  }, []);

  const merge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await hosting.mergePullRequest(repository, pull.number, { method });
      // GitLab can answer without merging (a pipeline to wait for, say): that is no success to close on.
      if (result.merged) onMerged(mergeOutcome(pull, result));
      else setError(mergeOutcome(pull, result));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      title={`Merge ${pullRequestRef(pull)}?`}
      confirmLabel={mergeMethodLabel(method)}
      tone="primary"
      busy={busy}
      error={error}
      onConfirm={() => void merge()}
      onCancel={cancel}
    >
      <p>
        <strong>{pull.title}</strong>: <span className="mono">{pull.head}</span> into <span className="mono">{pull.base}</span>, merged at{' '}
        {providerLabel(pull.provider)}. This changes <span className="mono">{pull.base}</span> there and cannot be undone from here.
      </p>
      <fieldset className="field git-merge-methods" data-testid="git-merge-methods">
        <legend>Merge method</legend>
        {methods.map((option) => (
          <label key={option} className="checkbox" data-testid={`git-merge-method-${option}`}>
            <input type="radio" name="git-merge-method" value={option} checked={method === option} onChange={() => setMethod(option)} disabled={busy} />
            {mergeMethodLabel(option)}
          </label>
        ))}
        {pull.provider === 'gitlab' && (
          <div className="hint">Rebasing is the project's merge method setting at GitLab, not a choice per {changeNoun(pull.provider)}.</div>
        )}
      </fieldset>
    </ConfirmDialog>
  );
}
