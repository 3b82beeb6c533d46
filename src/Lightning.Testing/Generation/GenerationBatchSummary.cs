using Lightning.Testing.Persistence;

namespace Lightning.Testing.Generation;

/// <summary>
/// A generation batch in a list: what was asked, its state, and how its candidates fared (without their code);
/// <see cref="Kept"/> is how many still await review.
/// </summary>
public sealed record GenerationBatchSummary(
    string Id,
    string Repository,
    string Path,
    string? File,
    string? Language,
    int Max,
    GenerationBatchStatus Status,
    string? Error,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public int Candidates { get; init; }

    public int Kept { get; init; }

    public int Accepted { get; init; }

    public int Rejected { get; init; }

    public IReadOnlyList<string> Written { get; init; } = [];
}

/// <summary>A page of batches, newest first; <see cref="Next"/> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record GenerationBatchPage(IReadOnlyList<GenerationBatchSummary> Items, string? Next);
