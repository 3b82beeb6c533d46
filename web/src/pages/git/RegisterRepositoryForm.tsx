import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { GitClient } from '../../api/gitClient';
import type { RepositoryView } from '../../api/gitTypes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';

type Source = 'clone' | 'path';
type FormField = 'name' | 'location' | 'branch';

/** The form field a server validation key belongs to (`path` and `cloneUrl` share one input). */
function fieldOf(key: string): FormField | null {
  const name = key.toLowerCase();
  if (name === 'name') return 'name';
  if (name === 'path' || name === 'cloneurl') return 'location';
  if (name === 'branch') return 'branch';
  return null;
}

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
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FormField, string[]>>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMore([]);
    setFieldErrors({});
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
      const byField: Partial<Record<FormField, string[]>> = {};
      const other: string[] = [];
      if (caught instanceof ApiError)
        for (const [key, messages] of Object.entries(caught.fieldErrors)) {
          const field = fieldOf(key);
          if (field) byField[field] = [...(byField[field] ?? []), ...messages];
          else other.push(...messages);
        }
      setFieldErrors(byField);
      setMore(other);
      // The detail repeats a field's message; say where to look instead of saying it twice.
      setError(Object.keys(byField).length > 0 ? 'Some fields need fixing.' : messageOf(caught));
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
        <Field label="Name" htmlFor="git-register-name" errors={fieldErrors.name} hint="How the platform and its API call it, for example shop.">
          <input id="git-register-name" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" spellCheck={false} data-testid="git-register-name" />
        </Field>
        {source === 'clone' ? (
          <Field label="Clone URL" htmlFor="git-register-location" errors={fieldErrors.location} hint="HTTPS or SSH; cloned into the server's data directory.">
            <input id="git-register-location" value={location} onChange={(event) => setLocation(event.target.value)} autoComplete="off" spellCheck={false} placeholder="https://github.com/owner/repo.git" data-testid="git-register-location" />
          </Field>
        ) : (
          <Field label="Path on the server" htmlFor="git-register-location" errors={fieldErrors.location} hint="An existing repository directory; it is used in place, never deleted.">
            <input id="git-register-location" value={location} onChange={(event) => setLocation(event.target.value)} autoComplete="off" spellCheck={false} placeholder="/srv/git/shop" data-testid="git-register-location" />
          </Field>
        )}
        {source === 'clone' && (
          <Field label="Branch" htmlFor="git-register-branch" errors={fieldErrors.branch} optional>
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
