namespace Lightning.Git.Releases;

/// <summary>One staged file: git's status letter (A, M, D, R, C, T), its path (and former path for renames), line counts.</summary>
public sealed record StagedChange(char Status, string Path, string? OldPath, int AddedLines, int DeletedLines, bool IsBinary);
