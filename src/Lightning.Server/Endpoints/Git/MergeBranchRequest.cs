using Lightning.Git.Repositories.Merging;

namespace Lightning.Server.Endpoints.Git;

/// <summary>Merge <paramref name="Source"/> (branch, tag or commit) into the checked-out branch.</summary>
public sealed record MergeBranchRequest(string Source, GitMergeMode? Mode = null, string? Message = null);
