namespace Lightning.Git.Repositories.Merging;

/// <summary>
/// One side of a conflicted file, from its index stage: the blob id, file mode and text. <see cref="Text"/> is null
/// when the blob is binary (it holds a NUL byte, git's own test).
/// </summary>
public sealed record GitConflictVersion(string ObjectId, string Mode, string? Text, bool IsBinary);
