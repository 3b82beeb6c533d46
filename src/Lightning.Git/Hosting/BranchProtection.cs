namespace Lightning.Git.Hosting;

/// <summary>
/// The protection rules both providers can express. GitHub maps them to branch protection; GitLab to protected
/// branches plus merge request approval settings. A rule a provider cannot express is reported, not silently dropped.
/// </summary>
public sealed record BranchProtection
{
    /// <summary>Approvals a change needs before it may merge (0 = none).</summary>
    public int RequiredApprovals { get; init; }

    /// <summary>Status checks (CI job names) that must pass before merging.</summary>
    public IReadOnlyList<string> RequiredStatusChecks { get; init; } = [];

    public bool AllowForcePushes { get; init; }

    public bool AllowDeletions { get; init; }

    /// <summary>Whether administrators (maintainers on GitLab) are held to the rules too.</summary>
    public bool EnforceAdmins { get; init; }

    /// <summary>Whether commits may be pushed directly, rather than only merged through a change.</summary>
    public bool AllowDirectPushes { get; init; }
}
