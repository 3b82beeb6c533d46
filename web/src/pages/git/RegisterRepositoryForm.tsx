import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { GitClient } from '../../api/gitClient';
import type { RepositoryView } from '../../api/gitTypes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';

type Source = 'clone' | 'path';

interface RegisterRepositoryFormProps {
  git: GitClient;
  /** Only an admin may point the platform at a directory on the server. */
  admin: boolean;
  onRegistered: (repository: RepositoryView) => void;
  onCancel?: () => void;
}

/** Registers a repository by clone URL (operators) or by a directory on the server (admins). */
export function RegisterRepositoryForm({ git, admin, onRegistered, onCancel }: RegisterRepositoryFormProps) {
  const [source, setSource] = useState<Source>('clone');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [branch, setBranch] = useState('');
  const [error, setError] = useState<string>();
  const [more, setMore] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMore([]);
    if (!name.trim() || !location.trim()) {
      setError(source === 'clone' ? 'A name and a clone URL are needed.' : 'A name and a path on the server are needed.');
      return;
    }
    setBusy(true);
    try {
      const repository = await git.registerRepository(
        source === 'clone' ? { name, cloneUrl: location, branch } : { name, path: location },
      );
      onRegistered(repository);
    } catch (caught) {
      setError(messageOf(caught));
      if (caught instanceof ApiError) setMore(Object.entries(caught.fieldErrors).flatMap(([field, messages]) => messages.map((message) => `${field}: ${message}`)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form git-register" onSubmit={(event) => void submit(event)} noValidate data-testid="git-register-form">
      <h2>Register a repository</h2>
      <ErrorBanner message={error} more={more} testId="git-register-error" />
      {admin && (
        <div className="segmented" role="radiogroup" aria-label="Source">
          {(['clone', 'path'] as Source[]).map((option) => (
            <label key={option} className={source === option ? 'selected' : ''} data-testid={`git-register-source-${option}`}>
              <input type="radio" name="git-source" value={option} checked={source === option} onChange={() => setSource(option)} />
              {option === 'clone' ? 'Clone a URL' : 'Directory on the server'}
            </label>
          ))}
        </div>
      )}
      <div className="form-grid">
        <Field label="Name" htmlFor="git-register-name" hint="How the platform and its API call it, for example shop.">
          <input id="git-register-name" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" spellCheck={false} data-testid="git-register-name" />
        </Field>
        {source === 'clone' ? (
          <Field label="Clone URL" htmlFor="git-register-location" hint="HTTPS or SSH; cloned into the server's data directory.">
            <input id="git-register-location" value={location} onChange={(event) => setLocation(event.target.value)} autoComplete="off" spellCheck={false} placeholder="https://github.com/owner/repo.git" data-testid="git-register-location" />
          </Field>
        ) : (
          <Field label="Path on the server" htmlFor="git-register-location" hint="An existing repository directory; it is used in place, never deleted.">
            <input id="git-register-location" value={location} onChange={(event) => setLocation(event.target.value)} autoComplete="off" spellCheck={false} placeholder="/srv/git/shop" data-testid="git-register-location" />
          </Field>
        )}
        {source === 'clone' && (
          <Field label="Branch" htmlFor="git-register-branch" optional>
            <input id="git-register-branch" value={branch} onChange={(event) => setBranch(event.target.value)} autoComplete="off" spellCheck={false} data-testid="git-register-branch" />
          </Field>
        )}
      </div>
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="git-register-submit">
          {busy ? (source === 'clone' ? 'Cloning…' : 'Registering…') : 'Register'}
        </button>
      </div>
    </form>
  );
}
