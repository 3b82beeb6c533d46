namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// Whether the directory is a git repository (has a <c>.git</c>), and, when git could tell, its current branch
/// (null on a detached HEAD) and HEAD commit (null before the first commit).
/// </summary>
public sealed record GitSummary(bool IsRepository, string? Branch = null, string? Commit = null);
