namespace Lightning.Git.Hosting.GitHub;

public sealed record GitHubReleaseAsset(long Id, string Name, string ContentType, long Size, string DownloadUrl);
