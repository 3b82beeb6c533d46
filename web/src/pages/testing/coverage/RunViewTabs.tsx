import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';

/** Results and Coverage of a run, as tabs; Coverage only when the run measured it (or its address was opened). */
export function RunViewTabs({ id, view, hasCoverage }: { id: string; view: 'coverage' | undefined; hasCoverage: boolean }) {
  if (!hasCoverage && view !== 'coverage') return null;
  const tabs = [
    { key: 'results', label: 'Results', href: hrefOf({ page: 'test-run', id }), active: view !== 'coverage' },
    { key: 'coverage', label: 'Coverage', href: hrefOf({ page: 'test-run', id, view: 'coverage' }), active: view === 'coverage' },
  ];
  return (
    <nav className="test-tabs cov-run-tabs" aria-label="Run sections">
      {tabs.map((tab) => (
        <Link key={tab.key} href={tab.href} className={`test-tab${tab.active ? ' active' : ''}`} aria-current={tab.active ? 'page' : undefined} data-testid={`test-run-tab-${tab.key}`}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
