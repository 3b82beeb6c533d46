import { Link } from '../../app/router';

const TABS = [
  { tab: 'dashboards', href: '/monitoring', label: 'Dashboards' },
  { tab: 'explore', href: '/monitoring/explore', label: 'Explorer' },
  { tab: 'alerts', href: '/monitoring/alerts', label: 'Alerts' },
] as const;

export function MonitoringTabs({ current }: { current: (typeof TABS)[number]['tab'] }) {
  return (
    <nav className="monitoring-tabs" aria-label="Monitoring sections">
      {TABS.map((item) => (
        <Link key={item.tab} href={item.href} className={`monitoring-tab${item.tab === current ? ' active' : ''}`} aria-current={item.tab === current ? 'page' : undefined} data-testid={`monitoring-tab-${item.tab}`}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
