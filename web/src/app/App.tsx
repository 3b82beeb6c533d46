import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { PlatformStatus } from '../api/types';
import { Loading } from '../components/Loading';
import { SignInPage } from '../pages/signin/SignInPage';
import { SessionContext, type Session } from './context';
import { Pages } from './Pages';
import { clearApiKey, loadApiKey, saveApiKey } from './session';
import { Shell } from './Shell';

type Caller = PlatformStatus['caller'];

/** Signed out, checking a stored key, or signed in; a 401 from any request signs out with the server's reason. */
export function App() {
  const [apiKey, setApiKey] = useState<string | null>(() => loadApiKey(window.localStorage));
  const [caller, setCaller] = useState<Caller | null>(null);
  const [signInMessage, setSignInMessage] = useState<string>();
  const [startupError, setStartupError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback((message?: string) => {
    clearApiKey(window.localStorage);
    setApiKey(null);
    setCaller(null);
    setSignInMessage(message);
  }, []);

  const onUnauthorized = useCallback(
    (error: ApiError) => signOut(`You were signed out: ${error.message} Sign in with a valid API key.`),
    [signOut],
  );

  const client = useMemo(() => (apiKey ? new ApiClient({ apiKey, onUnauthorized }) : null), [apiKey, onUnauthorized]);

  // A key kept from an earlier visit is checked once, which also tells who the caller is.
  useEffect(() => {
    if (!client || caller) return;
    const controller = new AbortController();
    setStartupError(undefined);
    client
      .status(controller.signal)
      .then((status) => setCaller(status.caller))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // 401 already signed out; anything else (server down) is shown with a retry.
        if (error instanceof ApiError && error.isUnauthorized) return;
        setStartupError(error instanceof Error ? error.message : String(error));
      });
    return () => controller.abort();
  }, [client, caller, attempt]);

  const session = useMemo<Session | null>(
    () => (client && caller ? { client, caller, signOut: () => signOut() } : null),
    [client, caller, signOut],
  );

  if (!apiKey) {
    return (
      <SignInPage
        message={signInMessage}
        onSignedIn={(key, status) => {
          saveApiKey(window.localStorage, key);
          setSignInMessage(undefined);
          setCaller(status.caller);
          setApiKey(key);
        }}
      />
    );
  }

  if (!session) {
    return (
      <div className="splash">
        {startupError ? (
          <div className="splash-card">
            <h1>Cannot reach Agent Lightning</h1>
            <p data-testid="startup-error">{startupError}</p>
            <div className="row">
              <button type="button" className="button button-primary" onClick={() => setAttempt((value) => value + 1)}>
                Try again
              </button>
              <button type="button" className="button" onClick={() => signOut()}>
                Sign out
              </button>
            </div>
          </div>
        ) : (
          <Loading label="Signing in…" />
        )}
      </div>
    );
  }

  return (
    <SessionContext.Provider value={session}>
      <Shell>
        <Pages />
      </Shell>
    </SessionContext.Provider>
  );
}
