namespace Lightning.Git.Hosting.GitHub;

public sealed record GitHubRelease(
    long Id, string TagName, string? Name, string? Body, bool Draft, bool Prerelease, string HtmlUrl,
    IReadOnlyList<GitHubReleaseAsset> Assets);
