namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Merge a change: <paramref name="Method"/> is <c>merge</c> (default), <c>squash</c> or <c>rebase</c> (GitHub only);
/// with <paramref name="Sha"/> the provider refuses when the head moved since the caller looked.
/// </summary>
public sealed record MergePullRequestRequest(string? Method = null, string? Sha = null);
