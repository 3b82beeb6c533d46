namespace Lightning.Git.Repositories;

/// <summary>A commit with what it changed against its first parent (everything, for a root commit).</summary>
public sealed record GitCommitDetails(GitCommit Commit, IReadOnlyList<GitDiffFile> Files);
