import { useEffect, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
  /** `primary` for a question whose yes creates rather than destroys. */
  tone?: 'danger' | 'primary';
  /** Room for a form (a JSON input, say) rather than a sentence. */
  wide?: boolean;
}

/** A modal question; Escape or the backdrop cancels, focus starts on Cancel so Enter never destroys by accident. */
export function ConfirmDialog({ title, children, confirmLabel, busy, error, onConfirm, onCancel, tone = 'danger', wide = false }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{title}</h2>
        <div className="modal-body">{children}</div>
        {error && (
          <div className="banner banner-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={`button button-${tone}`} onClick={onConfirm} disabled={busy} data-testid="confirm-accept">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
