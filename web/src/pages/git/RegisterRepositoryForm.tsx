import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { GitClient } from '../../api/gitClient';
import type { GitHostingClient } from '../../api/gitHostingClient';
import type { RepositoryView } from '../../api/gitTypes';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { providerLabel } from '../connections/connectionForm';

type Source = 'clone' | 'path';
type FormField = 'name' | 'location' | 'branch' | 'connection' | 'hostedRepository';

/** The form field a server validation key belongs to (`path` and `cloneUrl` share one input). */
function fieldOf(key: string): FormField | null {
  const name = key.toLowerCase();
  if (name === 'name') return 'name';
  if (name === 'path' || name === 'cloneurl') return 'location';
  if (name === 'branch') return 'branch';
  if (name === 'connection') return 'connection';
  if (name === 'hostedrepository') return 'hostedRepository';
  return null;
}

/** What the form starts with: blank, or another registration of an existing repository (to link it to a connection). */
export interface RegisterInitial {
  source: Source;
  location: string;
  branch?: string;
}

interface RegisterRepositoryFormProps {
  git: GitClient;
  hosting: GitHostingClient;
  /** Only an admin may point the platform at a directory on the server. */
  admin: boolean;
  initial?: RegisterInitial | undefined;
  onRegistered: (repository: RepositoryView) => void;
  onCancel?: () => void;
}

/** Registers a repository by clone URL (operators) or by a directory on the server (admins), optionally linked to a hosting connection. */
export function RegisterRepositoryForm({ git, hosting, admin, initial, onRegistered, onCancel }: RegisterRepositoryFormProps) {
  const [source, setSource] = useState<Source>(initial?.source ?? 'clone');
  const [name, setName] = useState('');
  const [location, setLocation] = useState(initial?.location ?? '');
  const [branch, setBranch] = useState(initial?.branch ?? '');
  const [connection, setConnection] = useState('');
  const [hostedRepository, setHostedRepository] = useState('');
  // Every role may list connections; should that fail, the choice is only "None".
  const connections = useResource((signal) => hosting.listConnections(signal), [hosting]);
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
    if (connection && !hostedRepository.trim()) {
      setFieldErrors({ hostedRepository: ['Give the repository\'s name at the provider, for example owner/name.'] });
      setError('Some fields need fixing.');
      return;
    }
    const link = connection ? { connection, hostedRepository } : {};
    setBusy(true);
    try {
      const repository = await git.registerRepository(
        source === 'clone' ? { name, cloneUrl: location, branch, ...link } : { name, path: location, ...link },
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
        <Field
          label="Hosting connection"
          htmlFor="git-register-connection"
          errors={fieldErrors.connection}
          optional
          hint={connections.data?.length === 0 ? 'No connections yet: an admin adds them on the Connections page.' : 'For pull requests and branch protection; clones use its token.'}
        >
          <select id="git-register-connection" value={connection} onChange={(event) => setConnection(event.target.value)} data-testid="git-register-connection">
            <option value="">None</option>
            {(connections.data ?? []).map((item) => (
              <option key={item.name} value={item.name}>
                {item.name} ({providerLabel(item.provider)})
              </option>
            ))}
          </select>
        </Field>
        {connection && (
          <Field label="Name at the provider" htmlFor="git-register-hosted" errors={fieldErrors.hostedRepository} hint="owner/name on GitHub; group/project (or its id) on GitLab.">
            <input
              id="git-register-hosted"
              value={hostedRepository}
              onChange={(event) => setHostedRepository(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="owner/name"
              data-testid="git-register-hosted"
            />
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
