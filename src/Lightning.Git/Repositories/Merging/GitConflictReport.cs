namespace Lightning.Git.Repositories.Merging;

/// <summary>What the repository is in the middle of and which files are still conflicted.</summary>
public sealed record GitConflictReport(GitOperation Operation, IReadOnlyList<GitConflictedFile> Files);
