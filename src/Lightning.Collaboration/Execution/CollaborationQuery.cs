namespace Lightning.Collaboration.Execution;

/// <summary>A page of history, newest first. <see cref="Before"/> is the id the previous page ended with.</summary>
public sealed record CollaborationQuery(CollaborationStatus? Status = null, string? SubmittedBy = null, string? Before = null, int Limit = 50);

public sealed record CollaborationSummary(
    string Id, string Title, CollaborationStatus Status, int Priority, string SubmittedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    int Total, int Succeeded, int Failed);

public sealed record CollaborationPage(IReadOnlyList<CollaborationSummary> Items, string? Next);
