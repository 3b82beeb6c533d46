using Lightning.Git.Repositories.Merging;

namespace Lightning.Server.Endpoints.Git;

/// <summary>Resolve the conflicted file <paramref name="Path"/> by <paramref name="Side"/> (ours or theirs) or with <paramref name="Content"/>: one of the two.</summary>
public sealed record ResolveConflictRequest(string Path, GitResolutionSide? Side = null, string? Content = null);
