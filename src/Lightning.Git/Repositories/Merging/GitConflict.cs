namespace Lightning.Git.Repositories.Merging;

/// <summary>A conflicted path (relative to the repository root, with <c>/</c>) and what kind of conflict it is.</summary>
public sealed record GitConflict(string Path, GitConflictKind Kind);
