namespace Lightning.Server.Endpoints.Git;

/// <summary>Whether a hosted branch is protected as wanted; <paramref name="Differences"/> lists every setting that is not.</summary>
public sealed record BranchProtectionCheckView(string Branch, bool Protected, bool Compliant, IReadOnlyList<BranchProtectionDifference> Differences);
