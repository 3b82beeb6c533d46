namespace Lightning.Git.Hosting.GitHub;

public sealed record GitHubNewIssue(string Title)
{
    public string? Body { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    public IReadOnlyList<string> Assignees { get; init; } = [];
}
