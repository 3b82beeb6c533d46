import { Link } from '../../../app/router';

const SECTIONS = [
  { section: 'alerts', href: '/monitoring/alerts', label: 'Alerts & rules' },
  { section: 'silences', href: '/monitoring/alerts/silences', label: 'Silences' },
  { section: 'channels', href: '/monitoring/alerts/channels', label: 'Channels' },
  { section: 'routing', href: '/monitoring/alerts/routing', label: 'Routing' },
] as const;

export type AlertingSection = (typeof SECTIONS)[number]['section'];

/** The alerting area's sections, under the Monitoring tabs, as Grafana's alerting menu has them. */
export function AlertingNav({ current }: { current: AlertingSection }) {
  return (
    <nav className="monitoring-tabs alerting-nav" aria-label="Alerting sections">
      {SECTIONS.map((item) => (
        <Link key={item.section} href={item.href} className={`monitoring-tab${item.section === current ? ' active' : ''}`} aria-current={item.section === current ? 'page' : undefined} data-testid={`alerting-${item.section}`}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

/** The title of a control a viewer's key may not use, so the disabled button says why. */
export const VIEWER_TITLE = "Your key is a viewer's: it can read alerting, not change it.";

/** A link to a form that changes something: for a viewer, the same button disabled, with the reason as its title. */
export function WriteLink({ href, operator, className, testId, children }: { href: string; operator: boolean; className: string; testId: string; children: string }) {
  if (!operator) {
    return (
      <button type="button" className={className} disabled title={VIEWER_TITLE} data-testid={testId}>
        {children}
      </button>
    );
  }
  return (
    <Link href={href} className={className} data-testid={testId}>
      {children}
    </Link>
  );
}
