using Lightning.Collaboration.Replay;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// Submit complex tasks and follow them: the public face of the collaboration engine that the API, the CLI and the
/// dashboard use. Bad input throws <see cref="Lightning.Core.Errors.ValidationFailedException"/>; unknown ids return
/// null (reads) or throw a not-found <see cref="Lightning.Core.Errors.LightningException"/> (changes).
/// </summary>
public interface ICollaborationService
{
    /// <summary>Plans and checks the task, records it, and starts it; returns once it is durable.</summary>
    Task<CollaborationView> SubmitAsync(ComplexTask task, string submittedBy, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SubmitAsync(ComplexTask, string, CancellationToken)"/>, under an id the caller chose beforehand (from
    /// <see cref="Lightning.Core.Ids.LightningId.New"/> with prefix <c>col</c>), so a caller that crashed between choosing
    /// and submitting can submit again without starting a second collaboration: when the id exists, that collaboration
    /// is returned as it is.
    /// </summary>
    Task<CollaborationView> SubmitAsync(ComplexTask task, string submittedBy, string id, CancellationToken cancellationToken);

    Task<CollaborationView?> GetAsync(string id, CancellationToken cancellationToken);

    Task<CollaborationPage> ListAsync(CollaborationQuery query, CancellationToken cancellationToken);

    /// <summary>The agents that took part, with their share of the work.</summary>
    Task<IReadOnlyList<CollaborationAgentView>?> AgentsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stops a running collaboration: running subtasks are cancelled, nothing new starts.</summary>
    Task<CollaborationView> CancelAsync(string id, string by, CancellationToken cancellationToken);

    /// <summary>Approves or rejects the subtask waiting at its approval gate.</summary>
    Task<CollaborationView> DecideAsync(string id, string subtask, bool approve, string by, string? comment, CancellationToken cancellationToken);

    /// <summary>Recorded events after <paramref name="after"/> (a sequence number), oldest first; null when the collaboration is unknown.</summary>
    Task<IReadOnlyList<CollaborationEvent>?> EventsAsync(string id, long after, int limit, CancellationToken cancellationToken);

    /// <summary>The recorded events after <paramref name="after"/>, then live ones as they are committed, until the collaboration ends.</summary>
    IAsyncEnumerable<CollaborationEvent> WatchAsync(string id, long after, CancellationToken cancellationToken);

    Task<CollaborationMetrics> MetricsAsync(CancellationToken cancellationToken);

    /// <summary>Re-executes a finished collaboration from its recording, calling no agent or model; a new collaboration.</summary>
    Task<CollaborationView> ReplayAsync(string id, string by, CancellationToken cancellationToken);

    /// <summary>Runs a finished collaboration again from one subtask (with another agent or input); the rest comes from the recording.</summary>
    Task<CollaborationView> ForkAsync(string id, ForkRequest request, string by, CancellationToken cancellationToken);

    /// <summary>Two collaborations compared subtask by subtask, and their results byte for byte.</summary>
    Task<CollaborationDiff> DiffAsync(string left, string right, CancellationToken cancellationToken);
}
