namespace Lightning.Git.Hosting.GitHub;

/// <summary>Changes to an issue; a null member is left as it is. <see cref="Labels"/> replaces the whole set.</summary>
public sealed record GitHubIssueUpdate
{
    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string? State { get; init; }

    public IReadOnlyList<string>? Labels { get; init; }
}
