import './flaky.css';

/** The mark of a quarantined test, wherever the tab lists one. */
export function QuarantineBadge({ active = true }: { active?: boolean }) {
  return (
    <span className={`badge ${active ? 'flaky-badge-quarantined' : 'test-badge-skipped'}`} data-testid="flaky-quarantined-badge" data-active={active}>
      <span className="badge-dot" aria-hidden="true" />
      {active ? 'quarantined' : 'quarantine expired'}
    </span>
  );
}
