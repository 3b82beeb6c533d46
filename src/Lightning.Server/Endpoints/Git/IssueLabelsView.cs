namespace Lightning.Server.Endpoints.Git;

/// <summary>Every label an issue has after a change.</summary>
public sealed record IssueLabelsView(long Number, IReadOnlyList<string> Labels);
