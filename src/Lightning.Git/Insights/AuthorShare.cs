namespace Lightning.Git.Insights;

/// <summary>
/// One author's part of a file or folder: <paramref name="Changes"/> counts file changes (one per commit per file),
/// <paramref name="Share"/> is that count over all changes there (0..1), the author's knowledge share.
/// </summary>
public sealed record AuthorShare(string Name, string Email, int Changes, int LinesAdded, int LinesRemoved, double Share);
