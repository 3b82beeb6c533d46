namespace Lightning.Git.Insights;

/// <summary>Commits and lines in one bucket starting at <paramref name="Start"/> (UTC, by author date).</summary>
public sealed record CommitFrequency(DateTimeOffset Start, int Commits, int LinesAdded, int LinesRemoved, int Authors);
