namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// One Actions run. <paramref name="Status"/> is <c>queued</c>, <c>in_progress</c>, <c>completed</c>, ...;
/// <paramref name="Conclusion"/> (<c>success</c>, <c>failure</c>, <c>cancelled</c>, ...) is set once it completed.
/// </summary>
public sealed record GitHubWorkflowRun(
    long Id, string Name, string HeadBranch, string HeadSha, string Event, string Status, string? Conclusion,
    long RunAttempt, string HtmlUrl)
{
    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
