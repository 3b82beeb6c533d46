namespace Lightning.Git.Insights.Conflicts;

/// <summary>A file that would conflict, the kinds of conflict git reported for it, and git's messages about it.</summary>
public sealed record PredictedConflict(string Path, IReadOnlyList<PredictedConflictKind> Kinds, IReadOnlyList<string> Messages);
