import { useMemo, useState } from 'react';
import type { CollaborationEvent } from '../../api/types';
import { bidSummary, conversationFacets, filterConversation, foldConversation, groupConversations, type ConversationEntry } from '../../lib/conversation';

/** The collaboration's messages grouped by conversation, filterable by agent and performative. */
export function ConversationView({ events }: { events: CollaborationEvent[] }) {
  const entries = useMemo(() => foldConversation(events), [events]);
  const facets = useMemo(() => conversationFacets(entries), [entries]);
  const [agent, setAgent] = useState('');
  const [performative, setPerformative] = useState('');
  const shown = useMemo(() => filterConversation(entries, { agent, performative }), [entries, agent, performative]);
  const groups = useMemo(() => groupConversations(shown), [shown]);
  // A filter value that is no longer offered (replay moved back) still filters; keep it selectable.
  const agents = agent && !facets.agents.includes(agent) ? [...facets.agents, agent] : facets.agents;
  const performatives = performative && !facets.performatives.includes(performative) ? [...facets.performatives, performative] : facets.performatives;

  return (
    <section className="card" aria-label="Conversation">
      <div className="card-header">
        <h2>Conversation</h2>
        <span className="muted small" data-testid="conversation-count">
          {shown.length === entries.length ? '' : `${shown.length} of `}
          {entries.length} message{entries.length === 1 ? '' : 's'}
        </span>
      </div>
      {entries.length === 0 ? (
        <div className="muted small">No messages yet.</div>
      ) : (
        <>
          <div className="conv-filters">
            <div className="field field-inline">
              <label htmlFor="conversation-agent">Agent</label>
              <select id="conversation-agent" value={agent} onChange={(event) => setAgent(event.target.value)} data-testid="conversation-filter-agent">
                <option value="">Any agent</option>
                {agents.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field-inline">
              <label htmlFor="conversation-performative">Performative</label>
              <select
                id="conversation-performative"
                value={performative}
                onChange={(event) => setPerformative(event.target.value)}
                data-testid="conversation-filter-performative"
              >
                <option value="">Any</option>
                {performatives.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {groups.length === 0 ? (
            <div className="muted small" data-testid="conversation-empty">
              No messages match these filters.
            </div>
          ) : (
            <div className="conv-groups" data-testid="conversation-view">
              {groups.map((group) => (
                <div key={group.id} className="conv-group" data-testid={`conversation-${group.id}`}>
                  <div className="conv-group-header">
                    <span className="mono strong">{group.id}</span>
                    <span className="muted small">{group.participants.join(' · ')}</span>
                  </div>
                  <ol className="conv-messages">
                    {group.entries.map((entry) => (
                      <Message key={entry.key} entry={entry} />
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Message({ entry }: { entry: ConversationEntry }) {
  const hasContent = entry.content !== null && entry.content !== undefined;
  // Contract Net bidding reads better as figures than as JSON; the JSON stays one click away.
  const bid = bidSummary(entry.performative, entry.content);
  return (
    <li className="conv-message" data-testid="conversation-message" data-performative={entry.performative} data-sequence={entry.sequence}>
      <div className="conv-line">
        <span className="timeline-time mono small">{new Date(entry.at).toLocaleTimeString()}</span>
        <span className={`conv-performative conv-performative-${entry.performative}`}>{entry.performative}</span>
        <span className="conv-route">
          <span className="mono">{entry.sender}</span>
          <span aria-label="to"> → </span>
          <span className="mono">{entry.receiver}</span>
        </span>
        {entry.subtask && <span className="tag tag-muted mono">{entry.subtask}</span>}
        {bid?.fallback && (
          <span className="tag tag-fallback" title="The first choice could not take the work, so the next proposal was awarded" data-testid="conversation-fallback">
            fallback
          </span>
        )}
        {/* A derived reply answers the request just above it; a recorded one names the message it answers. */}
        {entry.inReplyTo && !entry.derived && <span className="muted small conv-reply">re {entry.inReplyTo}</span>}
      </div>
      {hasContent && (
        <details className="conv-content">
          <summary className={`small${bid ? ' conv-bid' : ''}`} data-testid={bid ? 'conversation-bid' : undefined}>
            {bid ? bid.text : summaryOf(entry.content)}
          </summary>
          <pre className="json-block">{JSON.stringify(entry.content, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}

/** A one-line preview of the content for the collapsed state. */
function summaryOf(content: unknown): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
