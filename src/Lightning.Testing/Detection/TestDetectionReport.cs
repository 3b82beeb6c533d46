namespace Lightning.Testing.Detection;

/// <summary>
/// Every test project found under a repository. <see cref="Repository"/> is the path relative to the workspace it was
/// confined to, <see cref="FullPath"/> the directory on disk. <see cref="Truncated"/> says the walk stopped at its file or
/// depth bound, and <see cref="Warnings"/> says where, and anything else a user should know (test files no framework runs).
/// </summary>
public sealed record TestDetectionReport(
    string Repository,
    string FullPath,
    IReadOnlyList<DetectedTestProject> Projects,
    int FilesScanned,
    bool Truncated,
    IReadOnlyList<string> Warnings);
