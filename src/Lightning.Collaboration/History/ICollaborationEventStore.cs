using Lightning.Collaboration.Execution;

namespace Lightning.Collaboration.History;

/// <summary>
/// The durable event log of every collaboration, and the summary row per collaboration that history pages read.
/// Appends are committed in the order they were made, so any event on disk implies every earlier one is too.
/// </summary>
public interface ICollaborationEventStore : IAsyncDisposable
{
    /// <summary>Sets the callback the writer calls after each commit with the events just made durable, in order.</summary>
    void OnCommitted(Action<IReadOnlyList<CollaborationEvent>> listener);

    /// <summary>Returns once the events are durable.</summary>
    Task AppendAsync(IReadOnlyList<CollaborationEvent> events);

    Task<IReadOnlyList<CollaborationEvent>> ReadAsync(string collaborationId, long after, int limit, CancellationToken cancellationToken);

    Task<CollaborationSummary?> FindAsync(string collaborationId, CancellationToken cancellationToken);

    Task<CollaborationPage> ListAsync(CollaborationQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<CollaborationStatus, int>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>Collaborations whose log does not end them: a server that stopped or crashed left them running.</summary>
    Task<IReadOnlyList<string>> UnfinishedAsync(CancellationToken cancellationToken);
}
