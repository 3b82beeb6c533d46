import type { ActionView } from '../api/types';
import { Link } from '../app/router';
import { formatDuration, formatRelative } from '../lib/format';
import { StatusBadge } from './StatusBadge';

/** One line of a "recent actions" list: status, summary linking to the action, optionally its agent, and when. */
export function RecentAction({ action, showAgent = false }: { action: ActionView; showAgent?: boolean }) {
  return (
    <li>
      <StatusBadge status={action.status} />
      <Link href={`/actions/${action.id}`} className="recent-summary mono">
        {action.summary || action.kind}
      </Link>
      {showAgent && <span className="muted">{action.agent}</span>}
      <span className="muted nowrap">
        {formatRelative(action.createdAt)}
        {action.durationMs !== null && ` · ${formatDuration(action.durationMs)}`}
      </span>
    </li>
  );
}
