namespace Lightning.Git.Hosting.GitHub;

/// <summary>Changes to a pull request; a null member is left as it is.</summary>
public sealed record GitHubPullRequestUpdate
{
    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string? State { get; init; }

    public string? Base { get; init; }
}
