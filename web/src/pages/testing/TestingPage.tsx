import { useEffect, useMemo, useRef, useState } from 'react';
import { GitClient } from '../../api/gitClient';
import { TestingClient } from '../../api/testingClient';
import { TEST_FRAMEWORKS, TEST_RUN_STATUSES, type TestRunStatus } from '../../api/testingTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { hrefOf, type Route, type TestingTab } from '../../app/routes';
import { canOperate, isAdmin } from '../../app/session';
import { useResource } from '../../app/useResource';
import { PageHeader } from '../../components/PageHeader';
import { FailingPanel, SlowestPanel } from './RankingPanels';
import { RunsPanel } from './RunsPanel';
import { RunTestsForm } from './RunTestsForm';
import { CoverageTrendPanel } from './coverage';
import { FlakyPanel } from './flaky/FlakyPanel';
import { GeneratedPanel } from './generated/GeneratedPanel';
import { NotificationsPanel } from './notifications/NotificationsPanel';
import { SelectionPanel } from './selection/SelectionPanel';
import { RUN_STATUS_LABELS } from './testingText';
import './testing.css';

type TestingRoute = Extract<Route, { page: 'testing' }>;

/** Sections of the page. */
const TABS: { tab: TestingTab; label: string }[] = [
  { tab: 'runs', label: 'Runs' },
  { tab: 'slowest', label: 'Slowest' },
  { tab: 'failing', label: 'Failing' },
  { tab: 'flaky', label: 'Flaky' },
  { tab: 'coverage', label: 'Coverage' },
  { tab: 'generated', label: 'Generated' },
  { tab: 'select', label: 'What would run?' },
  { tab: 'notifications', label: 'Notifications' },
];

/** The Testing page: runs (live while they go), the slowest and the most failing tests; filters live in the address. */
export function TestingPage({ route }: { route: TestingRoute }) {
  const { client, caller } = useSession();
  const testing = useMemo(() => new TestingClient(client), [client]);
  const git = useMemo(() => new GitClient(client), [client]);
  const repositories = useResource((signal) => git.listRepositories(signal), [git]);
  const [formOpen, setFormOpen] = useState(false);
  const tab = route.tab ?? 'runs';
  const operator = canOperate(caller.role);
  const tabsRef = useRef<HTMLElement>(null);
  // On a phone the tabs scroll sideways: the chosen one must not be left off screen.
  useEffect(() => {
    tabsRef.current?.querySelector('.active')?.scrollIntoView({ inline: 'nearest', block: 'nearest' });
  }, [tab]);

  const go = (next: Partial<TestingRoute>) => navigate(hrefOf({ ...route, ...next, page: 'testing' }), { replace: true });
  const names = (repositories.data ?? []).map((item) => item.name);
  // A filter on a repository that is not registered (a path run by an admin, an import) still shows as chosen.
  if (route.repository && !names.includes(route.repository)) names.push(route.repository);

  return (
    <>
      <PageHeader
        title="Testing"
        subtitle="Test runs of the registered repositories and imported reports: live progress, results, the slowest and most failing tests, flaky tests, coverage over runs, the tests a change needs, generated tests awaiting review, and who is notified when runs fail."
        actions={
          operator &&
          !formOpen && (
            <button type="button" className="button button-primary" onClick={() => setFormOpen(true)} data-testid="testing-run-open">
              Run tests
            </button>
          )
        }
      />

      {formOpen && (
        <RunTestsForm
          testing={testing}
          repositories={repositories.data ?? []}
          repositoriesError={repositories.error?.message}
          initialRepository={route.repository}
          onCancel={() => setFormOpen(false)}
          onStarted={(run) => navigate(hrefOf({ page: 'test-run', id: run.id }))}
        />
      )}

      <nav className="test-tabs" aria-label="Testing sections" ref={tabsRef}>
        {TABS.map((item) => (
          <Link
            key={item.tab}
            href={hrefOf({ ...route, tab: item.tab })}
            className={`test-tab${tab === item.tab ? ' active' : ''}`}
            aria-current={tab === item.tab ? 'page' : undefined}
            data-testid={`testing-tab-${item.tab}`}
          >
            {item.label}
          </Link>
        ))}
      </nav>

      {tab !== 'select' && tab !== 'notifications' && (
        <div className="filters card">
          <div className="field field-inline">
            <label htmlFor="testing-filter-repository">Repository</label>
            <select id="testing-filter-repository" value={route.repository ?? ''} onChange={(event) => go({ repository: event.target.value || undefined })} data-testid="testing-filter-repository">
              <option value="">All</option>
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          {tab !== 'coverage' && tab !== 'flaky' && tab !== 'generated' && (
            <div className="field field-inline">
              <label htmlFor="testing-filter-framework">Framework</label>
              <select id="testing-filter-framework" value={route.framework ?? ''} onChange={(event) => go({ framework: event.target.value || undefined })} data-testid="testing-filter-framework">
                <option value="">All</option>
                {TEST_FRAMEWORKS.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {tab === 'runs' && (
            <div className="field field-inline">
              <label htmlFor="testing-filter-status">Status</label>
              <select
                id="testing-filter-status"
                value={route.status ?? ''}
                onChange={(event) => go({ status: (event.target.value || undefined) as TestRunStatus | undefined })}
                data-testid="testing-filter-status"
              >
                <option value="">Any</option>
                {TEST_RUN_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {RUN_STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="filters-spacer" />
          {(route.repository || route.framework || route.status) && (
            <button type="button" className="button button-small button-ghost" onClick={() => go({ repository: undefined, framework: undefined, status: undefined })}>
              Clear filters
            </button>
          )}
        </div>
      )}

      {tab === 'runs' && <RunsPanel testing={testing} repository={route.repository} framework={route.framework} status={route.status} />}
      {tab === 'slowest' && <SlowestPanel testing={testing} repository={route.repository} framework={route.framework} />}
      {tab === 'failing' && <FailingPanel testing={testing} repository={route.repository} framework={route.framework} />}
      {tab === 'flaky' && <FlakyPanel testing={testing} repository={route.repository} repositories={names} operator={operator} />}
      {tab === 'generated' && <GeneratedPanel testing={testing} repository={route.repository} repositories={names} operator={operator} />}
      {tab === 'coverage' && <CoverageTrendPanel testing={testing} repository={route.repository} repositories={names} onChoose={(name) => go({ repository: name })} />}
      {tab === 'notifications' && <NotificationsPanel api={client} admin={isAdmin(caller.role)} />}
      {tab === 'select' && <SelectionPanel key={route.repository ?? ''} testing={testing} repositories={names} repository={route.repository} operator={operator} />}
    </>
  );
}
