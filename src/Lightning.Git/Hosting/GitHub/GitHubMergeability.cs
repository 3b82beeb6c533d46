namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// Whether a pull request can merge now. <paramref name="Mergeable"/> null means GitHub has not finished computing;
/// <paramref name="MergeableState"/> says why not (<c>dirty</c> = conflicts, <c>blocked</c> = protection, <c>behind</c>, ...).
/// </summary>
public sealed record GitHubMergeability(int Number, bool? Mergeable, string? MergeableState, string HeadSha);
