import type { ReactNode } from 'react';
import { useSession } from './context';
import { Link, useRoute } from './router';
import { areaOf } from './routes';

const nav = [
  { area: 'overview', href: '/', label: 'Overview', short: 'Home', icon: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10' },
  { area: 'agents', href: '/agents', label: 'Agents', icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0' },
  { area: 'actions', href: '/actions', label: 'Actions', icon: 'M4 5h16v14H4zM7 9l3 3-3 3M12 15h5' },
  {
    area: 'collaborations',
    href: '/collaborations',
    label: 'Collaborations',
    short: 'Collab',
    icon: 'M6 6h4v4H6zM14 14h4v4h-4zM14 6h4v4h-4zM10 8h4M16 10v4M8 10v6h6',
  },
  {
    area: 'dead-letters',
    href: '/dead-letters',
    label: 'Dead letters',
    short: 'Dead',
    icon: 'M4 7l8 6 8-6M4 7h16v11H4zM15 15l4 4M19 15l-4 4',
  },
  { area: 'testing', href: '/testing', label: 'Testing', short: 'Tests', icon: 'M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3M7.5 14h9' },
  {
    area: 'monitoring',
    href: '/monitoring',
    label: 'Monitoring',
    short: 'Metrics',
    icon: 'M3 3v18h18M7 15l4-5 3 3 5-7',
  },
  { area: 'git', href: '/git', label: 'Git', icon: 'M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 9a9 9 0 0 1-9 9' },
] as const;

/** The frame of every signed-in page: the left nav (a top bar on phones) and the content. */
export function Shell({ children }: { children: ReactNode }) {
  const { caller, signOut } = useSession();
  const current = areaOf(useRoute());
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/" className="brand" aria-label="Agent Lightning, overview">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="var(--brand)" />
            <path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fde047" />
          </svg>
          <span>Agent Lightning</span>
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li key={item.area}>
                <Link
                  href={item.href}
                  className={`nav-link${current === item.area ? ' active' : ''}`}
                  aria-current={current === item.area ? 'page' : undefined}
                  data-testid={`nav-${item.area}`}
                >
                  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                    <path d={item.icon} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  <span className="nav-label">{item.label}</span>
                  {'short' in item && (
                    <span className="nav-label-short" aria-hidden="true">
                      {item.short}
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <div className="who" data-testid="who">
            <span className="who-name">{caller.name}</span>
            <span className="who-role">{caller.role}</span>
          </div>
          <button type="button" className="button button-small button-ghost sign-out" onClick={signOut} data-testid="sign-out" title="Sign out">
            <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
              <path d="M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="sign-out-label">Sign out</span>
          </button>
        </div>
      </aside>
      <main className="content" id="content">
        {children}
      </main>
    </div>
  );
}
