namespace Lightning.Server.Endpoints.Git;

/// <summary>Labels to add to an issue, keeping those it has.</summary>
public sealed record IssueLabelsRequest(IReadOnlyList<string>? Labels);
