import { useEffect, useMemo, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { CollaborationEvent, CollaborationView, SubtaskSpec } from '../../api/types';
import { useSession } from '../../app/context';
import { navigate } from '../../app/router';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, describedBy } from '../../components/Field';
import { agentsFor, buildForkRequest, forkFieldErrors, inputText, planOf, type ForkField } from '../../lib/replayFork';

interface ForkDialogProps {
  view: CollaborationView;
  /** The events the page has; the plan (with inputs) is read from their `submitted` event, or fetched when missing. */
  events: CollaborationEvent[];
  onClose: () => void;
}

/**
 * Forks a finished collaboration at a subtask: that subtask and what depends on it run for real, with another agent or
 * input if given; the rest comes from the recording. Opens the new collaboration.
 */
export function ForkDialog({ view, events, onClose }: ForkDialogProps) {
  const { client } = useSession();
  const known = useMemo(() => planOf(events), [events]);
  const fetched = useResource(
    async (signal) => (known ? known : planOf((await client.getCollaborationEvents(view.id, { after: 0, limit: 1 }, signal)).items)),
    [client, view.id, known === null],
  );
  const plan: SubtaskSpec[] = known ?? fetched.data ?? view.subtasks.map((s) => ({ id: s.id, ...(s.tool ? { tool: s.tool } : {}), ...(s.capability ? { capability: s.capability } : {}) }));
  const agents = useResource((signal) => client.listAgents(signal), [client]);

  // Start where it most likely went wrong: the first failed subtask, else the first.
  const [subtask, setSubtask] = useState(() => (view.subtasks.find((s) => s.status === 'failed') ?? view.subtasks[0])?.id ?? '');
  const [agent, setAgent] = useState('');
  const [input, setInput] = useState('');
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<ForkField, string[]>>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const spec = plan.find((s) => s.id === subtask);
  const recorded = view.subtasks.find((s) => s.id === subtask);
  const choices = useMemo(() => agentsFor(spec, agents.data ?? []), [spec, agents.data]);

  // The input follows the chosen subtask until the user edits it (and again after another subtask is chosen).
  const planInput = spec?.input;
  useEffect(() => {
    if (!touched) setInput(inputText(planInput));
  }, [planInput, touched]);

  const submit = async () => {
    const built = buildForkRequest({ subtask, agent, input }, planInput);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      const fork = await client.forkCollaboration(view.id, built.request);
      navigate(`/collaborations/${encodeURIComponent(fork.id)}`);
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fieldErrors).length > 0) {
        const sorted = forkFieldErrors(caught.fieldErrors, subtask);
        setErrors(sorted.byField);
        setError(sorted.other.length > 0 ? sorted.other.join(' ') : undefined);
      } else {
        setError(messageOf(caught));
      }
      setBusy(false);
    }
  };

  const agentHint = recorded?.agent ? `It ran on ${recorded.agent}.` : spec?.agent ? `The plan names ${spec.agent}.` : 'The engine picks one, as before.';
  return (
    <ConfirmDialog title={`Fork ${view.id}`} confirmLabel="Fork" tone="primary" wide busy={busy} error={error} onConfirm={() => void submit()} onCancel={onClose}>
      <p>The subtask you choose and everything that depends on it run for real; the rest comes from the recording.</p>
      <div className="fork-form" data-testid="fork-form">
        <Field label="Subtask" htmlFor="fork-subtask" errors={errors.subtask}>
          <select
            id="fork-subtask"
            value={subtask}
            onChange={(event) => {
              setSubtask(event.target.value);
              setAgent('');
              setTouched(false);
              setErrors({});
            }}
            {...describedBy('fork-subtask', false, errors.subtask)}
            data-testid="fork-subtask"
          >
            {plan.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
                {s.tool ? ` (${s.tool})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Agent" htmlFor="fork-agent" optional hint={agents.error ? `Cannot list the agents: ${agents.error.message}` : agentHint} errors={errors.agent}>
          <select id="fork-agent" value={agent} onChange={(event) => setAgent(event.target.value)} {...describedBy('fork-agent', true, errors.agent)} data-testid="fork-agent">
            <option value="">Same as before</option>
            {choices.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name}
                {a.status === 'offline' ? ' (offline)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Input"
          htmlFor="fork-input"
          optional
          hint={planInput === undefined || planInput === null ? 'JSON. The plan gives none: leave empty to keep it so.' : 'JSON, as the plan gives it. Change it to run with a new input.'}
          errors={errors.input}
        >
          <textarea
            id="fork-input"
            className="mono"
            rows={7}
            spellCheck={false}
            value={input}
            onChange={(event) => {
              setInput(event.target.value);
              setTouched(true);
            }}
            {...describedBy('fork-input', true, errors.input)}
            data-testid="fork-input"
          />
        </Field>
      </div>
    </ConfirmDialog>
  );
}
