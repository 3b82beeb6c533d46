namespace Lightning.Git.Review;

/// <summary>
/// How the LLM reviewer went. <see cref="Error"/> is set when its answer could not be used at all (not JSON, the model
/// unreachable); <see cref="Rejected"/> lists findings dropped because they named a file or line not in the diff.
/// </summary>
public sealed record LlmReviewOutcome(bool DiffTruncated, int Accepted, IReadOnlyList<string> Rejected, string? Error);
