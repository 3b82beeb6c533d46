namespace Lightning.Git.Insights.Conflicts;

/// <summary>A branch as the predictor saw it: short name (<c>feature</c>, <c>origin/feature</c>), tip and its commit date.</summary>
public sealed record BranchTip(string Name, string Commit, DateTimeOffset CommittedAt);
