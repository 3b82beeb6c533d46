namespace Lightning.Git.Hosting.GitHub;

/// <summary>A release of <paramref name="TagName"/>; GitHub creates the tag from <see cref="TargetCommitish"/> when it is missing.</summary>
public sealed record GitHubNewRelease(string TagName)
{
    public string? Name { get; init; }

    public string? Body { get; init; }

    public bool Draft { get; init; }

    public bool Prerelease { get; init; }

    public string? TargetCommitish { get; init; }
}
