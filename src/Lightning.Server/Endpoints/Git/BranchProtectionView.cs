using Lightning.Git.Hosting;

namespace Lightning.Server.Endpoints.Git;

/// <summary>A hosted branch's protection; <paramref name="Protection"/> is null when the branch has none.</summary>
public sealed record BranchProtectionView(string Branch, bool Protected, BranchProtection? Protection);
