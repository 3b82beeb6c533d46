namespace Lightning.Git.Releases;

/// <summary>A release that was cut: its annotated tag, the commit it points at, and the changelog commit if one was made.</summary>
public sealed record ReleaseResult(string Tag, string Version, string CommitSha, string? ChangelogFile, bool ChangelogCommitted, ReleasePlan Plan);
