namespace Lightning.Git.Repositories;

/// <summary>
/// A local (<c>main</c>) or remote-tracking (<c>origin/main</c>) branch. Ahead/behind against <see cref="Upstream"/> are
/// null without an upstream; against the default branch they are null when there is no default branch (or for the
/// default branch itself they are zero).
/// </summary>
public sealed record GitBranch(
    string Name,
    string CanonicalName,
    bool IsRemote,
    bool IsCurrent,
    string Sha,
    string? Upstream,
    int? AheadOfUpstream,
    int? BehindUpstream,
    int? AheadOfDefault,
    int? BehindDefault);
