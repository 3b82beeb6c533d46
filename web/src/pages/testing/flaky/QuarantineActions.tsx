import { useState } from 'react';
import { messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { QuarantineBadge } from './QuarantineBadge';
import { QuarantineDialog } from './QuarantineDialog';

/** One test's quarantine where the test is shown alone (its history): the badge, and Quarantine or Release for operators. */
export function QuarantineActions({ testing, repository, id, operator }: { testing: TestingClient; repository: string; id: string; operator: boolean }) {
  const entries = useResource((signal) => testing.quarantined(repository, signal), [testing, repository]);
  const entry = entries.data?.find((item) => item.active && item.id === id);
  const [dialog, setDialog] = useState<'quarantine' | 'release' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const release = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await testing.release(repository, id);
      setDialog(null);
      entries.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="flaky-quarantine-actions" data-testid="quarantine-actions">
      {entry && (
        <span title={`By ${entry.quarantinedBy}: ${entry.reason}`}>
          <QuarantineBadge />
        </span>
      )}
      {operator && entries.data && (
        <button type="button" className="button button-small" onClick={() => setDialog(entry ? 'release' : 'quarantine')} data-testid={entry ? 'quarantine-actions-release' : 'quarantine-actions-quarantine'}>
          {entry ? 'Release' : 'Quarantine'}
        </button>
      )}
      {dialog === 'quarantine' && (
        <QuarantineDialog
          testing={testing}
          repositories={[repository]}
          initial={{ repository, id }}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            entries.reload();
          }}
        />
      )}
      {dialog === 'release' && (
        <ConfirmDialog title="Release from quarantine" confirmLabel="Release" tone="primary" busy={busy} error={error} onConfirm={() => void release()} onCancel={() => setDialog(null)}>
          <p>
            Release <code className="mono">{id}</code> of {repository}? Its failures will fail runs again.
          </p>
        </ConfirmDialog>
      )}
    </span>
  );
}
