import { useState, type FormEvent } from 'react';
import { ApiClient, ApiError, messageOf } from '../../api/client';
import type { PlatformStatus } from '../../api/types';

interface SignInPageProps {
  /** Why the user is here again (a key that stopped working). */
  message?: string | undefined;
  onSignedIn: (apiKey: string, status: PlatformStatus) => void;
}

/** Takes an API key and checks it against `/api/v2/status` before keeping it. */
export function SignInPage({ message, onSignedIn }: SignInPageProps) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const apiKey = key.trim();
    if (!apiKey) {
      setError('Paste an API key first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const status = await new ApiClient({ apiKey }).status();
      onSignedIn(apiKey, status);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.isUnauthorized
          ? `That key was not accepted: ${caught.message}`
          : messageOf(caught),
      );
      setBusy(false);
    }
  };

  const shown = error ?? message;
  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="signin-brand">
          <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="var(--brand)" />
            <path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fde047" />
          </svg>
          <div>
            <h1>Agent Lightning</h1>
            <p>Sign in to the dashboard</p>
          </div>
        </div>

        {shown && (
          <div className="banner banner-error" role="alert" data-testid="signin-error">
            <p>{shown}</p>
          </div>
        )}

        <div className="field">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            placeholder="lk_…"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            autoFocus
            data-testid="signin-key"
            aria-describedby="api-key-hint"
          />
          <div className="hint" id="api-key-hint">
            The server prints an admin key once, on its first start (“Admin API key”). The key is kept in this
            browser until you sign out.
          </div>
        </div>

        <button type="submit" className="button button-primary button-block" disabled={busy} data-testid="signin-submit">
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
