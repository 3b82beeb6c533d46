namespace Lightning.Git.Hosting.GitHub;

/// <summary>What to open: <paramref name="Head"/> merges into <paramref name="Base"/>.</summary>
public sealed record GitHubNewPullRequest(string Title, string Head, string Base)
{
    public string? Body { get; init; }

    public bool Draft { get; init; }
}
